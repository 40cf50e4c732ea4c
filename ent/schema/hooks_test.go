package schema_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/product"
	"github.com/exportiva/exportiva/ent/productterm"
	"github.com/exportiva/exportiva/internal/authz"
	d "github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/money"
	"github.com/exportiva/exportiva/internal/testdb"
	"github.com/exportiva/exportiva/internal/validate"
	"github.com/exportiva/exportiva/internal/viewer"
)

// fields returns the fields a validation error names, in its order.
func fields(t *testing.T, err error) []string {
	t.Helper()
	require.Error(t, err)
	var es validate.Errors
	var fe *validate.FieldError
	switch {
	case errors.As(err, &es):
	case errors.As(err, &fe):
		es = validate.Errors{fe}
	default:
		t.Fatalf("not a field error: %v", err)
	}
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.Field
	}
	return out
}

type hookWorld struct {
	db       *ent.Client
	ctx      context.Context
	producer int
}

func newHookWorld(t *testing.T) hookWorld {
	ctx := authz.System(context.Background())
	db := testdb.Open(t).Client
	p := db.Producer.Create().SetName("Samudra").SetDistrict("BRONDONG").SetSector(d.SectorFishery).SetSizeClass(d.SizeSmall).SaveX(ctx)
	return hookWorld{db: db, ctx: ctx, producer: p.ID}
}

func (w hookWorld) product() *ent.ProductCreate {
	return w.db.Product.Create().SetProducerID(w.producer).SetNameEnglish("Frozen tengiri").SetNameIndonesian("Tengiri beku").
		SetHsCode("0303.59").SetForm(d.FormFrozen).SetUnit(d.UnitKG).SetCapacityAmount(12).
		SetCapacityUnit(d.UnitTonne).SetCapacityPeriod(d.PerYear)
}

// TestProductHook: HS codes lose their dots and give the chapter; capacity is
// derived per month from the new and the stored fields; excluded countries are
// normalized; cross-field rules hold on create and on update, and every broken
// rule of one write is reported at once, in the schema's field order.
func TestProductHook(t *testing.T) {
	w := newHookWorld(t)
	p := w.product().SetExcludedCountries([]string{" us", "CN", "us"}).SaveX(w.ctx)
	require.Equal(t, "030359", p.HsCode)
	require.Equal(t, "03", p.HsChapter)
	require.InDelta(t, 1000, p.CapacityMonthly, 1e-9, "12 t a year is 1000 kg a month")
	require.Equal(t, "MASS", p.CapacityDimension)
	require.Equal(t, []string{"CN", "US"}, p.ExcludedCountries)

	// An update of the period alone reads the stored amount and unit.
	p = p.Update().SetCapacityPeriod(d.PerMonth).SaveX(w.ctx)
	require.InDelta(t, 12000, p.CapacityMonthly, 1e-9)
	// Cartons count through the stored pack size.
	p = p.Update().SetCapacityUnit(d.UnitCarton).SetCapacityAmount(100).SetPackSize(20).SetPackUnit(d.UnitKG).SaveX(w.ctx)
	require.InDelta(t, 2000, p.CapacityMonthly, 1e-9)
	p = p.Update().SetPackSize(10).SaveX(w.ctx)
	require.InDelta(t, 1000, p.CapacityMonthly, 1e-9, "the stored pack unit still applies")
	// A price needs its currency, stored or given; min ≤ max.
	err := p.Update().SetPriceMin(money.MustParse("3")).Exec(w.ctx)
	require.Equal(t, []string{"price_currency"}, fields(t, err))
	p = p.Update().SetPriceMin(money.MustParse("3")).SetPriceCurrency("USD").SaveX(w.ctx)
	err = p.Update().SetPriceMax(money.MustParse("2")).Exec(w.ctx)
	require.Equal(t, []string{"price_min"}, fields(t, err), "the stored minimum is above the new maximum")
	// Clearing the pack unit while a pack size stays is refused.
	err = p.Update().ClearPackUnit().Exec(w.ctx)
	require.Equal(t, []string{"pack_unit"}, fields(t, err))

	// Every broken rule at once, in field order.
	err = w.product().SetHsCode("03.x").SetNameEnglish("").SetCapacityPeriod(d.PerShipment).
		SetExcludedCountries([]string{"XX"}).SetPriceMin(money.MustParse("1")).Exec(w.ctx)
	require.Equal(t, []string{"name_english", "hs_code", "capacity_period", "price_currency", "excluded_countries"}, fields(t, err))
	// Container loads need their unit.
	err = w.product().SetContainerLoad20ft(15000).Exec(w.ctx)
	require.Equal(t, []string{"container_load_unit"}, fields(t, err))
	// Units of another dimension than the pack's do not convert.
	err = w.product().SetCapacityUnit(d.UnitCarton).Exec(w.ctx)
	require.Equal(t, []string{"capacity_unit"}, fields(t, err), "a carton without a pack size")
}

