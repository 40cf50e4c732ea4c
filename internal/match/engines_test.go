package match

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/internal/demo"
	d "github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/money"
	"github.com/exportiva/exportiva/internal/testdb"
)

// diffKinds are the commodities of the random needs: HS prefixes and/or
// words in both languages, across the synthetic catalog's sectors.
var diffKinds = []struct {
	hs    []string
	query string
	units []d.Unit
}{
	{nil, "ikan", []d.Unit{d.UnitTonne, d.UnitKG}},
	{nil, "ikan beku", []d.Unit{d.UnitTonne, d.UnitKG}},
	{[]string{"0303"}, "frozen tuna", []d.Unit{d.UnitTonne, d.UnitKG}},
	{nil, "udang", []d.Unit{d.UnitTonne, d.UnitKG, d.UnitCarton}},
	{[]string{"0306", "1605"}, "", []d.Unit{d.UnitKG, d.UnitLB}},
	{[]string{"03"}, "", []d.Unit{d.UnitTonne, d.UnitKG, d.UnitContainer20}},
	{nil, "shrimp", []d.Unit{d.UnitTonne, d.UnitKG}},
	{nil, "kerupuk", []d.Unit{d.UnitTonne, d.UnitKG}},
	{[]string{"6402", "6403", "6404"}, "", []d.Unit{d.UnitPair, d.UnitDozen, d.UnitKG}},
	{nil, "sepatu", []d.Unit{d.UnitPair, d.UnitDozen}},
	{[]string{"3924"}, "", []d.Unit{d.UnitPiece, d.UnitDozen}},
	{nil, "furniture", []d.Unit{d.UnitPiece, d.UnitDozen}},
	{[]string{"19", "20", "21"}, "", []d.Unit{d.UnitTonne, d.UnitKG}},
	{[]string{"44"}, "", []d.Unit{d.UnitCubicMetre, d.UnitTonne}},
}

var (
	diffCountries = []string{"SG", "TH", "US", "DE", "JP", "SA", "CN", "AU", "MY", "NL", "AE", "KR"}
	diffPeriods   = []d.Period{d.PerMonth, d.PerWeek, d.PerYear, d.PerShipment}
	diffCurrency  = []string{"USD", "IDR", "EUR", "THB"}
	diffCerts     = []d.CertificationType{d.CertHACCP, d.CertHalal, d.CertHealth}
)

// randomNeed draws a need from rnd: every field the engines read varies.
func randomNeed(rnd *rand.Rand) Request {
	k := diffKinds[rnd.IntN(len(diffKinds))]
	r := Request{
		Need: d.Need{
			HSCodes: k.hs,
			Query:   k.query,
			Quantity: Quantity{Amount: math.Round(math.Exp(rnd.Float64()*8)) + 1, Unit: k.units[rnd.IntN(len(k.units))],
				Per: diffPeriods[rnd.IntN(len(diffPeriods))]},
			Country:        diffCountries[rnd.IntN(len(diffCountries))],
			IncludePartial: rnd.IntN(2) == 0,
		},
		Now: now,
	}
	if rnd.IntN(3) == 0 {
		cur := diffCurrency[rnd.IntN(len(diffCurrency))]
		amount := rnd.Float64() * 8
		if cur == "IDR" {
			amount *= 16000
		}
		r.MaxPrice = &Money{Amount: money.MustParse(strconv.FormatFloat(math.Round(amount*100)/100+0.01, 'f', 2, 64)), Currency: cur}
	}
	if rnd.IntN(4) == 0 {
		r.Certifications = []d.CertificationType{diffCerts[rnd.IntN(len(diffCerts))]}
	}
	if r.Quantity.Per == d.PerShipment || rnd.IntN(5) == 0 {
		t := now.AddDate(0, 0, 5+rnd.IntN(90))
		r.DeliverBy = &t
	}
	if rnd.IntN(4) == 0 {
		inc := d.Incoterm([]string{"FOB", "CFR", "CIF", "EXW"}[rnd.IntN(4)])
		r.Incoterm = &inc
	}
	if rnd.IntN(5) == 0 {
		r.MaxPoolSize = 2 + rnd.IntN(4)
	}
	return r
}

