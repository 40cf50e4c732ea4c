package match

import (
	"context"
	"math"
	"math/big"
	"slices"

	"entgo.io/ent/dialect/sql"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/exportrecord"
	"github.com/exportiva/exportiva/ent/predicate"
	"github.com/exportiva/exportiva/ent/producer"
	"github.com/exportiva/exportiva/ent/product"
	"github.com/exportiva/exportiva/internal/replyrate"
	"github.com/exportiva/exportiva/internal/units"
)

// TopKPage is how many matches the top-k engine ranks exactly before it
// stops: the first page of 20 and one more, so that hasNextPage is known.
// Anything beyond (a larger first, a later page, the totalCount) needs the
// whole list: the caller asks the compact engine for it (Outcome.Partial).
const TopKPage = 21

// topKBatch is the first batch of candidates the top-k engine judges
// exactly (read from the database); each next batch doubles, up to
// chunkIDs. indexStep is the batch of the indexed engine, whose candidates
// are in memory: the stop is checked that often.
const (
	topKBatch = 50
	indexStep = 8
)

// certPoints are the points of each kind of certificate held beyond those
// required, up to WeightCertificates.
const certPoints = 2.5

// boundMargin covers the rounding of the exact score (each criterion's
// points and their sum are rounded to 0.1) above the bound computed here.
const boundMargin = 1.0

// evaluated is every candidate judged: what Find goes on with.
type evaluated struct {
	all       []*Match
	f         *facts
	truncated bool
}

// boundRow is what the bound is computed from, per candidate: one statement
// whose correlated subqueries seek the primary key of producers and the
// (producer_id, hs_chapter, destination_country) index of export_records.
type boundRow struct {
	ID int `json:"id"`
	// pos is the row's item in the index's snapshot (the indexed engine).
	pos int32

	Capacity float64 `json:"capacity_monthly"`
	Lead     *int    `json:"lead_time_days"`
	Verified *bool   `json:"verified"`
	// The producer's stored response figures (RESPONSE_RATE).
	Received int `json:"response_received"`
	Replied  int `json:"response_replied"`
	ToHere   int `json:"to_here"`
	Chapter  int `json:"chapter"`
	// The lowest price: listed at all, and per base unit in its currency
	// when it converts (the product hook derives it).
	PriceMin  *int64   `json:"price_min"`
	PerBase   *float64 `json:"price_per_base"`
	PriceDim  *string  `json:"price_dimension"`
	PriceCurr *string  `json:"price_currency"`
	// certTypes, when certsKnown (the indexed engine), bounds the kinds of
	// certificate the product and its producer hold, valid or not, up to
	// the few that give the criterion its full points.
	certsKnown bool
	certTypes  int
}

// topK answers a sized need (one whose quantity has a fixed size, so the
// volume is known from the capacity alone) without judging every candidate:
//
//  1. The candidates are those the reference judges — the products the
//     predicates select, the MaxCandidates largest by monthly capacity —
//     read in one statement as narrow rows (id, capacity, lead time, the
//     producer's verification and two export counts), through the same
//     indexes and privacy as the reference.
//  2. Each gets an upper bound of its score (bound): the exact volume and
//     lead-time points, the verification and track-record points it can at
//     most earn (a hidden producer or export only lowers the exact score),
//     and the most price and certificate points.
//  3. They are judged exactly, best bound first, in growing batches (compact
//     rows and their producers' facts, as the compact engine reads them).
//     After a batch, when TopKPage matches are in hand and the last of them
//     is FULL with a score above the bound of every candidate not judged
//     yet, no such candidate can enter the first TopKPage: a FULL one
//     scores at most its bound, a PARTIAL one ranks after every FULL. The
//     scan stops there.
//
// Early, it returns the outcome of the first TopKPage matches (Partial):
// they, their order, fits, scores and criteria, truncated and the pools
// (none: one match is FULL) equal the reference's. When the scan ends with
// every candidate judged, it returns them and Find goes on as for the
// compact engine, so the outcome is complete.
func (p *prepared) topK(ctx context.Context, db *ent.Client, preds []predicate.Product) (*Outcome, *evaluated, error) {
	rows, err := boundRows(ctx, db, preds, p.Country)
	if err != nil {
		return nil, nil, err
	}
	ev := &evaluated{truncated: len(rows) > MaxCandidates}
	if ev.truncated {
		rows = rows[:MaxCandidates]
	}
	if ev.f, err = loadFacts(ctx, db, []string{p.Country}, nil); err != nil {
		return nil, nil, err
	}
	if err := p.checkCurrency(ev.f); err != nil {
		return nil, nil, err
	}
	return p.rankBounded(rows, ev.f, ev.truncated, 0, func(batch []boundRow) ([]*ent.Product, error) {
		ids := make([]int, 0, len(batch))
		for _, b := range batch {
			ids = append(ids, b.ID)
		}
		products, err := loadCompact(ctx, db, []predicate.Product{product.IDIn(ids...)}, len(ids))
		if err != nil {
			return nil, err
		}
		return products, ev.f.addProducers(ctx, db, products)
	})
}

