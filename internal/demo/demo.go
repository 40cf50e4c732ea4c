// Package demo loads a Lamongan that feels real: producers across the regency's
// districts and sectors, their products and certificates, foreign buyers, market
// rules, exchange rates, open buy requests and past exports, including the first
// export wave of June 2024 (8 t of tengiri and tuna to Thailand). Loading is
// deterministic and happens only into a database without producers.
package demo

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/internal/authz"
	d "github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/money"
)

// Summary counts what Load created.
type Summary struct {
	Producers, Products, Certifications, Buyers, BuyRequests, ExportRecords, MarketRules, FxRates int
	// The fair: events, booths, participants and meeting requests.
	Events, Booths, Participants, Meetings int
	Skipped                                bool
}

func (s Summary) String() string {
	if s.Skipped {
		return "demo data already present; nothing loaded"
	}
	return fmt.Sprintf("%d producers, %d products, %d certificates, %d buyers, %d buy requests, %d export records, %d market rules, %d FX rates, %d fair (%d booths, %d participants, %d meeting requests)",
		s.Producers, s.Products, s.Certifications, s.Buyers, s.BuyRequests, s.ExportRecords, s.MarketRules, s.FxRates, s.Events, s.Booths, s.Participants, s.Meetings)
}

type producerSpec struct {
	name, legal string
	district    d.District
	sector      d.Sector
	size        d.SizeClass
	founded     int
	verified    bool
	products    int // how many templates of the sector it lists
}

