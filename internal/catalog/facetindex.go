package catalog

import (
	"cmp"
	"context"
	stdsql "database/sql"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"entgo.io/ent/dialect/sql"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/certification"
	"github.com/exportiva/exportiva/ent/exportrecord"
	"github.com/exportiva/exportiva/ent/producer"
	"github.com/exportiva/exportiva/ent/product"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/fx"
	"github.com/exportiva/exportiva/internal/i18n"
	"github.com/exportiva/exportiva/internal/money"
	"github.com/exportiva/exportiva/internal/units"
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
	table rebuilt[*facetTable]
}

// NewFacetIndex returns an index that rebuilds after ttl even without a
// change it was told of (ttl ≤ 0: only on changes).
func NewFacetIndex(ttl time.Duration) *FacetIndex {
	x := &FacetIndex{}
	x.table.ttl = ttl
	return x
}

// Invalidate makes the next request rebuild the table.
func (x *FacetIndex) Invalidate() {
	if x != nil {
		x.table.invalidate()
	}
}

// Facets answers as FacetsOf does (the same counts, labels and where inputs),
// from the index; a nil index counts in SQL.
func (x *FacetIndex) Facets(ctx context.Context, db *ent.Client, p Params, currency string, now time.Time, lang i18n.Lang) (*Facets, error) {
	if x == nil {
		return FacetsOf(ctx, db, p, currency, now, lang)
	}
	base, rates, err := facetQuery(ctx, db, p, currency)
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
	return x.table.get(ctx, func(ctx context.Context) (*facetTable, error) { return buildFacetTable(authz.System(ctx), db) })
}

// codes interns the values of one facet: a small number per value, 0 for ""
// (a value no facet lists). A facet has at most some thousands of values (HS
// headings); past 65,535 a value would count as "".
type codes struct {
	index  map[string]uint16
	values []string
}

// codeBytes is code for a value read as raw bytes: the lookup copies
// nothing; a new value is copied once. NULL reads as "".
func (c *codes) codeBytes(b []byte) uint16 {
	if n, ok := c.index[string(b)]; ok {
		return n
	}
	return c.code(string(b))
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
	rows []facetRow
	pos  map[int]int32 // product id → row
	// productCerts are the certificates of single products.
	productCerts                                                           map[int32][]certWindow
	producers                                                              []producerFacts
	chapters, headings, forms, currencies, districts, certTypes, countries codes
}

