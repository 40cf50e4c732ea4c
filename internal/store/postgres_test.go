package store_test

import (
	"strings"
	"testing"

	entsql "entgo.io/ent/dialect/sql"
	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/internal/store"
	"github.com/exportiva/exportiva/internal/testdb"
)

// TestPostgresPlansForTheValues: every connection plans its statements for
// their values (plan_cache_mode = force_custom_plan), so the sixth run of
// the catalog's first page keeps walking the capacity index instead of a
// generic plan that sorts the range; a DSN that sets the mode keeps its own.
func TestPostgresPlansForTheValues(t *testing.T) {
	url := testdb.PostgresURL()
	if url == "" {
		t.Skip("PostgreSQL only")
	}
	mode := func(dsn string) string {
		db, err := store.Open(dsn)
		require.NoError(t, err)
		defer func() { require.NoError(t, db.Close()) }()
		rows := &entsql.Rows{}
		require.NoError(t, db.Driver.Query(t.Context(), "SHOW plan_cache_mode", []any{}, rows))
		defer func() { _ = rows.Close() }()
		require.True(t, rows.Next())
		var m string
		require.NoError(t, rows.Scan(&m))
		return m
	}
	require.Equal(t, "force_custom_plan", mode(url))
	sep := "?"
	if strings.Contains(url, "?") {
		sep = "&"
	}
	require.Equal(t, "auto", mode(url+sep+"plan_cache_mode=auto"))
}