// Producers in the fishing districts of the north coast (Brondong, Paciran,
// Solokuro), food makers around the town, footwear and plastics in the south and
// west, wood in the forested south.
var producers = []producerSpec{
	{"Samudra Tengiri Brondong", "PT Samudra Tengiri Brondong", "BRONDONG", d.SectorFishery, d.SizeMedium, 2009, true, 6},
	{"Mina Jaya Paciran", "CV Mina Jaya Paciran", "PACIRAN", d.SectorFishery, d.SizeSmall, 2014, true, 4},
	{"Bahari Lestari", "PT Bahari Lestari Lamongan", "BRONDONG", d.SectorFishery, d.SizeLarge, 1998, true, 7},
	{"Rajungan Mas", "CV Rajungan Mas", "PACIRAN", d.SectorFishery, d.SizeSmall, 2011, true, 3},
	{"Lautan Biru Solokuro", "UD Lautan Biru", "SOLOKURO", d.SectorFishery, d.SizeMicro, 2017, false, 2},
	{"Nelayan Sejahtera", "Koperasi Nelayan Sejahtera Brondong", "BRONDONG", d.SectorFishery, d.SizeSmall, 2005, true, 3},
	{"Cakalang Nusantara", "PT Cakalang Nusantara Abadi", "BRONDONG", d.SectorFishery, d.SizeMedium, 2012, true, 4},
	{"Tirta Samudra", "CV Tirta Samudra", "PACIRAN", d.SectorFishery, d.SizeSmall, 2016, false, 3},
	{"Sumber Laut Kranji", "UD Sumber Laut Kranji", "PACIRAN", d.SectorFishery, d.SizeMicro, 2019, false, 2},
	{"Ombak Utara", "CV Ombak Utara", "BRONDONG", d.SectorFishery, d.SizeSmall, 2013, true, 3},
	{"Teluk Lamongan Seafood", "PT Teluk Lamongan Seafood", "BRONDONG", d.SectorFishery, d.SizeMedium, 2007, true, 5},
	{"Mina Glagah", "UD Mina Glagah", "GLAGAH", d.SectorFishery, d.SizeMicro, 2020, false, 2},
	{"Kurisi Surimi Indo", "PT Kurisi Surimi Indonesia", "BRONDONG", d.SectorFishery, d.SizeLarge, 2003, true, 3},
	{"Karya Bahari Weru", "CV Karya Bahari Weru", "PACIRAN", d.SectorFishery, d.SizeSmall, 2015, true, 3},
	{"Udang Windu Karanggeneng", "UD Udang Windu Karanggeneng", "KARANGGENENG", d.SectorFishery, d.SizeMicro, 2018, false, 2},
	{"Bandeng Kalitengah", "CV Bandeng Kalitengah", "KALITENGAH", d.SectorFishery, d.SizeSmall, 2010, true, 2},
	{"Kerupuk Ikan Bu Sri", "UD Kerupuk Ikan Bu Sri", "LAMONGAN", d.SectorFoodBeverage, d.SizeMicro, 2008, true, 3},
	{"Dapur Deket", "CV Dapur Deket Makmur", "DEKET", d.SectorFoodBeverage, d.SizeSmall, 2012, true, 3},
	{"Rasa Turi", "UD Rasa Turi", "TURI", d.SectorFoodBeverage, d.SizeMicro, 2016, false, 2},
	{"Abon Sukodadi", "CV Abon Sukodadi", "SUKODADI", d.SectorFoodBeverage, d.SizeSmall, 2011, true, 3},
	{"Krupuk Lamongan Jaya", "PT Krupuk Lamongan Jaya", "LAMONGAN", d.SectorFoodBeverage, d.SizeMedium, 2001, true, 4},
	{"Sari Kalitengah", "UD Sari Kalitengah", "KALITENGAH", d.SectorFoodBeverage, d.SizeMicro, 2019, false, 2},
	{"Tempe Pucuk", "UD Tempe Pucuk", "PUCUK", d.SectorFoodBeverage, d.SizeMicro, 2015, false, 2},
	{"Olahan Ikan Karangbinangun", "CV Olahan Ikan Karangbinangun", "KARANGBINANGUN", d.SectorFoodBeverage, d.SizeSmall, 2013, true, 3},
	{"Sambal Bandeng Glagah", "UD Sambal Bandeng Glagah", "GLAGAH", d.SectorFoodBeverage, d.SizeMicro, 2021, false, 2},
	{"Camilan Maduran", "CV Camilan Maduran", "MADURAN", d.SectorFoodBeverage, d.SizeSmall, 2014, true, 3},
	{"Langkah Babat", "CV Langkah Babat", "BABAT", d.SectorFootwear, d.SizeSmall, 2010, true, 3},
	{"Sepatu Sugio", "UD Sepatu Sugio", "SUGIO", d.SectorFootwear, d.SizeMicro, 2016, false, 2},
	{"Kulit Kedungpring", "CV Kulit Kedungpring", "KEDUNGPRING", d.SectorFootwear, d.SizeSmall, 2009, true, 3},
	{"Sandal Tikung", "UD Sandal Tikung", "TIKUNG", d.SectorFootwear, d.SizeMicro, 2018, false, 2},
	{"Jejak Nusantara Footwear", "PT Jejak Nusantara Footwear", "BABAT", d.SectorFootwear, d.SizeMedium, 2005, true, 4},
	{"Plastik Tikung Makmur", "CV Plastik Tikung Makmur", "TIKUNG", d.SectorPlastics, d.SizeSmall, 2012, true, 3},
	{"Karung Sarirejo", "UD Karung Sarirejo", "SARIREJO", d.SectorPlastics, d.SizeSmall, 2015, false, 2},
	{"Polimer Mantup", "PT Polimer Mantup", "MANTUP", d.SectorPlastics, d.SizeMedium, 2006, true, 4},
	{"Melamin Kembangbahu", "CV Melamin Kembangbahu", "KEMBANGBAHU", d.SectorPlastics, d.SizeSmall, 2013, true, 2},
	{"Kursi Plastik Sekaran", "UD Kursi Plastik Sekaran", "SEKARAN", d.SectorPlastics, d.SizeMicro, 2019, false, 2},
	{"Jati Ngimbang", "CV Jati Ngimbang", "NGIMBANG", d.SectorForestProducts, d.SizeSmall, 2004, true, 2},
	{"Kayu Sambeng Lestari", "PT Kayu Sambeng Lestari", "SAMBENG", d.SectorForestProducts, d.SizeMedium, 2000, true, 3},
	{"Venir Bluluk", "UD Venir Bluluk", "BLULUK", d.SectorForestProducts, d.SizeSmall, 2011, false, 2},
	{"Moulding Modo", "CV Moulding Modo", "MODO", d.SectorForestProducts, d.SizeSmall, 2014, true, 2},
	{"Mebel Sukorame", "CV Mebel Sukorame", "SUKORAME", d.SectorFurniture, d.SizeSmall, 2008, true, 2},
	{"Jati Laren Furniture", "UD Jati Laren Furniture", "LAREN", d.SectorFurniture, d.SizeMicro, 2017, false, 2},
	{"Taman Kayu Mantup", "CV Taman Kayu Mantup", "MANTUP", d.SectorFurniture, d.SizeSmall, 2012, true, 2},
	{"Kerajinan Kayu Ngimbang", "UD Kerajinan Kayu Ngimbang", "NGIMBANG", d.SectorFurniture, d.SizeMicro, 2020, false, 1},
}

type buyerSpec struct {
	company, country, city string
	typ                    d.BuyerType
	verified               bool
}

