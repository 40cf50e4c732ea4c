package catalog_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"entgo.io/ent/dialect"
	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/certification"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/catalog"
	"github.com/exportiva/exportiva/internal/demo"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/i18n"
	"github.com/exportiva/exportiva/internal/testdb"
)

// sorted orders each facet's values by count then value, so that two answers
// compare whatever order the database's collation gives to ties.
func sorted(f *catalog.Facets) *catalog.Facets {
	for _, x := range []*catalog.Facet{&f.HsChapters, &f.HsHeadings, &f.Districts, &f.Certifications, &f.Forms,
		&f.Verified, &f.CapacityBands, &f.PriceBands, &f.Destinations} {
		slices.SortFunc(x.Values, func(a, b *catalog.FacetValue) int {
			if a.Count != b.Count {
				return b.Count - a.Count
			}
			return strings.Compare(a.Value, b.Value)
		})
	}
	return f
}

type facetCase struct {
	name     string
	search   string
	where    *ent.ProductWhereInput
	currency string
	now      time.Time
}

func facetCases() []facetCase {
	s := func(v string) *string { return &v }
	active := domain.ProductActive
	frozen := domain.FormFrozen
	verified := true
	later := now.AddDate(3, 0, 0) // most certificates have run out by then
	return []facetCase{
		{name: "all", currency: "USD", now: now},
		{name: "0303 in baht", where: &ent.ProductWhereInput{HsCodeHasPrefix: s("0303")}, currency: "THB", now: now},
		{name: "chapter 03 in rupiah", where: &ent.ProductWhereInput{HsChapter: s("03")}, currency: "IDR", now: now},
		{name: "chapter 64", where: &ent.ProductWhereInput{HsChapter: s("64")}, currency: "EUR", now: now},
		{name: "tuna", search: "tuna", currency: "USD", now: now},
		{name: "frozen tengiri", search: "tengiri", where: &ent.ProductWhereInput{Form: &frozen}, currency: "MYR", now: now},
		{name: "active, verified producers", where: &ent.ProductWhereInput{Status: &active,
			HasProducerWith: []*ent.ProducerWhereInput{{Verified: &verified}}}, currency: "USD", now: now},
		{name: "certificates three years on", where: &ent.ProductWhereInput{HsChapter: s("03")}, currency: "USD", now: later},
		{name: "nothing", where: &ent.ProductWhereInput{HsCodeHasPrefix: s("99")}, currency: "THB", now: now},
	}
}

// TestFacetIndexAgreesWithSQL: the index answers every filter exactly as the
// GROUP BYs do (counts, truncation, labels, where inputs), on the demo data
// and a synthetic catalog, for searches, filters, currencies and days on
// which certificates have run out.
func TestFacetIndexAgreesWithSQL(t *testing.T) {
	ctx := authz.System(context.Background())
	for _, data := range []string{"demo", "synthetic"} {
		t.Run(data, func(t *testing.T) {
			db := testdb.Open(t)
			var err error
			if data == "demo" {
				_, err = demo.Load(ctx, db.Client, now)
			} else {
				o := demo.DefaultSynthetic()
				o.Producers, o.Products, o.Buyers, o.BuyRequests, o.ExportRecords = 150, 3000, 10, 10, 800
				_, err = demo.Synthetic(ctx, db.Client, o, now)
			}
			require.NoError(t, err)
			// A day on which about half the certificates have run out.
			certs, err := db.Client.Certification.Query().Order(certification.ByValidUntil()).All(ctx)
			require.NoError(t, err)
			require.NotEmpty(t, certs)
			mid := certs[len(certs)/2].ValidUntil
			cases := append(facetCases(), facetCase{name: "half the certificates valid", currency: "USD", now: mid})
			var counter *testdb.Counter
			client := db.Wrap(func(d dialect.Driver) dialect.Driver { counter = testdb.NewCounter(d); return counter }).Client
			index := catalog.NewFacetIndex(0)
			for _, c := range cases {
				p := catalog.Params{Search: c.search}
				if c.where != nil {
					p.Filter = c.where.Filter
				}
				want, err := catalog.FacetsOf(ctx, db.Client, p, c.currency, c.now, i18n.Indonesian)
				require.NoError(t, err, c.name)
				_, err = index.Facets(ctx, client, p, c.currency, c.now, i18n.Indonesian) // builds the table once
				require.NoError(t, err, c.name)
				counter.Reset()
				got, err := index.Facets(ctx, client, p, c.currency, c.now, i18n.Indonesian)
				require.NoError(t, err, c.name)
				require.LessOrEqual(t, counter.Count(), int64(4), "%s: the search terms, the FX table and the ids, no GROUP BY", c.name)
				require.Equal(t, sorted(want), sorted(got), c.name)
				if c.name == "0303 in baht" {
					require.Positive(t, got.TotalCount)
					require.NotEmpty(t, got.PriceBands.Values)
					require.NotEmpty(t, got.Certifications.Values)
					require.NotEmpty(t, got.Destinations.Values)
				}
			}
		})
	}
}

// TestFacetIndexStale: a product written after the build, which the index was
// not told of, is counted (the request falls back to SQL); after Invalidate
// the rebuilt index counts a changed product in its new facet.
func TestFacetIndexStale(t *testing.T) {
	ctx := authz.System(context.Background())
	db := testdb.Open(t)
	_, err := demo.Load(ctx, db.Client, now)
	require.NoError(t, err)
	index := catalog.NewFacetIndex(0)
	prefix := "0303"
	p := catalog.Params{Filter: (&ent.ProductWhereInput{HsCodeHasPrefix: &prefix}).Filter}
	before, err := index.Facets(ctx, db.Client, p, "USD", now, i18n.English)
	require.NoError(t, err)

	src, err := db.Client.Product.Query().First(ctx)
	require.NoError(t, err)
	clone := db.Client.Product.Create().SetProducerID(src.ProducerID).SetNameEnglish("Frozen skipjack, whole").
		SetNameIndonesian("Cakalang beku utuh").SetHsCode("0303.43").SetForm(domain.FormFrozen).SetUnit(src.Unit).
		SetNillableMoq(src.Moq).SetCapacityAmount(3).SetCapacityUnit(domain.Unit("TONNE")).SetCapacityPeriod(domain.Period("MONTH")).
		SetStatus(domain.ProductActive).SetPriceCurrency("USD").SetNillablePriceMin(src.PriceMin).SetNillableIncoterm(src.Incoterm)
	added, err := clone.Save(ctx)
	require.NoError(t, err)
	after, err := index.Facets(ctx, db.Client, p, "USD", now, i18n.English)
	require.NoError(t, err)
	require.Equal(t, before.TotalCount+1, after.TotalCount, "the new product is counted though the index lacks it")

	// A change the index is told of: the product moves to another form.
	require.NoError(t, db.Client.Product.UpdateOne(added).SetForm(domain.FormChilled).Exec(ctx))
	index.Invalidate()
	want, err := catalog.FacetsOf(ctx, db.Client, p, "USD", now, i18n.English)
	require.NoError(t, err)
	got, err := index.Facets(ctx, db.Client, p, "USD", now, i18n.English)
	require.NoError(t, err)
	require.Equal(t, sorted(want), sorted(got))
	require.True(t, slices.ContainsFunc(got.Forms.Values, func(v *catalog.FacetValue) bool { return v.Value == "CHILLED" }))
}
