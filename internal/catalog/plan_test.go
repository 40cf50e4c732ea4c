package catalog_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"entgo.io/contrib/entgql"
	"entgo.io/ent/dialect"
	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/internal/catalog"
	"github.com/exportiva/exportiva/internal/demo"
	"github.com/exportiva/exportiva/internal/scenarios"
	"github.com/exportiva/exportiva/internal/store"
	"github.com/exportiva/exportiva/internal/testdb"
)

// syntheticCatalog seeds the synthetic Lamongan scaled to about n products.
func syntheticCatalog(t testing.TB, db *store.DB, n int) {
	t.Helper()
	o := demo.DefaultSynthetic()
	scale := float64(n) / float64(o.Products)
	o.Products = n
	o.Producers = max(int(float64(o.Producers)*scale), 20)
	o.Buyers = max(int(float64(o.Buyers)*scale), 10)
	o.BuyRequests = max(int(float64(o.BuyRequests)*scale), 10)
	o.ExportRecords = max(int(float64(o.ExportRecords)*scale), 10)
	_, err := demo.Synthetic(context.Background(), db.Client, o, now)
	require.NoError(t, err)
}

// combination returns the where input, order and page size of the load
// tool's i-th catalog combination.
func combination(t *testing.T, i int) (*ent.ProductWhereInput, *catalog.Order, int) {
	t.Helper()
	v := scenarios.CatalogCombination(i)
	b, err := json.Marshal(v["where"])
	require.NoError(t, err)
	var w ent.ProductWhereInput
	require.NoError(t, json.Unmarshal(b, &w))
	o := v["orderBy"].(map[string]any)
	return &w, &catalog.Order{Field: catalog.OrderField(o["field"].(string)), Direction: entgql.OrderDirection(o["direction"].(string))}, v["first"].(int)
}

// TestPlannedPagesAreTheFilterAsGiven: whichever index a page reads through,
// its products, their order, its cursors, the next page and the count are
// those of the where input applied as given, over combinations of prefix,
// form, capacity, order and page size of the load tool's catalog mix, with
// the threshold at its own value (every filter of this small catalog reads
// through its index) and low (broad filters walk the order's index).
func TestPlannedPagesAreTheFilterAsGiven(t *testing.T) {
	db := testdb.Open(t)
	syntheticCatalog(t, db, 1500)
	ctx := context.Background()
	ids := func(c *ent.ProductConnection) []int {
		out := make([]int, len(c.Edges))
		for i, e := range c.Edges {
			out[i] = e.Node.ID
		}
		return out
	}
	for _, threshold := range []int{0, 60} {
		t.Run(fmt.Sprint("threshold ", threshold), func(t *testing.T) {
			if threshold > 0 {
				defer catalog.SetSelectiveRows(threshold)()
			}
			for i := 0; i < scenarios.CatalogCombinations; i += 37 {
				w, o, first := combination(t, i)
				first = min(first, 20)
				var after *entgql.Cursor[int]
				for page := range 3 {
					planned, err := catalog.Products(ctx, db.Client, catalog.Params{Input: w, OrderBy: o, First: &first, After: after})
					require.NoError(t, err)
					given, err := catalog.Products(ctx, db.Client, catalog.Params{Filter: w.Filter, OrderBy: o, First: &first, After: after})
					require.NoError(t, err)
					msg := fmt.Sprintf("combination %d, page %d: %+v %+v", i, page+1, scenarios.CatalogCombination(i)["where"], *o)
					require.Equal(t, ids(given), ids(planned), msg)
					require.Equal(t, given.TotalCount, planned.TotalCount, msg)
					require.Equal(t, given.PageInfo.HasNextPage, planned.PageInfo.HasNextPage, msg)
					if !given.PageInfo.HasNextPage {
						break
					}
					require.Equal(t, *given.PageInfo.EndCursor, *planned.PageInfo.EndCursor, msg)
					after = given.PageInfo.EndCursor
				}
			}
			// Beyond the mix: a prefix of nines, another status, GT with and
			// without GTE, a capacity without its dimension, read forwards and
			// backwards, in every order the plan walks and one it does not.
			for _, where := range []string{
				`{"status": "ACTIVE", "hsCodeHasPrefix": "9"}`, `{"status": "ACTIVE", "hsCodeHasPrefix": "0399"}`,
				`{"status": "DRAFT", "form": "FROZEN"}`, `{"status": "ACTIVE", "capacityMonthlyGT": 5000}`,
				`{"status": "ACTIVE", "capacityDimension": "MASS", "capacityMonthlyGTE": 100, "capacityMonthlyGT": 5000, "hsCodeHasPrefix": "03"}`,
				`{"status": "PAUSED", "form": "PROCESSED", "hsCodeHasPrefix": "16", "capacityMonthlyGTE": 1}`,
				`{"status": "ACTIVE"}`, `{"status": "PAUSED"}`, `{"status": "DRAFT"}`,
				`{"status": "ACTIVE", "capacityDimension": "MASS"}`, `{"status": "ACTIVE", "capacityDimension": "VOLUME", "hsCodeHasPrefix": "44"}`,
				// Read through the capacity's index, which checks no prefix
				// without the dimension, nor a form.
				`{"status": "ACTIVE", "hsCodeHasPrefix": "0", "capacityMonthlyGTE": 20000}`,
				`{"status": "ACTIVE", "hsCodeHasPrefix": "03", "capacityMonthlyGT": 50000}`,
				`{"status": "ACTIVE", "form": "FROZEN", "capacityMonthlyGTE": 20000}`,
			} {
				w := &ent.ProductWhereInput{}
				require.NoError(t, json.Unmarshal([]byte(where), w))
				for _, o := range []*catalog.Order{nil, {Field: "NAME", Direction: entgql.OrderDirectionAsc},
					{Field: "CAPACITY", Direction: entgql.OrderDirectionDesc}, {Field: "PRICE", Direction: entgql.OrderDirectionAsc},
					{Field: "UPDATED_AT", Direction: entgql.OrderDirectionDesc}} {
					five := 5
					for _, p := range []catalog.Params{{First: &five}, {Last: &five}} {
						p.OrderBy = o
						planned, given := p, p
						planned.Input, given.Filter = w, w.Filter
						pc, err := catalog.Products(ctx, db.Client, planned)
						require.NoError(t, err)
						gc, err := catalog.Products(ctx, db.Client, given)
						require.NoError(t, err)
						msg := fmt.Sprintf("%s %+v first %v last %v", where, o, p.First != nil, p.Last != nil)
						require.Equal(t, ids(gc), ids(pc), msg)
						require.Equal(t, gc.TotalCount, pc.TotalCount, msg)
						require.Equal(t, gc.PageInfo, pc.PageInfo, msg)
					}
				}
			}
		})
	}
}