var buyers = []buyerSpec{
	{"Siam Ocean Foods Co., Ltd.", "TH", "Bangkok", "IMPORTER", true},
	{"Laem Chabang Seafood Trading", "TH", "Chonburi", "DISTRIBUTOR", true},
	{"Samut Sakhon Cannery Public Co.", "TH", "Samut Sakhon", "PROCESSOR", true},
	{"Penang Marine Products Sdn Bhd", "MY", "George Town", "IMPORTER", true},
	{"Klang Valley Snacks Sdn Bhd", "MY", "Shah Alam", "DISTRIBUTOR", false},
	{"Lion City Seafood Pte Ltd", "SG", "Singapore", "DISTRIBUTOR", true},
	{"Saigon Frozen Foods JSC", "VN", "Ho Chi Minh City", "PROCESSOR", true},
	{"Tsukiji Marine Trading K.K.", "JP", "Tokyo", "IMPORTER", true},
	{"Osaka Surimi Industries", "JP", "Osaka", "PROCESSOR", true},
	{"Qingdao Ocean Harvest Co.", "CN", "Qingdao", "PROCESSOR", true},
	{"Guangzhou Footwear Sourcing Ltd", "CN", "Guangzhou", "DISTRIBUTOR", false},
	{"Busan Fisheries Trading Co.", "KR", "Busan", "IMPORTER", true},
	{"Atlantic Crab Company", "US", "Baltimore", "IMPORTER", true},
	{"Pacific Coast Seafood LLC", "US", "Los Angeles", "DISTRIBUTOR", true},
	{"Rotterdam Fish Import B.V.", "NL", "Rotterdam", "IMPORTER", true},
	{"Hamburger Holzhandel GmbH", "DE", "Hamburg", "IMPORTER", true},
	{"Berlin Schuh Vertrieb GmbH", "DE", "Berlin", "RETAILER", false},
	{"Jeddah Halal Foods Co.", "SA", "Jeddah", "IMPORTER", true},
	{"Dubai Gulf Trading LLC", "AE", "Dubai", "DISTRIBUTOR", true},
	{"Sydney Seafood Wholesalers Pty Ltd", "AU", "Sydney", "DISTRIBUTOR", true},
	{"Melbourne Outdoor Living Pty Ltd", "AU", "Melbourne", "RETAILER", false},
	{"London Garden Furniture Ltd", "GB", "London", "RETAILER", true},
}

type ruleSpec struct {
	dest, chapter, prefix string
	certs                 []d.CertificationType
	docs                  []string
	origin, notes, source string
}

var fishDocs = []string{"Health certificate (fish quarantine)", "Certificate of origin", "Commercial invoice", "Packing list", "Bill of lading"}

var rules = []ruleSpec{
	{"ALL", "03", "", []d.CertificationType{d.CertHealth}, fishDocs, "", "Every consignment of fishery products leaves Indonesia with a health certificate from the fish quarantine and quality authority.", "Indonesian fish quarantine regulations"},
	{"ALL", "16", "", []d.CertificationType{d.CertHealth}, fishDocs, "", "Prepared fish and crustaceans need the same health certificate as fresh and frozen fish.", "Indonesian fish quarantine regulations"},
	{"ASEAN", "03", "", []d.CertificationType{d.CertHACCP}, nil, "Form D (ATIGA)", "ASEAN importers require a HACCP-certified plant; Form D gives the ATIGA zero tariff.", "ATIGA; national food safety rules"},
	{"ASEAN", "16", "", []d.CertificationType{d.CertHACCP}, nil, "Form D (ATIGA)", "ASEAN importers require a HACCP-certified plant; Form D gives the ATIGA zero tariff.", "ATIGA; national food safety rules"},
	{"ASEAN", "19", "", nil, nil, "Form D (ATIGA)", "Form D gives the ATIGA tariff preference.", "ATIGA"},
	{"ASEAN", "64", "", nil, nil, "Form D (ATIGA)", "Form D gives the ATIGA tariff preference.", "ATIGA"},
	{"ASEAN", "39", "", nil, nil, "Form D (ATIGA)", "Form D gives the ATIGA tariff preference.", "ATIGA"},
	{"EU", "03", "", []d.CertificationType{d.CertEUApproval, d.CertCatch}, []string{"EU health certificate", "IUU catch certificate"}, "REX statement on origin (GSP)", "Only establishments on the EU list may ship; wild-caught fish needs a catch certificate.", "Regulation (EU) 2017/625; Regulation (EC) 1005/2008"},
	{"EU", "16", "", []d.CertificationType{d.CertEUApproval, d.CertCatch}, []string{"EU health certificate", "IUU catch certificate"}, "REX statement on origin (GSP)", "Only establishments on the EU list may ship; wild-caught fish needs a catch certificate.", "Regulation (EU) 2017/625; Regulation (EC) 1005/2008"},
	{"EU", "44", "", []d.CertificationType{d.CertSVLK, d.CertFLEGT}, []string{"FLEGT licence"}, "", "Indonesian timber enters the EU with a FLEGT licence issued under SVLK.", "EU FLEGT Regulation (EC) 2173/2005"},
	{"EU", "94", "940360", []d.CertificationType{d.CertSVLK, d.CertFLEGT}, []string{"FLEGT licence"}, "", "Wooden furniture enters the EU with a FLEGT licence issued under SVLK.", "EU FLEGT Regulation (EC) 2173/2005"},
	{"ALL", "44", "", []d.CertificationType{d.CertSVLK}, []string{"V-Legal document"}, "", "Indonesian timber exports require SVLK legality verification.", "Indonesian timber legality assurance system (SVLK)"},
	{"US", "03", "", []d.CertificationType{d.CertFDA, d.CertHACCP}, []string{"FDA prior notice"}, "", "The plant must be FDA-registered and run a seafood HACCP plan.", "21 CFR Part 123"},
	{"US", "16", "", []d.CertificationType{d.CertFDA, d.CertHACCP}, []string{"FDA prior notice"}, "", "The plant must be FDA-registered and run a seafood HACCP plan.", "21 CFR Part 123"},
	{"CN", "03", "", []d.CertificationType{d.CertGACC}, nil, "Form E (ACFTA)", "The plant must be registered with China's GACC; Form E gives the ACFTA preference.", "GACC Decree 248"},
	{"CN", "16", "", []d.CertificationType{d.CertGACC}, nil, "Form E (ACFTA)", "The plant must be registered with China's GACC; Form E gives the ACFTA preference.", "GACC Decree 248"},
	{"GCC", "03", "", []d.CertificationType{d.CertHalal}, []string{"Halal certificate"}, "", "GCC markets require halal certification from a recognised body.", "GSO 2055-1"},
	{"GCC", "16", "", []d.CertificationType{d.CertHalal}, []string{"Halal certificate"}, "", "GCC markets require halal certification from a recognised body.", "GSO 2055-1"},
	{"GCC", "19", "", []d.CertificationType{d.CertHalal}, []string{"Halal certificate"}, "", "GCC markets require halal certification from a recognised body.", "GSO 2055-1"},
	{"JP", "03", "", nil, nil, "IJEPA certificate of origin", "The IJEPA form gives Japan's preferential tariff.", "Indonesia–Japan EPA"},
	{"JP", "16", "", nil, nil, "IJEPA certificate of origin", "The IJEPA form gives Japan's preferential tariff.", "Indonesia–Japan EPA"},
	{"KR", "03", "", nil, nil, "Form AK (AKFTA)", "Form AK gives the ASEAN–Korea preference.", "AKFTA"},
	{"AU", "03", "", nil, nil, "AANZFTA certificate of origin", "The AANZFTA form gives Australia's preferential tariff.", "AANZFTA"},
}

