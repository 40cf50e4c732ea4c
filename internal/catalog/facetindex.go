package catalog

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"math/big"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"entgo.io/ent/dialect/sql"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/certification"
	"github.com/exportiva/exportiva/ent/exportrecord"
	"github.com/exportiva/exportiva/ent/producer"
	"github.com/exportiva/exportiva/ent/product"
	"github.com/exportiva/exportiva/internal/apperr"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/fx"
	"github.com/exportiva/exportiva/internal/i18n"
	"github.com/exportiva/exportiva/internal/money"
	"github.com/exportiva/exportiva/internal/units"
	"github.com/exportiva/exportiva/internal/validate"
)

// FacetIndex answers the facets of a filter from memory: the filter runs in
// SQL as one statement that reads only the ids of its products (with the
// viewer's privacy, so counts never include what the viewer cannot see), and
// every facet is counted over those ids from a table of what the facets read
// of each product — its chapter, heading, form, capacity and price per kg in
// US dollars, its producer's district, verification, certificates (with their
// validity, judged on the request's day) and destinations shipped to. Nine
// GROUP BYs over a fifth of the catalog (each re-reading the filtered rows,
// three through joins) become one index read and a pass in Go.
//
// The table holds every product whatever its status or visibility (the ids
// decide what is counted). It is rebuilt, on the first request after, when a
// write to the catalog makes it stale (Invalidate: the changes hooks here and
// the event bus from other replicas, as for autocompletion) or after the TTL (a
// bound for writes no replica saw). A filter that returns an id the table lacks
// (a product written since the build, not yet seen) is counted in SQL instead.
// About 40 bytes per product and 100 per producer: some 5 MB at 100,000
// products.
type FacetIndex struct {
	ttl   time.Duration
	gen   atomic.Uint64
	mu    sync.Mutex
	table atomic.Pointer[facetTable]
}

// NewFacetIndex returns an index that rebuilds after ttl even without a
// change it was told of (ttl ≤ 0: only on changes).
func NewFacetIndex(ttl time.Duration) *FacetIndex { return &FacetIndex{ttl: ttl} }

// Invalidate makes the next request rebuild the table.
func (x *FacetIndex) Invalidate() {
	if x != nil {
		x.gen.Add(1)
	}
}

// Facets answers as FacetsOf does (the same counts, labels and where inputs),
// from the index; a nil index counts in SQL.
func (x *FacetIndex) Facets(ctx context.Context, db *ent.Client, p Params, currency string, now time.Time, lang i18n.Lang) (*Facets, error) {
	if x == nil {
		return FacetsOf(ctx, db, p, currency, now, lang)
	}
	if err := validate.Currency(currency); err != nil {
		return nil, apperr.BadInput([]string{"currency"}, "%v", err)
	}
	prep, err := Prepare(ctx, db, Params{Search: p.Search, Filter: p.Filter, Where: p.Where})
	if err != nil {
		return nil, err
	}
	rates, err := fx.Load(ctx, db)
	if err != nil {
		return nil, err
	}
	if _, err := rates.ConvertRat(big.NewRat(1, 1), "USD", currency); err != nil {
		return nil, apperr.BadInput([]string{"currency"}, "no exchange rate for %s", currency)
	}
	base, err := prep.Query(db)
	if err != nil {
		return nil, err
	}
	t, err := x.current(ctx, db)
	if err != nil {
		return nil, err
	}
	ids, err := base.Clone().IDs(ctx)
	if err != nil {
		return nil, err
	}
	c, ok := t.counter(ids, now)
	if !ok {
		// A product newer than the table: count this filter in SQL.
		return facetsWith(&sqlCounter{ctx: ctx, base: base}, rates, currency, now, lang)
	}
	return facetsWith(c, rates, currency, now, lang)
}

