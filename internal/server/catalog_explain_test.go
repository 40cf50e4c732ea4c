package server_test

import (
	"context"
	"testing"

	"entgo.io/ent/dialect"
	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/internal/demo"
	"github.com/exportiva/exportiva/internal/testdb"
)

// TestCatalogSearchUsesTheIndex: a search (with a typo, a filter, relevance and
// several keys, on a later page) reads product_terms through its index and never
// scans the products table, on SQLite and PostgreSQL; its VERIFIED and
// PRICE_PER_KG keys read no other table per row.
func TestCatalogSearchUsesTheIndex(t *testing.T) {
	db := testdb.Open(t)
	_, err := demo.Load(context.Background(), db.Client, now)
	require.NoError(t, err)
	var rec *testdb.Recorder
	e := newEnvOn(t, db.Wrap(func(d dialect.Driver) dialect.Driver { rec = testdb.NewRecorder(d); return rec })).as("")
	var p catalogPage
	e.ok(catalogQuery, map[string]any{"s": "tengri beku", "first": 2, "w": map[string]any{"status": "ACTIVE"},
		"t": []any{map[string]any{"field": "VERIFIED", "direction": "DESC"}, map[string]any{"field": "PRICE_PER_KG", "direction": "ASC"}}}, &p)
	require.NotEmpty(t, p.Products.Edges)
	before := len(rec.Find("product_terms"))
	e.ok(catalogQuery, map[string]any{"s": "tengri beku", "first": 2, "after": *p.Products.PageInfo.EndCursor, "w": map[string]any{"status": "ACTIVE"},
		"t": []any{map[string]any{"field": "VERIFIED", "direction": "DESC"}, map[string]any{"field": "PRICE_PER_KG", "direction": "ASC"}}}, &p)
	stmts := rec.Find("product_terms")[before:]
	require.NotEmpty(t, stmts)
	for _, q := range stmts {
		plan := testdb.Explain(t, db, q)
		t.Logf("%s\n%s", q.SQL, plan)
		require.Contains(t, plan, "productterm_term_product_id", "the terms are read through their index")
		require.NotContains(t, plan, "SCAN products", "no full scan of the catalog")
		require.NotContains(t, plan, "Seq Scan on products", "no full scan of the catalog")
		require.NotContains(t, plan, "SEARCH products USING INDEX product_status", "the search, not the status, drives the query")
		// The sort keys are columns of the row (products.producer_verified, the
		// FX rates written into the statement): no lookup of the producer or
		// of a rate per matching row.
		for _, lookup := range []string{"producers", "SEARCH pv", "fx_rates", "SEARCH fx"} {
			require.NotContains(t, plan, lookup, "a sort key looked up per row")
		}
	}
}