var fxRates = map[string]string{
	"IDR": "16250", "THB": "36.4", "MYR": "4.48", "SGD": "1.34", "VND": "25400", "JPY": "151.2",
	"CNY": "7.21", "KRW": "1385", "EUR": "0.925", "GBP": "0.79", "SAR": "3.75", "AED": "3.6725", "AUD": "1.52",
}

// Load fills an empty database with the demo data in one transaction. On a
// database that already has producers it does nothing.
func Load(ctx context.Context, client *ent.Client, now time.Time) (Summary, error) {
	ctx = authz.System(ctx)
	var s Summary
	n, err := client.Producer.Query().Count(ctx)
	if err != nil {
		return s, err
	}
	if n > 0 {
		return Summary{Skipped: true}, nil
	}
	tx, err := client.Tx(ctx)
	if err != nil {
		return s, err
	}
	l := &loader{db: tx.Client(), now: now.UTC(), rnd: rand.New(rand.NewPCG(2024, 6)), s: &s} //nolint:gosec // G404: reproducible demo data, not a secret
	if err := l.load(ctx); err != nil {
		_ = tx.Rollback()
		return s, err
	}
	if err := analyze(ctx, tx); err != nil {
		_ = tx.Rollback()
		return s, err
	}
	return s, tx.Commit()
}

// analyze refreshes the planner's statistics of the catalog tables after a bulk
// load, so that a search starts from the terms index rather than from a wide
// index such as the product status (SQLite has no statistics until ANALYZE runs;
// PostgreSQL's autovacuum would gather them later).
func analyze(ctx context.Context, tx *ent.Tx) error {
	for _, t := range []string{"products", "product_terms", "producers"} {
		if _, err := tx.ExecContext(ctx, "ANALYZE "+t); err != nil {
			return fmt.Errorf("analyze %s: %w", t, err)
		}
	}
	return nil
}

type loader struct {
	db       *ent.Client
	now      time.Time
	rnd      *rand.Rand
	s        *Summary
	products map[int][]*ent.Product // by producer
	prods    []*ent.Producer
	byrs     []*ent.Buyer
}

func (l *loader) load(ctx context.Context) error {
	for _, step := range []func(context.Context) error{l.reference, l.producers, l.buyers, l.exports, l.buyRequests, l.fair} {
		if err := step(ctx); err != nil {
			return err
		}
	}
	return nil
}

