package savedsearch_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"testing"

	"entgo.io/ent/dialect"
	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/savedsearch"
	"github.com/exportiva/exportiva/internal/testdb"
)

// world is a database with n saved searches spread over 500 keys: HS
// headings 0301–0399 and 6401–6499 … and search terms; one producer and two
// products, one in a key no search uses.
type world struct {
	client    *ent.Client
	counter   *testdb.Counter
	w         *savedsearch.Watcher
	fits      *ent.Product
	unrelated *ent.Product
}

var headings = func() []string {
	var out []string
	for _, ch := range []string{"03", "16", "19", "39", "44", "64", "94"} {
		for h := 1; h <= 70; h++ {
			out = append(out, fmt.Sprintf("%s%02d", ch, h))
		}
	}
	return out // 490 headings
}()

var words = []string{"tengiri", "tuna", "udang", "rajungan", "kerupuk", "sepatu", "cakalang", "tongkol", "cumi", "teri"}

func newWorld(t testing.TB, n int) *world {
	db := testdb.Open(t)
	ctx := authz.System(context.Background())
	c := db.Client
	acc := c.Account.Create().SetEmail("buyer@test.exportiva.test").SetPasswordHash("x").SetDisplayName("b").SetRole(domain.RoleBuyer).SaveX(ctx)
	for start := 0; start < n; start += 1000 {
		var rows []*ent.SavedSearchCreate
		for i := start; i < min(n, start+1000); i++ {
			s := c.SavedSearch.Create().SetAccountID(acc.ID).SetName(fmt.Sprint("s", i))
			if i%2 == 0 {
				s.SetHsCodes([]string{headings[i%len(headings)]})
			} else {
				s.SetQuery(words[(i/2)%len(words)])
			}
			rows = append(rows, s)
		}
		saved := c.SavedSearch.CreateBulk(rows...).SaveX(ctx)
		var keys []*ent.SavedSearchKeyCreate
		for _, s := range saved {
			for _, k := range savedsearch.Keys(s.HsCodes, s.Query) {
				keys = append(keys, c.SavedSearchKey.Create().SetSavedSearchID(s.ID).SetKey(k))
			}
		}
		c.SavedSearchKey.CreateBulk(keys...).ExecX(ctx)
	}
	p := c.Producer.Create().SetName("P").SetDistrict(domain.District("BRONDONG")).SetSector(domain.Sector("FISHERY")).SetSizeClass(domain.SizeClass("SMALL")).SaveX(ctx)
	product := func(name, hs string, form domain.ProductForm) *ent.Product {
		return c.Product.Create().SetProducerID(p.ID).SetNameEnglish(name).SetNameIndonesian(name).SetHsCode(hs).
			SetForm(form).SetUnit(domain.Unit("KG")).SetCapacityAmount(8).SetCapacityUnit(domain.Unit("TONNE")).
			SetCapacityPeriod(domain.Period("MONTH")).SaveX(ctx)
	}
	w := &world{client: c}
	w.fits = product("Frozen tengiri", "030359", domain.ProductForm("FROZEN"))
	w.unrelated = product("Permanent magnet", "850511", domain.ProductForm("MANUFACTURED"))
	counted := db.Wrap(func(d dialect.Driver) dialect.Driver { w.counter = testdb.NewCounter(d); return w.counter })
	w.w = savedsearch.Watch(counted.Client, nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
	return w
}

// TestHandleReadsOnlyTheSearchesItShares: with 50,000 saved searches, a
// product in no search's key costs 2 statements, and one in some costs 2 plus
// one per 500 candidates plus 4 per new hit — never a read of every search.
func TestHandleReadsOnlyTheSearchesItShares(t *testing.T) {
	if testing.Short() {
		t.Skip("50,000 saved searches")
	}
	w := newWorld(t, 50_000)
	ctx := context.Background()
	w.counter.Reset()
	hits, err := w.w.Handle(ctx, w.unrelated.ID, nil)
	require.NoError(t, err)
	require.Empty(t, hits)
	require.Equal(t, int64(3), w.counter.Count(), "the product, its producer, its keys")

	w.counter.Reset()
	hits, err = w.w.Handle(ctx, w.fits.ID, nil)
	require.NoError(t, err)
	// 0303 (one heading in 490, of the even half) and "tengiri" (1 in 10 of the
	// odd half): about 51 + 2,500 searches.
	require.Greater(t, len(hits), 2000)
	require.Less(t, len(hits), 3000)
	candidates := (len(hits) + 499) / 500
	require.LessOrEqual(t, w.counter.Count(), int64(3+candidates+4*len(hits)), "statements: %d for %d hits", w.counter.Count(), len(hits))
	t.Logf("50,000 saved searches: %d hits, %d statements", len(hits), w.counter.Count())

	stored := w.client.SavedSearchHit.Query().CountX(authz.System(ctx))
	require.Equal(t, len(hits), stored)

	// Again: nothing new (the product was in them already).
	w.counter.Reset()
	again, err := w.w.Handle(ctx, w.fits.ID, w.fits)
	require.NoError(t, err)
	require.Empty(t, again, "first %d, stored %d", len(hits), stored)
}

// BenchmarkHandleUnrelated50k: a product write no saved search shares a key
// with, among 50,000 saved searches.
func BenchmarkHandleUnrelated50k(b *testing.B) {
	w := newWorld(b, 50_000)
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := w.w.Handle(ctx, w.unrelated.ID, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkHandleChanged50k: a product that was and stays in about 2,500 of
// 50,000 saved searches (a changed product: candidates read and evaluated, no
// new hit).
func BenchmarkHandleChanged50k(b *testing.B) {
	w := newWorld(b, 50_000)
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := w.w.Handle(ctx, w.fits.ID, w.fits); err != nil {
			b.Fatal(err)
		}
	}
}