// TestPlanReadsThroughTheIndexItChose pins the two ways on the database: a
// form most products have walks the order's index without sorting, a form
// no product has reads its few ids through the form's index, and neither
// scans the catalog.
func TestPlanReadsThroughTheIndexItChose(t *testing.T) {
	db := testdb.Open(t)
	syntheticCatalog(t, db, 1500)
	var rec *testdb.Recorder
	wrapped := db.Wrap(func(d dialect.Driver) dialect.Driver { rec = testdb.NewRecorder(d); return rec })
	defer catalog.SetSelectiveRows(60)()
	ctx := context.Background()
	first := 20
	plan := func(form string) string {
		rec.Queries = nil
		w := &ent.ProductWhereInput{}
		require.NoError(t, json.Unmarshal([]byte(`{"status": "ACTIVE", "form": "`+form+`"}`), w))
		_, err := catalog.Products(ctx, wrapped.Client, catalog.Params{Input: w, First: &first,
			OrderBy: &catalog.Order{Field: "NAME", Direction: entgql.OrderDirectionAsc}})
		require.NoError(t, err)
		page := rec.Find("ORDER BY")
		require.Len(t, page, 1)
		return testdb.Explain(t, db, page[0])
	}
	broad := plan("PROCESSED")
	if db.Dialect == dialect.SQLite {
		require.Contains(t, broad, "product_status_name_id", broad)
		require.NotContains(t, broad, "TEMP B-TREE", broad)
	}
	for _, scan := range []string{"SCAN products", "SCAN planned", "Seq Scan"} {
		require.NotContains(t, broad, scan, broad)
	}
	// A page in id order by status alone walks the primary key: no index of
	// the status gives that order, and reading one would sort the status's
	// products (most of the catalog).
	// The same with the capacity's dimension, which SQLite would otherwise
	// skip-scan the capacity index for.
	for _, where := range []string{`{"status": "ACTIVE"}`, `{"status": "ACTIVE", "capacityDimension": "MASS"}`} {
		rec.Queries = nil
		w := &ent.ProductWhereInput{}
		require.NoError(t, json.Unmarshal([]byte(where), w))
		_, err := catalog.Products(ctx, wrapped.Client, catalog.Params{Input: w, First: &first})
		require.NoError(t, err)
		page := rec.Find("ORDER BY")
		require.Len(t, page, 1)
		byID := testdb.Explain(t, db, page[0])
		if db.Dialect == dialect.SQLite {
			require.NotContains(t, byID, "TEMP B-TREE", where+"\n"+byID)
			require.NotContains(t, byID, "product_status", where+"\n"+byID)
		} else {
			require.Contains(t, byID, "products_pkey", where+"\n"+byID)
		}
	}
	narrow := plan("FRESH")
	require.Contains(t, narrow, "product_status_form_hs", narrow)
	for _, scan := range []string{"SCAN products", "SCAN planned", "Seq Scan"} {
		require.NotContains(t, narrow, scan, narrow)
	}
}

