package match

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/internal/apperr"
	"github.com/exportiva/exportiva/internal/authz"
	d "github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/money"
)

// extra adds to the fixture catalog one tengiri product of a verified
// producer holding what Thailand requires (health certificate and HACCP),
// shaped by set; it returns its key.
func (c *catalog) extra(t *testing.T, key string, set func(*ent.ProductCreate)) string {
	t.Helper()
	ctx := authz.System(context.Background())
	p := c.db.Producer.Create().SetName("Extra " + key).SetDistrict("PACIRAN").SetSector(d.SectorFishery).
		SetSizeClass(d.SizeSmall).SetVerified(true).SaveX(ctx)
	for _, ty := range []d.CertificationType{d.CertHealth, d.CertHACCP} {
		c.db.Certification.Create().SetProducerID(p.ID).SetType(ty).SetValidFrom(now.AddDate(-1, 0, 0)).SetValidUntil(now.AddDate(1, 0, 0)).ExecX(ctx)
	}
	b := c.db.Product.Create().SetProducerID(p.ID).SetNameEnglish("Frozen tengiri fillet " + key).SetNameIndonesian("Fillet tengiri beku " + key).
		SetHsCode("030359").SetForm(d.FormFrozen).SetUnit(d.UnitKG).SetCapacityAmount(50).SetCapacityUnit(d.UnitTonne).
		SetCapacityPeriod(d.PerMonth).SetStatus(d.ProductActive).SetIncoterm("CFR")
	set(b)
	prod := b.SaveX(ctx)
	c.products[key] = prod
	c.names[prod.ID] = key
	return key
}

func (c *catalog) match(o *Outcome, key string) *Match {
	for _, m := range o.Matches {
		if c.names[m.Product.ID] == key {
			return m
		}
	}
	return nil
}

// A product whose lead time is unknown cannot be promised by a delivery date:
// a near miss, not FULL.
func TestLeadTimeUnknownIsNotFullByADate(t *testing.T) {
	c := newCatalog(t)
	c.extra(t, "L", func(b *ent.ProductCreate) { b.SetPriceMin(money.MustParse("3")).SetPriceCurrency("USD") })
	req := Request{Need: d.Need{Query: "tengiri fillet", Quantity: qty(20, d.UnitTonne, d.PerMonth), Country: "TH"}}
	require.Equal(t, []string{"L"}, c.keys(c.find(t, req)), "without a date the unknown lead time only informs")

	req.DeliverBy = ptr(now.AddDate(0, 2, 0))
	require.Empty(t, c.keys(c.find(t, req)))
	req.IncludePartial = true
	o := c.find(t, req)
	require.Equal(t, []string{"~L"}, c.keys(o))
	lt := criterion(o.Matches[0], LeadTime)
	require.Equal(t, Partial, lt.Status)
	require.Contains(t, lt.Detail(), "delivery date")
}

// A listed price that cannot be compared (no FX rate for its currency, or per
// carton without a pack size) is not within the maximum; only a product with
// no listed price at all is exempt.
func TestIncomparablePriceIsNotWithinTheMaximum(t *testing.T) {
	c := newCatalog(t)
	c.extra(t, "CHF", func(b *ent.ProductCreate) { b.SetPriceMin(money.MustParse("3")).SetPriceCurrency("CHF") })
	c.extra(t, "CTN", func(b *ent.ProductCreate) {
		b.SetPriceMin(money.MustParse("30")).SetPriceCurrency("USD").SetUnit(d.UnitCarton)
	})
	c.extra(t, "NONE", func(*ent.ProductCreate) {})
	req := Request{Need: d.Need{Query: "tengiri fillet", Quantity: qty(20, d.UnitTonne, d.PerMonth), Country: "TH"}}
	require.ElementsMatch(t, []string{"CHF", "CTN", "NONE"}, c.keys(c.find(t, req)), "no maximum: every one is FULL")

	req.MaxPrice = &Money{Amount: money.MustParse("10"), Currency: "USD"}
	require.Equal(t, []string{"NONE"}, c.keys(c.find(t, req)))
	req.IncludePartial = true
	o := c.find(t, req)
	require.ElementsMatch(t, []string{"NONE", "~CHF", "~CTN"}, c.keys(o))
	for _, k := range []string{"CHF", "CTN"} {
		pr := criterion(c.match(o, k), Price)
		require.Equal(t, Partial, pr.Status, k)
		require.Contains(t, pr.Detail(), "cannot be compared", k)
		require.Zero(t, pr.Points, k)
	}
	require.Equal(t, Partial, criterion(c.match(o, "NONE"), Price).Status)
	require.Contains(t, criterion(c.match(o, "NONE"), Price).Detail(), "No listed price")
}

