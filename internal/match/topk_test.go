package match

import (
	"context"
	"math"
	"math/big"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"entgo.io/ent/dialect"
	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/internal/demo"
	d "github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/money"
	"github.com/exportiva/exportiva/internal/testdb"
	"github.com/exportiva/exportiva/internal/units"
)

// TestTopKQueriesUseTheirIndexes records the statement that gives the top-k
// engine its candidates and their bounds, and checks with EXPLAIN that the
// database answers it through indexes: the HS-code range or the capacity
// index for an HS need, the terms index for a text need, the export index
// for the track-record counts and the producers' primary key, never a scan
// of the catalog (on PostgreSQL with sequential scans discouraged, since the
// test tables are small enough to scan).
func TestTopKQueriesUseTheirIndexes(t *testing.T) {
	var rec *testdb.Recorder
	db := testdb.Open(t).Wrap(func(dr dialect.Driver) dialect.Driver { rec = testdb.NewRecorder(dr); return rec })
	_, err := demo.Load(context.Background(), db.Client, now)
	require.NoError(t, err)
	ctx := WithEngine(context.Background(), TopK)
	needs := []struct {
		name string
		r    Request
		want []string // the products are read through one of these
	}{
		{"hs need", Request{Need: d.Need{HSCodes: []string{"0303"}, Quantity: Quantity{Amount: 8, Unit: d.UnitTonne, Per: d.PerMonth}, Country: "TH"}},
			[]string{"product_status_dimension_capacity", "product_hs_code"}},
		{"text need", Request{Need: d.Need{Query: "tengiri", Quantity: Quantity{Amount: 500, Unit: d.UnitKG, Per: d.PerWeek}, Country: "DE"}},
			[]string{"productterm_term_product_id"}},
	}
	for _, n := range needs {
		t.Run(n.name, func(t *testing.T) {
			n.r.Now = now
			before := len(rec.Find("to_here"))
			_, err := Find(ctx, db.Client, n.r)
			require.NoError(t, err)
			qs := rec.Find("to_here")
			require.Len(t, qs, before+1, "one statement reads the candidates and their bounds")
			q := qs[len(qs)-1]
			plan := testdb.Explain(t, db, q)
			found := false
			for _, w := range n.want {
				found = found || strings.Contains(plan, w)
			}
			require.True(t, found, "the candidates are not read through %v:\n%s", n.want, plan)
			require.Contains(t, plan, "exportrecord_producer_id_hs_chapter_destination_country", "the export counts seek their index")
			if db.Dialect == dialect.SQLite {
				require.Contains(t, plan, "SEARCH producers USING INTEGER PRIMARY KEY")
				require.NotContains(t, plan, "SCAN products", "no full scan of the catalog")
			} else {
				require.Contains(t, plan, "producers_pkey")
				require.NotContains(t, plan, "Seq Scan on products", "no full scan of the catalog")
			}
			t.Logf("%s:\n%s", n.name, plan)
		})
	}
	// The producers' certificates are read through producer_id, not
	// through the product_id index that "product_id IS NULL" would pick.
	var certs []testdb.Recorded
	for _, q := range rec.Find("certifications") {
		if strings.Contains(q.SQL, "certifications`.`producer_id` IN") || strings.Contains(q.SQL, `certifications"."producer_id" IN`) {
			certs = append(certs, q)
		}
	}
	require.NotEmpty(t, certs, "no statement read the producers' certificates")
	plan := testdb.Explain(t, db, certs[0])
	require.Contains(t, plan, "certification_producer_id_type", plan)
	require.NotContains(t, plan, "certification_product_id", plan)
}

// TestTopScoresKeepsTheBest: the kept minimum is the TopKPage-th highest
// score seen, whatever the order they come in.
func TestTopScoresKeepsTheBest(t *testing.T) {
	rnd := rand.New(rand.NewPCG(3, 2026))
	for range 200 {
		var top topScores
		var all []float64
		for range rnd.IntN(3 * TopKPage) {
			x := math.Round(rnd.Float64()*1000) / 10 // ties happen
			all = append(all, x)
			top.add(x)
			require.Equal(t, len(all) >= TopKPage, top.full())
			if top.full() {
				sorted := slices.Clone(all)
				slices.Sort(sorted)
				require.Equal(t, sorted[len(sorted)-TopKPage], top.min(), "%v", all)
			}
		}
	}
}

