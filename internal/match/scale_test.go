package match

import (
	"context"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/internal/authz"
	d "github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/money"
	"github.com/exportiva/exportiva/internal/testdb"
)

// broadCatalog holds n active products named "Ikan …" of 50 producers, with
// capacities 1..n tonnes a month: a term as broad as "ikan" fits them all.
func broadCatalog(t *testing.T, n int) *ent.Client {
	t.Helper()
	ctx := authz.System(context.Background())
	db := testdb.Open(t).Client
	var producers []*ent.Producer
	for i := range 50 {
		p := db.Producer.Create().SetName(fmt.Sprintf("Nelayan %d", i)).SetDistrict("BRONDONG").
			SetSector(d.SectorFishery).SetSizeClass(d.SizeSmall).SaveX(ctx)
		db.Certification.Create().SetProducerID(p.ID).SetType(d.CertHealth).
			SetValidFrom(now.AddDate(-1, 0, 0)).SetValidUntil(now.AddDate(1, 0, 0)).ExecX(ctx)
		producers = append(producers, p)
	}
	const batch = 250
	for from := 0; from < n; from += batch {
		var bs []*ent.ProductCreate
		for i := from; i < min(n, from+batch); i++ {
			bs = append(bs, db.Product.Create().SetProducerID(producers[i%len(producers)].ID).
				SetNameEnglish(fmt.Sprintf("Ikan beku %d", i)).SetNameIndonesian(fmt.Sprintf("Ikan beku %d", i)).
				SetHsCode("030389").SetForm(d.FormFrozen).SetUnit(d.UnitKG).
				SetCapacityAmount(float64(i+1)).SetCapacityUnit(d.UnitTonne).SetCapacityPeriod(d.PerMonth).
				SetPriceMin(money.MustParse("2")).SetPriceCurrency("USD").SetStatus(d.ProductActive).
				SetIncoterm("FOB").SetLeadTimeDays(10))
		}
		db.Product.CreateBulk(bs...).ExecX(ctx)
	}
	return db
}

// TestBroadNeedIsBounded: a need whose term fits more products than SQLite
// binds variables (32,766) answered "too many SQL variables" (an internal error
// for a client's request): the eager loads bound one variable per candidate.
// It now judges the MaxCandidates largest, in queries of bounded size, and says
// the outcome is truncated.
func TestBroadNeedIsBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 33,000 products")
	}
	const n = 33000
	db := broadCatalog(t, n)
	out, err := Find(context.Background(), db, Request{
		Need: d.Need{
			Query:    "ikan",
			Country:  "SG",
			Quantity: Quantity{Amount: 1, Unit: d.UnitKG, Per: d.PerMonth},
		},
		Now: now,
	})
	require.NoError(t, err)
	require.True(t, out.Truncated)
	require.Len(t, out.Matches, MaxCandidates)
	for _, m := range out.Matches {
		// the largest: capacities n-MaxCandidates+1 … n tonnes
		require.Greater(t, m.Product.CapacityAmount, float64(n-MaxCandidates), m.Product.NameEnglish)
	}

	// A need that fits fewer products than the cap is judged whole.
	out, err = Find(context.Background(), db, Request{
		Need: d.Need{
			Query:    "ikan",
			Country:  "SG",
			Quantity: Quantity{Amount: float64(n - 100), Unit: d.UnitTonne, Per: d.PerMonth},
		},
		Now: now,
	})
	require.NoError(t, err)
	require.False(t, out.Truncated)
	require.Len(t, out.Matches, 101)
}

// TestSizeOfTracksTheHeap: the estimate the match cache's byte budget uses is
// close to the heap a broad outcome really holds (measured after a GC).
func TestSizeOfTracksTheHeap(t *testing.T) {
	db := broadCatalog(t, 2500)
	r := Request{Need: d.Need{Query: "ikan", Country: "SG", Quantity: Quantity{Amount: 1, Unit: d.UnitKG, Per: d.PerMonth}}, Now: now}
	_, err := Find(context.Background(), db, r) // warm the connections and statement caches
	require.NoError(t, err)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	out, err := Find(context.Background(), db, r)
	require.NoError(t, err)
	runtime.GC()
	runtime.ReadMemStats(&after)
	held := float64(after.HeapAlloc) - float64(before.HeapAlloc)
	est := float64(SizeOf(out))
	t.Logf("%d matches: estimated %.1f MB, heap %.1f MB, %.0f bytes a match; one evaluation allocated %.1f MB",
		len(out.Matches), est/1e6, held/1e6, est/float64(len(out.Matches)), float64(after.TotalAlloc-before.TotalAlloc)/1e6)
	require.Len(t, out.Matches, MaxCandidates)
	require.InDelta(t, 1, est/held, 0.5, "estimate / heap")
	runtime.KeepAlive(out)
}

// TestCacheByteBudget: distinct needs fill the match cache up to its byte
// budget, not its entry count: the heap it holds stays within the budget
// (it held every outcome before, 64 broad needs at once reached 1.3 GB).
func TestCacheByteBudget(t *testing.T) {
	db := broadCatalog(t, 400)
	const budget = 8 << 20
	c := NewCache(256, time.Minute, budget)
	need := func(i int) Request {
		return Request{
			Need: d.Need{
				Query:          "ikan",
				Country:        "SG",
				IncludePartial: true,
				Quantity:       Quantity{Amount: float64(1 + i), Unit: d.UnitKG, Per: d.PerMonth},
			},
			Now: now,
		}
	}
	ctx := context.Background()
	_, err := c.Find(ctx, db, need(0), "anonymous")
	require.NoError(t, err)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	const n = 24
	for i := 1; i <= n; i++ {
		out, err := c.Find(ctx, db, need(i), "anonymous")
		require.NoError(t, err)
		require.Len(t, out.Matches, 400)
		require.LessOrEqual(t, c.Bytes(), int64(budget))
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	held := int64(after.HeapAlloc) - int64(before.HeapAlloc) //nolint:gosec // a test process's heap is far below 2^63 bytes
	t.Logf("%d outcomes of %.2f MB asked; the cache holds %.2f MB by its measure, the heap grew %.2f MB",
		n, float64(SizeOf(mustFind(t, db, need(1))))/1e6, float64(c.Bytes())/1e6, float64(held)/1e6)
	require.Less(t, held, int64(budget)*3/2, "heap held by the cache")
	hits, _ := c.Stats()
	_, err = c.Find(ctx, db, need(n), "anonymous")
	require.NoError(t, err)
	h2, _ := c.Stats()
	require.Equal(t, hits+1, h2, "the most recent outcome is still kept")
	runtime.KeepAlive(c)
}

func mustFind(t *testing.T, db *ent.Client, r Request) *Outcome {
	t.Helper()
	out, err := Find(context.Background(), db, r)
	require.NoError(t, err)
	return out
}