func (l *loader) reference(ctx context.Context) error {
	for _, r := range rules {
		c := l.db.MarketRule.Create().SetDestination(r.dest).SetHsChapter(r.chapter).SetHsPrefix(r.prefix).
			SetRequiredCertifications(r.certs).SetDocuments(r.docs).SetOriginForm(r.origin).SetNotes(r.notes).SetSource(r.source)
		if err := c.Exec(ctx); err != nil {
			return fmt.Errorf("market rule %s/%s: %w", r.dest, r.chapter, err)
		}
		l.s.MarketRules++
	}
	for cur, rate := range fxRates {
		if err := l.db.FxRate.Create().SetCurrency(cur).SetUnitsPerUsd(money.MustParse(rate)).SetAsOf(l.now).Exec(ctx); err != nil {
			return err
		}
		l.s.FxRates++
	}
	return nil
}

func (l *loader) days(n int) time.Time { return l.now.AddDate(0, 0, n) }

// round keeps demo figures human: two significant decimals at most.
func round(f float64, step float64) float64 { return math.Max(step, math.Round(f/step)*step) }

func (l *loader) producers(ctx context.Context) error {
	l.products = map[int][]*ent.Product{}
	for i, spec := range producers {
		slug := strings.ToLower(strings.ReplaceAll(spec.name, " ", ""))
		c := l.db.Producer.Create().
			SetName(spec.name).SetLegalName(spec.legal).
			SetNib(fmt.Sprintf("%013d", 9120001000000+int64(i)*7919)).
			SetDistrict(spec.district).SetSector(spec.sector).SetSectors([]d.Sector{spec.sector}).
			SetSizeClass(spec.size).SetFoundedYear(spec.founded).
			SetDescription(fmt.Sprintf("%s from Kecamatan %s, Lamongan.", sectorBlurb[spec.sector], titleCase(string(spec.district)))).
			SetLanguages([]string{"id", "en"}).
			SetContactName(contactNames[i%len(contactNames)]).
			SetContactEmail("export@" + slug + ".example.id").
			SetContactPhone(fmt.Sprintf("+62 322 %03d %04d", 300+i, 1000+i*37)).
			SetAddress(fmt.Sprintf("Jl. Raya %s No. %d, Lamongan, Jawa Timur", titleCase(string(spec.district)), 3+i)).
			SetVerified(spec.verified)
		if spec.verified {
			c.SetVerifiedAt(l.days(-200 + i)).SetVerifiedBy("admin@demo.exportiva.test")
		}
		p, err := c.Save(ctx)
		if err != nil {
			return fmt.Errorf("producer %s: %w", spec.name, err)
		}
		l.prods = append(l.prods, p)
		l.s.Producers++
		if err := l.listProducts(ctx, i, p, spec); err != nil {
			return err
		}
		if err := l.certify(ctx, i, p, spec); err != nil {
			return err
		}
	}
	return nil
}

var sectorBlurb = map[d.Sector]string{
	d.SectorFishery:        "Fish processor and frozen seafood exporter",
	d.SectorFoodBeverage:   "Food maker (crackers, snacks and prepared fish)",
	d.SectorFootwear:       "Footwear workshop",
	d.SectorPlastics:       "Plastic goods manufacturer",
	d.SectorForestProducts: "Sawmill and wood processor",
	d.SectorFurniture:      "Wooden furniture maker",
}

var contactNames = []string{"Budi Santoso", "Siti Aminah", "Agus Salim", "Dewi Lestari", "Hadi Purnomo", "Nur Hidayah", "Slamet Riyadi", "Rina Wulandari", "Joko Susilo", "Endang Sri"}

func titleCase(s string) string {
	s = strings.ToLower(s)
	return strings.ToUpper(s[:1]) + s[1:]
}

// productLines names the templates (by index in the sector's list) that a fishery
// producer processes, so that names and products agree: Cakalang Nusantara sells
// skipjack, Rajungan Mas crab meat.
var productLines = map[string][]int{
	"Samudra Tengiri Brondong": {0, 1, 2, 3, 4, 5},
	"Mina Jaya Paciran":        {0, 4, 8, 11},
	"Bahari Lestari":           {2, 3, 5, 6, 9, 10, 0},
	"Rajungan Mas":             {7, 6},
	"Lautan Biru Solokuro":     {11, 4},
	"Nelayan Sejahtera":        {4, 0, 11},
	"Cakalang Nusantara":       {2, 5, 3, 10},
	"Tirta Samudra":            {6, 8, 4},
	"Sumber Laut Kranji":       {11, 0},
	"Ombak Utara":              {4, 2, 0},
	"Teluk Lamongan Seafood":   {0, 2, 6, 8, 5},
	"Mina Glagah":              {11, 4},
	"Kurisi Surimi Indo":       {9, 8, 2},
	"Karya Bahari Weru":        {0, 4, 3},
	"Udang Windu Karanggeneng": {6},
	"Bandeng Kalitengah":       {4, 11},
}

