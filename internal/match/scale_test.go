package match

import (
	"context"
	"fmt"
	"testing"

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
	out, err := Find(context.Background(), db, Request{Query: "ikan", Country: "SG", Now: now,
		Quantity: Quantity{Amount: 1, Unit: d.UnitKG, Per: d.PerMonth}})
	require.NoError(t, err)
	require.True(t, out.Truncated)
	require.Len(t, out.Matches, MaxCandidates)
	for _, m := range out.Matches {
		// the largest: capacities n-MaxCandidates+1 … n tonnes
		require.Greater(t, m.Product.CapacityAmount, float64(n-MaxCandidates), m.Product.NameEnglish)
	}

	// A need that fits fewer products than the cap is judged whole.
	out, err = Find(context.Background(), db, Request{Query: "ikan", Country: "SG", Now: now,
		Quantity: Quantity{Amount: float64(n - 100), Unit: d.UnitTonne, Per: d.PerMonth}})
	require.NoError(t, err)
	require.False(t, out.Truncated)
	require.Len(t, out.Matches, 101)
}