// buildFacetTable reads the table: producers, products, certificates and
// export records, one statement each (and the FX table). It reads rows
// through the client's driver rather than into ent's entities: at 100,000 products ent's
// scan into structs allocated 6 million times and 200 MB per build; here the
// values a facet interns are read as raw bytes, looked up without a copy.
func buildFacetTable(ctx context.Context, db *ent.Client) (*facetTable, error) {
	t := &facetTable{productCerts: map[int32][]certWindow{}}
	rates, err := fx.Load(ctx, db)
	if err != nil {
		return nil, err
	}
	query := func(table string, cols ...string) (*sql.Rows, error) {
		rows := &sql.Rows{}
		// Constant names only: nothing is bound.
		if err := db.Driver().Query(ctx, "SELECT "+strings.Join(cols, ", ")+" FROM "+table, []any{}, rows); err != nil {
			return nil, err
		}
		return rows, nil
	}

	rows, err := query(producer.Table, producer.FieldID, producer.FieldDistrict, producer.FieldVerified)
	if err != nil {
		return nil, err
	}
	byProducer := map[int]int32{}
	// The scan targets live across rows (declared in the loop, each row would
	// allocate them again): raw bytes are valid until the next Next.
	var (
		id, producerID                          int
		district, typ, country                  stdsql.RawBytes
		chapter, hsCode, form, capDim, priceDim stdsql.RawBytes
		currency                                stdsql.RawBytes
		verified                                bool
		capMonthly                              float64
		pricePer                                stdsql.NullFloat64
		productID                               stdsql.NullInt64
		from, until                             time.Time
	)
	for rows.Next() {
		if err := rows.Scan(&id, &district, &verified); err != nil {
			_ = rows.Close() // the scan's error is the one to report
			return nil, err
		}
		byProducer[id] = int32(len(t.producers)) //nolint:gosec // fewer producers than products, checked below
		t.producers = append(t.producers, producerFacts{district: t.districts.codeBytes(district), verified: verified})
	}
	if err := closeRows(rows); err != nil {
		return nil, err
	}

	rows, err = query(product.Table, product.FieldID, product.FieldProducerID, product.FieldHsChapter, product.FieldHsCode,
		product.FieldForm, product.FieldCapacityDimension, product.FieldCapacityMonthly, product.FieldPriceDimension,
		product.FieldPricePerBase, product.FieldPriceCurrency)
	if err != nil {
		return nil, err
	}
	t.pos = make(map[int]int32, 4*len(t.producers)) // grows past it
	for rows.Next() {
		if err := rows.Scan(&id, &producerID, &chapter, &hsCode, &form, &capDim, &capMonthly, &priceDim, &pricePer, &currency); err != nil {
			_ = rows.Close() // the scan's error is the one to report
			return nil, err
		}
		pi, ok := byProducer[producerID]
		if !ok {
			continue // a producer written since the read above: the request counts in SQL
		}
		if len(t.rows) >= math.MaxInt32 {
			_ = rows.Close() // the scan's error is the one to report
			return nil, fmt.Errorf("catalog: too many products for the facet index")
		}
		heading := hsCode
		if len(heading) > 4 {
			heading = heading[:4]
		}
		r := facetRow{producer: pi, chapter: t.chapters.codeBytes(chapter), heading: t.headings.codeBytes(heading),
			form: t.forms.codeBytes(form), capKg: -1, priceUSD: -1}
		if string(capDim) == string(units.Mass) {
			r.capKg = capMonthly
		}
		if string(priceDim) == string(units.Mass) && currency != nil {
			r.currency = t.currencies.codeBytes(currency)
			if upu := unitsPerUSD(rates, t.currencies.values[r.currency]); pricePer.Valid && upu > 0 {
				r.priceUSD = pricePer.Float64 * 10000.0 / upu // as pricePer computes it in SQL
			}
		}
		t.pos[id] = int32(len(t.rows)) //nolint:gosec // fewer than MaxInt32 rows, checked above
		t.rows = append(t.rows, r)
	}
	if err := closeRows(rows); err != nil {
		return nil, err
	}

	rows, err = query(certification.Table, certification.FieldProducerID, certification.FieldProductID, certification.FieldType,
		certification.FieldValidFrom, certification.FieldValidUntil)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		if err := rows.Scan(&producerID, &productID, &typ, &from, &until); err != nil {
			_ = rows.Close() // the scan's error is the one to report
			return nil, err
		}
		w := certWindow{typ: t.certTypes.codeBytes(typ), from: from, until: until}
		if productID.Valid {
			if r, ok := t.pos[int(productID.Int64)]; ok {
				t.productCerts[r] = append(t.productCerts[r], w)
			}
			continue
		}
		if pi, ok := byProducer[producerID]; ok {
			t.producers[pi].certificates = append(t.producers[pi].certificates, w)
		}
	}
	if err := closeRows(rows); err != nil {
		return nil, err
	}

	rows, err = query(exportrecord.Table, exportrecord.FieldProducerID, exportrecord.FieldDestinationCountry)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		if err := rows.Scan(&producerID, &country); err != nil {
			_ = rows.Close() // the scan's error is the one to report
			return nil, err
		}
		if pi, ok := byProducer[producerID]; ok {
			c := t.countries.codeBytes(country)
			if !slices.Contains(t.producers[pi].destinations, c) {
				t.producers[pi].destinations = append(t.producers[pi].destinations, c)
			}
		}
	}
	return t, closeRows(rows)
}

// closeRows closes rows and reports the error that ended them, if any.
func closeRows(rows *sql.Rows) error {
	err := rows.Err()
	if cerr := rows.Close(); err == nil {
		err = cerr
	}
	return err
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
