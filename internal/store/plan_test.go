package store

import (
	"context"
	"os"
	"strconv"
	"testing"

	entsql "entgo.io/ent/dialect/sql"
	"github.com/stretchr/testify/require"
)

// TestReadsPlannedForTheirValues: on PostgreSQL a read under PlanForValues
// is sent unprepared, so the server plans it for its values each time (no
// prepared statement, hence no generic plan, is left on the connection),
// and its arguments arrive as given; other reads keep pgx's prepared
// statements, whose plan turns generic after five runs.
func TestReadsPlannedForTheirValues(t *testing.T) {
	url := os.Getenv("EXPORTIVA_TEST_POSTGRES")
	if url == "" {
		t.Skip("PostgreSQL only")
	}
	db, err := Open(url)
	require.NoError(t, err)
	defer func() { require.NoError(t, db.Close()) }()
	db.pools[0].SetMaxOpenConns(1) // one session: its prepared statements are what pg_prepared_statements lists
	ctx := context.Background()
	read := func(ctx context.Context, query string, args ...any) []string {
		rows := &entsql.Rows{}
		require.NoError(t, db.Driver.Query(ctx, query, args, rows))
		defer func() { require.NoError(t, rows.Close()) }()
		var out []string
		for rows.Next() {
			var s string
			require.NoError(t, rows.Scan(&s))
			out = append(out, s)
		}
		require.NoError(t, rows.Err())
		return out
	}
	const cached = "SELECT ($1::text || ' ' || $2::float8::text) AS cached_marker"
	const planned = "SELECT ($1::text || ' ' || $2::float8::text || ' ' || $3::int8::text) AS planned_marker"
	for range 7 {
		require.Equal(t, []string{"a 2.5"}, read(ctx, cached, "a", 2.5))
		require.Equal(t, []string{"b 8000 21"}, read(PlanForValues(ctx), planned, "b", 8000.0, 21))
	}
	// The generic plans of the session's prepared statements with marker in
	// their text; -1 when there is none.
	prepared := func(marker string) int {
		got := read(ctx, "SELECT coalesce(sum(generic_plans), -1)::text FROM pg_prepared_statements"+
			" WHERE statement LIKE '%' || $1 || '%' AND statement NOT LIKE '%pg_prepared_statements%'", marker)
		require.Len(t, got, 1)
		n, err := strconv.Atoi(got[0])
		require.NoError(t, err)
		return n
	}
	require.Positive(t, prepared("cached_marker"), "a prepared read turns generic")
	require.Equal(t, -1, prepared("planned_marker"), "a read planned for its values leaves no prepared statement")
}
