package server_test

import (
	"context"
	"testing"

	"entgo.io/ent/dialect"
	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/internal/demo"
	"github.com/exportiva/exportiva/internal/testdb"
)

type facetValue struct {
	Value, Label string
	Count        int
	Where        map[string]any
}

type facetsResponse struct {
	ProductFacets struct {
		TotalCount int
		Currency   string
		HsChapters, HsHeadings, Districts, Certifications, Forms, Verified,
		CapacityBands, PriceBands, Destinations struct {
			Values    []facetValue
			Truncated bool
		}
	}
}

const facetsQuery = `query($w: ProductWhereInput, $s: String, $c: String) {
  productFacets(where: $w, search: $s, currency: $c) {
    totalCount currency
    hsChapters { values { value label count where } truncated }
    hsHeadings { values { value label count where } truncated }
    districts { values { value label count where } truncated }
    certifications { values { value label count where } truncated }
    forms { values { value label count where } truncated }
    verified { values { value label count where } truncated }
    capacityBands { values { value label count where } truncated }
    priceBands { values { value label count where } truncated }
    destinations { values { value label count where } truncated }
  }
}`

// TestFacets: counts by every facet for a filter and a search, labels in the
// request's language, and each value's where input selecting exactly the
// products it counts (checked through products(where:) for every value); a
// fixed number of statements whatever the data.
func TestFacets(t *testing.T) {
	db := testdb.Open(t)
	_, err := demo.Load(context.Background(), db.Client, now)
	require.NoError(t, err)
	var counter *testdb.Counter
	counted := db.Wrap(func(d dialect.Driver) dialect.Driver { counter = testdb.NewCounter(d); return counter })
	admin := newEnvOn(t, counted)
	e := admin.as("")

	var f facetsResponse
	e.in("id").ok(facetsQuery, map[string]any{"w": map[string]any{"hsCodeHasPrefix": "03"}, "c": "THB"}, &f)
	pf := f.ProductFacets
	require.Positive(t, pf.TotalCount)
	require.Equal(t, "THB", pf.Currency)
	require.Len(t, pf.HsChapters.Values, 1)
	require.Equal(t, "03", pf.HsChapters.Values[0].Value)
	require.Equal(t, pf.TotalCount, pf.HsChapters.Values[0].Count)
	require.Equal(t, "Ikan dan krustasea, moluska serta invertebrata air lainnya", pf.HsChapters.Values[0].Label)
	require.NotEmpty(t, pf.HsHeadings.Values)
	require.NotEmpty(t, pf.Districts.Values)
	require.NotEmpty(t, pf.Certifications.Values)
	require.NotEmpty(t, pf.Forms.Values)
	require.NotEmpty(t, pf.Verified.Values)
	require.NotEmpty(t, pf.CapacityBands.Values)
	require.NotEmpty(t, pf.PriceBands.Values)
	require.Contains(t, pf.PriceBands.Values[0].Label, "THB/kg")
	require.NotEmpty(t, pf.Destinations.Values)
	sum := 0
	for _, v := range pf.Forms.Values {
		sum += v.Count
	}
	require.Equal(t, pf.TotalCount, sum, "every product has one form")

	// Each value's where, combined with the filter, selects exactly its count.
	var count struct{ Products struct{ TotalCount int } }
	for name, facet := range map[string][]facetValue{
		"hsHeadings": pf.HsHeadings.Values, "districts": pf.Districts.Values, "certifications": pf.Certifications.Values,
		"forms": pf.Forms.Values, "verified": pf.Verified.Values, "capacityBands": pf.CapacityBands.Values,
		"priceBands": pf.PriceBands.Values, "destinations": pf.Destinations.Values,
	} {
		for _, v := range facet {
			e.ok(`query($w: ProductWhereInput) { products(first: 1, where: $w) { totalCount } }`,
				map[string]any{"w": map[string]any{"and": []any{map[string]any{"hsCodeHasPrefix": "03"}, v.Where}}}, &count)
			require.Equal(t, v.Count, count.Products.TotalCount, "%s %s %v", name, v.Value, v.Where)
		}
	}

	// A search narrows every facet; a fixed number of statements whatever the filter.
	counter.Reset()
	e.ok(facetsQuery, map[string]any{"s": "tuna", "c": "USD"}, &f)
	searched := counter.Count()
	require.Less(t, f.ProductFacets.TotalCount, pf.TotalCount+1000)
	counter.Reset()
	e.ok(facetsQuery, map[string]any{"w": map[string]any{"status": "ACTIVE"}}, &f)
	plain := counter.Count()
	require.LessOrEqual(t, plain, int64(12), "a total, the currencies, the FX table and nine GROUP BYs")
	require.LessOrEqual(t, searched, plain+1, "a search of short words costs no more")

	// A filter that selects nothing (no currency to band prices in) answers empty facets.
	e.ok(facetsQuery, map[string]any{"w": map[string]any{"hsCodeHasPrefix": "99"}, "c": "THB"}, &f)
	require.Zero(t, f.ProductFacets.TotalCount)
	require.Empty(t, f.ProductFacets.PriceBands.Values)
	require.Empty(t, f.ProductFacets.Districts.Values)

	r := e.fails("BAD_USER_INPUT", facetsQuery, map[string]any{"c": "XXX"})
	require.Equal(t, []string{"currency"}, r.field())

	// A write shows at once: the facets are counted from an index that the
	// catalog's writes invalidate.
	forms := func() map[string]int {
		e.ok(facetsQuery, map[string]any{"w": map[string]any{"hsCodeHasPrefix": "03"}}, &f)
		out := map[string]int{}
		for _, v := range f.ProductFacets.Forms.Values {
			out[v.Value] = v.Count
		}
		return out
	}
	before := forms()
	var one struct {
		Products struct {
			Edges []struct{ Node struct{ ID, Form string } }
		}
	}
	e.ok(`{ products(first: 1, where: {hsCodeHasPrefix: "03", formNEQ: DRIED}) { edges { node { id form } } } }`, nil, &one)
	require.Len(t, one.Products.Edges, 1)
	p := one.Products.Edges[0].Node
	admin.ok(`mutation($id: ID!) { updateProduct(id: $id, input: {form: DRIED}) { product { form } } }`, map[string]any{"id": p.ID}, nil)
	after := forms()
	require.Equal(t, before[p.Form]-1, after[p.Form])
	require.Equal(t, before["DRIED"]+1, after["DRIED"])
}