func (x *FacetIndex) current(ctx context.Context, db *ent.Client) (*facetTable, error) {
	fresh := func(t *facetTable) bool {
		return t != nil && t.gen == x.gen.Load() && (x.ttl <= 0 || time.Since(t.built) < x.ttl)
	}
	if t := x.table.Load(); fresh(t) {
		return t, nil
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	if t := x.table.Load(); fresh(t) {
		return t, nil
	}
	gen := x.gen.Load()
	t, err := buildFacetTable(authz.System(ctx), db)
	if err != nil {
		return nil, err
	}
	t.gen = gen
	x.table.Store(t)
	return t, nil
}

// codes interns the values of one facet: a small number per value, 0 for ""
// (a value no facet lists). A facet has at most some thousands of values (HS
// headings); past 65,535 a value would count as "".
type codes struct {
	index  map[string]uint16
	values []string
}

func (c *codes) code(v string) uint16 {
	if c.index == nil {
		c.index, c.values = map[string]uint16{"": 0}, []string{""}
	}
	if n, ok := c.index[v]; ok {
		return n
	}
	n := len(c.values)
	if n > math.MaxUint16 {
		return 0
	}
	c.index[v] = uint16(n)
	c.values = append(c.values, v)
	return uint16(n)
}

// facetRow is what the facets read of one product.
type facetRow struct {
	producer int32   // index in facetTable.producers
	chapter  uint16  // in facetTable.chapters
	heading  uint16  // in facetTable.headings
	form     uint16  // in facetTable.forms
	currency uint16  // in facetTable.currencies; 0 ("") when not priced by mass
	capKg    float64 // capacity a month in kg; -1 when not a mass
	priceUSD float64 // lowest price per kg in US dollars; -1 when not priced by mass or no rate
}

type certWindow struct {
	typ         uint16 // in facetTable.certTypes
	from, until time.Time
}

type producerFacts struct {
	district     uint16
	verified     bool
	certificates []certWindow // firm-wide ones
	destinations []uint16     // distinct, in facetTable.countries
}

type facetTable struct {
	gen   uint64
	built time.Time
	rows  []facetRow
	pos   map[int]int32 // product id → row
	// productCerts are the certificates of single products.
	productCerts                                                           map[int32][]certWindow
	producers                                                              []producerFacts
	chapters, headings, forms, currencies, districts, certTypes, countries codes
}

// buildFacetTable reads the table: products, producers, certificates and
// export records, one statement each (rates: a fifth).
func buildFacetTable(ctx context.Context, db *ent.Client) (*facetTable, error) {
	t := &facetTable{built: time.Now(), productCerts: map[int32][]certWindow{}}
	rates, err := fx.Load(ctx, db)
	if err != nil {
		return nil, err
	}
	var producers []struct {
		ID       int    `json:"id"`
		District string `json:"district"`
		Verified bool   `json:"verified"`
	}
	if err := db.Producer.Query().Select(producer.FieldID, producer.FieldDistrict, producer.FieldVerified).Scan(ctx, &producers); err != nil {
		return nil, err
	}
	byProducer := make(map[int]int32, len(producers))
	t.producers = make([]producerFacts, len(producers))
	for i, p := range producers {
		byProducer[p.ID] = int32(i)
		t.producers[i] = producerFacts{district: t.districts.code(p.District), verified: p.Verified}
	}
	var products []struct {
		ID          int      `json:"id"`
		ProducerID  int      `json:"producer_id"`
		Chapter     string   `json:"hs_chapter"`
		HsCode      string   `json:"hs_code"`
		Form        string   `json:"form"`
		CapDim      string   `json:"capacity_dimension"`
		CapMonthly  float64  `json:"capacity_monthly"`
		PriceDim    *string  `json:"price_dimension"`
		PricePer    *float64 `json:"price_per_base"`
		PriceCurncy *string  `json:"price_currency"`
	}
	if err := db.Product.Query().Select(product.FieldID, product.FieldProducerID, product.FieldHsChapter, product.FieldHsCode, product.FieldForm,
		product.FieldCapacityDimension, product.FieldCapacityMonthly, product.FieldPriceDimension, product.FieldPricePerBase,
		product.FieldPriceCurrency).Scan(ctx, &products); err != nil {
		return nil, err
	}
	if len(products) > math.MaxInt32 {
		return nil, fmt.Errorf("catalog: %d products are too many for the facet index", len(products))
	}
	t.rows = make([]facetRow, 0, len(products))
	t.pos = make(map[int]int32, len(products))
	for _, p := range products {
		pi, ok := byProducer[p.ProducerID]
		if !ok {
			continue // a producer written since the read above: the request counts in SQL
		}
		heading := p.HsCode
		if len(heading) > 4 {
			heading = heading[:4]
		}
		r := facetRow{producer: pi, chapter: t.chapters.code(p.Chapter), heading: t.headings.code(heading),
			form: t.forms.code(p.Form), capKg: -1, priceUSD: -1}
		if p.CapDim == string(units.Mass) {
			r.capKg = p.CapMonthly
		}
		if p.PriceDim != nil && *p.PriceDim == string(units.Mass) && p.PriceCurncy != nil {
			r.currency = t.currencies.code(*p.PriceCurncy)
			if p.PricePer != nil {
				if upu := unitsPerUSD(rates, *p.PriceCurncy); upu > 0 {
					r.priceUSD = *p.PricePer * 10000.0 / upu // as pricePer computes it in SQL
				}
			}
		}
		t.pos[p.ID] = int32(len(t.rows)) //nolint:gosec // fewer than MaxInt32 rows, checked above
		t.rows = append(t.rows, r)
	}
	var certs []struct {
		ProducerID int       `json:"producer_id"`
		ProductID  *int      `json:"product_id"`
		Type       string    `json:"type"`
		From       time.Time `json:"valid_from"`
		Until      time.Time `json:"valid_until"`
	}
	if err := db.Certification.Query().Select(certification.FieldProducerID, certification.FieldProductID, certification.FieldType,
		certification.FieldValidFrom, certification.FieldValidUntil).Scan(ctx, &certs); err != nil {
		return nil, err
	}
	for _, c := range certs {
		w := certWindow{typ: t.certTypes.code(c.Type), from: c.From, until: c.Until}
		if c.ProductID != nil {
			if r, ok := t.pos[*c.ProductID]; ok {
				t.productCerts[r] = append(t.productCerts[r], w)
			}
			continue
		}
		if pi, ok := byProducer[c.ProducerID]; ok {
			t.producers[pi].certificates = append(t.producers[pi].certificates, w)
		}
	}
	var dests []struct {
		ProducerID int    `json:"producer_id"`
		Country    string `json:"destination_country"`
	}
	if err := db.ExportRecord.Query().Modify(func(s *sql.Selector) {
		s.Select(s.C(exportrecord.FieldProducerID), s.C(exportrecord.FieldDestinationCountry)).Distinct()
	}).Scan(ctx, &dests); err != nil {
		return nil, err
	}
	for _, d := range dests {
		if pi, ok := byProducer[d.ProducerID]; ok {
			t.producers[pi].destinations = append(t.producers[pi].destinations, t.countries.code(d.Country))
		}
	}
	return t, nil
}

// counter returns the counter of the products with the ids (duplicates
// counted once); false when the table lacks one of them.
func (t *facetTable) counter(ids []int, now time.Time) (*indexCounter, bool) {
	seen := make([]bool, len(t.rows))
	rows := make([]int32, 0, len(ids))
	for _, id := range ids {
		r, ok := t.pos[id]
		if !ok {
			return nil, false
		}
		if !seen[r] {
			seen[r] = true
			rows = append(rows, r)
		}
	}
	return &indexCounter{t: t, rows: rows, now: now}, true
}

// indexCounter counts the rows of a filter by a facet, in memory.
type indexCounter struct {
	t    *facetTable
	rows []int32
	now  time.Time
}

func (c *indexCounter) total() (int, error) { return len(c.rows), nil }

func (c *indexCounter) currencies() ([]string, error) {
	var seen []bool
	out := []string{}
	for _, r := range c.rows {
		cur := c.t.rows[r].currency
		if cur == 0 {
			continue
		}
		if seen == nil {
			seen = make([]bool, len(c.t.currencies.values))
		}
		if !seen[cur] {
			seen[cur] = true
			out = append(out, c.t.currencies.values[cur])
		}
	}
	return out, nil
}

// band numbers the band of x between edges as bandCase does ("" for none).
func band(x float64, edges []float64) string {
	if x < 0 {
		return ""
	}
	for i, e := range edges {
		if x < e {
			return fmt.Sprintf("%02d", i)
		}
	}
	return fmt.Sprintf("%02d", len(edges))
}

func (c *indexCounter) valid(w certWindow) bool {
	return !w.from.After(c.now) && !w.until.Before(c.now)
}

func (c *indexCounter) group(name string, _ func(s *sql.Selector) string, edges []float64) ([]row, bool, error) {
	t := c.t
	counts := map[string]int{}
	byCode := func(values []string, code func(r *facetRow) uint16) {
		n := make([]int, len(values))
		for _, r := range c.rows {
			n[code(&t.rows[r])]++
		}
		for i, k := range n {
			if k > 0 {
				counts[values[i]] += k
			}
		}
	}
	switch name {
	case facetChapter:
		byCode(t.chapters.values, func(r *facetRow) uint16 { return r.chapter })
	case facetHeading:
		byCode(t.headings.values, func(r *facetRow) uint16 { return r.heading })
	case facetForm:
		byCode(t.forms.values, func(r *facetRow) uint16 { return r.form })
	case facetDistrict:
		byCode(t.districts.values, func(r *facetRow) uint16 { return t.producers[r.producer].district })
	case facetVerified:
		for _, r := range c.rows {
			if t.producers[t.rows[r].producer].verified {
				counts["true"]++
			} else {
				counts["false"]++
			}
		}
	case facetCapacity:
		for _, r := range c.rows {
			counts[band(t.rows[r].capKg, edges)]++
		}
	case facetPrice:
		for _, r := range c.rows {
			counts[band(t.rows[r].priceUSD, edges)]++
		}
	case facetCertificate:
		n := make([]int, len(t.certTypes.values))
		var has []uint16
		for _, r := range c.rows {
			has = has[:0]
			for _, list := range [][]certWindow{t.producers[t.rows[r].producer].certificates, t.productCerts[r]} {
				for _, w := range list {
					if c.valid(w) && !slices.Contains(has, w.typ) {
						has = append(has, w.typ)
					}
				}
			}
			for _, k := range has {
				n[k]++
			}
		}
		for i, k := range n {
			if k > 0 {
				counts[t.certTypes.values[i]] = k
			}
		}
	case facetDestination:
		n := make([]int, len(t.countries.values))
		for _, r := range c.rows {
			for _, d := range t.producers[t.rows[r].producer].destinations {
				n[d]++
			}
		}
		for i, k := range n {
			if k > 0 {
				counts[t.countries.values[i]] = k
			}
		}
	default:
		return nil, false, fmt.Errorf("catalog: no facet %q in the index", name)
	}
	rows := make([]row, 0, len(counts))
	for v, n := range counts {
		rows = append(rows, row{Value: v, N: n})
	}
	slices.SortFunc(rows, func(a, b row) int {
		if a.N != b.N {
			return b.N - a.N
		}
		return cmp.Compare(a.Value, b.Value)
	})
	more := len(rows) > MaxFacetValues
	if more {
		rows = rows[:MaxFacetValues]
	}
	return rows, more, nil
}

var _ counter = (*indexCounter)(nil)

// unitsPerUSD is the FX table's figure for a currency (ten-thousandths of a
// unit per US dollar), 10000 for an absent USD, 0 for no rate.
func unitsPerUSD(rates money.Rates, currency string) float64 {
	if a, ok := rates[currency]; ok {
		return float64(a)
	}
	if currency == "USD" {
		return 10000
	}
	return 0
}
