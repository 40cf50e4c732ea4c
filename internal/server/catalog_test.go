package server_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

type catalogPage struct {
	Products struct {
		TotalCount int
		PageInfo   struct {
			HasNextPage, HasPreviousPage bool
			EndCursor, StartCursor       *string
		}
		Edges []struct {
			Cursor string
			Node   struct {
				ID, NameEnglish, NameIndonesian, HsCode, Form string
				Species                                       *string
				Producer                                      struct{ Verified bool }
			}
		}
	}
}

func (p catalogPage) names() []string {
	var out []string
	for _, e := range p.Products.Edges {
		out = append(out, e.Node.NameEnglish)
	}
	return out
}

const catalogQuery = `query($s: String, $w: ProductWhereInput, $o: ProductOrder, $t: [ProductOrder!], $first: Int, $after: Cursor, $last: Int, $before: Cursor) {
  products(search: $s, where: $w, orderBy: $o, thenBy: $t, first: $first, after: $after, last: $last, before: $before) {
    totalCount pageInfo { hasNextPage hasPreviousPage endCursor startCursor }
    edges { cursor node { id nameEnglish nameIndonesian hsCode form species producer { verified } } }
  }
}`

// TestCatalogSearch: products(search:) is bilingual through the terms index
// (synonyms, broader terms), tolerates one typo in a long word, ranks by the
// documented relevance, combines with where, and pages by cursor.
func TestCatalogSearch(t *testing.T) {
	e := newEnv(t, true).as("")
	var p catalogPage
	e.ok(catalogQuery, map[string]any{"s": "tengiri", "first": 50}, &p)
	require.NotEmpty(t, p.Products.Edges)
	for _, n := range p.names() {
		require.True(t, strings.Contains(strings.ToLower(n), "mackerel") || strings.Contains(strings.ToLower(n), "tengiri"), n)
	}
	tengiri := p.Products.TotalCount

	// The same products in English, by a trade name and with a typo.
	for _, s := range []string{"spanish mackerel", "seerfish", "tengri", "Tengiri"} {
		var q catalogPage
		e.ok(catalogQuery, map[string]any{"s": s, "first": 50}, &q)
		require.Equal(t, tengiri, q.Products.TotalCount, s)
	}
	// A short word tolerates no typo.
	e.ok(catalogQuery, map[string]any{"s": "tunx", "first": 5}, &p)
	require.Zero(t, p.Products.TotalCount)

	// Broader terms: every tengiri is a fish, and more products are.
	var fish catalogPage
	e.ok(catalogQuery, map[string]any{"s": "ikan", "first": 100}, &fish)
	require.Greater(t, fish.Products.TotalCount, tengiri)

	// Relevance: a product named tuna ranks above one whose species or
	// description only says so; scores never increase down the page.
	var tuna catalogPage
	e.ok(catalogQuery, map[string]any{"s": "tuna", "first": 100, "o": map[string]any{"field": "RELEVANCE", "direction": "DESC"}}, &tuna)
	require.NotEmpty(t, tuna.Products.Edges)
	require.Contains(t, strings.ToLower(tuna.Products.Edges[0].Node.NameEnglish), "tuna")

	// Combined with where.
	var frozen catalogPage
	e.ok(catalogQuery, map[string]any{"s": "tuna", "first": 100, "w": map[string]any{"hsCodeHasPrefix": "1604"}}, &frozen)
	require.NotEmpty(t, frozen.Products.Edges)
	require.Less(t, frozen.Products.TotalCount, tuna.Products.TotalCount)
	for _, ed := range frozen.Products.Edges {
		require.True(t, strings.HasPrefix(ed.Node.HsCode, "1604"))
	}

	// Pages: first 3, then after, cover the same list as one page; backwards too.
	var all, a, b, back catalogPage
	e.ok(catalogQuery, map[string]any{"s": "fish", "first": 100}, &all)
	require.Greater(t, len(all.Products.Edges), 6)
	e.ok(catalogQuery, map[string]any{"s": "fish", "first": 3}, &a)
	require.True(t, a.Products.PageInfo.HasNextPage)
	e.ok(catalogQuery, map[string]any{"s": "fish", "first": 3, "after": *a.Products.PageInfo.EndCursor}, &b)
	require.True(t, b.Products.PageInfo.HasPreviousPage)
	require.Equal(t, all.names()[:6], append(a.names(), b.names()...))
	require.Equal(t, all.Products.TotalCount, b.Products.TotalCount)
	e.ok(catalogQuery, map[string]any{"s": "fish", "last": 3, "before": b.Products.Edges[0].Cursor}, &back)
	require.Equal(t, a.names(), back.names())

	// Errors name their argument.
	r := e.fails("BAD_USER_INPUT", catalogQuery, map[string]any{"first": 5, "o": map[string]any{"field": "RELEVANCE"}})
	require.Equal(t, []string{"orderBy"}, r.field())
	r = e.fails("BAD_USER_INPUT", catalogQuery, map[string]any{"first": 5, "s": strings.Repeat("tuna ", 50)})
	require.Equal(t, []string{"search"}, r.field())

	// producers(search:) finds the producers of the products found.
	var prod struct {
		Producers struct {
			TotalCount int
			Edges      []struct {
				Node struct {
					Products struct{ TotalCount int }
				}
			}
		}
	}
	e.ok(`{ producers(search: "rajungan", first: 50) { totalCount edges { node { products(first: 1, where: {nameEnglishContainsFold: "crab"}) { totalCount } } } } }`, nil, &prod)
	require.NotZero(t, prod.Producers.TotalCount)
	for _, ed := range prod.Producers.Edges {
		require.NotZero(t, ed.Node.Products.TotalCount)
	}
}

