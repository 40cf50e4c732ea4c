package server_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"entgo.io/ent/dialect"
	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/ent/predicate"
	"github.com/exportiva/exportiva/ent/product"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/demo"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/scenarios"
	"github.com/exportiva/exportiva/internal/server"
	"github.com/exportiva/exportiva/internal/testdb"
)

// TestHotQueriesUseTheirIndexes runs the catalog page, a product lookup and a text
// match, records the SQL they send, and checks with EXPLAIN that the database
// answers them through their indexes (on PostgreSQL with sequential scans
// discouraged, since the test tables are small enough to scan).
func TestHotQueriesUseTheirIndexes(t *testing.T) {
	db := testdb.Open(t)
	_, err := demo.Load(context.Background(), db.Client, now)
	require.NoError(t, err)
	var rec *testdb.Recorder
	e := newEnvOn(t, db.Wrap(func(d dialect.Driver) dialect.Driver { rec = testdb.NewRecorder(d); return rec })).as("")

	e.ok(`{ products(first: 20, where: {hsCodeHasPrefix: "0303", capacityDimension: "MASS", capacityMonthlyGTE: 8000, status: ACTIVE}, orderBy: {field: CAPACITY, direction: DESC}) { edges { node { id } } } }`, nil, nil)
	e.ok(`{ products(first: 20, where: {hsCodeHasPrefix: "0303", capacityDimension: "MASS", capacityMonthlyGTE: 8000, status: ACTIVE}) { totalCount } }`, nil, nil)
	e.ok(`{ matches(first: 5, input: {query: "tengiri", quantity: {amount: 8, unit: TONNE}, destination: {country: "TH"}}) { totalCount } }`, nil, nil)
	cases := []struct {
		name, marker string
		want         []string // any of these in the plan
	}{
		{"catalog page", "capacity_dimension", []string{"product_status_dimension_capacity_id", "product_status_dimension_capacity_hs"}},
		{"text search", "product_terms", []string{"productterm_term_product_id"}},
		// The page's totalCount reads the index alone: the HS code is in it.
		{"catalog count", "capacity_dimension", []string{"product_status_dimension_capacity"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			qs := rec.Find(c.marker)
			require.NotEmpty(t, qs, "no query recorded with %q", c.marker)
			q := qs[0]
			if c.name == "catalog count" {
				for _, x := range qs {
					if strings.Contains(x.SQL, "COUNT") {
						q = x
					}
				}
				require.Contains(t, q.SQL, "COUNT", "no count recorded")
			}
			plan := testdb.Explain(t, db, q)
			found := false
			for _, w := range c.want {
				found = found || strings.Contains(plan, w)
			}
			require.True(t, found, "plan of %s does not use %v:\n%s", c.name, c.want, plan)
			if c.name == "catalog count" && db.Dialect == dialect.SQLite {
				require.Contains(t, plan, "COVERING INDEX product_status_dimension_capacity_hs")
			}
			require.NotContains(t, plan, "SCAN products", "no full scan of the catalog")
			t.Logf("%s:\n%s", c.name, plan)
		})
	}
}

// TestCatalogPageCountsOnlyWhenAsked: a page that selects pageInfo but not
// totalCount (the load tool's catalog mix) reads no count of its filter —
// entgql's Paginate would count the whole filter for pageInfo alone — and
// still tells the next page; with totalCount the count is there and right.
func TestCatalogPageCountsOnlyWhenAsked(t *testing.T) {
	db := testdb.Open(t)
	_, err := demo.Load(context.Background(), db.Client, now)
	require.NoError(t, err)
	var rec *testdb.Recorder
	e := newEnvOn(t, db.Wrap(func(d dialect.Driver) dialect.Driver { rec = testdb.NewRecorder(d); return rec }),
		func(c *server.Config) { c.ResponseCacheSize = 0 }).as("")
	active := db.Client.Product.Query().Where(product.StatusEQ(domain.ProductActive)).CountX(context.Background())
	require.Greater(t, active, 2)
	var out struct {
		Products struct {
			TotalCount int
			PageInfo   struct{ HasNextPage bool }
			Edges      []struct{ Node struct{ ID string } }
		}
	}
	vars := map[string]any{"first": 2, "where": map[string]any{"status": "ACTIVE"}, "orderBy": map[string]any{"field": "NAME", "direction": "ASC"}}
	rec.Queries = nil
	e.ok(scenarios.CatalogPage, vars, &out)
	require.Len(t, out.Products.Edges, 2)
	require.True(t, out.Products.PageInfo.HasNextPage)
	for _, q := range rec.Find("COUNT(") {
		require.Contains(t, q.SQL, "LIMIT", "a count of the whole filter for a page without totalCount: %s", q.SQL)
	}
	e.ok(`query($where: ProductWhereInput) { products(first: 2, where: $where, orderBy: {field: NAME, direction: ASC}) { totalCount pageInfo { hasNextPage } edges { node { id } } } }`,
		map[string]any{"where": vars["where"]}, &out)
	require.Equal(t, active, out.Products.TotalCount)
	require.True(t, out.Products.PageInfo.HasNextPage)
	// A page of none still tells that there are rows after it.
	e.ok(`query($where: ProductWhereInput) { products(first: 0, where: $where) { pageInfo { hasNextPage } edges { node { id } } } }`,
		map[string]any{"where": vars["where"]}, &out)
	require.Empty(t, out.Products.Edges)
	require.True(t, out.Products.PageInfo.HasNextPage, "first: 0 over active products")
}

