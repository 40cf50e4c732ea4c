package match

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/internal/authz"
	d "github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/money"
	"github.com/exportiva/exportiva/internal/testdb"
)

var now = time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)

// catalog is a small hand-built Lamongan: each product exists to exercise a rule.
type catalog struct {
	db       *ent.Client
	products map[string]*ent.Product
	names    map[int]string
}

type prodSpec struct {
	key, producer, name, hs string
	form                    d.ProductForm
	unit                    d.Unit
	capacity                float64
	capUnit                 d.Unit
	per                     d.Period
	moq                     float64
	price                   string
	incoterm                d.Incoterm
	lead                    int
	pack                    float64
	packUnit                d.Unit
	load20                  float64
	loadUnit                d.Unit
	excluded                []string
	status                  d.ProductStatus
}

func newCatalog(t *testing.T) *catalog {
	t.Helper()
	ctx := authz.System(context.Background())
	db := testdb.Open(t).Client
	c := &catalog{db: db, products: map[string]*ent.Product{}, names: map[int]string{}}

	rules := []struct {
		dest, ch string
		certs    []d.CertificationType
	}{
		{"ALL", "03", []d.CertificationType{d.CertHealth}},
		{"ALL", "16", []d.CertificationType{d.CertHealth}},
		{"ASEAN", "03", []d.CertificationType{d.CertHACCP}},
		{"EU", "03", []d.CertificationType{d.CertEUApproval, d.CertCatch}},
		{"GCC", "16", []d.CertificationType{d.CertHalal}},
		{"US", "03", []d.CertificationType{d.CertFDA, d.CertHACCP}},
	}
	for _, r := range rules {
		db.MarketRule.Create().SetDestination(r.dest).SetHsChapter(r.ch).SetRequiredCertifications(r.certs).ExecX(ctx)
	}
	for cur, rate := range map[string]string{"IDR": "16000", "THB": "35", "EUR": "0.9"} {
		db.FxRate.Create().SetCurrency(cur).SetUnitsPerUsd(money.MustParse(rate)).SetAsOf(now).ExecX(ctx)
	}
	valid := func(p *ent.Producer, types ...d.CertificationType) {
		for _, ty := range types {
			db.Certification.Create().SetProducerID(p.ID).SetType(ty).SetValidFrom(now.AddDate(-1, 0, 0)).SetValidUntil(now.AddDate(1, 0, 0)).ExecX(ctx)
		}
	}
	producer := func(name string, verified bool) *ent.Producer {
		p := db.Producer.Create().SetName(name).SetDistrict("BRONDONG").SetSector(d.SectorFishery).SetSizeClass(d.SizeSmall).SaveX(ctx)
		if !verified {
			return p
		}
		db.Verification.Create().SetProducerID(p.ID).SetVerifier(d.VerifierTradeOffice).
			SetScopes([]d.VerificationScope{d.ScopeIdentity, d.ScopeBusinessLicence, d.ScopeSiteVisit, d.ScopeExportRegistration, d.ScopeCertificates}).
			SetVerifiedOn(now.AddDate(0, -3, 0)).SetExpiresAt(now.AddDate(0, 9, 0)).ExecX(ctx)
		return db.Producer.GetX(ctx, p.ID)
	}
	export := func(p *ent.Producer, country, hs string, n int) {
		for i := 0; i < n; i++ {
			db.ExportRecord.Create().SetProducerID(p.ID).SetDestinationCountry(country).SetHsCode(hs).SetQuantityKg(5000).
				SetValue(money.MustParse("15000")).SetCurrency("USD").SetShippedOn(now.AddDate(-1, i, 0)).ExecX(ctx)
		}
	}
	prods := map[string]*ent.Producer{
		"P1": producer("Tengiri Besar", true), "P2": producer("Tuna Kecil", false), "P3": producer("Halal Cans", true),
		"P4": producer("Sepatu Babat", true), "P5": producer("Mini A", true), "P6": producer("Mini B", false),
		"P7": producer("Mini C", true), "P8": producer("Euro Tuna", true),
	}
	valid(prods["P1"], d.CertHealth, d.CertHACCP, d.CertSKP)
	valid(prods["P2"], d.CertHealth)
	db.Certification.Create().SetProducerID(prods["P2"].ID).SetType(d.CertHACCP).
		SetValidFrom(now.AddDate(-2, 0, 0)).SetValidUntil(now.AddDate(0, 0, -10)).ExecX(ctx) // expired
	valid(prods["P3"], d.CertHealth, d.CertHalal)
	valid(prods["P4"], d.CertISO9001)
	valid(prods["P5"], d.CertHealth, d.CertHACCP)
	valid(prods["P6"], d.CertHealth, d.CertHACCP)
	valid(prods["P7"], d.CertHealth, d.CertHACCP)
	valid(prods["P8"], d.CertHealth, d.CertHACCP, d.CertEUApproval, d.CertCatch)
	export(prods["P1"], "TH", "030359", 2)
	export(prods["P2"], "VN", "030343", 1)
	export(prods["P3"], "SA", "160414", 1)

	specs := []prodSpec{
		{key: "A", producer: "P1", name: "Frozen Spanish mackerel", hs: "030359", form: d.FormFrozen, unit: d.UnitKG, capacity: 10, capUnit: d.UnitTonne, moq: 1000, price: "3.20", incoterm: "CFR", lead: 14, pack: 20, packUnit: d.UnitKG, load20: 15, loadUnit: d.UnitTonne},
		{key: "B", producer: "P2", name: "Frozen skipjack tuna", hs: "030343", form: d.FormFrozen, unit: d.UnitKG, capacity: 500, capUnit: d.UnitKG, per: d.PerWeek, moq: 500, price: "1.50", incoterm: "FOB", lead: 21},
		{key: "C", producer: "P3", name: "Canned tuna in oil", hs: "160414", form: d.FormCanned, unit: d.UnitKG, capacity: 12, capUnit: d.UnitTonne, per: d.PerYear, price: "3.50", incoterm: "CFR", lead: 30, excluded: []string{"US"}},
		{key: "D", producer: "P4", name: "Men's leather shoes", hs: "640399", form: d.FormManufactured, unit: d.UnitPair, capacity: 5000, capUnit: d.UnitPair, moq: 500, price: "15", incoterm: "FOB", lead: 45, pack: 12, packUnit: d.UnitPair},
		{key: "E", producer: "P5", name: "Ikan tengiri beku", hs: "030359", form: d.FormFrozen, unit: d.UnitKG, capacity: 3, capUnit: d.UnitTonne, price: "3.50", incoterm: "CFR", lead: 10},
		{key: "F", producer: "P6", name: "Frozen seerfish", hs: "030359", form: d.FormFrozen, unit: d.UnitKG, capacity: 4, capUnit: d.UnitTonne, price: "3.60", incoterm: "CFR", lead: 20},
		{key: "G", producer: "P7", name: "Frozen tengiri whole round", hs: "030359", form: d.FormFrozen, unit: d.UnitKG, capacity: 2.5, capUnit: d.UnitTonne, moq: 1000, price: "3.40", incoterm: "CFR", lead: 12},
		{key: "H", producer: "P8", name: "Frozen yellowfin tuna", hs: "030342", form: d.FormFrozen, unit: d.UnitKG, capacity: 6, capUnit: d.UnitTonne, price: "5", incoterm: "CFR", lead: 20},
		{key: "I", producer: "P1", name: "Frozen Spanish mackerel steaks", hs: "030359", form: d.FormFrozen, unit: d.UnitKG, capacity: 50, capUnit: d.UnitTonne, price: "5", status: d.ProductPaused},
		{key: "J", producer: "P4", name: "Rubber sandals", hs: "640299", form: d.FormManufactured, unit: d.UnitPair, capacity: 20000, capUnit: d.UnitPair, price: "1.2", incoterm: "FOB", lead: 30, excluded: []string{"DE"}},
		{key: "K", producer: "P2", name: "Pasteurised blue swimming crab meat", hs: "160510", form: d.FormProcessed, unit: d.UnitLB, capacity: 4000, capUnit: d.UnitLB, price: "12", incoterm: "CIF", lead: 30},
	}
	for _, s := range specs {
		per := s.per
		if per == "" {
			per = d.PerMonth
		}
		status := s.status
		if status == "" {
			status = d.ProductActive
		}
		b := db.Product.Create().SetProducerID(prods[s.producer].ID).SetNameEnglish(s.name).SetNameIndonesian(s.name).
			SetHsCode(s.hs).SetForm(s.form).SetUnit(s.unit).SetCapacityAmount(s.capacity).SetCapacityUnit(s.capUnit).
			SetCapacityPeriod(per).SetPriceMin(money.MustParse(s.price)).SetPriceCurrency("USD").SetStatus(status).
			SetExcludedCountries(s.excluded)
		if s.incoterm != "" {
			b.SetIncoterm(s.incoterm)
		}
		if s.moq > 0 {
			b.SetMoq(s.moq)
		}
		if s.lead > 0 {
			b.SetLeadTimeDays(s.lead)
		}
		if s.pack > 0 {
			b.SetPackSize(s.pack).SetPackUnit(s.packUnit)
		}
		if s.load20 > 0 {
			b.SetContainerLoad20ft(s.load20).SetContainerLoadUnit(s.loadUnit)
		}
		p := b.SaveX(ctx)
		c.products[s.key] = p
		c.names[p.ID] = s.key
	}
	return c
}

func (c *catalog) find(t *testing.T, r Request) *Outcome {
	t.Helper()
	if r.Now.IsZero() {
		r.Now = now
	}
	out, err := Find(context.Background(), c.db, r)
	require.NoError(t, err)
	return out
}

// keys lists the matches as catalog keys, FULL ones plain and PARTIAL ones with a "~".
func (c *catalog) keys(o *Outcome) []string {
	var out []string
	for _, m := range o.Matches {
		k := c.names[m.Product.ID]
		if m.Fit == PartialFit {
			k = "~" + k
		}
		out = append(out, k)
	}
	return out
}

func criterion(m *Match, cr Criterion) Result {
	for _, r := range m.Criteria {
		if r.Criterion == cr {
			return r
		}
	}
	return Result{}
}