// rankBounded judges the candidates' rows (at most MaxCandidates, in the
// reference's order) best bound first in growing batches, their compact rows
// from load with f holding their producers' facts, and stops once the first
// TopKPage can no longer change (topK).
func (p *prepared) rankBounded(rows []boundRow, f *facts, truncated bool, step int,
	load func([]boundRow) ([]*ent.Product, error)) (*Outcome, *evaluated, error) {
	ev := &evaluated{f: f, truncated: truncated}
	var need float64
	if _, n, ok := p.monthlyNeed(); ok {
		need = n
	}
	type bounded struct {
		row boundRow
		ub  float64
	}
	bounds := make([]bounded, 0, len(rows))
	for _, r := range rows {
		if ub, ok := p.bound(f, r, need); ok {
			bounds = append(bounds, bounded{r, ub})
		}
	}
	slices.SortFunc(bounds, func(a, b bounded) int {
		if a.ub != b.ub {
			if a.ub > b.ub {
				return -1
			}
			return 1
		}
		return a.row.ID - b.row.ID
	})
	batchRows := make([]boundRow, 0, chunkIDs)
	var found []*Match
	var best topScores
	batch := topKBatch
	if step > 0 {
		batch = step
	}
	for start := 0; start < len(bounds); {
		end := min(len(bounds), start+batch)
		batchRows = batchRows[:0]
		for _, b := range bounds[start:end] {
			batchRows = append(batchRows, b.row)
		}
		products, err := load(batchRows)
		if err != nil {
			return nil, nil, err
		}
		slices.SortFunc(products, func(a, b *ent.Product) int { return a.ID - b.ID })
		for _, prod := range products {
			m := p.evaluate(f, prod)
			if m.excluded {
				continue
			}
			ev.all = append(ev.all, m)
			if m.Fit == Full || p.IncludePartial && m.nearMiss() {
				found = append(found, m)
			}
			if m.Fit == Full {
				best.add(m.Score)
			}
		}
		start = end
		if step == 0 {
			batch = min(2*batch, chunkIDs)
		}
		// The first page can no longer change once TopKPage FULL matches
		// score above every bound left: FULL ranks before PARTIAL, and no
		// candidate left can score above its bound.
		if start < len(bounds) && best.full() && best.min() > bounds[start].ub {
			Rank(found)
			return &Outcome{Matches: slices.Clone(found[:TopKPage]), Truncated: truncated,
				explainer: &explainer{p: p}, partial: true}, nil, nil
		}
	}
	return nil, ev, nil
}

// topScores keeps the TopKPage highest scores of FULL matches seen, lowest
// first: the score the page's last FULL match has at least.
type topScores struct {
	s [TopKPage]float64
	n int
}

