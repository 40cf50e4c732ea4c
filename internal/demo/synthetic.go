package demo

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/internal/authz"
	d "github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/money"
	"github.com/exportiva/exportiva/internal/search"
	"github.com/exportiva/exportiva/internal/tally"
)

// SyntheticOptions size a synthetic Lamongan.
type SyntheticOptions struct {
	Producers, Products, Buyers, BuyRequests, ExportRecords int
	Seed                                                    uint64
	// Batch is the rows per INSERT statement.
	Batch int
}

// DefaultSynthetic is Lamongan at full scale: 18,000 small industries.
func DefaultSynthetic() SyntheticOptions {
	return SyntheticOptions{Producers: 18000, Products: 100000, Buyers: 5000, BuyRequests: 20000, ExportRecords: 50000, Seed: 1, Batch: 500}
}

var sectorWeights = []struct {
	s d.Sector
	w int
}{
	{d.SectorFishery, 35}, {d.SectorFoodBeverage, 30}, {d.SectorFootwear, 10},
	{d.SectorPlastics, 10}, {d.SectorForestProducts, 8}, {d.SectorFurniture, 7},
}

var buyerCountries = []string{"TH", "MY", "SG", "VN", "PH", "JP", "CN", "KR", "TW", "HK", "IN", "AU", "NZ", "US", "CA",
	"NL", "DE", "FR", "BE", "IT", "ES", "GB", "SA", "AE", "QA", "KW", "OM", "EG", "ZA", "BR", "MX", "TR"}

// Synthetic loads a deterministic synthetic catalog (same seed, same data) into an
// empty database with batched inserts in one transaction. Market rules and FX
// rates are the demo's.
func Synthetic(ctx context.Context, client *ent.Client, o SyntheticOptions, now time.Time) (Summary, error) {
	ctx = tally.Deferred(search.Deferred(authz.System(ctx)))
	var s Summary
	if n, err := client.Producer.Query().Count(ctx); err != nil || n > 0 {
		return Summary{Skipped: n > 0}, err
	}
	if o.Batch <= 0 {
		o.Batch = 500
	}
	tx, err := client.Tx(ctx)
	if err != nil {
		return s, err
	}
	g := &gen{db: tx.Client(), o: o, now: now.UTC(), rnd: rand.New(rand.NewPCG(o.Seed, 2026)), s: &s} //nolint:gosec // G404: data reproducible from its seed, not a secret
	l := &loader{db: tx.Client(), now: now.UTC(), rnd: g.rnd, s: &s}
	for _, step := range []func(context.Context) error{l.reference, g.loadProducers, g.loadProducts, g.buyers, g.requests, g.exports} {
		if err := step(ctx); err != nil {
			_ = tx.Rollback()
			return s, err
		}
	}
	if _, err := tally.RecountTx(ctx, tx); err != nil {
		_ = tx.Rollback()
		return s, err
	}
	if err := analyze(ctx, tx); err != nil {
		_ = tx.Rollback()
		return s, err
	}
	return s, tx.Commit()
}

type gen struct {
	db        *ent.Client
	o         SyntheticOptions
	now       time.Time
	rnd       *rand.Rand
	s         *Summary
	producers []*ent.Producer
	buyerIDs  []int
	products  []*ent.Product
}

func (g *gen) sector() d.Sector {
	n := g.rnd.IntN(100)
	for _, sw := range sectorWeights {
		if n < sw.w {
			return sw.s
		}
		n -= sw.w
	}
	return d.SectorFishery
}

