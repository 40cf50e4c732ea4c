package match

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/product"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/changes"
	"github.com/exportiva/exportiva/internal/demo"
	d "github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/testdb"
)

// TestIndexedLeadsAgree is the differential test of the leads index: over
// the synthetic catalog and a few hundred random buy requests (HS prefixes,
// words in both languages, forms only, every unit and period, delivery dates,
// some passing within the hour, price ceilings, certificates, some hidden,
// closed, expired just before the build), the leads of every producer read
// with the index equal those of the SQL query — the same requests in the same
// order, the same products, scores and criteria — a minute before the build
// (the SQL query answers: the build left out what had expired), at its time
// and an hour later. A block each way and a producer that takes verified
// buyers only each leave out a lead it had. Criteria are read from several
// goroutines at once; a write through the change hooks makes the part stale
// until it is built again, with the new request.
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
		if i%10 == 4 {
			// A delivery date that passes between the build and a query an
			// hour later (then judged as "as soon as possible").
			t := now.Add(30 * time.Minute)
			r.DeliverBy = &t
		}
		valid := now.Add(time.Duration(30+rnd.IntN(120)) * time.Minute)
		if i%20 == 3 {
			valid = now.Add(-30 * time.Second) // expired at the build, not a minute before it
		}
		c := db.BuyRequest.Create().SetBuyerID(buyers[rnd.IntN(len(buyers))]).SetTitle(fmt.Sprintf("need %d", i)).
			SetHsCodes(r.HSCodes).SetQuery(r.Query).SetQuantityAmount(r.Quantity.Amount).SetQuantityUnit(r.Quantity.Unit).
			SetQuantityPer(r.Quantity.Per).SetDestinationCountry(r.Country).SetRequiredCertifications(r.Certifications).
			SetNillableDeliverBy(r.DeliverBy).SetNillableIncoterm(r.Incoterm).SetValidUntil(valid)
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
	productsOf := func(pid int) []*ent.Product {
		return db.Product.Query().Where(product.ProducerID(pid)).WithProducer().WithCertifications().AllX(ctx)
	}
	// Blocks in both directions and a producer that takes leads from
	// verified buyers only, each set on a producer that has a lead from that
	// buyer, so that each filter has something to leave out.
	var withLeads []int
	for _, pid := range producers {
		if l, err := Leads(ctx, db, productsOf(pid), now); err == nil && len(l) > 0 {
			withLeads = append(withLeads, pid)
		}
	}
	require.GreaterOrEqual(t, len(withLeads), 3)
	firstBuyer := func(pid int) int {
		l, err := Leads(ctx, db, productsOf(pid), now)
		require.NoError(t, err)
		return l[0].BuyRequest.BuyerID
	}
	filtered := map[int]int{} // producer → the buyer its filter leaves out
	for k, by := range []d.Party{d.PartyProducer, d.PartyBuyer} {
		pid := withLeads[k]
		filtered[pid] = firstBuyer(pid)
		db.FirmBlock.Create().SetBuyerID(filtered[pid]).SetProducerID(pid).SetBy(by).ExecX(ctx)
	}
	picky := withLeads[2]
	filtered[picky] = firstBuyer(picky)
	db.Producer.UpdateOneID(picky).SetLeadsVerifiedBuyersOnly(true).ExecX(ctx)
	db.Buyer.Update().SetVerified(true).ExecX(ctx)
	db.Buyer.UpdateOneID(filtered[picky]).SetVerified(false).ExecX(ctx)

	index := NewIndex(db, nil)
	index.Clock = func() time.Time { return now }
	require.NoError(t, index.Build(ctx))
	require.NotNil(t, index.freshRequests())
	ictx := WithIndex(ctx, index)
	var leads int
	for _, at := range []time.Time{now.Add(-time.Minute), now, now.Add(time.Hour)} {
		for _, pid := range producers {
			products := productsOf(pid)
			want, err := Leads(ctx, db, products, at)
			require.NoError(t, err)
			got, err := Leads(ictx, db, products, at)
			require.NoError(t, err)
			name := fmt.Sprintf("producer %d at %s", pid, at.Format(time.Kitchen))
			require.Equal(t, leadKeys(want), leadKeys(got), name)
			for i := range want {
				require.Equal(t, want[i].Criteria(), got[i].Criteria(), name)
			}
			for _, l := range got {
				require.NotEqual(t, filtered[pid], l.BuyRequest.BuyerID, "%s: a filtered buyer's request", name)
			}
			leads += len(want)
		}
	}
	require.Greater(t, leads, 50, "the random requests give leads")

	// The page's resolvers may read the criteria of one cached list at once.
	got, err := Leads(ictx, db, productsOf(withLeads[3%len(withLeads)]), now)
	require.NoError(t, err)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for _, l := range got {
				if len(l.Criteria()) == 0 {
					t.Error("a lead without criteria")
				}
			}
		})
	}
	wg.Wait()

	// A write through a client the changes hooks watch makes the part stale
	// (the SQL query answers meanwhile); the next build has the request.
	changes.Watch(db, nil, changes.Caches{Requests: index.Requests()})
	p := productsOf(withLeads[0])[0]
	br := db.BuyRequest.Create().SetBuyerID(buyers[len(buyers)-1]).SetTitle("posted after the build").
		SetHsCodes([]string{p.HsCode}).SetQuantityAmount(1).SetQuantityUnit(d.UnitPiece).SetDestinationCountry("SG").
		SetValidUntil(now.Add(time.Hour)).SaveX(ctx)
	require.Nil(t, index.freshRequests(), "a new request makes the part stale")
	require.NoError(t, index.open.once(ctx))
	s := index.freshRequests()
	require.NotNil(t, s)
	listed := s.byKey["hs:"+p.HsCode]
	require.NotEmpty(t, listed)
	require.Equal(t, br.ID, s.reqs[listed[len(listed)-1]].br.ID, "listed under its HS code")
}

// leadKeys are the leads' requests, products and scores in order.
func leadKeys(leads []Lead) []string {
	out := make([]string, len(leads))
	for i, l := range leads {
		out[i] = fmt.Sprintf("%d→%d %.2f", l.BuyRequest.ID, l.Match.Product.ID, l.Match.Score)
	}
	return out
}
