package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/internal/auth"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/testdb"
)

func readyz(t *testing.T, e *env) (int, map[string]any) {
	t.Helper()
	res, err := http.Get(e.srv.URL + "/readyz")
	require.NoError(t, err)
	defer res.Body.Close()
	var body map[string]any
	require.NoError(t, json.NewDecoder(res.Body).Decode(&body))
	return res.StatusCode, body
}

// TestReadyzSaysWhenWritesFail: a SQLite database whose writes fail for lack of
// space (simulated with PRAGMA max_page_count on the writer connection), or
// whose disk has less free space than the minimum, is not ready, with
// writable: false and the reason; it is ready again once writes succeed.
func TestReadyzSaysWhenWritesFail(t *testing.T) {
	if testdb.Dialect() != "sqlite3" {
		t.Skip("SQLite storage only")
	}
	e := newEnv(t, false)
	status, body := readyz(t, e)
	require.Equal(t, http.StatusOK, status)
	require.Equal(t, true, body["writable"])

	ctx := context.Background()
	w := e.db.WritePool()
	var pages int
	require.NoError(t, w.QueryRowContext(ctx, "PRAGMA page_count").Scan(&pages))
	_, err := w.ExecContext(ctx, fmt.Sprintf("PRAGMA max_page_count = %d", pages))
	require.NoError(t, err)
	a := auth.New(e.db.Client)
	a.Cost = 4
	var full error
	for i := 0; i < 500 && full == nil; i++ {
		_, full = a.Create(ctx, fmt.Sprintf("filler%d@test.exportiva.test", i), strings.Repeat("p", 40), strings.Repeat("name ", 40), domain.RoleBuyer)
	}
	require.Error(t, full, "the database is full")
	status, body = readyz(t, e)
	require.Equal(t, http.StatusServiceUnavailable, status)
	require.Equal(t, false, body["writable"])
	require.Contains(t, body["reason"], "full")
	// Reads still work.
	r := e.do(`{ products(first: 1) { totalCount } }`, nil)
	require.Empty(t, r.Errors)

	_, err = w.ExecContext(ctx, "PRAGMA max_page_count = 1073741823")
	require.NoError(t, err)
	_, err = a.Create(ctx, "after@test.exportiva.test", strings.Repeat("p", 40), "after", domain.RoleBuyer)
	require.NoError(t, err)
	status, _ = readyz(t, e)
	require.Equal(t, http.StatusOK, status, "ready again after a write succeeded")

	// Too little free space on the disk.
	e.db.SetMinFreeBytes(1 << 62)
	status, body = readyz(t, e)
	require.Equal(t, http.StatusServiceUnavailable, status)
	require.Equal(t, false, body["writable"])
	require.Contains(t, body["reason"], "MiB free")
	e.db.SetMinFreeBytes(16 << 20)
	status, _ = readyz(t, e)
	require.Equal(t, http.StatusOK, status)
}