func (t *topScores) full() bool   { return t.n == TopKPage }
func (t *topScores) min() float64 { return t.s[0] }
func (t *topScores) add(x float64) {
	switch {
	case t.n < TopKPage:
		t.s[t.n] = x
		t.n++
	case x > t.s[0]:
		t.s[0] = x
	default:
		return
	}
	// One insertion step keeps the kept scores sorted.
	for i := 0; i+1 < t.n && t.s[i] > t.s[i+1]; i++ {
		t.s[i], t.s[i+1] = t.s[i+1], t.s[i]
	}
	for i := t.n - 1; i > 0 && t.s[i] < t.s[i-1]; i-- {
		t.s[i], t.s[i-1] = t.s[i-1], t.s[i]
	}
}

// boundRows reads the candidates' narrow rows, the largest MaxCandidates+1
// by monthly capacity (ties by id), as the reference selects them.
func boundRows(ctx context.Context, db *ent.Client, preds []predicate.Product, country string) ([]boundRow, error) {
	var rows []boundRow
	err := db.Product.Query().Where(preds...).
		Order(product.ByCapacityMonthly(sql.OrderDesc()), product.ByID()).Limit(MaxCandidates+1).
		Modify(func(s *sql.Selector) {
			owner, chapter := s.C(product.FieldProducerID), s.C(product.FieldHsChapter)
			s.Select(s.C(product.FieldID), s.C(product.FieldCapacityMonthly), s.C(product.FieldLeadTimeDays),
				s.C(product.FieldPriceMin), s.C(product.FieldPricePerBase), s.C(product.FieldPriceDimension), s.C(product.FieldPriceCurrency))
			s.AppendSelectExprAs(sql.ExprFunc(func(b *sql.Builder) {
				b.WriteString("(SELECT " + producer.FieldVerified + " FROM " + producer.Table +
					" WHERE " + producer.Table + "." + producer.FieldID + " = " + owner + ")")
			}), "verified")
			for _, col := range []string{producer.FieldResponseReceived, producer.FieldResponseReplied} {
				s.AppendSelectExprAs(sql.ExprFunc(func(b *sql.Builder) {
					b.WriteString("(SELECT " + col + " FROM " + producer.Table +
						" WHERE " + producer.Table + "." + producer.FieldID + " = " + owner + ")")
				}), col)
			}
			exports := "SELECT COUNT(*) FROM " + exportrecord.Table + " x WHERE x." + exportrecord.FieldProducerID + " = " + owner +
				" AND x." + exportrecord.FieldHsChapter + " = " + chapter
			s.AppendSelectExprAs(sql.ExprFunc(func(b *sql.Builder) {
				b.WriteString("(" + exports + " AND x." + exportrecord.FieldDestinationCountry + " = ")
				b.Arg(country)
				b.WriteString(")")
			}), "to_here")
			s.AppendSelectExprAs(sql.ExprFunc(func(b *sql.Builder) {
				b.WriteString("(" + exports + ")")
			}), "chapter")
		}).Scan(ctx, &rows)
	return rows, err
}

