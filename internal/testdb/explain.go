package testdb

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"entgo.io/ent/dialect"

	"github.com/exportiva/exportiva/internal/store"
)

// Explain returns the plan of a recorded statement, one line per row of the
// plan (its last column: SQLite's detail, PostgreSQL's plan line). On
// PostgreSQL sequential scans are discouraged for it: test tables are small
// enough that the planner would rather scan them than use an index.
func Explain(t testing.TB, db *store.DB, q Recorded) string {
	t.Helper()
	ctx := context.Background()
	conn, err := db.ReadPool().Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = conn.Close() }()
	prefix := "EXPLAIN QUERY PLAN "
	if db.Dialect == dialect.Postgres {
		prefix = "EXPLAIN "
		if _, err := conn.ExecContext(ctx, "SET enable_seqscan = off"); err != nil {
			t.Fatal(err)
		}
		defer func() { _, _ = conn.ExecContext(ctx, "RESET enable_seqscan") }()
	}
	rows, err := conn.QueryContext(ctx, prefix+q.SQL, q.Args...)
	if err != nil {
		t.Fatalf("%s: %v", q.SQL, err)
	}
	defer func() { _ = rows.Close() }()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	var plan strings.Builder
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintln(&plan, vals[len(vals)-1])
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return plan.String()
}
