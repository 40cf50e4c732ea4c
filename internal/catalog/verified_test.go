package catalog_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/producer"
	"github.com/exportiva/exportiva/ent/product"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/catalog"
	"github.com/exportiva/exportiva/internal/demo"
	"github.com/exportiva/exportiva/internal/testdb"
)

// TestVerifiedCopyFollowsTheProducer: products.producer_verified, the VERIFIED
// sort key, is the producer's flag after every kind of write — verifying one
// producer, a rolled-back verification, the sweep's bulk update, a new
// product, and drift repaired by the backfill — and the catalog sorts by it: a
// producer verified just now has its products first, with and without a search.
func TestVerifiedCopyFollowsTheProducer(t *testing.T) {
	ctx := authz.System(context.Background())
	db := testdb.Open(t)
	_, err := demo.Load(ctx, db.Client, now)
	require.NoError(t, err)
	c := db.Client
	inStep := func(what string) {
		t.Helper()
		flags := map[int]bool{}
		ps, err := c.Producer.Query().All(ctx)
		require.NoError(t, err)
		for _, p := range ps {
			flags[p.ID] = p.Verified
		}
		list, err := c.Product.Query().All(ctx)
		require.NoError(t, err)
		for _, p := range list {
			require.Equal(t, flags[p.ProducerID], p.ProducerVerified, "%s: product %d of producer %d", what, p.ID, p.ProducerID)
		}
	}
	inStep("demo data")

	// Two unverified producers with products.
	ps, err := c.Producer.Query().Where(producer.Verified(false), producer.HasProducts()).Order(producer.ByID()).All(ctx)
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(ps), 2)
	target, other := ps[0], ps[1]
	ofTwo := []int{target.ID, other.ID}
	first := 100
	firstOf := func(search string) []int {
		t.Helper()
		page, err := catalog.Products(ctx, c, catalog.Params{Search: search, First: &first,
			OrderBy: &catalog.Order{Direction: "DESC", Field: catalog.OrderVerified},
			ThenBy:  []*catalog.Order{{Direction: "ASC", Field: catalog.OrderPricePerKg}, {Direction: "DESC", Field: "CREATED_AT"}},
			Filter: func(q *ent.ProductQuery) (*ent.ProductQuery, error) {
				return q.Where(product.ProducerIDIn(ofTwo...)), nil
			}})
		require.NoError(t, err)
		var out []int
		for _, e := range page.Edges {
			out = append(out, e.Node.ProducerID)
		}
		require.NotEmpty(t, out)
		return out
	}
	verifiedFirst := func(what, search string, want int) {
		t.Helper()
		got := firstOf(search)
		seen := false
		for _, id := range got {
			if id != want {
				seen = true
			} else {
				require.False(t, seen, "%s: the products of producer %d come first: %v", what, want, got)
			}
		}
		require.Equal(t, want, got[0], "%s: %v", what, got)
	}

	// A verification rolled back leaves the copy alone.
	tx, err := c.Tx(ctx)
	require.NoError(t, err)
	_, err = tx.Producer.UpdateOneID(other.ID).SetVerified(true).Save(ctx)
	require.NoError(t, err)
	require.NoError(t, tx.Rollback())
	inStep("after a rollback")

	// Verifying one producer (as verifyProducer does, in a transaction).
	tx, err = c.Tx(ctx)
	require.NoError(t, err)
	_, err = tx.Producer.UpdateOneID(target.ID).SetVerified(true).Save(ctx)
	require.NoError(t, err)
	require.NoError(t, tx.Commit())
	inStep("after verifying one producer")
	verifiedFirst("verified just now", "", target.ID)
	word := firstWord(ctx, t, c, target.ID)
	verifiedFirst("verified just now, with a search for "+word, word, target.ID)

	// The sweep's bulk update, whose predicate tests the flag it clears; the
	// other producer verified (not in a transaction).
	n, err := c.Producer.Update().Where(producer.ID(target.ID), producer.Verified(true)).SetVerified(false).Save(ctx)
	require.NoError(t, err)
	require.Equal(t, 1, n)
	_, err = c.Producer.UpdateOneID(other.ID).SetVerified(true).Save(ctx)
	require.NoError(t, err)
	inStep("after the bulk update")
	verifiedFirst("the other verified", "", other.ID)

	// A new product takes its producer's flag.
	src, err := c.Product.Query().Where(product.ProducerID(other.ID)).First(ctx)
	require.NoError(t, err)
	p, err := c.Product.Create().SetProducerID(other.ID).SetSku("VERIFIED-COPY").
		SetNameIndonesian(src.NameIndonesian).SetNameEnglish(src.NameEnglish).SetHsCode(src.HsCode).
		SetForm(src.Form).SetUnit(src.Unit).SetCapacityAmount(src.CapacityAmount).SetCapacityUnit(src.CapacityUnit).
		SetCapacityPeriod(src.CapacityPeriod).Save(ctx)
	require.NoError(t, err)
	require.True(t, p.ProducerVerified)
	inStep("after a new product")

	// Drift (a write outside ent) is repaired by the backfill.
	require.NoError(t, c.Driver().Exec(ctx, "UPDATE "+product.Table+" SET "+product.FieldProducerVerified+" = "+
		"NOT "+product.FieldProducerVerified, []any{}, nil))
	total, err := c.Product.Query().Count(ctx)
	require.NoError(t, err)
	got, err := catalog.Backfill(ctx, c)
	require.NoError(t, err)
	require.Equal(t, total, got.Verified)
	require.True(t, got.Changed())
	inStep("after the backfill")
	again, err := catalog.Backfill(ctx, c)
	require.NoError(t, err)
	require.Zero(t, again.Verified)
}

// firstWord returns a word of the English name of one of the producer's
// products, for a search that finds it.
func firstWord(ctx context.Context, t *testing.T, c *ent.Client, producerID int) string {
	t.Helper()
	p, err := c.Product.Query().Where(product.ProducerID(producerID)).First(ctx)
	require.NoError(t, err)
	words := strings.Fields(strings.ToLower(p.NameEnglish))
	for _, w := range words {
		if len(w) >= 4 {
			return w
		}
	}
	return words[0]
}