func (l *loader) listProducts(ctx context.Context, i int, p *ent.Producer, spec producerSpec) error {
	ts := templates[spec.sector]
	// The first producers carry the sector's lead products; others rotate through.
	start := 0
	if i > 0 {
		start = (i * 3) % len(ts)
	}
	sizeFactor := map[d.SizeClass]float64{d.SizeMicro: 0.35, d.SizeSmall: 0.6, d.SizeMedium: 1, d.SizeLarge: 1.6}[spec.size]
	lines := productLines[spec.name]
	count := min(spec.products+2, len(ts))
	if lines != nil {
		count = len(lines)
	}
	for k := 0; k < count; k++ {
		t := ts[(start+k)%len(ts)]
		if lines != nil {
			t = ts[lines[k]]
		}
		capacity := round((t.capMin+(t.capMax-t.capMin)*l.rnd.Float64())*sizeFactor, stepFor(t.capUnit))
		if i == 0 && k == 0 {
			capacity = 10 // 10 t of tengiri a month
		}
		lo := round(t.priceMin+(t.priceMax-t.priceMin)*0.3*l.rnd.Float64(), 0.05)
		hi := round(lo+(t.priceMax-t.priceMin)*0.5, 0.05)
		status := d.ProductActive
		if l.rnd.IntN(12) == 0 && i > 1 {
			status = d.ProductPaused
		}
		c := l.db.Product.Create().
			SetProducerID(p.ID).
			SetSku(fmt.Sprintf("%s-%02d", strings.ToUpper(string(spec.district))[:3], k+1)).
			SetNameIndonesian(t.nameID).SetNameEnglish(t.nameEN).
			SetDescriptionEnglish(t.descEN).
			SetHsCode(t.hs).SetForm(t.form).SetUnit(t.unit).
			SetCapacityAmount(capacity).SetCapacityUnit(t.capUnit).SetCapacityPeriod(d.PerMonth).
			SetPriceMin(money.MustParse(fmt.Sprintf("%.2f", lo))).SetPriceMax(money.MustParse(fmt.Sprintf("%.2f", hi))).
			SetPriceCurrency("USD").SetIncoterm(t.incoterm).
			SetLeadTimeDays(t.lead + l.rnd.IntN(8)).
			SetPackaging(t.packaging).SetStatus(status)
		if t.species != "" {
			c.SetSpecies(t.species)
		}
		if t.material != "" {
			c.SetMaterial(t.material)
		}
		if t.moq > 0 {
			c.SetMoq(round(t.moq*sizeFactor, stepFor(t.unit)))
		}
		if t.shelf > 0 {
			c.SetShelfLifeDays(t.shelf)
		}
		if t.packSize > 0 {
			c.SetPackSize(t.packSize).SetPackUnit(t.packUnit)
		}
		if t.load20 > 0 {
			c.SetContainerLoad20ft(t.load20).SetContainerLoad40ft(t.load40).SetContainerLoadUnit(t.loadUnit)
		}
		if spec.sector == d.SectorFishery && l.rnd.IntN(6) == 0 {
			c.SetExcludedCountries([]string{"CN"})
		}
		prod, err := c.Save(ctx)
		if err != nil {
			return fmt.Errorf("product %s of %s: %w", t.nameEN, spec.name, err)
		}
		l.products[p.ID] = append(l.products[p.ID], prod)
		l.s.Products++
	}
	return nil
}

func stepFor(u d.Unit) float64 {
	switch u {
	case d.UnitTonne, d.UnitCubicMetre:
		return 0.5
	case d.UnitKG, d.UnitLB:
		return 50
	}
	return 100
}

