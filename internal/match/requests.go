package match

import (
	"context"
	"time"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/buyer"
	"github.com/exportiva/exportiva/ent/buyrequest"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/search"
	"github.com/exportiva/exportiva/internal/units"
)

// requestSnapshot is one build of the Index's requests part: the buy requests
// that were open, shown and unexpired at the build, each prepared once, and
// their positions by the keys a product must answer to (search.NeedKeys:
// "hs:0303", "t:tengiri", search.AnyKey). The leads of a few products then
// read the lists of their own keys (search.ProductKeys) — the requests for
// their HS codes and terms — and judge those, never every open request. It
// is never changed once stored.
type requestSnapshot struct {
	// at is the time of the build: it left out what had expired by then, so
	// it answers lead queries of that time or later only.
	at    time.Time
	reqs  []openRequest      // by id
	byKey map[string][]int32 // positions in reqs, ascending
}

// openRequest is one open buy request as leads read it.
type openRequest struct {
	br *ent.BuyRequest
	// prep is the request prepared at the build; judging copies it and sets
	// the copy to the time of the lead query (retime).
	prep *prepared
	// buyer holds the buyer's verification (Producer.leadsVerifiedBuyersOnly).
	buyer *ent.Buyer
	// dim and need are the need per month in the base unit of its dimension
	// when it does not depend on the time or a product (sized is false for a
	// one-off order, whose need per month follows the days left, and for
	// packaging units).
	dim   units.Dimension
	need  float64
	sized bool
}

// buildRequests reads the open buy requests and their buyers' verification.
func buildRequests(ctx context.Context, db *ent.Client, now time.Time) (*requestSnapshot, error) {
	list, err := db.BuyRequest.Query().
		Where(buyrequest.StatusEQ(domain.BuyRequestOpen), buyrequest.HiddenAtIsNil(), buyrequest.ValidUntilGT(now)).
		Order(buyrequest.ByID()).All(ctx)
	if err != nil {
		return nil, err
	}
	buyers := map[int]*ent.Buyer{}
	bs, err := db.Buyer.Query().Select(buyer.FieldVerified, buyer.FieldVerifiedUntil).All(ctx)
	if err != nil {
		return nil, err
	}
	for _, b := range bs {
		buyers[b.ID] = b
	}
	s := &requestSnapshot{at: now, byKey: map[string][]int32{}}
	for _, br := range list {
		p, err := prepare(RequestOf(br, now))
		if err != nil {
			continue // a stored request that no longer validates matches nothing
		}
		b := buyers[br.BuyerID]
		if b == nil {
			continue // a buyer written since its read: the next build has it
		}
		i := int32(len(s.reqs)) //nolint:gosec // fewer than 2^31 open requests
		r := openRequest{br: br, prep: p, buyer: b}
		if p.Quantity.Per != domain.PerShipment {
			r.dim, r.need, r.sized = p.monthlyNeed()
		}
		s.reqs = append(s.reqs, r)
		for _, k := range search.NeedKeys(p.HSCodes, br.Query) {
			s.byKey[k] = append(s.byKey[k], i)
		}
	}
	return s, nil
}

// retime sets the prepared request to the time of a lead query: the time,
// a delivery date that has passed dropped (as RequestOf does) and the
// delivery window measured again.
func (p *prepared) retime(now time.Time) {
	p.Now = now
	if p.DeliverBy != nil && !p.DeliverBy.After(now) {
		p.DeliverBy = nil
	}
	p.windowMonths = deliveryWindow(p.Quantity.Per, p.DeliverBy, now)
}

// leads returns the leads of the active products (of one producer) among
// the snapshot's requests: those for the products' keys, still unexpired at
// now, not blocked with the producer, from a verified buyer when the
// producer asked for those only; judged as Leads judges.
func (s *requestSnapshot) leads(ctx context.Context, db *ent.Client, active []*ent.Product, now time.Time) ([]Lead, error) {
	var lists [][]int32
	seen := map[string]bool{}
	most := 0
	for _, p := range active {
		for _, k := range search.ProductKeys(p) {
			if l := s.byKey[k]; len(l) > 0 && !seen[k] {
				seen[k] = true
				lists = append(lists, l)
				most += len(l)
			}
		}
	}
	if len(lists) == 0 {
		return nil, nil
	}
	blocked, err := blockedBuyers(ctx, db, producersOf(active))
	if err != nil {
		return nil, err
	}
	// The largest capacity per dimension: a request that needs more can be
	// no product's FULL match (the volume rule, as the SQL candidates read it).
	largest := map[string]float64{}
	for _, p := range active {
		largest[p.CapacityDimension] = max(largest[p.CapacityDimension], p.CapacityMonthly)
	}
	owner := active[0].Edges.Producer
	cands := make([]leadCandidate, 0, min(most, len(s.reqs)))
	mergeEach(lists, func(i int32) bool {
		r := &s.reqs[i]
		if r.sized && largest[string(r.dim)] < r.need*(1-1e-9) {
			return true
		}
		if r.br.ValidUntil.After(now) && !blocked[r.br.BuyerID] && WantsLeadFrom(owner, r.buyer, now) {
			cands = append(cands, leadCandidate{br: r.br, prep: r.prep})
		}
		return true
	})
	return judgeLeads(ctx, db, active, cands, now)
}
