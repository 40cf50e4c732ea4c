package demo

import (
	"context"
	"crypto/sha256"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/product"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/testdb"
)

var now = time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)

func small() SyntheticOptions {
	return SyntheticOptions{Producers: 300, Products: 1500, Buyers: 400, BuyRequests: 300, ExportRecords: 500, Seed: 7, Batch: 100}
}

func fingerprint(t *testing.T, db *ent.Client) string {
	ctx := authz.System(context.Background())
	h := sha256.New()
	for _, p := range db.Product.Query().Order(product.ByID()).AllX(ctx) {
		_, _ = fmt.Fprintln(h, *p.Sku, p.NameEnglish, p.HsCode, p.CapacityMonthly, *p.PriceMin, p.Status, p.ProducerID)
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

func TestSyntheticIsDeterministicAndRealistic(t *testing.T) {
	a, b := testdb.Open(t).Client, testdb.Open(t).Client
	sa, err := Synthetic(context.Background(), a, small(), now)
	require.NoError(t, err)
	_, err = Synthetic(context.Background(), b, small(), now)
	require.NoError(t, err)
	require.Equal(t, fingerprint(t, a), fingerprint(t, b), "same seed, same data")
	require.Equal(t, 1500, sa.Products)

	ctx := authz.System(context.Background())
	var sectors []struct {
		Sector string `json:"sector"`
		Count  int    `json:"count"`
	}
	require.NoError(t, a.Producer.Query().GroupBy("sector").Aggregate(ent.Count()).Scan(ctx, &sectors))
	bySector := map[string]int{}
	for _, s := range sectors {
		bySector[s.Sector] = s.Count
	}
	require.Greater(t, bySector["FISHERY"]+bySector["FOOD_BEVERAGE"], 300/2, "weighted to fisheries and food")
	for _, p := range a.Product.Query().Where(product.CapacityDimension("MASS")).AllX(ctx) {
		require.GreaterOrEqual(t, p.CapacityMonthly, 100.0-1e-6)
		require.LessOrEqual(t, p.CapacityMonthly, 50000.0+1e-6)
	}
	expired := 0
	for _, c := range a.Certification.Query().AllX(ctx) {
		if c.ValidUntil.Before(now) {
			expired++
		}
	}
	require.Positive(t, expired, "some certificates lapsed")
	var countries []struct {
		Country string `json:"country"`
	}
	require.NoError(t, a.Buyer.Query().GroupBy("country").Scan(ctx, &countries))
	require.GreaterOrEqual(t, len(countries), 30)
	require.Positive(t, a.ProductTerm.Query().CountX(ctx), "the search index is filled")
}