// TestPlainPriceIsTheExactOnesFloat: without a conversion, the price as a
// float is the float of the exact price, to the last bit, and anything
// else (another currency or unit, an amount past 2^53) goes the exact way.
func TestPlainPriceIsTheExactOnesFloat(t *testing.T) {
	rnd := rand.New(rand.NewPCG(5, 2026))
	r := &prepared{priceUnit: d.UnitKG}
	f := &facts{rates: money.Rates{"IDR": money.MustParse("16000")}}
	usd, idr := "USD", "IDR"
	for i := range 20000 {
		a := money.Amount(rnd.Int64N(1 << 53))
		if i%2 == 0 {
			a = money.Amount(rnd.Int64N(1_000_000_000)) // everyday prices
		}
		p := &ent.Product{PriceMin: &a, PriceCurrency: &usd, Unit: d.UnitKG}
		got, ok := plainPrice(r, p, packing(p), "USD")
		require.True(t, ok)
		exact, err := r.unitPrice(f, p, packing(p), "USD")
		require.NoError(t, err)
		want, _ := exact.Float64()
		require.Equal(t, want, got, "%d", a)
	}
	a := money.MustParse("3.2")
	for _, p := range []*ent.Product{
		{PriceMin: &a, PriceCurrency: &idr, Unit: d.UnitKG},
		{PriceMin: &a, PriceCurrency: &usd, Unit: d.UnitLB},
	} {
		_, ok := plainPrice(r, p, packing(p), "USD")
		require.False(t, ok, "%+v", p)
	}
	big := money.Amount(1 << 53)
	_, ok := plainPrice(r, &ent.Product{PriceMin: &big, PriceCurrency: &usd, Unit: d.UnitKG}, units.Packing{}, "USD")
	require.False(t, ok)
}

// TestBoundsHold: over random needs on the synthetic catalog, no candidate
// judged scores above its bound (the early stop of the top-k and indexed
// engines rests on it), and a candidate the bound leaves out is never
// shown. A bound that undercounts (as one that spread a one-off order's
// supply over its window twice did) fails here even where the differential
// test's pages happen not to change.
func TestBoundsHold(t *testing.T) {
	db := testdb.Open(t).Client
	o := demo.SyntheticOptions{Producers: 100, Products: 500, Buyers: 10, BuyRequests: 10, ExportRecords: 250, Seed: 7, Batch: 250}
	_, err := demo.Synthetic(context.Background(), db, o, now)
	require.NoError(t, err)
	index := NewIndex(db, nil)
	require.NoError(t, index.Build(context.Background()))
	s := index.fresh()
	require.NotNil(t, s)
	rnd := rand.New(rand.NewPCG(7, 2026))
	checked := 0
	for range 400 {
		p, err := prepare(randomNeed(rnd))
		if err != nil {
			continue
		}
		p.quiet = true
		dim, need, sized := p.monthlyNeed()
		if !sized {
			continue
		}
		sel := &selection{p: p, dim: string(dim)}
		f := s.factsFor(p.Country)
		for _, i := range s.candidates(sel, MaxCandidates) {
			ub, ok := p.bound(f, s.boundRow(i, p.Country), need)
			m := p.evaluate(f, s.items[i].product())
			if m.excluded {
				continue
			}
			checked++
			if ok {
				require.LessOrEqual(t, m.Score, ub, "product %d, need %+v", m.Product.ID, p.Request)
			} else {
				require.False(t, m.Fit == Full || p.IncludePartial && m.nearMiss(), "product %d left out but shown, need %+v", m.Product.ID, p.Request)
			}
		}
	}
	require.Greater(t, checked, 10000, "the needs must reach many candidates")
}

