// Package testdb gives each test a database of its own: a SQLite file in the
// test's temporary directory by default, or a throw-away PostgreSQL schema when
// EXPORTIVA_TEST_POSTGRES holds a server URL. Under CI (CI=true) the PostgreSQL
// variant must be reachable; elsewhere it is skipped with a message.
package testdb

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/internal/store"
)

var seq atomic.Int64

// PostgresURL returns the PostgreSQL server URL tests should use, or "".
func PostgresURL() string { return os.Getenv("EXPORTIVA_TEST_POSTGRES") }

// Open returns a migrated, empty database for the test, on the backend chosen by
// the environment, closed when the test ends.
func Open(t testing.TB, opts ...ent.Option) *store.DB {
	t.Helper()
	db := OpenUnmigrated(t, opts...)
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatalf("migrating test database: %v", err)
	}
	return db
}

// OpenUnmigrated returns an empty database without tables (the migration tests
// start there), closed when the test ends.
func OpenUnmigrated(t testing.TB, opts ...ent.Option) *store.DB {
	t.Helper()
	var db *store.DB
	var err error
	if u := PostgresURL(); u != "" {
		db, err = openPostgres(t, u, opts)
	} else {
		// A file in WAL mode, as the service runs: an in-memory database with a
		// shared cache locks whole tables between its connections and fails a
		// write beside a read with "database table is locked" (no busy timeout).
		db, err = store.Open(filepath.Join(t.TempDir(), "exportiva.db"), opts...)
	}
	if err != nil {
		t.Fatalf("opening test database: %v", err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}

// openPostgres creates a schema of the test's own and connects with it as the
// search path; the schema is dropped when the test ends.
func openPostgres(t testing.TB, base string, opts []ent.Option) (*store.DB, error) {
	admin, err := sql.Open("pgx", base)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := admin.PingContext(ctx); err != nil {
		_ = admin.Close()
		if os.Getenv("CI") == "true" {
			return nil, fmt.Errorf("PostgreSQL at %s is required under CI: %w", base, err)
		}
		t.Skipf("PostgreSQL not reachable at %s: %v", base, err)
	}
	schema := fmt.Sprintf("t_%d_%d_%d", os.Getpid(), time.Now().UnixNano()%1e9, seq.Add(1))
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		_ = admin.Close()
		return nil, err
	}
	t.Cleanup(func() {
		_, _ = admin.Exec("DROP SCHEMA " + schema + " CASCADE")
		_ = admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		return nil, err
	}
	q := u.Query()
	q.Set("search_path", schema)
	q.Set("application_name", schema) // lets a test find its own sessions
	u.RawQuery = q.Encode()
	return store.Open(u.String(), opts...)
}

// Dialect returns the dialect the tests run on.
func Dialect() string {
	if PostgresURL() != "" {
		return dialect.Postgres
	}
	return dialect.SQLite
}

// URLOf returns the URL a test database was opened with, for a second
// connection to the same data (a second replica).
func URLOf(t testing.TB, db *store.DB) string {
	t.Helper()
	return db.DSN
}

// RequirePostgres returns the PostgreSQL URL for a test that only makes sense on
// PostgreSQL. Without one the test is skipped, unless EXPORTIVA_REQUIRE_POSTGRES
// is set (the PostgreSQL pass of CI sets it), where a skip would hide a gap.
func RequirePostgres(t testing.TB) string {
	t.Helper()
	u := PostgresURL()
	if u == "" {
		if os.Getenv("EXPORTIVA_REQUIRE_POSTGRES") != "" {
			t.Fatal("EXPORTIVA_TEST_POSTGRES is required in this run")
		}
		t.Skip("needs PostgreSQL: set EXPORTIVA_TEST_POSTGRES")
	}
	return u
}