// TestTotalCountReadsTheTally: a totalCount whose filter product_counts
// answers (none, a status, a form) is its sum less the hidden products, read
// through the hidden_at index: no COUNT walks the catalog with the privacy
// filter, and the figures are those of the rows a reader may see.
func TestTotalCountReadsTheTally(t *testing.T) {
	db := testdb.Open(t)
	ctx := authz.System(context.Background())
	_, err := demo.Load(ctx, db.Client, now)
	require.NoError(t, err)
	hidden := db.Client.Product.Query().Where(product.StatusEQ(domain.ProductActive), product.FormEQ(domain.FormFrozen)).FirstX(ctx)
	require.NoError(t, db.Client.Product.UpdateOne(hidden).SetHiddenAt(now).Exec(ctx))
	var rec *testdb.Recorder
	e := newEnvOn(t, db.Wrap(func(d dialect.Driver) dialect.Driver { rec = testdb.NewRecorder(d); return rec }),
		func(c *server.Config) { c.ResponseCacheSize = 0 }).as("")
	visible := func(preds ...predicate.Product) int {
		return db.Client.Product.Query().Where(append(preds, product.HiddenAtIsNil())...).CountX(ctx)
	}
	for _, c := range []struct {
		query string
		want  int
		next  bool
	}{
		{`{ products(first: 20) { totalCount } }`, visible(), false},
		{`{ products(first: 2, where: {status: ACTIVE}) { totalCount edges { node { id } } } }`, visible(product.StatusEQ(domain.ProductActive)), false},
		{`{ products(first: 0, where: {status: ACTIVE, form: FROZEN}) { totalCount pageInfo { hasNextPage } } }`,
			visible(product.StatusEQ(domain.ProductActive), product.FormEQ(domain.FormFrozen)), true},
		{`{ products(first: 2, where: {hsCodeHasPrefix: "0"}, orderBy: {field: NAME, direction: ASC}) { totalCount edges { node { id } } } }`,
			visible(product.HsCodeHasPrefix("0")), false},
	} {
		var out struct {
			Products struct {
				TotalCount int
				PageInfo   struct{ HasNextPage bool }
			}
		}
		rec.Queries = nil
		e.ok(c.query, nil, &out)
		require.Equal(t, c.want, out.Products.TotalCount, c.query)
		require.Positive(t, out.Products.TotalCount, c.query)
		require.Equal(t, c.next, out.Products.PageInfo.HasNextPage, c.query)
		require.NotEmpty(t, rec.Find("product_counts"), c.query)
		for _, q := range rec.Find("COUNT(") {
			require.NotContains(t, q.SQL, "NOT IN", "%s counted the catalog: %s", c.query, q.SQL)
			if strings.Contains(q.SQL, "hidden_products") {
				// The hidden products the reader may not see, through their index.
				plan := testdb.Explain(t, db, q)
				require.Contains(t, plan, "product_hidden_at", "%s: %s\n%s", c.query, q.SQL, plan)
				if strings.Contains(c.query, "where") {
					// With a filter, the rows are read by id from the hidden
					// list, never through the filter's own index (a status
					// index would walk most of the catalog). Without one this
					// small table is scanned through the hidden_at index; at
					// 1,000,000 products SQLite looks the hidden ids up.
					require.NotContains(t, plan, "SCAN products", "%s: %s\n%s", c.query, q.SQL, plan)
				}
			}
		}
	}
}

// TestCountOnlyPagesAnswerAsPaginate: a page that reads no rows (first: 0,
// last: 0, no edges), with and without a cursor, answers from
// product_counts what entgql's Paginate answers from its COUNT: the same
// filter written so that the counts cannot answer it (statusNEQ: DRAFT
// changes no row of status ACTIVE) is the reference.
func TestCountOnlyPagesAnswerAsPaginate(t *testing.T) {
	db := testdb.Open(t)
	_, err := demo.Load(context.Background(), db.Client, now)
	require.NoError(t, err)
	e := newEnvOn(t, db, func(c *server.Config) { c.ResponseCacheSize = 0 }).as("")
	var first struct {
		Products struct{ PageInfo struct{ EndCursor string } }
	}
	e.ok(`{ products(first: 2, where: {status: ACTIVE}) { pageInfo { endCursor } edges { node { id } } } }`, nil, &first)
	cursor := first.Products.PageInfo.EndCursor
	require.NotEmpty(t, cursor)
	for _, args := range []string{"first: 0", "last: 0", "first: 5", "last: 5", "first: 0, after: $c", "last: 0, before: $c", "first: 5, after: $c"} {
		answer := func(where string) string {
			var out map[string]any
			q, vars := `{ products(`+args+`, where: `+where+`) { totalCount pageInfo { hasNextPage hasPreviousPage } } }`, map[string]any(nil)
			if strings.Contains(args, "$c") {
				q, vars = `query($c: Cursor) `+q, map[string]any{"c": cursor}
			}
			e.ok(q, vars, &out)
			b, err := json.Marshal(out)
			require.NoError(t, err)
			return string(b)
		}
		require.Equal(t, answer(`{status: ACTIVE, statusNEQ: DRAFT}`), answer(`{status: ACTIVE}`), args)
	}
}