// bound is the most a candidate can score (the exact score is at most it):
// volume and lead time exactly as evaluate computes them from the row, the
// verification if the producer is verified, its response points as evaluate
// computes them from the stored figures, the track record its export
// counts allow (to the country: as evaluate; elsewhere in the chapter: 12,
// the most of region and elsewhere), the price points of its price per base
// unit (with 1 % in its favour; 15 with a maximum and no comparable price,
// 7.5 without a maximum for a listed price), the most of extra certificates
// (10), plus boundMargin.
//
// ok is false for a candidate that can be neither shown nor pooled: one that
// fails a blocking criterion other than volume beyond a near miss (a lead
// time longer than the days to deliverBy, a price more than 15 % above the
// maximum, both with a day or 1 % to spare), or only by a near miss when near
// misses are not asked for (an unknown lead time with deliverBy). evaluate
// would judge it so; leaving it unjudged changes neither the matches nor the
// pools, which take only candidates that pass every criterion but volume.
func (p *prepared) bound(f *facts, r boundRow, need float64) (float64, bool) {
	// Both monthly: a one-off order's need is already spread over the
	// months until its delivery date (monthlyNeed).
	supply := r.Capacity
	ub := WeightCertificates + boundMargin
	if r.certsKnown {
		ub = math.Min(WeightCertificates, certPoints*float64(r.certTypes)) + boundMargin
	}
	if r.Received >= replyrate.MinSample {
		ub += WeightResponse * float64(r.Replied) / float64(r.Received)
	}
	switch h := supply / need; {
	case h >= 2:
		ub += WeightVolume
	case h >= 1:
		ub += WeightVolume/2 + WeightVolume/2*(h-1)
	default:
		ub += WeightVolume / 2 * math.Max(h, 0)
	}
	switch {
	case r.ToHere > 0:
		ub += math.Min(WeightTrackRecord, 15+2.5*float64(r.ToHere))
	case r.Chapter > 0:
		ub += 12
	}
	if r.Verified != nil && *r.Verified {
		ub += WeightVerification
	}
	price, known := p.basePrice(f, r)
	switch {
	case p.MaxPrice == nil && r.PriceMin != nil:
		ub += WeightPrice / 2
	case p.MaxPrice == nil:
	case known:
		limit := p.MaxPrice.Amount.Float()
		if price*0.99 > limit*nearPrice {
			return 0, false
		}
		ub += WeightPrice * math.Max(0, math.Min(1, 1.5-price*0.99/limit))
	default:
		ub += WeightPrice
	}
	if r.Lead == nil {
		if p.DeliverBy != nil && !p.IncludePartial {
			return 0, false
		}
		return ub, true
	}
	d := *r.Lead
	if p.DeliverBy != nil && d > int(p.DeliverBy.Sub(p.Now).Hours()/24)+1 {
		return 0, false
	}
	switch {
	case d <= 14:
		ub += WeightLeadTime
	case d < 45:
		ub += WeightLeadTime * float64(45-d) / 31
	}
	return ub, true
}

// basePrice is the candidate's lowest price per the request's price unit in
// the request's currency, from its price per base unit; comparable is false
// when it has none in the request's dimension or no FX rate converts it.
func (p *prepared) basePrice(f *facts, r boundRow) (float64, bool) {
	if p.MaxPrice == nil {
		return 0, false
	}
	// In floating point: the bound keeps 1 % in the product's favour, far
	// more than the rounding of a product of three numbers.
	return p.fromBase(f, r.PerBase, r.PriceDim, r.PriceCurr, p.MaxPrice.Currency)
}

// fromBase is a price per base unit (in dimension dim and currency cur, as
// the product hook derives it) per the request's price unit in currency, in
// floating point; false when there is none in the request's dimension or no
// FX rate converts it.
func (p *prepared) fromBase(f *facts, perBase *float64, dim, cur *string, currency string) (float64, bool) {
	if perBase == nil || dim == nil || cur == nil {
		return 0, false
	}
	size, d, err := units.Packing{}.Resolve(units.Quantity{Amount: 1, Unit: p.priceUnit})
	if err != nil || string(d) != *dim {
		return 0, false
	}
	factor, ok := f.factor(*cur, currency)
	if !ok {
		return 0, false
	}
	return *perBase * size * factor, true
}

// factor is the float rate from one currency to another (units of to per
// unit of from), computed once per request and pair; ok is false when the
// FX table cannot convert. Its memo is not guarded: its callers (the bound
// and quickPrice, which only quiet judgements reach) run in the request's
// one goroutine; the judgements that may run at once (Lead.Criteria, the
// explainer) are not quiet.
func (f *facts) factor(from, to string) (float64, bool) {
	k := [2]string{from, to}
	if v, ok := f.factors[k]; ok {
		return v, !math.IsNaN(v)
	}
	v := math.NaN()
	if x, err := f.rates.ConvertRat(big.NewRat(1, 1), from, to); err == nil {
		v, _ = x.Float64()
	}
	if f.factors == nil {
		f.factors = map[[2]string]float64{}
	}
	f.factors[k] = v
	return v, !math.IsNaN(v)
}

// Partial reports an outcome of the top-k engine that holds only the first
// TopKPage matches (it stopped early): a page beyond them, or the
// totalCount, needs the complete outcome of the compact engine.
func (o *Outcome) Partial() bool { return o.partial }