func (l *loader) certify(ctx context.Context, i int, p *ent.Producer, spec producerSpec) error {
	type cert struct {
		t      d.CertificationType
		issuer string
		odds   int // held by 1 in odds producers of the sector (1 = all)
	}
	var list []cert
	switch spec.sector {
	case d.SectorFishery:
		list = []cert{{d.CertHealth, "Badan Karantina Indonesia", 1}, {d.CertHACCP, "Kementerian Kelautan dan Perikanan", 1},
			{d.CertSKP, "Kementerian Kelautan dan Perikanan", 1}, {d.CertHalal, "BPJPH", 2}, {d.CertEUApproval, "DG SANTE listing via KKP", 3},
			{d.CertCatch, "Kementerian Kelautan dan Perikanan", 3}, {d.CertFDA, "US FDA", 3}, {d.CertGACC, "GACC", 3}, {d.CertBRCGS, "SGS", 5}}
	case d.SectorFoodBeverage:
		list = []cert{{d.CertHalal, "BPJPH", 1}, {d.CertHACCP, "Sucofindo", 2}, {d.CertSNI, "BSN", 2}, {d.CertHealth, "Badan Karantina Indonesia", 2}}
	case d.SectorFootwear, d.SectorPlastics:
		list = []cert{{d.CertISO9001, "TÜV Rheinland", 2}, {d.CertSNI, "BSN", 3}}
	case d.SectorForestProducts, d.SectorFurniture:
		list = []cert{{d.CertSVLK, "LVLK Mutuagung Lestari", 1}, {d.CertFLEGT, "Kementerian Lingkungan Hidup dan Kehutanan", 2}}
	}
	for k, c := range list {
		if c.odds > 1 && (i+k)%c.odds != 0 && i != 0 {
			continue
		}
		from := l.days(-400 - l.rnd.IntN(300))
		until := l.days(200 + l.rnd.IntN(500))
		// A few certificates have lapsed: they count for nothing.
		if i != 0 && l.rnd.IntN(9) == 0 {
			until = l.days(-10 - l.rnd.IntN(120))
		}
		err := l.db.Certification.Create().SetProducerID(p.ID).SetType(c.t).SetIssuer(c.issuer).
			SetNumber(fmt.Sprintf("%s/%d/%04d", c.t, 2023+l.rnd.IntN(3), 100+i*13+k)).
			SetValidFrom(from).SetValidUntil(until).Exec(ctx)
		if err != nil {
			return err
		}
		l.s.Certifications++
	}
	return nil
}

func (l *loader) buyers(ctx context.Context) error {
	for i, b := range buyers {
		slug := strings.ToLower(strings.Fields(b.company)[0])
		nb, err := l.db.Buyer.Create().SetCompany(b.company).SetCountry(b.country).SetCity(b.city).SetType(b.typ).
			SetVerified(b.verified).SetContactName(fmt.Sprintf("Purchasing desk %d", i+1)).
			SetContactEmail("purchasing@" + slug + ".example.com").
			SetDescription("Buys from Indonesian producers.").Save(ctx)
		if err != nil {
			return fmt.Errorf("buyer %s: %w", b.company, err)
		}
		l.byrs = append(l.byrs, nb)
		l.s.Buyers++
	}
	return nil
}

// exports records past shipments: the June 2024 wave to Thailand, then a history
// spread over destinations that fit each sector.
func (l *loader) exports(ctx context.Context) error {
	june := time.Date(2024, 6, 18, 0, 0, 0, 0, time.UTC)
	flagship := l.prods[0]
	record := func(p *ent.Producer, prod *ent.Product, dest, port, hs string, kg float64, usd float64, at time.Time) error {
		c := l.db.ExportRecord.Create().SetProducerID(p.ID).SetDestinationCountry(dest).SetHsCode(hs).
			SetQuantityKg(kg).SetValue(money.MustParse(fmt.Sprintf("%.2f", usd))).SetCurrency("USD").SetShippedOn(at)
		if prod != nil {
			c.SetProductID(prod.ID)
		}
		if port != "" {
			c.SetDestinationPort(port)
		}
		if err := c.Exec(ctx); err != nil {
			return err
		}
		l.s.ExportRecords++
		return nil
	}
	// First export wave, June 2024: 8 t of tengiri and tuna to Thailand.
	if err := record(flagship, l.products[flagship.ID][0], "TH", "THLCH", "030359", 5000, 17750, june); err != nil {
		return err
	}
	if err := record(flagship, l.products[flagship.ID][2], "TH", "THLCH", "030343", 3000, 5400, june.AddDate(0, 0, 2)); err != nil {
		return err
	}
	dests := map[d.Sector][]string{
		d.SectorFishery:        {"TH", "TH", "MY", "VN", "CN", "JP", "US", "SA", "NL", "KR", "SG"},
		d.SectorFoodBeverage:   {"MY", "SG", "SA", "AE", "NL", "AU"},
		d.SectorFootwear:       {"MY", "DE", "AE", "JP"},
		d.SectorPlastics:       {"MY", "AU", "SG", "AE"},
		d.SectorForestProducts: {"DE", "NL", "JP", "CN"},
		d.SectorFurniture:      {"GB", "AU", "NL", "US"},
	}
	for i, p := range l.prods {
		prods := l.products[p.ID]
		if len(prods) == 0 || producers[i].size == d.SizeMicro && i%2 == 1 {
			continue
		}
		shipments := 2 + l.rnd.IntN(4)
		for k := 0; k < shipments; k++ {
			prod := prods[l.rnd.IntN(len(prods))]
			ds := dests[producers[i].sector]
			dest := ds[l.rnd.IntN(len(ds))]
			at := time.Date(2022+l.rnd.IntN(4), time.Month(1+l.rnd.IntN(12)), 1+l.rnd.IntN(28), 0, 0, 0, 0, time.UTC)
			if at.After(l.now) {
				at = l.now.AddDate(0, -2, 0)
			}
			kg := round(2000+l.rnd.Float64()*14000, 50)
			usd := kg * (1.5 + l.rnd.Float64()*5)
			if err := record(p, prod, dest, "", prod.HsCode, kg, usd, at); err != nil {
				return err
			}
		}
	}
	return nil
}

