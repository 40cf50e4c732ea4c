package match

import (
	"context"
	"slices"
	"time"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/fx"
	"github.com/exportiva/exportiva/internal/need"
	"github.com/exportiva/exportiva/internal/search"
)

// Check validates a request as Find would, without reading the catalog (only
// the FX table, for a maximum price in another currency): the error Find would
// answer for it (BAD_USER_INPUT with the field), or nil.
func Check(ctx context.Context, db *ent.Client, r Request) error {
	p, err := prepare(r)
	if err != nil || p.MaxPrice == nil || p.MaxPrice.Currency == "USD" {
		return err
	}
	rates, err := fx.Load(ctx, db)
	if err != nil {
		return err
	}
	return p.checkCurrency(&facts{rates: rates})
}

// Judge tells whether given products fit requests by the rules of Find, with
// the facts they need (market rules of the destinations, exchange rates, the
// producers' certificates and export history) loaded once for all of them.
type Judge struct {
	f *facts
}

// NewJudge loads the facts for judging the products, loaded with their
// producer and certifications, against requests to the countries.
func NewJudge(ctx context.Context, db *ent.Client, countries []string, products ...*ent.Product) (*Judge, error) {
	f, err := loadFacts(ctx, db, countries, products)
	if err != nil {
		return nil, err
	}
	return &Judge{f: f}, nil
}

// Fits reports whether the product is among what Find answers for r: an
// active, visible product whose commodity matches and that fits FULL, or is
// a near miss when r includes partial fits. A request that does not validate
// fits nothing.
func (j *Judge) Fits(r Request, p *ent.Product) bool {
	if p == nil || p.Status != domain.ProductActive || p.HiddenAt != nil {
		return false
	}
	prep, err := prepare(r)
	if err != nil || !prep.commodityMatches(p, search.ProductTerms(p)) {
		return false
	}
	if slices.Contains(p.ExcludedCountries, prep.Country) {
		return false
	}
	m := prep.evaluate(j.f, p)
	if m.excluded {
		return false
	}
	return m.Fit == Full || prep.IncludePartial && m.nearMiss()
}

// NeedOf is the stored form of a request's need (what a saved search keeps
// beyond its HS prefixes and text, which the JSON leaves out), normalised.
func NeedOf(r Request) *domain.Need {
	n := need.Normalize(r.Need)
	return &n
}

// RequestOfNeed turns a saved need back into a request, with the search's HS
// prefixes and text, judged on now (a delivery date that has passed is read as
// "as soon as possible", as for stored buy requests).
func RequestOfNeed(hsCodes []string, query string, n *domain.Need, now time.Time) Request {
	r := Request{Need: *n, Now: now}
	r.HSCodes, r.Query = hsCodes, query
	if r.DeliverBy != nil && !r.DeliverBy.After(now) {
		r.DeliverBy = nil
	}
	return r
}
