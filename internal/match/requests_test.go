package match

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/ent/product"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/demo"
	d "github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/testdb"
)

// TestIndexedLeadsAgree is the differential test of the leads index: over
// the synthetic catalog and a few hundred random buy requests (HS prefixes,
// words in both languages, forms only, every unit and period, delivery dates,
// price ceilings, certificates, some hidden, closed, about to expire, from
// blocked or unverified buyers), the leads of every producer read from the
// index equal those of the SQL query — the same requests in the same order,
// the same products, scores and criteria — at the build's time and an hour
// later, when some have expired; and a write makes the part stale until it
// is built again.
func TestIndexedLeadsAgree(t *testing.T) {
	db := testdb.Open(t).Client
	ctx := authz.System(context.Background())
	_, err := demo.Synthetic(ctx, db, demo.SyntheticOptions{Producers: 80, Products: 400, Buyers: 40, BuyRequests: 60,
		ExportRecords: 200, Seed: 3, Batch: 100}, now)
	require.NoError(t, err)
	buyers := db.Buyer.Query().IDsX(ctx)
	rnd := rand.New(rand.NewPCG(3, 2026))
	for i := range 400 {
		r := randomNeed(rnd)
		if i%25 == 0 {
			r.HSCodes, r.Query = nil, "frozen" // forms only: every product's key
		}
		c := db.BuyRequest.Create().SetBuyerID(buyers[rnd.IntN(len(buyers))]).SetTitle(fmt.Sprintf("need %d", i)).
			SetHsCodes(r.HSCodes).SetQuery(r.Query).SetQuantityAmount(r.Quantity.Amount).SetQuantityUnit(r.Quantity.Unit).
			SetQuantityPer(r.Quantity.Per).SetDestinationCountry(r.Country).SetRequiredCertifications(r.Certifications).
			SetNillableDeliverBy(r.DeliverBy).SetNillableIncoterm(r.Incoterm).
			SetValidUntil(now.Add(time.Duration(30+rnd.IntN(120)) * time.Minute))
		if r.MaxPrice != nil {
			c.SetMaxPriceAmount(r.MaxPrice.Amount).SetMaxPriceCurrency(r.MaxPrice.Currency)
		}
		switch i % 20 {
		case 1:
			c.SetStatus(d.BuyRequestClosed)
		case 2:
			c.SetHiddenAt(now)
		}
		c.ExecX(ctx)
	}
	producers := db.Producer.Query().IDsX(ctx)
	// Blocks and a producer that takes leads from verified buyers only.
	db.FirmBlock.Create().SetBuyerID(buyers[0]).SetProducerID(producers[0]).SetBy(d.PartyProducer).ExecX(ctx)
	db.FirmBlock.Create().SetBuyerID(buyers[1]).SetProducerID(producers[1]).SetBy(d.PartyBuyer).ExecX(ctx)
	db.Producer.UpdateOneID(producers[2]).SetLeadsVerifiedBuyersOnly(true).ExecX(ctx)
	db.Buyer.Update().SetVerified(false).ExecX(ctx)
	db.Buyer.UpdateOneID(buyers[2]).SetVerified(true).ExecX(ctx)

	index := NewIndex(db, nil)
	index.Clock = func() time.Time { return now }
	require.NoError(t, index.Build(ctx))
	require.NotNil(t, index.freshRequests())
	ictx := WithIndex(ctx, index)
	var leads int
	for _, at := range []time.Time{now, now.Add(time.Hour)} {
		for _, pid := range producers {
			products := db.Product.Query().Where(product.ProducerID(pid)).WithProducer().WithCertifications().AllX(ctx)
			want, err := Leads(ctx, db, products, at)
			require.NoError(t, err)
			got, err := Leads(ictx, db, products, at)
			require.NoError(t, err)
			name := fmt.Sprintf("producer %d at %s", pid, at.Format(time.Kitchen))
			require.Equal(t, leadKeys(want), leadKeys(got), name)
			for i := range want {
				require.Equal(t, want[i].Criteria(), got[i].Criteria(), name)
			}
			leads += len(want)
		}
	}
	require.Greater(t, leads, 50, "the random requests give leads")

	// A new request is a write: the part is stale (the SQL query answers)
	// until it is built again, and then has the request.
	index.Requests().Invalidate()
	require.Nil(t, index.freshRequests())
	require.NoError(t, index.open.once(ctx))
	require.NotNil(t, index.freshRequests())
}

// leadKeys are the leads' requests, products and scores in order.
func leadKeys(leads []Lead) []string {
	out := make([]string, len(leads))
	for i, l := range leads {
		out[i] = fmt.Sprintf("%d→%d %.2f", l.BuyRequest.ID, l.Match.Product.ID, l.Match.Score)
	}
	return out
}