// A shortfall never reads as 100%.
func TestShortfallNeverReadsFullPercent(t *testing.T) {
	c := newCatalog(t)
	// E makes 3 t a month: 3.006 t is 99.8% covered.
	o := c.find(t, Request{Need: d.Need{Query: "ikan tengiri beku", Quantity: qty(3.006, d.UnitTonne, d.PerMonth), Country: "TH", IncludePartial: true}})
	e := c.match(o, "E")
	require.NotNil(t, e, c.keys(o))
	vol := criterion(e, Volume)
	require.Equal(t, Partial, vol.Status)
	require.Contains(t, vol.Detail(), "(99%)")
	require.NotContains(t, vol.Detail(), "100%")
	require.Equal(t, 99.0, shortPercent(0.998))
	require.Equal(t, 50.0, shortPercent(0.5))
	require.Equal(t, 29.0, shortPercent(0.29))
}

// A minimum order above the need, within MOQNearFactor of it, is a near miss
// that says why; further above, the product is not shown.
func TestMOQAboveTheNeedIsANearMiss(t *testing.T) {
	c := newCatalog(t)
	// A and G ask 1,000 kg at least.
	req := Request{Need: d.Need{Query: "tengiri", Quantity: qty(800, d.UnitKG, d.PerMonth), Country: "TH"}}
	require.Equal(t, []string{"E", "F"}, c.keys(c.find(t, req)))
	req.IncludePartial = true
	o := c.find(t, req)
	require.Equal(t, []string{"E", "F", "~A", "~G"}, c.keys(o))
	moq := criterion(c.match(o, "A"), MOQ)
	require.Equal(t, Partial, moq.Status)
	require.Contains(t, moq.Detail(), "Minimum order 1000 kg exceeds your 800 kg")

	// 400 kg: 1,000 kg is more than twice the need.
	req.Quantity = qty(400, d.UnitKG, d.PerMonth)
	require.Equal(t, []string{"E", "F"}, c.keys(c.find(t, req)))
}

// A need counted in pairs against a commodity sold only by weight says why it
// has no answer.
func TestDimensionMismatchGivesTheReason(t *testing.T) {
	c := newCatalog(t)
	for _, partial := range []bool{false, true} {
		_, err := Find(context.Background(), c.db, Request{Need: d.Need{Query: "tengiri", Quantity: qty(1000, d.UnitPair, d.PerMonth), Country: "TH", IncludePartial: partial}, Now: now})
		var ae *apperr.Error
		require.ErrorAs(t, err, &ae)
		require.Equal(t, apperr.CodeBadUserInput, ae.Code)
		require.Equal(t, []string{"quantity", "unit"}, ae.Field)
		require.Contains(t, ae.Message, "you ask by count")
		require.Contains(t, ae.Message, "counted by weight")
	}
	// Shoes are counted in pairs: too many of them is an empty answer, no error.
	o := c.find(t, Request{Need: d.Need{Query: "sepatu", Quantity: qty(1e6, d.UnitPair, d.PerMonth), Country: "DE"}})
	require.Empty(t, o.Matches)
}

// A kept lead list does not show a buy request after its validUntil.
func TestKeptLeadsDropExpiredRequests(t *testing.T) {
	c := NewCache(8, time.Minute, 0)
	t0 := now
	leads := []Lead{
		{BuyRequest: &ent.BuyRequest{ID: 1, ValidUntil: t0.Add(10 * time.Second)}, Match: &Match{Score: 80}},
		{BuyRequest: &ent.BuyRequest{ID: 2, ValidUntil: t0.Add(time.Hour)}, Match: &Match{Score: 70}},
	}
	calls := 0
	compute := func(context.Context) ([]Lead, error) { calls++; return leads, nil }
	got, err := c.Leads(context.Background(), "k", t0, compute)
	require.NoError(t, err)
	require.Len(t, got, 2)
	got, err = c.Leads(context.Background(), "k", t0.Add(20*time.Second), compute)
	require.NoError(t, err)
	require.Equal(t, 1, calls, "answered from the kept list")
	require.Len(t, got, 1)
	require.Equal(t, 2, got[0].BuyRequest.ID)
	require.Len(t, leads, 2, "the kept list is not changed")
}
