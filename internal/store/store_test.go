package store

import (
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/mattn/go-sqlite3"
	"github.com/stretchr/testify/require"
)

// readOnlyDir makes a directory this process cannot write: by permissions, or,
// for root (whom permissions do not stop), with the immutable attribute.
func readOnlyDir(t *testing.T) string {
	dir := filepath.Join(t.TempDir(), "ro")
	require.NoError(t, os.Mkdir(dir, 0o755))
	require.NoError(t, os.Chmod(dir, 0o555))
	t.Cleanup(func() { _ = os.Chmod(dir, 0o755) })
	if f, err := os.CreateTemp(dir, "probe"); err == nil {
		f.Close()
		_ = os.Remove(f.Name())
		if err := exec.Command("chattr", "+i", dir).Run(); err != nil {
			t.Skip("cannot make a read-only directory here:", err)
		}
		t.Cleanup(func() { _ = exec.Command("chattr", "-i", dir).Run() })
	}
	return dir
}

// TestOpenInAReadOnlyDirectory: SQLite says "unable to open database file: no
// such file or directory"; Open says the directory is not writable.
func TestOpenInAReadOnlyDirectory(t *testing.T) {
	dir := readOnlyDir(t)
	_, err := Open(filepath.Join(dir, "exportiva.db"))
	require.Error(t, err)
	require.Contains(t, err.Error(), "is not writable")
	require.Contains(t, err.Error(), dir)
	require.NotContains(t, err.Error(), "no such file")
}

func TestIsConnectionError(t *testing.T) {
	for _, err := range []error{
		io.ErrUnexpectedEOF,
		&pgconn.PgError{Code: "57P01", Message: "terminating connection due to administrator command"},
		&pgconn.PgError{Code: "08006"},
		errors.New("conn closed"),
	} {
		require.True(t, IsConnectionError(err), "%v", err)
	}
	for _, err := range []error{
		&pgconn.PgError{Code: "23505"}, // unique violation
		&pgconn.PgError{Code: "42P01"}, // undefined table
		errors.New("sql: no rows in result set"),
		nil,
	} {
		require.False(t, IsConnectionError(err), "%v", err)
	}
}

func TestStorageFailures(t *testing.T) {
	require.True(t, isStorageFailure(sqlite3.Error{Code: sqlite3.ErrFull}))
	require.True(t, isStorageFailure(sqlite3.Error{Code: sqlite3.ErrReadonly}))
	require.False(t, isStorageFailure(sqlite3.Error{Code: sqlite3.ErrConstraint}))
	h := &writeHealth{}
	h.observe(sqlite3.Error{Code: sqlite3.ErrFull})
	require.Error(t, h.failure())
	h.observe(sqlite3.Error{Code: sqlite3.ErrConstraint})
	require.Error(t, h.failure(), "a wrong statement says nothing of the storage")
	h.observe(nil)
	require.NoError(t, h.failure())
}