// TestCapacityPageWalksItsIndex: a page ordered by capacity whose filters
// the capacity index serves walks that index, in order, when its other
// filters keep enough of the range (the catalog's first page: HS prefix,
// dimension, capacity ≥ …); it reads through the index and sorts when they
// keep few.
func TestCapacityPageWalksItsIndex(t *testing.T) {
	db := testdb.Open(t)
	syntheticCatalog(t, db, 1500)
	var rec *testdb.Recorder
	wrapped := db.Wrap(func(d dialect.Driver) dialect.Driver { rec = testdb.NewRecorder(d); return rec })
	ctx := context.Background()
	first := 20
	page := func(where string) testdb.Recorded {
		rec.Queries = nil
		w := &ent.ProductWhereInput{}
		require.NoError(t, json.Unmarshal([]byte(where), w))
		_, err := catalog.Products(ctx, wrapped.Client, catalog.Params{Input: w, First: &first,
			OrderBy: &catalog.Order{Field: "CAPACITY", Direction: entgql.OrderDirectionDesc}})
		require.NoError(t, err)
		q := rec.Find("ORDER BY")
		require.Len(t, q, 1)
		return q[0]
	}
	broad := page(`{"status": "ACTIVE", "capacityDimension": "MASS", "capacityMonthlyGTE": 20000, "hsCodeHasPrefix": "0"}`)
	require.NotContains(t, broad.SQL, "planned", "the walk reads no subquery")
	plan := testdb.Explain(t, db, broad)
	require.Contains(t, plan, "product_status_dimension_capacity", plan)
	if db.Dialect == dialect.SQLite {
		require.NotContains(t, plan, "TEMP B-TREE", plan)
	}
	narrow := page(`{"status": "ACTIVE", "capacityDimension": "MASS", "capacityMonthlyGTE": 1, "hsCodeHasPrefix": "0307"}`)
	require.Contains(t, narrow.SQL, "planned", "few products: read through the index and sorted")
	// A form beside the capacity range: the capacity's index does not check
	// it, so its count says nothing of how densely the walk finds the page,
	// which reads through the index instead.
	form := page(`{"status": "ACTIVE", "form": "PROCESSED", "capacityDimension": "MASS", "capacityMonthlyGTE": 20000}`)
	require.Contains(t, form.SQL, "planned", "a form the capacity index does not check: read through")
	// The choice is kept per order: the same filters by name read through
	// the capacity's index (nothing walks it in that order), and by
	// capacity again walk it.
	rec.Queries = nil
	w := &ent.ProductWhereInput{}
	require.NoError(t, json.Unmarshal([]byte(`{"status": "ACTIVE", "capacityDimension": "MASS", "capacityMonthlyGTE": 20000, "hsCodeHasPrefix": "0"}`), w))
	_, err := catalog.Products(ctx, wrapped.Client, catalog.Params{Input: w, First: &first,
		OrderBy: &catalog.Order{Field: "NAME", Direction: entgql.OrderDirectionAsc}})
	require.NoError(t, err)
	byName := rec.Find("ORDER BY")
	require.Len(t, byName, 1)
	require.Contains(t, byName[0].SQL, "planned", "by name: read through")
	again := page(`{"status": "ACTIVE", "capacityDimension": "MASS", "capacityMonthlyGTE": 20000, "hsCodeHasPrefix": "0"}`)
	require.NotContains(t, again.SQL, "planned", "by capacity: the walk, not the choice made by name")
}
