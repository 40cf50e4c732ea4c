package catalog_test

import (
	"context"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/internal/catalog"
	"github.com/exportiva/exportiva/internal/i18n"
	"github.com/exportiva/exportiva/internal/testdb"
)

var now = time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)

// BenchmarkCatalog measures search, facets and suggest in process (no HTTP) on
// the synthetic catalog: EXPORTIVA_BENCH_PRODUCTS products (2,000 by default;
// 100000 for docs/BENCHMARKS.md), on SQLite or, with EXPORTIVA_TEST_POSTGRES, on
// PostgreSQL.
//
//	EXPORTIVA_BENCH_PRODUCTS=100000 go test -run '^$' -bench Catalog -benchmem ./internal/catalog/
func BenchmarkCatalog(b *testing.B) {
	n := 2000
	if s := os.Getenv("EXPORTIVA_BENCH_PRODUCTS"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	db := testdb.Open(b)
	ctx := context.Background()
	start := time.Now()
	syntheticCatalog(b, db, n)
	b.Logf("%s: %d products seeded in %s", testdb.Dialect(), n, time.Since(start).Round(time.Millisecond))
	first := 20
	page := func(search string, order *catalog.Order, then ...*catalog.Order) func() error {
		return func() error {
			_, err := catalog.Products(ctx, db.Client, catalog.Params{Search: search, First: &first, OrderBy: order, ThenBy: then})
			return err
		}
	}
	prefix0303 := "0303"
	facets := func(search string) func() error {
		return func() error {
			_, err := catalog.FacetsOf(ctx, db.Client, catalog.Params{Search: search,
				Filter: (&ent.ProductWhereInput{HsCodeHasPrefix: &prefix0303}).Filter}, "THB", now, i18n.English)
			return err
		}
	}
	index := catalog.NewFacetIndex(0)
	indexed := func(search string, prefix string) func() error {
		return func() error {
			_, err := index.Facets(ctx, db.Client, catalog.Params{Search: search,
				Filter: (&ent.ProductWhereInput{HsCodeHasPrefix: &prefix}).Filter}, "THB", now, i18n.English)
			return err
		}
	}
	// Varied sidebars: a different filter, search and currency each time.
	varied := []struct{ prefix, search, currency string }{
		{"0303", "", "THB"}, {"03", "tuna", "USD"}, {"0306", "", "IDR"}, {"64", "", "EUR"}, {"0303", "tengiri", "MYR"},
		{"39", "", "USD"}, {"1905", "", "SGD"}, {"44", "", "JPY"}, {"0304", "fillet", "THB"}, {"", "frozen", "USD"},
		{"16", "", "CNY"}, {"", "", "USD"},
	}
	v := 0
	variedFacets := func() error {
		c := varied[v%len(varied)]
		v++
		p := catalog.Params{Search: c.search}
		if c.prefix != "" {
			p.Filter = (&ent.ProductWhereInput{HsCodeHasPrefix: &c.prefix}).Filter
		}
		_, err := index.Facets(ctx, db.Client, p, c.currency, now, i18n.Indonesian)
		return err
	}
	t0 := time.Now()
	if err := indexed("", "0303")(); err != nil { // builds the table
		b.Fatal(err)
	}
	b.Logf("facet index built in %s", time.Since(t0).Round(time.Millisecond))
	sg := catalog.NewSuggester(0)
	prefixes := []string{"t", "te", "teng", "tuna", "udang", "kerupuk", "0303", "brond", "sepatu", "mack", "ikan", "fro", "s", "plast"}
	i := 0
	suggest := func() error {
		i++
		_, err := sg.Suggest(ctx, db.Client, prefixes[i%len(prefixes)], 10, i18n.Indonesian)
		return err
	}
	if err := suggest(); err != nil { // builds the index
		b.Fatal(err)
	}
	desc := &catalog.Order{Direction: "DESC", Field: catalog.OrderRelevance}
	for _, c := range []struct {
		name string
		run  func() error
	}{
		{"search-tengiri", page("tengiri", desc)},
		{"search-typo-tengri", page("tengri", desc)},
		{"search-frozen-tuna-or-mackerel", page("frozen tuna or mackerel", desc)},
		{"search-fish-verified-priceperkg", page("fish", &catalog.Order{Direction: "DESC", Field: catalog.OrderVerified},
			&catalog.Order{Direction: "ASC", Field: catalog.OrderPricePerKg})},
		{"search-fish-capacity-newest", page("fish", &catalog.Order{Direction: "DESC", Field: "CAPACITY"},
			&catalog.Order{Direction: "DESC", Field: "CREATED_AT"})},
		{"search-fish-0303-verified-newest", func() error {
			_, err := catalog.Products(ctx, db.Client, catalog.Params{Search: "fish", First: &first,
				Filter:  (&ent.ProductWhereInput{HsCodeHasPrefix: &prefix0303}).Filter,
				OrderBy: &catalog.Order{Direction: "DESC", Field: catalog.OrderVerified},
				ThenBy:  []*catalog.Order{{Direction: "DESC", Field: "CREATED_AT"}}})
			return err
		}},
		{"facets-0303", facets("")},
		{"facets-0303-tuna", facets("tuna")},
		{"facets-index-0303", indexed("", "0303")},
		{"facets-index-0303-tuna", indexed("tuna", "0303")},
		{"facets-index-varied", variedFacets},
		{"suggest-warm", suggest},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			var took []time.Duration
			for b.Loop() {
				t0 := time.Now()
				if err := c.run(); err != nil {
					b.Fatal(err)
				}
				took = append(took, time.Since(t0))
			}
			slices.Sort(took)
			b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(took[min(len(took)-1, len(took)*99/100)].Microseconds())/1000, "p99-ms")
		})
	}
	b.Run("facets-index-rebuild", func(b *testing.B) {
		for b.Loop() {
			index.Invalidate()
			if err := indexed("", "0303")(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("suggest-rebuild", func(b *testing.B) {
		for b.Loop() {
			sg.Invalidate()
			if err := suggest(); err != nil {
				b.Fatal(err)
			}
		}
	})
}
