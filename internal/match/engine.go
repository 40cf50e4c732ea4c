package match

import (
	"context"
	"errors"
	"math"
	"slices"
	"strings"
	"time"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/buyer"
	"github.com/exportiva/exportiva/ent/buyrequest"
	"github.com/exportiva/exportiva/ent/certification"
	"github.com/exportiva/exportiva/ent/exportrecord"
	"github.com/exportiva/exportiva/ent/marketrule"
	"github.com/exportiva/exportiva/ent/predicate"
	"github.com/exportiva/exportiva/ent/product"
	"github.com/exportiva/exportiva/internal/apperr"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/fx"
	"github.com/exportiva/exportiva/internal/geo"
	"github.com/exportiva/exportiva/internal/need"
	"github.com/exportiva/exportiva/internal/search"
	"github.com/exportiva/exportiva/internal/units"
	"github.com/exportiva/exportiva/internal/validate"
)

// DefaultPoolSize is the most producers in a pool unless the request says otherwise.
const DefaultPoolSize = 3

// MaxPools is the most pools proposed.
const MaxPools = 5

// MaxCandidates is the most products one request judges. A need as broad as
// "ikan" fits most of a large catalog; the products judged are then the
// MaxCandidates with the largest monthly capacity (ties by id), and the
// outcome says it is truncated. It bounds the memory and time of one
// evaluation and the variables of every query it sends.
const MaxCandidates = 2000

// MaxHSCodes and MaxQueryLength bound a need's commodity (validate's bounds,
// which buy requests share through internal/need): each HS code and each
// alternative of the query is a list the candidates are drawn from (a range
// scan in SQL, a position list in the index).
const (
	MaxHSCodes     = validate.MaxHSCodes
	MaxQueryLength = validate.MaxQueryLength
)

// chunkIDs is the most ids bound in one IN list: under the smallest
// variable limit of any SQLite build (999) and PostgreSQL's (65,535).
const chunkIDs = 500

// poolCandidates bounds the producers considered for pools, so the search stays
// cheap however large the catalog.
const poolCandidates = 16

// prepare validates a request (need.Check: every broken rule at once, named
// by the need's fields) and readies it for judging.
func prepare(r Request) (*prepared, error) {
	p := &prepared{Request: r}
	if p.Now.IsZero() {
		p.Now = time.Now()
	}
	p.Need = need.Normalize(r.Need)
	err := validate.Collect(
		func() error { return need.Check(p.Need, p.Now) },
		func() error {
			if r.MaxPoolSize != 0 && (r.MaxPoolSize < 2 || r.MaxPoolSize > 5) {
				return validate.Field(FieldMaxPoolSize, ErrPoolSize)
			}
			return nil
		},
	)
	if err != nil {
		return nil, err
	}
	if p.MaxPoolSize == 0 {
		p.MaxPoolSize = DefaultPoolSize
	}
	p.query = search.Parse(p.Query)
	p.windowMonths = deliveryWindow(p.Quantity.Per, p.DeliverBy, p.Now)
	p.priceUnit = p.Quantity.Unit
	if p.priceUnit == domain.UnitTonne {
		p.priceUnit = domain.UnitKG // prices by weight are quoted per kilogram
	}
	return p, nil
}

// path is the field of a need as apperr names it.
func path(field string) []string { return strings.Split(field, ".") }

// ErrPoolSize is the rule of a request's maxPoolSize.
var ErrPoolSize = errors.New("a pool has 2 to 5 producers")

// hsPredicate selects products under any of the prefixes with index range scans.
func hsPredicate(prefixes []string) predicate.Product {
	var ors []predicate.Product
	for _, h := range prefixes {
		upper := h[:len(h)-1] + string(h[len(h)-1]+1)
		ors = append(ors, product.And(product.HsCodeGTE(h), product.HsCodeLT(upper)))
	}
	return product.Or(ors...)
}

