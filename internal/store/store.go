// Package store opens the database behind the ent client: an embedded SQLite file
// by default, or PostgreSQL for a URL starting with postgres:// or postgresql://.
// Both run the same generated code; only connection handling differs.
package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	_ "github.com/jackc/pgx/v5/stdlib" // PostgreSQL driver
	_ "github.com/mattn/go-sqlite3"    // SQLite driver

	"github.com/exportiva/exportiva/ent"
	_ "github.com/exportiva/exportiva/ent/runtime" // schema hooks and defaults
)

// DB is an open database with its ent client.
type DB struct {
	Client  *ent.Client
	Dialect string
	// Driver is the driver under the client, for wrapping (statement counting).
	Driver dialect.Driver
	// DSN is what the database was opened with.
	DSN     string
	pools   []*sql.DB
	base    dialect.Driver // the driver as opened, under the retries and wrappers
	minFree *atomic.Int64  // SQLite: the free space Writable wants
	health  *writeHealth   // SQLite: the last write that storage refused
	dir     string         // SQLite: the directory of the file ("" in memory)
}

// WritePool returns the pool writes go through (SQLite's one writer
// connection, or the one PostgreSQL pool).
func (db *DB) WritePool() *sql.DB { return db.pools[0] }

// ReadPool returns the pool reads go through (SQLite's reader pool, or the one
// PostgreSQL pool), for code that runs SQL of its own (the benchmark baseline).
func (db *DB) ReadPool() *sql.DB { return db.pools[len(db.pools)-1] }

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error {
	for _, p := range db.pools {
		if err := p.PingContext(ctx); err != nil {
			return err
		}
	}
	return nil
}

// Stats returns the connection pool statistics by pool name.
func (db *DB) Stats() map[string]sql.DBStats {
	names := []string{"main"}
	if db.Dialect == dialect.SQLite {
		names = []string{"writer", "reader"}
	}
	out := map[string]sql.DBStats{}
	for i, p := range db.pools {
		out[names[i]] = p.Stats()
	}
	return out
}

// Close closes the client and its pools.
func (db *DB) Close() error { return db.Client.Close() }

// newClient builds the ent client over a driver; the schema's hooks (the
// search index's among them) come with every client.
func newClient(d dialect.Driver, opts []ent.Option) *ent.Client {
	return ent.NewClient(append(opts, ent.Driver(d))...)
}

// IsPostgres reports whether dsn names a PostgreSQL database.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Open opens the database named by dsn: a PostgreSQL URL, or a SQLite file path
// (created on first use).
func Open(dsn string, opts ...ent.Option) (*DB, error) {
	open := openSQLite
	if IsPostgres(dsn) {
		open = openPostgres
	}
	db, err := open(dsn, opts)
	if err != nil {
		return nil, err
	}
	db.DSN = dsn
	return db, nil
}

// Wrap returns the database with its client rebuilt over a wrapped driver.
func (db *DB) Wrap(wrap func(dialect.Driver) dialect.Driver, opts ...ent.Option) *DB {
	d := wrap(db.Driver)
	return &DB{Client: newClient(d, opts), Dialect: db.Dialect, Driver: d, DSN: db.DSN, pools: db.pools,
		base: db.base, minFree: db.minFree, health: db.health, dir: db.dir}
}

func openPostgres(dsn string, opts []ent.Option) (*DB, error) {
	pool, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, err
	}
	pool.SetMaxOpenConns(20)
	pool.SetMaxIdleConns(20)
	pool.SetConnMaxIdleTime(5 * time.Minute)
	base := entsql.OpenDB(dialect.Postgres, pool)
	drv := retryReads{Driver: base, pool: pool, idle: 20}
	return &DB{Client: newClient(drv, opts), Dialect: dialect.Postgres, Driver: drv, base: base, pools: []*sql.DB{pool}}, nil
}