// TestEnginesAgree is the differential test of the compact engine: random
// needs (seeded) over the synthetic catalog through both engines must give
// the same errors, matches in the same order, fits, scores, criteria (status,
// points, text), capacities, truncation and pools. EXPORTIVA_DIFF_PRODUCTS
// sets the catalog's size (default 1,000) and EXPORTIVA_DIFF_NEEDS the
// needs (default 2,000; 300 with -short, 500 under the race detector, which
// makes each need about ten times slower).
func TestEnginesAgree(t *testing.T) {
	products, needs := envInt("EXPORTIVA_DIFF_PRODUCTS", 1000), envInt("EXPORTIVA_DIFF_NEEDS", 2000)
	switch {
	case testing.Short():
		needs = min(needs, 300)
	case raceEnabled:
		needs = min(needs, 500)
	}
	db := testdb.Open(t).Client
	o := demo.SyntheticOptions{Producers: max(products/5, 1), Products: products, Buyers: 50, BuyRequests: 50,
		ExportRecords: products / 2, Seed: 11, Batch: 250}
	_, err := demo.Synthetic(context.Background(), db, o, now)
	require.NoError(t, err)
	rnd := rand.New(rand.NewPCG(11, 2026))
	ctx := context.Background() // anonymous: privacy applies to every engine alike
	index := NewIndex(db, nil)
	require.NoError(t, index.Build(ctx))
	ictx := WithIndex(ctx, index)
	engines := append(slices.Clone(Engines[1:]), WholeList(Indexed))
	var matched, pooled, failed, early int
	for i := range needs {
		r := randomNeed(rnd)
		want, werr := Find(ctx, db, r)
		name := fmt.Sprintf("need %d %+v", i, r)
		for _, e := range engines {
			require.NotNil(t, index.fresh(), "the indexed engine answers from its index, not the fallback")
			got, gerr := Find(WithEngine(ictx, e), db, r)
			name := string(e) + " " + name
			if werr != nil || gerr != nil {
				require.Equal(t, fmt.Sprint(werr), fmt.Sprint(gerr), name)
				continue
			}
			page, err := got.Page(ctx, db, got.Matches)
			require.NoError(t, err, name)
			w := want
			if got.Partial() {
				// The top-k engine stopped once the first page was certain:
				// it must equal the reference's first TopKPage.
				require.Contains(t, []Engine{TopK, Indexed}, e, name)
				require.Len(t, got.Matches, TopKPage, name)
				require.GreaterOrEqual(t, len(want.Matches), TopKPage, name)
				w = &Outcome{Matches: want.Matches[:TopKPage], Pools: want.Pools, Truncated: want.Truncated}
				early++
			}
			sameOutcome(t, name, w, page, got)
		}
		switch {
		case werr != nil:
			failed++
		case len(want.Matches) > 0:
			matched++
		}
		if werr == nil && len(want.Pools) > 0 {
			pooled++
		}
	}
	t.Logf("%d needs over %d products: %d with matches, %d with pools, %d refused; top-k stopped early on %d",
		needs, products, matched, pooled, failed, early)
	require.Greater(t, matched, needs/10, "the needs must reach the catalog")
	require.Greater(t, pooled, 0, "some needs must be pooled")
	require.Greater(t, early, needs/20, "the top-k engine must stop early on some needs")
}

func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

func sameOutcome(t *testing.T, name string, want *Outcome, page []*Match, got *Outcome) {
	t.Helper()
	require.Equal(t, want.Truncated, got.Truncated, name)
	require.Len(t, page, len(want.Matches), name)
	for i, w := range want.Matches {
		sameMatch(t, fmt.Sprintf("%s match %d", name, i), w, page[i])
	}
	require.Len(t, got.Pools, len(want.Pools), name)
	for i, w := range want.Pools {
		g := got.Pools[i]
		require.InDelta(t, w.Score, g.Score, 0.01, name)
		require.Equal(t, w.Total, g.Total, name)
		require.Len(t, g.Members, len(w.Members), name)
		for j, wm := range w.Members {
			gm := g.Members[j]
			require.Equal(t, wm.Product.ID, gm.Product.ID, name)
			require.Equal(t, wm.Product.NameEnglish, gm.Product.NameEnglish, "%s: pool members are loaded in full", name)
			require.Equal(t, wm.Producer.Name, gm.Producer.Name, name)
			require.Equal(t, wm.Allocation, gm.Allocation, name)
		}
	}
}

func sameMatch(t *testing.T, name string, w, g *Match) {
	t.Helper()
	require.Equal(t, w.Product.ID, g.Product.ID, name)
	require.Equal(t, w.Product.NameEnglish, g.Product.NameEnglish, "%s: the page is loaded in full", name)
	require.Equal(t, w.Producer.Name, g.Producer.Name, name)
	require.Equal(t, w.Fit, g.Fit, name)
	require.InDelta(t, w.Score, g.Score, 0.01, name)
	require.Equal(t, w.Capacity, g.Capacity, name)
	require.Len(t, g.Criteria, len(w.Criteria), name)
	for k, wc := range w.Criteria {
		gc := g.Criteria[k]
		require.Equal(t, wc.Criterion, gc.Criterion, name)
		require.Equal(t, wc.Status, gc.Status, name)
		require.InDelta(t, wc.Points, gc.Points, 0.01, name)
		require.Equal(t, wc.Detail(), gc.Detail(), name)
	}
}

// TestCompactEngineLoadsOnlyThePage counts statements and rows: the compact
// engine ranks on compact rows and loads in full only the page it explains.
func TestCompactEngineLoadsOnlyThePage(t *testing.T) {
	tdb := testdb.Open(t)
	db := tdb.Client
	_, err := demo.Synthetic(context.Background(), db, demo.SyntheticOptions{Producers: 100, Products: 600, Buyers: 10,
		BuyRequests: 10, ExportRecords: 200, Seed: 3, Batch: 200}, now)
	require.NoError(t, err)
	r := broadNeed()
	ctx := WithEngine(context.Background(), Compact)
	out, err := Find(ctx, db, r)
	require.NoError(t, err)
	require.Greater(t, len(out.Matches), 21, "a broad need")
	for _, m := range out.Matches {
		require.Empty(t, m.Product.NameEnglish, "ranked on compact rows")
		require.Empty(t, m.Product.DescriptionEnglish)
	}
	page, err := out.Page(ctx, db, out.Matches[:21])
	require.NoError(t, err)
	require.Len(t, page, 21)
	for _, m := range page {
		require.NotEmpty(t, m.Product.NameEnglish, "the page is loaded in full")
	}
}