// TestSearchIndexOnEveryClient: the index hook is part of the schema, so a
// client built without the store (no registration) keeps the index too.
func TestSearchIndexOnEveryClient(t *testing.T) {
	w := newHookWorld(t)
	plain := ent.NewClient(ent.Driver(testdb.Open(t).Driver))
	pid := plain.Producer.Create().SetName("Mina Jaya").SetDistrict("PACIRAN").SetSector(d.SectorFishery).SetSizeClass(d.SizeSmall).SaveX(w.ctx).ID
	p := plain.Product.Create().SetProducerID(pid).SetNameEnglish("Frozen skipjack").SetNameIndonesian("Cakalang beku").
		SetHsCode("030343").SetForm(d.FormFrozen).SetUnit(d.UnitKG).SetCapacityAmount(5).
		SetCapacityUnit(d.UnitTonne).SetCapacityPeriod(d.PerMonth).SaveX(w.ctx)
	terms := plain.ProductTerm.Query().Where(productterm.ProductID(p.ID)).Select(productterm.FieldTerm).StringsX(w.ctx)
	require.Contains(t, terms, "cakalang")
	plain.Product.UpdateOne(p).SetNameEnglish("Frozen tongkol").ExecX(w.ctx)
	terms = plain.ProductTerm.Query().Where(productterm.ProductID(p.ID)).Select(productterm.FieldTerm).StringsX(w.ctx)
	require.Contains(t, terms, "tongkol")
	require.Equal(t, 1, plain.Product.Query().Where(product.HasTermsWith(productterm.Term("tongkol"))).CountX(w.ctx))
}

// TestOtherHooks: certificates' dates, buy requests' commodity and price,
// export records' year and chapter, market rules' prefixes, and the audit
// fields.
func TestOtherHooks(t *testing.T) {
	w := newHookWorld(t)
	now := time.Now()
	cert := w.db.Certification.Create().SetProducerID(w.producer).SetType(d.CertHACCP).SetValidFrom(now).SetValidUntil(now.AddDate(1, 0, 0)).SaveX(w.ctx)
	err := cert.Update().SetValidFrom(now.AddDate(2, 0, 0)).Exec(w.ctx)
	require.Equal(t, []string{"valid_until"}, fields(t, err), "the stored end is before the new start")

	buyer := w.db.Buyer.Create().SetCompany("Siam Ocean").SetCountry("TH").SetType("IMPORTER").SaveX(w.ctx)
	br := w.db.BuyRequest.Create().SetBuyerID(buyer.ID).SetTitle("Tengiri").SetHsCodes([]string{"0303.59"}).
		SetQuantityAmount(8).SetQuantityUnit(d.UnitTonne).SetDestinationCountry("TH").SetValidUntil(now.AddDate(0, 1, 0)).SaveX(w.ctx)
	require.Equal(t, []string{"030359"}, br.HsCodes)
	err = br.Update().SetHsCodes(nil).Exec(w.ctx)
	require.Equal(t, []string{"hs_codes"}, fields(t, err), "neither codes nor text")
	br.Update().SetHsCodes(nil).SetQuery("tengiri").ExecX(w.ctx)
	err = br.Update().SetMaxPriceAmount(money.MustParse("3")).Exec(w.ctx)
	require.Equal(t, []string{"max_price_currency"}, fields(t, err))

	rec := w.db.ExportRecord.Create().SetProducerID(w.producer).SetDestinationCountry("TH").SetHsCode("1604.14").
		SetQuantityKg(8000).SetValue(money.MustParse("20000")).SetCurrency("USD").SetShippedOn(time.Date(2024, 6, 3, 0, 0, 0, 0, time.UTC)).SaveX(w.ctx)
	require.Equal(t, "160414", rec.HsCode)
	require.Equal(t, "16", rec.HsChapter)
	require.Equal(t, 2024, rec.Year)

	rule := w.db.MarketRule.Create().SetDestination("TH").SetHsChapter("03").SetHsPrefix("0303.5").SaveX(w.ctx)
	require.Equal(t, "03035", rule.HsPrefix)
	err = rule.Update().SetHsPrefix("1604").Exec(w.ctx)
	require.Equal(t, []string{"hs_prefix"}, fields(t, err), "the prefix must stay within the stored chapter")

	officer := viewer.NewContext(w.ctx, &viewer.Viewer{AccountID: 7, Role: d.RoleAdmin})
	rate := w.db.FxRate.Create().SetCurrency("IDR").SetUnitsPerUsd(money.MustParse("16250")).SetAsOf(now).SaveX(officer)
	require.Equal(t, 7, *rate.CreatedBy)
	require.Equal(t, 7, *rate.UpdatedBy)
	clerk := viewer.NewContext(w.ctx, &viewer.Viewer{AccountID: 8, Role: d.RoleAdmin})
	rate = rate.Update().SetUnitsPerUsd(money.MustParse("16300")).SaveX(clerk)
	require.Equal(t, 7, *rate.CreatedBy)
	require.Equal(t, 8, *rate.UpdatedBy)
}
