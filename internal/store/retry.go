package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"strings"

	"entgo.io/ent/dialect"
	"github.com/jackc/pgx/v5/pgconn"
)

// retryReads retries once a statement that cannot have changed anything — a
// read outside a transaction, or the BEGIN of one — when it failed on a broken
// connection: after a PostgreSQL restart, a failover or pg_terminate_backend,
// the pool hands out connections the server already closed, and the first
// statement on each fails. database/sql retries only the connections it knows
// to be bad; this retries the ones that turn out to be. Writes are never
// retried (one may have been applied before the connection broke).
//
// A broken connection seldom comes alone (the server closed them all), so before
// the retry the pool's idle connections are dropped: the retry runs on a new
// connection (or one in use a moment ago), not on the next dead one.
type retryReads struct {
	dialect.Driver
	pool *sql.DB
	idle int // the pool's MaxIdleConns, restored after the drop
}

// dropIdle closes the pool's idle connections.
func (d retryReads) dropIdle() {
	if d.pool != nil {
		d.pool.SetMaxIdleConns(0)
		d.pool.SetMaxIdleConns(d.idle)
	}
}

// Query implements dialect.Driver.
func (d retryReads) Query(ctx context.Context, query string, args, v any) error {
	err := d.Driver.Query(ctx, query, args, v)
	if err != nil && !isWrite(query) && retryable(ctx, err) {
		d.dropIdle()
		err = d.Driver.Query(ctx, query, args, v)
	}
	return err
}

// Tx implements dialect.Driver.
func (d retryReads) Tx(ctx context.Context) (dialect.Tx, error) {
	tx, err := d.Driver.Tx(ctx)
	if err != nil && retryable(ctx, err) {
		d.dropIdle()
		tx, err = d.Driver.Tx(ctx)
	}
	return tx, err
}

// BeginTx implements the optional BeginTx of ent's drivers.
func (d retryReads) BeginTx(ctx context.Context, opts *sql.TxOptions) (dialect.Tx, error) {
	b, ok := d.Driver.(interface {
		BeginTx(context.Context, *sql.TxOptions) (dialect.Tx, error)
	})
	if !ok {
		return d.Tx(ctx)
	}
	tx, err := b.BeginTx(ctx, opts)
	if err != nil && retryable(ctx, err) {
		d.dropIdle()
		tx, err = b.BeginTx(ctx, opts)
	}
	return tx, err
}

func retryable(ctx context.Context, err error) bool {
	return ctx.Err() == nil && IsConnectionError(err)
}

// IsConnectionError reports whether err says the connection to the database
// broke (rather than that the statement was wrong): a closed or reset
// connection, a network error, or PostgreSQL's connection-exception and
// shutdown codes (class 08, 57P01–57P03).
func IsConnectionError(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return strings.HasPrefix(pgErr.Code, "08") || pgErr.Code == "57P01" || pgErr.Code == "57P02" || pgErr.Code == "57P03"
	}
	var netErr net.Error
	if errors.Is(err, driver.ErrBadConn) || errors.Is(err, sql.ErrConnDone) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, io.EOF) || errors.As(err, &netErr) || pgconn.SafeToRetry(err) {
		return true
	}
	msg := err.Error()
	return strings.Contains(msg, "conn closed") || strings.Contains(msg, "broken pipe") || strings.Contains(msg, "connection reset")
}
