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
	entsql "entgo.io/ent/dialect/sql"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// retryReads retries a statement that cannot have changed anything — a
// read outside a transaction, or the BEGIN of one — when it failed on a broken
// connection: after a PostgreSQL restart, a failover or pg_terminate_backend,
// the pool hands out connections the server already closed, and the first
// statement on each fails. database/sql retries only the connections it knows
// to be bad; this retries the ones that turn out to be. Writes are never
// retried (one may have been applied before the connection broke).
//
// A broken connection seldom comes alone (the server closed them all), so before
// each retry the pool's idle connections are dropped and the retry runs on a new
// connection. Connections that were in use at the cut come back to the pool dead
// a moment later, so a retry may meet one of them: up to readRetries retries,
// each of which uses up one dead connection.
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

// PlanForValues returns ctx for reads that PostgreSQL must plan for their
// values. pgx keeps each connection's statements prepared, and after five
// runs PostgreSQL may keep one generic plan for any values: the catalog
// page's (status, an opaque HS prefix, dimension, capacity ≥ …, by
// capacity) then sorted its whole capacity range, 22–27 ms a run at 100,000
// products, where the plan for the values walks the capacity index for 21
// rows in 0.6 ms. Reads under ctx are sent unprepared (pgx's
// QueryExecModeExec: one round trip, planned for the values each time);
// the others keep their cached statements and plans, which simple lookups
// by id are better off with. SQLite plans each statement for its values
// anyway.
func PlanForValues(ctx context.Context) context.Context {
	return context.WithValue(ctx, valuesKey{}, true)
}

type valuesKey struct{}

// readRetries bounds the retries of one statement.
const readRetries = 3

// Query implements dialect.Driver. A broken connection shows either at once or
// when the first row is read (the query was sent, the answer never came): both
// are retried, as long as no row has reached the caller.
func (d retryReads) Query(ctx context.Context, query string, args, v any) error {
	if a, ok := args.([]any); ok && ctx.Value(valuesKey{}) != nil {
		args = append([]any{pgx.QueryExecModeExec}, a...)
	}
	err := d.Driver.Query(ctx, query, args, v)
	if isWrite(query) {
		return err
	}
	retries := 0
	for ; retries < readRetries && err != nil && retryable(ctx, err); retries++ {
		d.dropIdle()
		err = d.Driver.Query(ctx, query, args, v)
	}
	if rows, ok := v.(*entsql.Rows); ok && err == nil && rows.ColumnScanner != nil {
		rows.ColumnScanner = &retryRows{ColumnScanner: rows.ColumnScanner, d: d, ctx: ctx, query: query, args: args, left: readRetries - retries}
	}
	return err
}

// retryRows runs its query again when reading the first row fails on a broken
// connection.
type retryRows struct {
	entsql.ColumnScanner
	d       retryReads
	ctx     context.Context
	query   string
	args    any
	left    int   // retries left
	started bool  // a row was read: the caller has seen data, no retry
	err     error // the retry's own failure
}

// Next implements entsql.ColumnScanner.
func (r *retryRows) Next() bool {
	if r.err != nil {
		return false
	}
	for {
		if r.ColumnScanner.Next() {
			r.started = true
			return true
		}
		if r.started || r.left == 0 || !retryable(r.ctx, r.ColumnScanner.Err()) {
			return false
		}
		r.left--
		_ = r.Close()
		r.d.dropIdle()
		var rows entsql.Rows
		if err := r.d.Driver.Query(r.ctx, r.query, r.args, &rows); err != nil {
			r.err = err
			return false
		}
		r.ColumnScanner = rows.ColumnScanner
	}
}

// Err implements entsql.ColumnScanner.
func (r *retryRows) Err() error {
	if r.err != nil {
		return r.err
	}
	return r.ColumnScanner.Err()
}

// Tx implements dialect.Driver.
func (d retryReads) Tx(ctx context.Context) (dialect.Tx, error) {
	tx, err := d.Driver.Tx(ctx)
	for i := 0; i < readRetries && err != nil && retryable(ctx, err); i++ {
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
	for i := 0; i < readRetries && err != nil && retryable(ctx, err); i++ {
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