// TestQuickPriceDecidesAsTheExactOne: the float price of the quiet
// judgements is within a few ulps of the exact one's float, gives every
// price criterion the same status and points (to 1e-9), and leaves to the
// exact path a price at the buyer's maximum or at the near-miss limit, and
// anything the exact path refuses.
func TestQuickPriceDecidesAsTheExactOne(t *testing.T) {
	rnd := rand.New(rand.NewPCG(6, 2026))
	rates := money.Rates{"IDR": money.MustParse("16234.5"), "EUR": money.MustParse("0.9213"), "THB": money.MustParse("35.71")}
	curs := []string{"USD", "IDR", "EUR", "THB"}
	unitsOf := []d.Unit{d.UnitKG, d.UnitTonne, d.UnitLB}
	for i := range 20000 {
		from, to := curs[rnd.IntN(len(curs))], curs[rnd.IntN(len(curs))]
		a := money.Amount(1 + rnd.Int64N(100_000_000_000))
		p := &ent.Product{PriceMin: &a, PriceCurrency: &from, Unit: unitsOf[rnd.IntN(len(unitsOf))]}
		if i%5 == 0 { // a carton of a stated size
			size, kg := 0.5+float64(rnd.IntN(40))/2, d.UnitKG
			p.Unit, p.PackSize, p.PackUnit = d.UnitCarton, &size, &kg
		}
		per, dim, ok := units.PricePerBase(a.Float(), p.Unit, packing(p)) // as the product hook derives it
		require.True(t, ok)
		p.PricePerBase, p.PriceDimension = &per, (*string)(&dim)
		r := &prepared{priceUnit: unitsOf[rnd.IntN(len(unitsOf))], quiet: true}
		f := &facts{rates: rates}
		exact, err := r.unitPrice(f, p, packing(p), to)
		require.NoError(t, err)
		want, _ := exact.Float64()
		switch i % 3 {
		case 0:
			// A maximum right at the price, at its near-miss limit, or where
			// the points are a half tenth (9.65: price = ceiling × (1.5 − 9.65/15)).
			ceiling := want
			switch i % 4 {
			case 0:
				ceiling = want / nearPrice
			case 1:
				ceiling = want / (1.5 - (float64(rnd.IntN(150))+0.5)/10/WeightPrice)
			}
			m, err := money.FromRat(new(big.Rat).SetFloat64(ceiling))
			require.NoError(t, err)
			r.MaxPrice = &d.Money{Amount: m, Currency: to}
		case 1:
			m := money.Amount(1 + rnd.Int64N(100_000_000_000))
			r.MaxPrice = &d.Money{Amount: m, Currency: to}
		}
		got, ok := f.quickPrice(r, p, to)
		if r.MaxPrice != nil {
			c := r.MaxPrice.Amount.Float()
			if math.Abs(want-c) <= 1e-10*c || math.Abs(want-c*nearPrice) <= 1e-10*c*nearPrice {
				require.False(t, ok, "a price at the limit goes to the exact path: %v %v", want, c)
			}
		}
		if !ok {
			continue
		}
		require.InEpsilon(t, want, got, 1e-12, "%v %s → %s", a, from, to)
		quick := r.price(f, p, packing(p))
		slow := r.price(&facts{rates: rates, prices: map[priceKey]memoPrice{}}, p, packing(p)) // memoized: the exact path
		require.Equal(t, slow.Status, quick.Status, "%v %s → %s max %v", a, from, to, r.MaxPrice)
		require.InDelta(t, slow.Points, quick.Points, 1e-9)
		require.Equal(t, math.Round(slow.Points*10), math.Round(quick.Points*10), "points are kept to a tenth")
	}
	// No rate, no price, no price per base unit (a carton of unknown size),
	// a price per base unit in another dimension.
	none, mass, volume, per := "XYZ", "MASS", "VOLUME", 3.2
	a := money.MustParse("3.2")
	for _, p := range []*ent.Product{
		{PriceMin: &a, PriceCurrency: &none, Unit: d.UnitKG, PricePerBase: &per, PriceDimension: &mass},
		{PriceCurrency: &curs[1], Unit: d.UnitKG, PricePerBase: &per, PriceDimension: &mass},
		{PriceMin: &a, PriceCurrency: &curs[1], Unit: d.UnitCarton},
		{PriceMin: &a, PriceCurrency: &curs[1], Unit: d.UnitKG, PricePerBase: &per, PriceDimension: &volume},
	} {
		_, ok := (&facts{rates: rates}).quickPrice(&prepared{priceUnit: d.UnitKG, quiet: true}, p, "USD")
		require.False(t, ok, "%+v", p)
	}
}