func (g *gen) loadProducers(ctx context.Context) error {
	districts := d.District("").Values()
	sizes := []d.SizeClass{d.SizeMicro, d.SizeMicro, d.SizeMicro, d.SizeSmall, d.SizeSmall, d.SizeMedium, d.SizeLarge}
	var batch []*ent.ProducerCreate
	var certs []*ent.CertificationCreate
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		ps, err := g.db.Producer.CreateBulk(batch...).Save(ctx)
		if err != nil {
			return err
		}
		g.producers = append(g.producers, ps...)
		g.s.Producers += len(ps)
		batch = batch[:0]
		return nil
	}
	for i := 0; i < g.o.Producers; i++ {
		sec := g.sector()
		c := g.db.Producer.Create().
			SetName(fmt.Sprintf("%s %s %d", []string{"UD", "CV", "PT", "Koperasi"}[g.rnd.IntN(4)], sectorBlurb[sec][:min(12, len(sectorBlurb[sec]))], i+1)).
			SetDistrict(d.District(districts[g.rnd.IntN(len(districts))])).
			SetSector(sec).SetSectors([]d.Sector{sec}).
			SetSizeClass(sizes[g.rnd.IntN(len(sizes))]).
			SetFoundedYear(1980 + g.rnd.IntN(45)).
			SetVerified(g.rnd.IntN(10) < 4).
			SetContactEmail(fmt.Sprintf("export%d@producer.example.id", i+1))
		batch = append(batch, c)
		if len(batch) >= g.o.Batch {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := flush(); err != nil {
		return err
	}
	// Certificates by sector, about one in nine lapsed.
	for _, p := range g.producers {
		for _, t := range sectorCerts[p.Sector] {
			if g.rnd.IntN(3) == 0 {
				continue
			}
			until := g.now.AddDate(0, 0, 30+g.rnd.IntN(700))
			if g.rnd.IntN(9) == 0 {
				until = g.now.AddDate(0, 0, -1-g.rnd.IntN(300))
			}
			certs = append(certs, g.db.Certification.Create().SetProducerID(p.ID).SetType(t).
				SetValidFrom(until.AddDate(-2, 0, 0)).SetValidUntil(until))
			if len(certs) >= g.o.Batch {
				if err := g.db.Certification.CreateBulk(certs...).Exec(ctx); err != nil {
					return err
				}
				g.s.Certifications += len(certs)
				certs = certs[:0]
			}
		}
	}
	if len(certs) > 0 {
		if err := g.db.Certification.CreateBulk(certs...).Exec(ctx); err != nil {
			return err
		}
		g.s.Certifications += len(certs)
	}
	return nil
}

var sectorCerts = map[d.Sector][]d.CertificationType{
	d.SectorFishery:        {d.CertHealth, d.CertHACCP, d.CertSKP, d.CertHalal, d.CertEUApproval, d.CertCatch, d.CertFDA, d.CertGACC},
	d.SectorFoodBeverage:   {d.CertHalal, d.CertHACCP, d.CertSNI, d.CertHealth},
	d.SectorFootwear:       {d.CertISO9001, d.CertSNI},
	d.SectorPlastics:       {d.CertISO9001, d.CertSNI},
	d.SectorForestProducts: {d.CertSVLK, d.CertFLEGT},
	d.SectorFurniture:      {d.CertSVLK, d.CertFLEGT},
}

// logUniform draws from lo to hi with equal odds per order of magnitude.
func (g *gen) logUniform(lo, hi float64) float64 {
	return math.Exp(math.Log(lo) + g.rnd.Float64()*(math.Log(hi)-math.Log(lo)))
}

func (g *gen) loadProducts(ctx context.Context) error {
	var batch []*ent.ProductCreate
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		ps, err := g.db.Product.CreateBulk(batch...).Save(ctx)
		if err != nil {
			return err
		}
		if err := search.BulkIndex(ctx, g.db, ps, g.o.Batch*4); err != nil {
			return err
		}
		g.products = append(g.products, ps...)
		g.s.Products += len(ps)
		batch = batch[:0]
		return nil
	}
	for i := 0; i < g.o.Products; i++ {
		p := g.producers[g.rnd.IntN(len(g.producers))]
		ts := templates[p.Sector]
		t := ts[g.rnd.IntN(len(ts))]
		var capacity float64
		switch t.capUnit {
		case d.UnitTonne: // capacities by weight: log-uniform from 100 kg to 50 t a month
			capacity = math.Max(0.1, math.Min(50, math.Round(g.logUniform(0.1, 50)*10)/10))
		case d.UnitLB:
			const lb = 0.45359237
			capacity = math.Min(math.Max(math.Round(g.logUniform(100, 50000)/lb), math.Ceil(100/lb)), math.Floor(50000/lb))
		default:
			capacity = math.Round(g.logUniform(t.capMin/10, t.capMax*2))
		}
		lo := math.Round((t.priceMin+(t.priceMax-t.priceMin)*g.rnd.Float64()*0.6)*100) / 100
		status := d.ProductActive
		if g.rnd.IntN(10) == 0 {
			status = []d.ProductStatus{d.ProductDraft, d.ProductPaused, d.ProductArchived}[g.rnd.IntN(3)]
		}
		c := g.db.Product.Create().SetProducerID(p.ID).SetSku(fmt.Sprintf("S%07d", i+1)).
			SetNameIndonesian(t.nameID).SetNameEnglish(t.nameEN).SetHsCode(t.hs).SetForm(t.form).SetUnit(t.unit).
			SetCapacityAmount(math.Max(capacity, 1e-3)).SetCapacityUnit(t.capUnit).SetCapacityPeriod(d.PerMonth).
			SetPriceMin(money.MustParse(fmt.Sprintf("%.2f", lo))).SetPriceMax(money.MustParse(fmt.Sprintf("%.2f", lo*1.3))).
			SetPriceCurrency("USD").SetIncoterm(t.incoterm).SetLeadTimeDays(t.lead + g.rnd.IntN(20)).SetStatus(status)
		if t.species != "" {
			c.SetSpecies(t.species)
		}
		if t.moq > 0 && g.rnd.IntN(2) == 0 {
			c.SetMoq(t.moq)
		}
		if t.packSize > 0 {
			c.SetPackSize(t.packSize).SetPackUnit(t.packUnit)
		}
		if t.load20 > 0 {
			c.SetContainerLoad20ft(t.load20).SetContainerLoad40ft(t.load40).SetContainerLoadUnit(t.loadUnit)
		}
		batch = append(batch, c)
		if len(batch) >= g.o.Batch {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	return flush()
}

func (g *gen) buyers(ctx context.Context) error {
	types := d.BuyerType("").Values()
	var batch []*ent.BuyerCreate
	for i := 0; i < g.o.Buyers; i++ {
		batch = append(batch, g.db.Buyer.Create().SetCompany(fmt.Sprintf("Buyer %d", i+1)).
			SetCountry(buyerCountries[g.rnd.IntN(len(buyerCountries))]).SetType(d.BuyerType(types[g.rnd.IntN(len(types))])).
			SetVerified(g.rnd.IntN(2) == 0))
		if len(batch) >= g.o.Batch || i == g.o.Buyers-1 {
			bs, err := g.db.Buyer.CreateBulk(batch...).Save(ctx)
			if err != nil {
				return err
			}
			for _, b := range bs {
				g.buyerIDs = append(g.buyerIDs, b.ID)
			}
			g.s.Buyers += len(bs)
			batch = batch[:0]
		}
	}
	return nil
}

func (g *gen) requests(ctx context.Context) error {
	var batch []*ent.BuyRequestCreate
	for i := 0; i < g.o.BuyRequests; i++ {
		p := g.products[g.rnd.IntN(len(g.products))]
		amount := math.Round(g.logUniform(0.5, 40)*10) / 10
		unit := d.UnitTonne
		if p.CapacityDimension != "MASS" {
			unit, amount = p.CapacityUnit, math.Round(g.logUniform(100, 20000))
		}
		hs := p.HsCode[:4]
		batch = append(batch, g.db.BuyRequest.Create().SetBuyerID(g.buyerIDs[g.rnd.IntN(len(g.buyerIDs))]).
			SetTitle(fmt.Sprintf("%s, %g %s a month", p.NameEnglish, amount, unit)).SetHsCodes([]string{hs}).
			SetQuantityAmount(amount).SetQuantityUnit(unit).SetQuantityPer(d.PerMonth).
			SetDestinationCountry(buyerCountries[g.rnd.IntN(len(buyerCountries))]).
			SetValidUntil(g.now.AddDate(0, 0, 7+g.rnd.IntN(90))))
		if len(batch) >= g.o.Batch || i == g.o.BuyRequests-1 {
			if err := g.db.BuyRequest.CreateBulk(batch...).Exec(ctx); err != nil {
				return err
			}
			g.s.BuyRequests += len(batch)
			batch = batch[:0]
		}
	}
	return nil
}

func (g *gen) exports(ctx context.Context) error {
	var batch []*ent.ExportRecordCreate
	for i := 0; i < g.o.ExportRecords; i++ {
		p := g.products[g.rnd.IntN(len(g.products))]
		kg := math.Round(g.logUniform(500, 26000))
		batch = append(batch, g.db.ExportRecord.Create().SetProducerID(p.ProducerID).SetProductID(p.ID).
			SetDestinationCountry(buyerCountries[g.rnd.IntN(len(buyerCountries))]).SetHsCode(p.HsCode).
			SetQuantityKg(kg).SetValue(money.MustParse(fmt.Sprintf("%.2f", kg*(1+4*g.rnd.Float64())))).SetCurrency("USD").
			SetShippedOn(g.now.AddDate(0, 0, -g.rnd.IntN(5*365))))
		if len(batch) >= g.o.Batch || i == g.o.ExportRecords-1 {
			if err := g.db.ExportRecord.CreateBulk(batch...).Exec(ctx); err != nil {
				return err
			}
			g.s.ExportRecords += len(batch)
			batch = batch[:0]
		}
	}
	return nil
}