// Find answers a request: candidates come from the catalog through the HS-code
// and search-term indexes; the facts they need are loaded in a fixed number of
// queries whatever their count.
func Find(ctx context.Context, db *ent.Client, r Request) (*Outcome, error) {
	p, err := prepare(r)
	if err != nil {
		return nil, err
	}
	release, err := admit(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	base := []predicate.Product{product.StatusEQ(domain.ProductActive)}
	if len(p.HSCodes) > 0 {
		base = append(base, hsPredicate(p.HSCodes))
	}
	if !p.query.Empty() {
		base = append(base, p.query.Predicate())
	}
	if r.Buyer != 0 {
		base = append(base, notBlockedBy(r.Buyer))
	}
	// For a quantity of fixed size the volume rule goes into SQL: only products
	// that can supply the need (half of it, for near misses) are candidates.
	preds := slices.Clone(base)
	dim, need, sized := p.monthlyNeed()
	if sized {
		threshold := need
		if p.IncludePartial {
			threshold = need / 2
		}
		preds = append(preds, product.CapacityDimension(string(dim)), product.CapacityMonthlyGTE(threshold*(1-1e-9)))
	}
	engine := engineOf(ctx)
	if engine == Indexed || engine == indexedWhole {
		if s := indexOf(ctx).fresh(); s != nil {
			p.quiet = true // the page is explained again, in full
			return p.findIndexed(ctx, db, s, engine == indexedWhole)
		}
		// Stale after a write (or not built yet): the SQL engines answer.
		engine = TopK
		if engineOf(ctx) == indexedWhole {
			engine = Compact
		}
	}
	compact := engine != Reference
	p.quiet = compact // the page is explained again, in full
	var (
		all       []*Match
		truncated bool
	)
	if engine == TopK && sized {
		early, ev, err := p.topK(ctx, db, preds)
		if err != nil || early != nil {
			return early, err
		}
		all, truncated = ev.all, ev.truncated
	} else {
		products, trunc, err := judgedWith(ctx, db, preds, compact)
		if err != nil {
			return nil, err
		}
		truncated = trunc
		f, err := loadFacts(ctx, db, []string{p.Country}, products)
		if err != nil {
			return nil, err
		}
		if err := p.checkCurrency(f); err != nil {
			return nil, err
		}
		if all, err = p.judgeAll(f, products); err != nil {
			return nil, err
		}
	}
	larger := func() ([]*ent.Product, *facts, error) {
		// Pools draw on the largest producers, whatever their share of the need.
		larger, err := candidatesWith(ctx, db, append(slices.Clone(base), product.CapacityDimension(string(dim))), poolScan, compact)
		if err != nil {
			return nil, nil, err
		}
		f, err := loadFacts(ctx, db, []string{p.Country}, larger)
		return larger, f, err
	}
	dimension := func(dim units.Dimension) error { return p.checkDimension(ctx, db, base, dim) }
	return p.finish(ctx, db, all, nil, truncated, compact, dimension, larger)
}

// finish completes an outcome from every candidate judged (all): the matches
// shown, ranked; the reason when a sized need finds nothing in its dimension
// (dimension: checkDimension);
// the pools when no match is FULL (from the largest candidates, which larger
// returns with their facts: a candidate judged with those very facts,
// judgedWith, is not judged again); and for the compact engines the
// explainer of the page and the pools' members loaded in full.
func (p *prepared) finish(ctx context.Context, db *ent.Client, all []*Match, judgedWith *facts, truncated, compact bool,
	dimension func(units.Dimension) error, larger func() ([]*ent.Product, *facts, error)) (*Outcome, error) {
	dim, _, sized := p.monthlyNeed()
	out := &Outcome{Truncated: truncated}
	for _, m := range all {
		if m.Fit == Full || p.IncludePartial && m.nearMiss() {
			out.Matches = append(out.Matches, m)
		}
	}
	Rank(out.Matches)
	if len(out.Matches) == 0 && sized {
		if err := dimension(dim); err != nil {
			return nil, err
		}
	}
	if !slices.ContainsFunc(all, func(m *Match) bool { return m.Fit == Full }) {
		if sized {
			products, f, err := larger()
			if err != nil {
				return nil, err
			}
			if f == judgedWith {
				all = p.judgeAgain(f, products, all)
			} else {
				all = p.judgeEach(f, products)
			}
		}
		out.Pools = p.pools(all)
	}
	if compact {
		// The ranking came from compact rows: the page is explained when it
		// is read (Outcome.Page), the pools' members are loaded now.
		out.explainer = &explainer{p: p}
		if err := fillPools(ctx, db, out.Pools); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// judgeAll judges every candidate (after refusing a need in containers no
// candidate knows the load of) and keeps those not excluded.
func (p *prepared) judgeAll(f *facts, products []*ent.Product) ([]*Match, error) {
	if err := p.checkContainer(products); err != nil {
		return nil, err
	}
	return p.judgeEach(f, products), nil
}

// judgeAgain is judgeEach of the products with the matches already judged
// by the same request and facts (the indexed engine's: its candidates and
// the larger ones come from one snapshot) taken as they are.
func (p *prepared) judgeAgain(f *facts, products []*ent.Product, judged []*Match) []*Match {
	seen := make(map[int]*Match, len(judged))
	for _, m := range judged {
		seen[m.Product.ID] = m
	}
	out := make([]*Match, 0, len(products))
	for _, prod := range products {
		if m, ok := seen[prod.ID]; ok {
			out = append(out, m)
		} else if m := p.evaluate(f, prod); !m.excluded {
			out = append(out, m)
		}
	}
	return out
}

// judgeEach judges the products and keeps those not excluded.
func (p *prepared) judgeEach(f *facts, products []*ent.Product) []*Match {
	var out []*Match
	for _, prod := range products {
		if m := p.evaluate(f, prod); !m.excluded {
			out = append(out, m)
		}
	}
	return out
}

// checkCurrency refuses a maximum price in a currency the FX table lacks.
func (p *prepared) checkCurrency(f *facts) error {
	if p.MaxPrice != nil && p.MaxPrice.Currency != "USD" {
		if _, ok := f.rates[p.MaxPrice.Currency]; !ok {
			return apperr.BadInput(path(need.FieldMaxPriceCurrency), "no exchange rate for %s", p.MaxPrice.Currency)
		}
	}
	return nil
}

// judgedWith is judged, on compact rows for the compact engine.
func judgedWith(ctx context.Context, db *ent.Client, preds []predicate.Product, compact bool) ([]*ent.Product, bool, error) {
	if !compact {
		return judged(ctx, db, preds)
	}
	products, err := loadCompact(ctx, db, preds, MaxCandidates+1)
	if err != nil {
		return nil, false, err
	}
	truncated := len(products) > MaxCandidates
	if truncated {
		products = products[:MaxCandidates]
	}
	slices.SortFunc(products, func(a, b *ent.Product) int { return a.ID - b.ID })
	return products, truncated, nil
}

// candidatesWith is candidates, on compact rows for the compact engine.
func candidatesWith(ctx context.Context, db *ent.Client, preds []predicate.Product, limit int, compact bool) ([]*ent.Product, error) {
	if !compact {
		return candidates(ctx, db, preds, limit)
	}
	return loadCompact(ctx, db, preds, limit)
}

func sqlDesc() sql.OrderTermOption { return sql.OrderDesc() }

// poolScan bounds the products read to search pools: the largest ones.
const poolScan = 400

// judged returns the products a request judges, in id order: those that
// satisfy the predicates, at most MaxCandidates of them (the largest by monthly
// capacity); truncated reports that more satisfy them.
func judged(ctx context.Context, db *ent.Client, preds []predicate.Product) (products []*ent.Product, truncated bool, err error) {
	ids, err := db.Product.Query().Where(preds...).
		Order(product.ByCapacityMonthly(sql.OrderDesc()), product.ByID()).
		Limit(MaxCandidates + 1).IDs(ctx)
	if err != nil {
		return nil, false, err
	}
	if len(ids) > MaxCandidates {
		ids, truncated = ids[:MaxCandidates], true
	}
	slices.Sort(ids)
	for c := range slices.Chunk(ids, chunkIDs) {
		part, err := db.Product.Query().Where(product.IDIn(c...)).
			WithProducer().WithCertifications().Order(product.ByID()).All(ctx)
		if err != nil {
			return nil, false, err
		}
		products = append(products, part...)
	}
	return products, truncated, nil
}

// candidates loads the limit products that satisfy the predicates with the
// largest monthly capacity, with their producer and certificates.
func candidates(ctx context.Context, db *ent.Client, preds []predicate.Product, limit int) ([]*ent.Product, error) {
	return db.Product.Query().Where(preds...).WithProducer().WithCertifications().
		Order(product.ByCapacityMonthly(sql.OrderDesc()), product.ByID()).Limit(limit).All(ctx)
}

// monthlyNeed returns the need in base units per month (per delivery window for
// a one-off shipment) when the quantity's unit has a fixed size.
func (p *prepared) monthlyNeed() (units.Dimension, float64, bool) {
	amount, dim, err := units.Packing{}.Resolve(units.Quantity{Amount: p.Quantity.Amount, Unit: p.Quantity.Unit})
	if err != nil {
		return "", 0, false
	}
	if p.Quantity.Per == domain.PerShipment {
		return dim, amount / p.windowMonths, true
	}
	need, err := units.PerMonth(amount, p.Quantity.Per)
	return dim, need, err == nil
}

// checkContainer refuses a request in containers when no candidate knows its load.
// Packaging units are not sized, so the candidates are every commodity match.
func (p *prepared) checkContainer(products []*ent.Product) error {
	u := p.Quantity.Unit
	if u != domain.UnitContainer20 && u != domain.UnitContainer40 && u != domain.UnitCarton {
		return nil
	}
	for _, prod := range products {
		if _, _, err := packing(prod).Resolve(units.Quantity{Amount: 1, Unit: u}); err == nil {
			return nil
		}
	}
	if len(products) == 0 {
		return nil
	}
	return apperr.BadInput(path(need.FieldQuantityUnit), "no matching product states its %s size: ask in kg, tonnes or pieces", unitName(u, 1))
}

// checkDimension refuses, with the reason, a need in a dimension no product of
// the commodity is counted in (pairs of a fish sold only by weight): the
// answer would be an empty list that does not say why. It runs only when the
// answer is empty: two existence queries.
func (p *prepared) checkDimension(ctx context.Context, db *ent.Client, base []predicate.Product, dim units.Dimension) error {
	same, err := db.Product.Query().Where(append(slices.Clone(base), product.CapacityDimension(string(dim)))...).Exist(ctx)
	if err != nil || same {
		return err
	}
	other, err := db.Product.Query().Where(append(slices.Clone(base), product.CapacityDimensionNEQ(string(dim)))...).
		Limit(1).Select(product.FieldCapacityDimension).Strings(ctx)
	if err != nil || len(other) == 0 {
		return err
	}
	return p.otherDimension(dim, units.Dimension(other[0]))
}

// otherDimension is checkDimension's refusal: the need is in dim, every
// product of the commodity in other.
func (p *prepared) otherDimension(dim, other units.Dimension) error {
	return apperr.BadInput(path(need.FieldQuantityUnit),
		"units of different dimensions never match: you ask by %s (%s), but every product that fits is counted by %s; ask in a unit of %s",
		dimName(dim), unitName(p.Quantity.Unit, 2), dimName(other), dimName(other))
}

// Rank orders matches: FULL before PARTIAL, then by score, ties on product id so
// that pages are stable.
func Rank(ms []*Match) {
	slices.SortStableFunc(ms, func(a, b *Match) int {
		if a.Fit != b.Fit {
			if a.Fit == Full {
				return -1
			}
			return 1
		}
		if a.Score != b.Score {
			if a.Score > b.Score {
				return -1
			}
			return 1
		}
		return a.Product.ID - b.Product.ID
	})
}

// loadFacts loads, in four queries (two per 500 producers), the market rules of the destination countries,
// the FX table, and the certificates and export history of the products' producers.
func loadFacts(ctx context.Context, db *ent.Client, countries []string, products []*ent.Product) (*facts, error) {
	f := &facts{certs: map[int][]cert{}, exports: map[int][]exportCount{}}
	var dests []string
	for _, c := range countries {
		for _, d := range geo.Destinations(c) {
			if !slices.Contains(dests, d) {
				dests = append(dests, d)
			}
		}
	}
	var err error
	if f.rules, err = db.MarketRule.Query().Where(marketrule.DestinationIn(dests...)).All(ctx); err != nil {
		return nil, err
	}
	if f.rates, err = fx.Load(ctx, db); err != nil {
		return nil, err
	}
	if err := f.addProducers(ctx, db, products); err != nil {
		return nil, err
	}
	return f, nil
}

// addProducers loads the firm-wide certificates and export history of the
// products' producers not loaded yet: two queries per 500 producers.
func (f *facts) addProducers(ctx context.Context, db *ent.Client, products []*ent.Product) error {
	var ids []int
	if f.loaded == nil {
		f.loaded = map[int]bool{}
	}
	for _, prod := range products {
		if !f.loaded[prod.ProducerID] {
			f.loaded[prod.ProducerID] = true
			ids = append(ids, prod.ProducerID)
		}
	}
	// Only what certification() reads: thousands of rows at scale, and their
	// other timestamps would be parsed for nothing.
	// In chunks of ids: an IN list binds one variable per id.
	for c := range slices.Chunk(ids, chunkIDs) {
		// The firm-wide ones (no product) are kept here, not in SQL: with
		// "product_id IS NULL" in the statement SQLite reads it through the
		// product_id index, that is every firm-wide certificate of the
		// catalog, instead of the producers' own through producer_id.
		certs, err := db.Certification.Query().
			Where(certification.ProducerIDIn(c...)).
			Select(certification.FieldProducerID, certification.FieldProductID, certification.FieldType,
				certification.FieldValidFrom, certification.FieldValidUntil).
			Order(certification.ByID()).All(ctx)
		if err != nil {
			return err
		}
		for _, c := range certs {
			if c.ProductID == nil {
				f.certs[c.ProducerID] = append(f.certs[c.ProducerID], certOf(c))
			}
		}
		var rows []struct {
			ProducerID int    `json:"producer_id"`
			Chapter    string `json:"hs_chapter"`
			Country    string `json:"destination_country"`
			N          int    `json:"n"`
		}
		// In the order of the groups: the track record names the last
		// country it read, so PostgreSQL's arbitrary group order would change
		// the text from one run to the next.
		err = db.ExportRecord.Query().Where(exportrecord.ProducerIDIn(c...)).
			Order(exportrecord.ByProducerID(), exportrecord.ByHsChapter(), exportrecord.ByDestinationCountry()).
			GroupBy(exportrecord.FieldProducerID, exportrecord.FieldHsChapter, exportrecord.FieldDestinationCountry).
			Aggregate(func(_ *sql.Selector) string { return sql.As(sql.Count("*"), "n") }).
			Scan(ctx, &rows)
		if err != nil {
			return err
		}
		for _, r := range rows {
			f.exports[r.ProducerID] = append(f.exports[r.ProducerID], exportCount{r.Chapter, r.Country, r.N})
		}
	}
	return nil
}

// pools groups eligible producers whose capacities together cover the need:
// fewest members first, then best mean score.
func (p *prepared) pools(all []*Match) []Pool {
	best := map[int]*Match{}
	for _, m := range all {
		if !m.eligible || m.supply <= 0 || m.moq > m.need {
			continue
		}
		if b, ok := best[m.Product.ProducerID]; !ok || m.supply > b.supply || m.supply == b.supply && m.Score > b.Score {
			best[m.Product.ProducerID] = m
		}
	}
	var cands []*Match
	for _, m := range best {
		cands = append(cands, m)
	}
	slices.SortFunc(cands, func(a, b *Match) int {
		if a.supply != b.supply {
			if a.supply > b.supply {
				return -1
			}
			return 1
		}
		return a.Product.ID - b.Product.ID
	})
	if len(cands) > poolCandidates {
		cands = cands[:poolCandidates]
	}
	type group struct {
		members []*Match
		score   float64
	}
	var groups []group
	var pick func(start int, chosen []*Match, supply, moq float64, k int)
	pick = func(start int, chosen []*Match, supply, moq float64, k int) {
		if len(chosen) == k {
			if supply >= chosen[0].need && moq <= chosen[0].need {
				sum := 0.0
				for _, c := range chosen {
					sum += c.Score
				}
				groups = append(groups, group{slices.Clone(chosen), math.Round(sum/float64(k)*10) / 10})
			}
			return
		}
		for i := start; i < len(cands); i++ {
			pick(i+1, append(chosen, cands[i]), supply+cands[i].supply, moq+cands[i].moq, k)
		}
	}
	for k := 2; k <= p.MaxPoolSize && len(groups) < MaxPools; k++ {
		before := len(groups)
		pick(0, nil, 0, 0, k)
		slices.SortStableFunc(groups[before:], func(a, b group) int {
			if a.score != b.score {
				if a.score > b.score {
					return -1
				}
				return 1
			}
			return a.members[0].Product.ID - b.members[0].Product.ID
		})
	}
	if len(groups) > MaxPools {
		groups = groups[:MaxPools]
	}
	out := make([]Pool, 0, len(groups))
	for _, g := range groups {
		out = append(out, p.allocate(g.members, g.score))
	}
	return out
}

// allocate gives each member at least its minimum order and fills the rest in
// rank order up to each member's capacity.
func (p *prepared) allocate(members []*Match, score float64) Pool {
	need := members[0].need
	alloc := make([]float64, len(members))
	left := need
	for i, m := range members {
		alloc[i] = m.moq
		left -= m.moq
	}
	order := slices.Clone(members)
	slices.SortStableFunc(order, func(a, b *Match) int {
		if a.Score > b.Score {
			return -1
		}
		if a.Score < b.Score {
			return 1
		}
		return 0
	})
	for _, m := range order {
		i := slices.Index(members, m)
		add := math.Min(m.supply-alloc[i], left)
		alloc[i] += add
		left -= add
	}
	pool := Pool{Score: score, Total: p.Quantity}
	for i, m := range members {
		pool.Members = append(pool.Members, PoolMember{
			Product: m.Product, Producer: m.Producer,
			Allocation: p.inRequestUnit(packing(m.Product), alloc[i]),
		})
	}
	return pool
}

// leadable keeps the products that take leads: active ones the trade office
// has not hidden (a buyer could not see the match).
func leadable(products []*ent.Product) []*ent.Product {
	var out []*ent.Product
	for _, p := range products {
		if p.Status == domain.ProductActive && p.HiddenAt == nil {
			out = append(out, p)
		}
	}
	return out
}

// deliveryWindow is the months a one-off order (SHIPMENT) has until its
// delivery date, which lies after now; 1 otherwise.
func deliveryWindow(per domain.Period, deliverBy *time.Time, now time.Time) float64 {
	if deliverBy == nil || per != domain.PerShipment {
		return 1
	}
	return deliverBy.Sub(now).Hours() / 24 / units.DaysPerMonth
}

// RequestOf turns a stored buy request into a match request.
func RequestOf(br *ent.BuyRequest, now time.Time) Request {
	r := Request{Need: need.OfBuyRequest(br), Buyer: br.BuyerID, Now: now}
	if r.DeliverBy != nil && !r.DeliverBy.After(now) {
		r.DeliverBy = nil // a passed delivery date is judged as "as soon as possible"
	}
	return r
}

// Leads returns, for products loaded with their producer and certifications, the open, unexpired buy requests that any of the given products
// fits fully, best first; each request appears once, with its best-fitting product.
// The rules are exactly those of Find: if a product is a FULL match of a request,
// the request is among the product's leads, and the reverse.
func Leads(ctx context.Context, db *ent.Client, products []*ent.Product, now time.Time) ([]Lead, error) {
	release, err := admit(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	active := leadable(products)
	if len(active) == 0 {
		return nil, nil
	}
	// A query of a time before the build (it waited for a slot meanwhile)
	// may see requests the build left out as expired: SQL answers it.
	if s := indexOf(ctx).freshRequests(); s != nil && !now.Before(s.at) {
		return s.leads(ctx, db, active, now)
	}
	var codes []string
	for _, p := range active {
		if !slices.Contains(codes, p.HsCode) {
			codes = append(codes, p.HsCode)
		}
	}
	q := db.BuyRequest.Query().
		Where(buyrequest.StatusEQ(domain.BuyRequestOpen), buyrequest.HiddenAtIsNil(), buyrequest.ValidUntilGT(now),
			forCodes(codes), notBlockedWith(producersOf(active)))
	if p := active[0].Edges.Producer; p != nil && p.LeadsVerifiedBuyersOnly {
		q.Where(buyrequest.HasBuyerWith(buyer.Verified(true), buyer.Or(buyer.VerifiedUntilIsNil(), buyer.VerifiedUntilGT(now))))
	}
	requests, err := q.Order(buyrequest.ByID()).All(ctx)
	if err != nil {
		return nil, err
	}
	return leadsAmong(ctx, db, active, requests, now)
}

// forCodes keeps the buy requests that ask for no HS code, or for a prefix of one
// of the codes: a cheap filter in the database before the full evaluation.
func forCodes(codes []string) predicate.BuyRequest {
	return func(s *sql.Selector) {
		col := s.C(buyrequest.FieldHsCodes)
		var elems, text string
		switch s.Dialect() {
		case dialect.Postgres:
			elems = "jsonb_array_elements_text(" + col + "::jsonb) AS j(value)"
			text = col + "::text"
		default: // SQLite keeps JSON as a blob of its text
			text = "CAST(" + col + " AS TEXT)"
			elems = "json_each(" + text + ") AS j"
		}
		exists := sql.P(func(b *sql.Builder) {
			b.WriteString("EXISTS (SELECT 1 FROM " + elems + " WHERE ")
			if len(codes) == 0 {
				b.WriteString("1 = 0")
			}
			for i, c := range codes {
				if i > 0 {
					b.WriteString(" OR ")
				}
				b.Arg(c)
				b.WriteString(" LIKE j.value || '%'")
			}
			b.WriteString(")")
		})
		s.Where(sql.Or(sql.IsNull(col), sql.ExprP(text+" IN ('[]', 'null')"), exists))
	}
}

// WantsLeadFrom tells whether producer p takes the buy requests of buyer b as
// leads: always, unless p asked for verified buyers only
// (Producer.leadsVerifiedBuyersOnly) and b's verification does not hold.
func WantsLeadFrom(p *ent.Producer, b *ent.Buyer, now time.Time) bool {
	if p == nil || !p.LeadsVerifiedBuyersOnly {
		return true
	}
	return b != nil && domain.VerifiedNow(b.Verified, b.VerifiedUntil, nil, now)
}

// LeadFor tells whether a buy request (just posted, say) is a lead for any of the
// products, loaded with their producer and certifications; nil when it is not.
func LeadFor(ctx context.Context, db *ent.Client, products []*ent.Product, br *ent.BuyRequest, now time.Time) (*Lead, error) {
	if br.Status != domain.BuyRequestOpen || !br.ValidUntil.After(now) || br.HiddenAt != nil {
		return nil, nil
	}
	if blocked, err := BlockedProducers(ctx, db, br.BuyerID, producersOf(products)); err != nil || len(blocked) > 0 {
		return nil, err
	}
	if len(products) > 0 && products[0].Edges.Producer != nil && products[0].Edges.Producer.LeadsVerifiedBuyersOnly {
		b := br.Edges.Buyer
		if b == nil {
			var err error
			if b, err = db.Buyer.Get(ctx, br.BuyerID); err != nil && !ent.IsNotFound(err) {
				return nil, err
			}
		}
		if !WantsLeadFrom(products[0].Edges.Producer, b, now) {
			return nil, nil
		}
	}
	active := leadable(products)
	leads, err := leadsAmong(ctx, db, active, []*ent.BuyRequest{br}, now)
	if err != nil || len(leads) == 0 {
		return nil, err
	}
	return &leads[0], nil
}

func leadsAmong(ctx context.Context, db *ent.Client, active []*ent.Product, requests []*ent.BuyRequest, now time.Time) ([]Lead, error) {
	cands := make([]leadCandidate, 0, len(requests))
	for _, br := range requests {
		prep, err := prepare(RequestOf(br, now))
		if err != nil {
			continue // a stored request that no longer validates matches nothing
		}
		cands = append(cands, leadCandidate{br: br, prep: prep})
	}
	return judgeLeads(ctx, db, active, cands, now)
}

// leadCandidate is a buy request to judge as a lead with its prepared form,
// which judging copies and sets to the time of the query (it may be the
// lead index's, shared).
type leadCandidate struct {
	br   *ent.BuyRequest
	prep *prepared
}

// judgeLeads keeps the candidates that one of the active products fits
// fully, each with its best product, best first. The judging is quiet (sums
// and flags); a lead's criteria are explained when they are read
// (Lead.Criteria), for the page shown only.
func judgeLeads(ctx context.Context, db *ent.Client, active []*ent.Product, cands []leadCandidate, now time.Time) ([]Lead, error) {
	if len(active) == 0 || len(cands) == 0 {
		return nil, nil
	}
	var countries []string
	seen := map[string]bool{}
	for i := range cands {
		if c := cands[i].prep.Country; !seen[c] {
			seen[c] = true
			countries = append(countries, c)
		}
	}
	f, err := loadFacts(ctx, db, countries, active)
	if err != nil {
		return nil, err
	}
	f.prices = map[priceKey]memoPrice{}
	terms := map[int][]string{}
	for _, p := range active {
		terms[p.ID] = search.ProductTerms(p)
	}
	var leads []Lead
	var scratch Match
	prep := new(prepared) // each candidate's copy in turn; a lead keeps its own
	for i := range cands {
		c := &cands[i]
		*prep = *c.prep
		prep.retime(now)
		prep.quiet, prep.fullOnly = true, true
		// A product that cannot supply a need of fixed size is no FULL match
		// (the volume rule, as the SQL candidates read it): not judged.
		dim, need, sized := prep.monthlyNeed()
		var best *Match
		for _, p := range active {
			if sized && (p.CapacityDimension != string(dim) || p.CapacityMonthly < need*(1-1e-9)) {
				continue
			}
			if !prep.commodityMatches(p, terms[p.ID]) {
				continue
			}
			prep.evaluateInto(&scratch, f, p)
			if scratch.excluded || scratch.Fit != Full {
				continue
			}
			if best == nil || scratch.Score > best.Score {
				m := scratch
				best = &m
			}
		}
		if best != nil {
			kept := *prep
			leads = append(leads, Lead{BuyRequest: c.br, Match: best, prep: &kept, facts: f})
		}
	}
	// Request ids are unique: the order is total, a stable sort needless.
	slices.SortFunc(leads, func(a, b Lead) int {
		if a.Match.Score != b.Match.Score {
			if a.Match.Score > b.Match.Score {
				return -1
			}
			return 1
		}
		return a.BuyRequest.ID - b.BuyRequest.ID
	})
	return leads, nil
}
