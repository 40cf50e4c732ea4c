package testdb

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"sync"
	"sync/atomic"

	"entgo.io/ent/dialect"
)

// Counter is a driver that counts the SQL statements sent through it.
type Counter struct {
	dialect.Driver
	n atomic.Int64
}

// NewCounter wraps a driver.
func NewCounter(d dialect.Driver) *Counter { return &Counter{Driver: d} }

// Count returns the statements sent so far.
func (c *Counter) Count() int64 { return c.n.Load() }

// Reset sets the count to zero.
func (c *Counter) Reset() { c.n.Store(0) }

// Exec counts and forwards a statement.
func (c *Counter) Exec(ctx context.Context, query string, args, v any) error {
	c.n.Add(1)
	return c.Driver.Exec(ctx, query, args, v)
}

// Query counts and forwards a query.
func (c *Counter) Query(ctx context.Context, query string, args, v any) error {
	c.n.Add(1)
	return c.Driver.Query(ctx, query, args, v)
}

// Tx opens a counted transaction.
func (c *Counter) Tx(ctx context.Context) (dialect.Tx, error) {
	return c.BeginTx(ctx, nil)
}

// BeginTx opens a counted transaction with options.
func (c *Counter) BeginTx(ctx context.Context, opts *sql.TxOptions) (dialect.Tx, error) {
	var tx dialect.Tx
	var err error
	if b, ok := c.Driver.(interface {
		BeginTx(context.Context, *sql.TxOptions) (dialect.Tx, error)
	}); ok {
		tx, err = b.BeginTx(ctx, opts)
	} else {
		tx, err = c.Driver.Tx(ctx)
	}
	if err != nil {
		return nil, err
	}
	return &countTx{Tx: tx, c: c}, nil
}

type countTx struct {
	dialect.Tx
	c *Counter
}

func (t *countTx) Exec(ctx context.Context, query string, args, v any) error {
	t.c.n.Add(1)
	return t.Tx.Exec(ctx, query, args, v)
}

func (t *countTx) Query(ctx context.Context, query string, args, v any) error {
	t.c.n.Add(1)
	return t.Tx.Query(ctx, query, args, v)
}

// Recorder is a driver that records the queries sent through it, with their
// arguments, for EXPLAIN tests.
type Recorder struct {
	dialect.Driver
	mu      sync.Mutex
	Queries []Recorded
}

// Recorded is one query and its arguments.
type Recorded struct {
	SQL  string
	Args []any
}

// NewRecorder wraps a driver.
func NewRecorder(d dialect.Driver) *Recorder { return &Recorder{Driver: d} }

// Query records and forwards a query.
func (r *Recorder) Query(ctx context.Context, query string, args, v any) error {
	a, _ := args.([]any)
	r.mu.Lock()
	r.Queries = append(r.Queries, Recorded{SQL: query, Args: a})
	r.mu.Unlock()
	return r.Driver.Query(ctx, query, args, v)
}

// Find returns the recorded queries that contain s.
func (r *Recorder) Find(s string) []Recorded {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []Recorded
	for _, q := range r.Queries {
		if strings.Contains(q.SQL, s) {
			out = append(out, q)
		}
	}
	return out
}

// ExecContext passes raw statements (savepoints) through to the transaction.
func (t *countTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	t.c.n.Add(1)
	ex, ok := t.Tx.(interface {
		ExecContext(context.Context, string, ...any) (sql.Result, error)
	})
	if !ok {
		return nil, errors.New("the transaction does not run raw statements")
	}
	return ex.ExecContext(ctx, query, args...)
}