// TestCatalogSorting: several keys at once (verified first, then price per kg
// across units and currencies, then newest), stable pages.
func TestCatalogSorting(t *testing.T) {
	e := newEnv(t, true).as("")
	var p catalogPage
	e.ok(catalogQuery, map[string]any{"first": 100, "o": map[string]any{"field": "VERIFIED", "direction": "DESC"},
		"t": []any{map[string]any{"field": "CAPACITY", "direction": "DESC"}}}, &p)
	require.Len(t, p.Products.Edges, 100)
	seenUnverified := false
	for _, ed := range p.Products.Edges {
		if !ed.Node.Producer.Verified {
			seenUnverified = true
		} else {
			require.False(t, seenUnverified, "verified producers come first")
		}
	}
	// Paging through a multi-key order returns every product once.
	var ids []string
	var after any
	for range 20 {
		var q catalogPage
		e.ok(catalogQuery, map[string]any{"first": 40, "after": after, "o": map[string]any{"field": "PRICE_PER_KG", "direction": "ASC"},
			"t": []any{map[string]any{"field": "VERIFIED", "direction": "DESC"}, map[string]any{"field": "CREATED_AT", "direction": "DESC"}}}, &q)
		for _, ed := range q.Products.Edges {
			ids = append(ids, ed.Node.ID)
		}
		if !q.Products.PageInfo.HasNextPage {
			require.Equal(t, q.Products.TotalCount, len(ids))
			break
		}
		after = *q.Products.PageInfo.EndCursor
	}
	sorted := slices.Clone(ids)
	slices.Sort(sorted)
	require.Equal(t, len(sorted), len(slices.Compact(sorted)), "no product twice")
	r := e.fails("BAD_USER_INPUT", catalogQuery, map[string]any{"first": 5, "o": map[string]any{"field": "NAME"}, "t": []any{
		map[string]any{"field": "NAME"}, map[string]any{"field": "NAME"}, map[string]any{"field": "NAME"}, map[string]any{"field": "NAME"}, map[string]any{"field": "NAME"}}})
	require.Equal(t, []string{"thenBy"}, r.field())
}