// SQLite allows one writer at a time. Writes go through a pool of one connection
// whose transactions take the write lock at BEGIN (_txlock=immediate), so they queue
// in Go instead of failing with "database is locked"; reads go through a separate
// pool that WAL lets run beside the writer.
func openSQLite(path string, opts []ent.Option) (*DB, error) {
	memory := strings.HasPrefix(path, "file:") && strings.Contains(path, "mode=memory")
	dir := ""
	if !memory {
		if d := filepath.Dir(path); d != "." {
			if err := os.MkdirAll(d, 0o755); err != nil { //nolint:gosec // G301: the operator's database directory; backup and service users may need to list it
				return nil, err
			}
		}
		dir = sqliteDir(path)
		if err := checkWritableDir(dir); err != nil {
			return nil, err
		}
	}
	base := path
	if !strings.HasPrefix(base, "file:") {
		base = "file:" + base
	}
	params := url.Values{}
	params.Set("_fk", "1")
	params.Set("_busy_timeout", "10000")
	params.Set("_synchronous", "NORMAL")
	// Each connection keeps its 32 most recent prepared statements: the hot
	// queries (a product by id, the catalog page, the token check) skip SQLite's
	// parser and planner after their first run.
	params.Set("_stmt_cache_size", "32")
	if !memory {
		params.Set("_journal_mode", "WAL")
	}
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	writer, err := sql.Open("sqlite3", base+sep+params.Encode()+"&_txlock=immediate")
	if err != nil {
		return nil, err
	}
	writer.SetMaxOpenConns(1)
	writer.SetMaxIdleConns(1)
	writer.SetConnMaxLifetime(0)
	reader, err := sql.Open("sqlite3", base+sep+params.Encode())
	if err != nil {
		return nil, err
	}
	n := max(4, 2*runtime.NumCPU())
	reader.SetMaxOpenConns(n)
	reader.SetMaxIdleConns(n)
	reader.SetConnMaxLifetime(0)
	if err := writer.Ping(); err != nil {
		return nil, fmt.Errorf("opening %s: %w", path, err)
	}
	h := &writeHealth{}
	minFree := new(atomic.Int64)
	minFree.Store(DefaultMinFreeBytes)
	drv := &splitDriver{w: entsql.OpenDB(dialect.SQLite, writer), r: entsql.OpenDB(dialect.SQLite, reader), h: h}
	return &DB{Client: newClient(drv, opts), Dialect: dialect.SQLite, Driver: drv, base: drv, pools: []*sql.DB{writer, reader},
		minFree: minFree, health: h, dir: dir}, nil
}

// splitDriver sends transactions and statements that write to the writer pool and
// plain reads to the reader pool, and tells h how writes went.
type splitDriver struct {
	w, r *entsql.Driver
	h    *writeHealth
}

func (d *splitDriver) Exec(ctx context.Context, query string, args, v any) error {
	err := d.w.Exec(ctx, query, args, v)
	d.h.observe(err)
	return err
}

func (d *splitDriver) Query(ctx context.Context, query string, args, v any) error {
	if isWrite(query) {
		err := d.w.Query(ctx, query, args, v)
		d.h.observe(err)
		return err
	}
	return d.r.Query(ctx, query, args, v)
}

func (d *splitDriver) Tx(ctx context.Context) (dialect.Tx, error) {
	tx, err := d.w.Tx(ctx)
	if err != nil {
		d.h.observe(err)
		return nil, err
	}
	return observedTx{Tx: tx, h: d.h}, nil
}

func (d *splitDriver) BeginTx(ctx context.Context, opts *sql.TxOptions) (dialect.Tx, error) {
	tx, err := d.w.BeginTx(ctx, opts)
	if err != nil {
		d.h.observe(err)
		return nil, err
	}
	return observedTx{Tx: tx, h: d.h}, nil
}

func (d *splitDriver) Close() error {
	return errorsJoin(d.w.Close(), d.r.Close())
}

func (d *splitDriver) Dialect() string { return dialect.SQLite }

func isWrite(q string) bool {
	q = strings.TrimSpace(q)
	if len(q) > 6 {
		q = q[:6]
	}
	switch strings.ToUpper(q) {
	case "INSERT", "UPDATE", "DELETE", "REPLAC":
		return true
	}
	return false
}

func errorsJoin(a, b error) error {
	if a != nil {
		return a
	}
	return b
}