func (l *loader) buyRequests(ctx context.Context) error {
	type req struct {
		buyer          int
		title, query   string
		hs             []string
		amount         float64
		unit           d.Unit
		per            d.Period
		country, port  string
		incoterm       d.Incoterm
		maxPrice       string
		certifications []d.CertificationType
	}
	reqs := []req{
		{0, "Frozen tengiri and tuna for Bangkok", "frozen tengiri or tuna", []string{"0303"}, 8, d.UnitTonne, d.PerMonth, "TH", "THLCH", "CFR", "5.00", nil},
		{1, "Skipjack for canning, monthly", "cakalang skipjack", []string{"030343"}, 40, d.UnitTonne, d.PerMonth, "TH", "THLCH", "CFR", "2.20", nil},
		{2, "Tuna loins for Samut Sakhon plant", "tuna loins", []string{"030487"}, 12, d.UnitTonne, d.PerMonth, "TH", "THBKK", "CFR", "", nil},
		{3, "Frozen squid, Penang", "cumi squid", []string{"030743"}, 4, d.UnitTonne, d.PerMonth, "MY", "MYPEN", "CFR", "", nil},
		{4, "Fish and prawn crackers", "kerupuk crackers", []string{"1905"}, 3, d.UnitTonne, d.PerMonth, "MY", "MYPKG", "FOB", "", []d.CertificationType{d.CertHalal}},
		{6, "Vannamei shrimp for Saigon", "udang shrimp", []string{"030617"}, 6, d.UnitTonne, d.PerMonth, "VN", "VNSGN", "CFR", "", nil},
		{8, "Threadfin bream surimi", "surimi", []string{"0304"}, 20, d.UnitTonne, d.PerMonth, "JP", "JPOSA", "CFR", "", nil},
		{12, "Blue swimming crab meat, jumbo lump", "rajungan crab meat", []string{"160510"}, 4000, d.UnitLB, d.PerMonth, "US", "USBAL", "CIF", "18.00", nil},
		{14, "Frozen yellowfin tuna for Rotterdam", "yellowfin tuna", []string{"030342"}, 5, d.UnitTonne, d.PerMonth, "NL", "NLRTM", "CFR", "", nil},
		{15, "Teak sawn timber, kiln dried", "teak sawn wood", []string{"4407"}, 40, d.UnitCubicMetre, d.PerMonth, "DE", "DEHAM", "FOB", "", nil},
		{16, "Men's leather shoes, private label", "sepatu kulit leather shoes", []string{"6403"}, 3000, d.UnitPair, d.PerMonth, "DE", "DEHAM", "FOB", "", nil},
		{17, "Canned tuna, halal, for Jeddah", "canned tuna", []string{"160414"}, 2, d.UnitContainer20, d.PerMonth, "SA", "SAJED", "CFR", "", nil},
		{18, "Rubber flip-flops", "sandal", []string{"640299"}, 20000, d.UnitPair, d.PerMonth, "AE", "AEJEA", "FOB", "1.50", nil},
		{19, "Frozen seerfish steaks", "tengiri steak", []string{"030359"}, 2, d.UnitTonne, d.PerMonth, "AU", "AUSYD", "CFR", "", nil},
		{20, "Teak garden furniture", "garden furniture", []string{"940360"}, 400, d.UnitPiece, d.PerMonth, "AU", "AUMEL", "FOB", "", nil},
		{21, "Teak dining chairs", "dining chairs", []string{"940360"}, 600, d.UnitPiece, d.PerShipment, "GB", "GBFXT", "FOB", "", nil},
	}
	for i, r := range reqs {
		c := l.db.BuyRequest.Create().SetBuyerID(l.byrs[r.buyer].ID).SetTitle(r.title).SetQuery(r.query).SetHsCodes(r.hs).
			SetQuantityAmount(r.amount).SetQuantityUnit(r.unit).SetQuantityPer(r.per).
			SetDestinationCountry(r.country).SetDestinationPort(r.port).SetIncoterm(r.incoterm).
			SetRequiredCertifications(r.certifications).
			SetValidUntil(l.days(30 + 5*i))
		if r.maxPrice != "" {
			c.SetMaxPriceAmount(money.MustParse(r.maxPrice)).SetMaxPriceCurrency("USD")
		}
		if r.per == d.PerShipment {
			c.SetDeliverBy(l.days(75))
		}
		if err := c.Exec(ctx); err != nil {
			return fmt.Errorf("buy request %q: %w", r.title, err)
		}
		l.s.BuyRequests++
	}
	return nil
}
