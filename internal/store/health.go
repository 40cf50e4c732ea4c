package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"entgo.io/ent/dialect"
	"github.com/mattn/go-sqlite3"
)

// DefaultMinFreeBytes is the free space below which a SQLite database is
// reported not writable: a write that needs a page more fails, and the WAL
// checkpoint needs room too.
const DefaultMinFreeBytes = 16 << 20

// writeHealth remembers the last write that failed because the storage cannot
// take writes (disk or quota full, read-only, I/O error), until a write
// succeeds or the failure is old.
type writeHealth struct {
	mu  sync.Mutex
	err error
	at  time.Time
}

// storageFailureTTL is how long a failed write keeps the database reported not
// writable without another failure: a persisting problem fails writes again,
// a solved one is forgotten even if nothing writes in between.
const storageFailureTTL = 30 * time.Second

func (h *writeHealth) observe(err error) {
	if h == nil {
		return
	}
	switch {
	case err == nil:
		h.mu.Lock()
		h.err = nil
		h.mu.Unlock()
	case isStorageFailure(err):
		h.mu.Lock()
		h.err, h.at = err, time.Now()
		h.mu.Unlock()
	}
}

func (h *writeHealth) failure() error {
	if h == nil {
		return nil
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.err != nil && time.Since(h.at) < storageFailureTTL {
		return h.err
	}
	return nil
}

// isStorageFailure reports whether a SQLite error says the storage refuses
// writes, rather than that the statement was wrong.
func isStorageFailure(err error) bool {
	var se sqlite3.Error
	if errors.As(err, &se) {
		return se.Code == sqlite3.ErrFull || se.Code == sqlite3.ErrReadonly || se.Code == sqlite3.ErrIoErr
	}
	return false
}

// SetMinFreeBytes sets the free disk space below which a SQLite database is not
// writable (DefaultMinFreeBytes at first).
func (db *DB) SetMinFreeBytes(n int64) {
	if db.minFree != nil {
		db.minFree.Store(n)
	}
}

// Writable reports whether the database can take writes now: for SQLite, no
// write failed for lack of space, a read-only file or an I/O error in the last
// 30 seconds, and the disk has the minimum free space (SetMinFreeBytes).
// PostgreSQL manages its own storage: nil.
func (db *DB) Writable(_ context.Context) error {
	if db.Dialect != dialect.SQLite {
		return nil
	}
	if err := db.health.failure(); err != nil {
		return fmt.Errorf("the last write failed: %w", err)
	}
	if db.dir == "" || db.minFree == nil {
		return nil // in memory
	}
	var st syscall.Statfs_t
	if err := syscall.Statfs(db.dir, &st); err != nil {
		return fmt.Errorf("checking the free space of %s: %w", db.dir, err)
	}
	free := int64(st.Bavail) * int64(st.Bsize) //nolint:unconvert,gosec // field types differ by platform; a disk has far fewer than 2^63 free bytes
	if floor := db.minFree.Load(); free < floor {
		return fmt.Errorf("%d MiB free on the disk of %s, less than %d MiB", free>>20, db.dir, floor>>20)
	}
	return nil
}

// checkWritableDir says clearly when SQLite could not create its files in dir
// (the database, and its -wal and -shm files beside it): SQLite itself only
// says "unable to open database file: no such file or directory".
func checkWritableDir(dir string) error {
	f, err := os.CreateTemp(dir, ".exportiva-write-check-*")
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return fmt.Errorf("the database directory %s is not writable (SQLite keeps the database and its -wal and -shm files there): %w", dir, err)
	}
	name := f.Name()
	_ = f.Close()
	return os.Remove(name) //nolint:gosec // G703: the file CreateTemp just made in the operator's database directory
}

// sqliteDir is the directory of a SQLite file path ("" in memory).
func sqliteDir(path string) string {
	if strings.HasPrefix(path, "file:") {
		if strings.Contains(path, "mode=memory") {
			return ""
		}
		path = strings.TrimPrefix(path, "file:")
		if i := strings.IndexByte(path, '?'); i >= 0 {
			path = path[:i]
		}
	}
	abs, err := filepath.Abs(filepath.Dir(path))
	if err != nil {
		return filepath.Dir(path)
	}
	return abs
}

// observedTx reports the outcome of a writer transaction's statements and
// commit to the write health.
type observedTx struct {
	dialect.Tx
	h *writeHealth
}

func (t observedTx) Exec(ctx context.Context, query string, args, v any) error {
	err := t.Tx.Exec(ctx, query, args, v)
	if err != nil {
		t.h.observe(err)
	}
	return err
}

func (t observedTx) Query(ctx context.Context, query string, args, v any) error {
	err := t.Tx.Query(ctx, query, args, v)
	if err != nil {
		t.h.observe(err)
	}
	return err
}

func (t observedTx) Commit() error {
	err := t.Tx.Commit()
	t.h.observe(err)
	return err
}

// ExecContext passes raw statements (savepoints) through to the transaction.
func (t observedTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	ex, ok := t.Tx.(interface {
		ExecContext(context.Context, string, ...any) (sql.Result, error)
	})
	if !ok {
		return nil, errors.New("the transaction does not run raw statements")
	}
	res, err := ex.ExecContext(ctx, query, args...)
	if err != nil {
		t.h.observe(err)
	}
	return res, err
}

// QueryContext passes raw queries through to the transaction.
func (t observedTx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	q, ok := t.Tx.(interface {
		QueryContext(context.Context, string, ...any) (*sql.Rows, error)
	})
	if !ok {
		return nil, errors.New("the transaction does not run raw queries")
	}
	return q.QueryContext(ctx, query, args...)
}
