package match

import (
	"cmp"
	"context"
	stdsql "database/sql"
	"log/slog"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"time"

	"entgo.io/ent/dialect/sql"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/certification"
	"github.com/exportiva/exportiva/ent/exportrecord"
	"github.com/exportiva/exportiva/ent/firmblock"
	"github.com/exportiva/exportiva/ent/marketrule"
	"github.com/exportiva/exportiva/ent/product"
	"github.com/exportiva/exportiva/ent/productterm"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/authz/visible"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/fx"
	"github.com/exportiva/exportiva/internal/geo"
	"github.com/exportiva/exportiva/internal/money"
	"github.com/exportiva/exportiva/internal/search"
	"github.com/exportiva/exportiva/internal/units"
)

// Index is the in-memory copy of what matching reads, for the indexed engine:
// every active product as a compact item (the columns evaluation reads, its
// certificates and its producer's verification and response figures), in the
// order the reference picks candidates (largest monthly capacity first, ties
// by id), with the positions of the products by HS chapter, by HS heading
// and by search term (the terms of weight search.MinMatchWeight or more, as
// the SQL predicate reads them); the firm-wide certificates and the export
// counts of every producer; the market rules and the FX table. A request
// then finds its candidates by walking one or a few position lists, stopping
// at the first MaxCandidates+1 (or below the capacity the need sets), and
// judges them without a statement.
//
// Beside the catalog it holds the open buy requests leads read (requests.go):
// each prepared once, by the keys a product must answer to (search.NeedKeys).
//
// Both parts are rebuilt, never patched: every write to what a part copies
// makes it stale — changes.Catalog the catalog (Invalidate), changes.Requests
// the requests (Requests().Invalidate) — and Run builds it again in the
// background, at most once per Pause while writes keep coming. While a part
// is stale, requests are answered by the SQL engines (top-k for a first page,
// compact for a whole list, the SQL lead query), so an answer never reflects
// less than what was committed before the request.
type Index struct {
	db  *ent.Client
	log *slog.Logger
	// Pause is the least time between the end of a build and the start of
	// the next one (writes arriving meanwhile wait for it): it bounds the
	// processor share rebuilding takes under a steady flow of writes.
	Pause time.Duration

	catalog *rebuilt[snapshot]
	open    *rebuilt[requestSnapshot]
	// Clock is the time a build of the requests part leaves expired requests
	// out at (time.Now unless set; tests set their own).
	Clock func() time.Time
}

// DefaultIndexPause is Index.Pause unless set.
const DefaultIndexPause = time.Second

// NewIndex returns an index of db's catalog and open buy requests, empty
// until Build or Run.
func NewIndex(db *ent.Client, log *slog.Logger) *Index {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	x := &Index{db: db, log: log, Pause: DefaultIndexPause}
	x.catalog = newRebuilt("match index", log, func(ctx context.Context) (*snapshot, error) {
		return buildSnapshot(authz.System(ctx), db)
	})
	// The build read the whole catalog through ent rows: return that garbage
	// to the system now rather than keep the process at twice the index's
	// size until the scavenger gets to it.
	x.catalog.after = debug.FreeOSMemory
	x.open = newRebuilt("lead index", log, func(ctx context.Context) (*requestSnapshot, error) {
		now := time.Now
		if x.Clock != nil {
			now = x.Clock
		}
		return buildRequests(authz.System(ctx), db, now())
	})
	return x
}

// Invalidate makes the catalog part stale: matches go to the SQL engines
// until Run has built it again.
func (x *Index) Invalidate() {
	if x != nil {
		x.catalog.invalidate()
	}
}

// Requests is the open buy requests' part as a cache writes drop
// (changes.Caches.Requests).
func (x *Index) Requests() RequestsPart { return RequestsPart{x} }

// RequestsPart is the Index's copy of the open buy requests.
type RequestsPart struct{ x *Index }

// Invalidate makes the requests part stale: leads go to SQL until Run has
// built it again.
func (r RequestsPart) Invalidate() {
	if r.x != nil {
		r.x.open.invalidate()
	}
}

// State says where the catalog part stands: "building" before its first
// build, "current" when no write has made it stale, "rebuilding" otherwise.
func (x *Index) State() string { return x.catalog.state() }

// RequestsState is State for the requests part.
func (x *Index) RequestsState() string { return x.open.state() }

// Builds returns how many builds of the catalog part have completed.
func (x *Index) Builds() int64 { return x.catalog.builds.Load() }

// RequestBuilds returns how many builds of the requests part have completed.
func (x *Index) RequestBuilds() int64 { return x.open.builds.Load() }

// Run builds both parts now and again after every invalidation, until ctx
// ends.
func (x *Index) Run(ctx context.Context) {
	pause := func() time.Duration { return x.Pause }
	go x.open.run(ctx, pause)
	x.catalog.run(ctx, pause)
}

// Build reads the catalog and the open buy requests and makes them current
// (stamped with the generation at the start of each: a write during a build
// leaves that part stale).
func (x *Index) Build(ctx context.Context) error {
	if err := x.catalog.once(ctx); err != nil {
		return err
	}
	return x.open.once(ctx)
}

// fresh returns the catalog part when no write has made it stale.
func (x *Index) fresh() *snapshot {
	if x == nil {
		return nil
	}
	return x.catalog.fresh()
}

// freshRequests returns the requests part when no write has made it stale.
func (x *Index) freshRequests() *requestSnapshot {
	if x == nil {
		return nil
	}
	return x.open.fresh()
}

type indexKey struct{}

// WithIndex makes the indexed engine read x for requests under ctx.
func WithIndex(ctx context.Context, x *Index) context.Context {
	if x == nil {
		return ctx
	}
	return context.WithValue(ctx, indexKey{}, x)
}

func indexOf(ctx context.Context) *Index {
	x, _ := ctx.Value(indexKey{}).(*Index)
	return x
}

// item is one active product as evaluation reads it (the compact columns).
type item struct {
	id, producerID     int
	capacity           float64
	hs, form, unit     string
	dim                string
	hidden             bool
	certKinds          uint8 // certKinds of the producer's and its own, at the build
	moq, packSize      *float64
	c20, c40, perBase  *float64
	priceMin           *money.Amount
	priceDim, currency *string
	incoterm           *domain.Incoterm
	lead               *int
	packUnit, loadUnit *domain.Unit
	excluded           []string
	certs              []*ent.Certification
	producer           *ent.Producer
}

// product returns the item as the compact engine's row: a new value each
// time (a match holds it), sharing the item's pointers (evaluation never
// writes through them).
func (it *item) product() *ent.Product {
	p := &ent.Product{
		ID: it.id, ProducerID: it.producerID, HsCode: it.hs, HsChapter: it.hs[:min(2, len(it.hs))],
		Form: domain.ProductForm(it.form), Unit: domain.Unit(it.unit), Moq: it.moq,
		CapacityMonthly: it.capacity, CapacityDimension: it.dim,
		PriceMin: it.priceMin, PricePerBase: it.perBase, PriceDimension: it.priceDim, PriceCurrency: it.currency,
		Incoterm: it.incoterm, LeadTimeDays: it.lead, PackSize: it.packSize, PackUnit: it.packUnit,
		ContainerLoad20ft: it.c20, ContainerLoad40ft: it.c40, ContainerLoadUnit: it.loadUnit,
		Status: domain.ProductActive, ExcludedCountries: it.excluded,
	}
	p.Edges.Certifications = it.certs
	p.Edges.Producer = it.producer
	return p
}

// snapshot is one build of the index; it is never changed once stored.
type snapshot struct {
	items []item // by monthly capacity, largest first, ties by id
	// Positions in items, ascending.
	byChapter, byHeading, byTerm map[string][]int32
	certs                        map[int][]cert        // firm-wide, by producer
	exports                      map[int][]exportCount // by producer
	rules                        []*ent.MarketRule
	rates                        money.Rates
}

// indexChunk is how many products one statement of a build reads.
const indexChunk = 10000

func buildSnapshot(ctx context.Context, db *ent.Client) (*snapshot, error) {
	s := &snapshot{byChapter: map[string][]int32{}, byHeading: map[string][]int32{}, byTerm: map[string][]int32{},
		certs: map[int][]cert{}, exports: map[int][]exportCount{}}
	var err error
	if s.rates, err = fx.Load(ctx, db); err != nil {
		return nil, err
	}
	if s.rules, err = db.MarketRule.Query().Order(marketrule.ByID()).All(ctx); err != nil {
		return nil, err
	}
	producers := map[int]*ent.Producer{}
	ps, err := db.Producer.Query().Select(compactProducerFields...).All(ctx)
	if err != nil {
		return nil, err
	}
	for _, p := range ps {
		producers[p.ID] = p
	}
	intern := interner{}
	last := 0
	for {
		part, err := db.Product.Query().Where(product.StatusEQ(domain.ProductActive), product.IDGT(last)).
			Order(product.ByID()).Limit(indexChunk).
			Select(append(slices.Clone(compactFields), product.FieldPricePerBase, product.FieldPriceDimension, product.FieldHiddenAt)...).
			All(ctx)
		if err != nil {
			return nil, err
		}
		for _, p := range part {
			owner := producers[p.ProducerID]
			if owner == nil {
				continue // a producer written since its read: the next build has it
			}
			s.items = append(s.items, item{
				id: p.ID, producerID: p.ProducerID, capacity: p.CapacityMonthly,
				hs: intern.str(p.HsCode), form: intern.str(string(p.Form)), unit: intern.str(string(p.Unit)),
				dim: intern.str(p.CapacityDimension), hidden: p.HiddenAt != nil,
				moq: p.Moq, packSize: p.PackSize, c20: p.ContainerLoad20ft, c40: p.ContainerLoad40ft, perBase: p.PricePerBase,
				priceMin: p.PriceMin, priceDim: intern.ptr(p.PriceDimension), currency: intern.ptr(p.PriceCurrency),
				incoterm: p.Incoterm, lead: p.LeadTimeDays, packUnit: p.PackUnit, loadUnit: p.ContainerLoadUnit,
				excluded: p.ExcludedCountries, producer: owner,
			})
		}
		if len(part) < indexChunk {
			break
		}
		last = part[len(part)-1].ID
	}
	slices.SortFunc(s.items, func(a, b item) int {
		if a.capacity != b.capacity {
			if a.capacity > b.capacity {
				return -1
			}
			return 1
		}
		return a.id - b.id
	})
	pos := make(map[int]int32, len(s.items))
	for i := range s.items {
		it := &s.items[i]
		pos[it.id] = int32(i)                                                                               //nolint:gosec // a catalog of fewer than 2^31 products
		s.byChapter[it.hs[:min(2, len(it.hs))]] = append(s.byChapter[it.hs[:min(2, len(it.hs))]], int32(i)) //nolint:gosec // as above
		if len(it.hs) >= 4 {
			s.byHeading[it.hs[:4]] = append(s.byHeading[it.hs[:4]], int32(i)) //nolint:gosec // as above
		}
	}
	certs, err := db.Certification.Query().
		Select(certification.FieldProducerID, certification.FieldProductID, certification.FieldType,
			certification.FieldValidFrom, certification.FieldValidUntil).
		Order(certification.ByID()).All(ctx)
	if err != nil {
		return nil, err
	}
	for _, c := range certs {
		if c.ProductID == nil {
			s.certs[c.ProducerID] = append(s.certs[c.ProducerID], certOf(c))
		} else if i, ok := pos[*c.ProductID]; ok {
			s.items[i].certs = append(s.items[i].certs, c)
		}
	}
	for i := range s.items {
		it := &s.items[i]
		if it.certs == nil {
			it.certs = []*ent.Certification{}
		}
		it.certKinds = uint8(certKinds(s.certs[it.producerID], it.certs)) //nolint:gosec // at most a handful
	}
	var rows []struct {
		ProducerID int    `json:"producer_id"`
		Chapter    string `json:"hs_chapter"`
		Country    string `json:"destination_country"`
		N          int    `json:"n"`
	}
	err = db.ExportRecord.Query().
		Order(exportrecord.ByProducerID(), exportrecord.ByHsChapter(), exportrecord.ByDestinationCountry()).
		GroupBy(exportrecord.FieldProducerID, exportrecord.FieldHsChapter, exportrecord.FieldDestinationCountry).
		Aggregate(func(_ *sql.Selector) string { return sql.As(sql.Count("*"), "n") }).
		Scan(ctx, &rows)
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		s.exports[r.ProducerID] = append(s.exports[r.ProducerID], exportCount{intern.str(r.Chapter), intern.str(r.Country), r.N})
	}
	if err := s.readTerms(ctx, db, pos); err != nil {
		return nil, err
	}
	return s, nil
}

// readTerms fills byTerm from the search index, in raw rows (a million at
// a million products' worth of terms would otherwise be as many structs).
func (s *snapshot) readTerms(ctx context.Context, db *ent.Client, pos map[int]int32) error {
	rows := &sql.Rows{}
	q := "SELECT " + productterm.FieldProductID + ", " + productterm.FieldTerm + " FROM " + productterm.Table +
		" WHERE " + productterm.FieldWeight + " >= " + strconv.Itoa(search.MinMatchWeight)
	if err := db.Driver().Query(ctx, q, []any{}, rows); err != nil {
		return err
	}
	var (
		id   int
		term stdsql.RawBytes
	)
	for rows.Next() {
		if err := rows.Scan(&id, &term); err != nil {
			_ = rows.Close() // the scan's error is the one to report
			return err
		}
		i, ok := pos[id]
		if !ok {
			continue // not active
		}
		list, ok := s.byTerm[string(term)]
		if !ok {
			s.byTerm[string(term)] = []int32{i}
			continue
		}
		s.byTerm[string(term)] = append(list, i)
	}
	if err := rows.Err(); err != nil {
		_ = rows.Close()
		return err
	}
	if err := rows.Close(); err != nil {
		return err
	}
	for _, list := range s.byTerm {
		slices.Sort(list)
	}
	return nil
}

// interner shares the storage of the strings that repeat across products
// (HS codes, forms, units, currencies, countries).
type interner map[string]*string

func (in interner) ptr(s *string) *string {
	if s == nil {
		return nil
	}
	if p, ok := in[*s]; ok {
		return p
	}
	v := strings.Clone(*s)
	in[v] = &v
	return &v
}

func (in interner) str(s string) string { return *in.ptr(&s) }

// selection is a request's candidate filter as the SQL predicates of Find
// state it, applied to items.
type selection struct {
	p          *prepared
	blocked    map[int]bool
	allHidden  bool
	ownHidden  *int
	dim        string // "" for any
	notDim     string // "" for any
	threshold  float64
	hasMinimum bool
}

func (sel *selection) accepts(s *snapshot, i int32) bool {
	it := &s.items[i]
	if it.hidden && !sel.allHidden && (sel.ownHidden == nil || *sel.ownHidden != it.producerID) {
		return false
	}
	if sel.blocked[it.producerID] {
		return false
	}
	if sel.dim != "" && it.dim != sel.dim || sel.notDim != "" && it.dim == sel.notDim {
		return false
	}
	p := sel.p
	if len(p.HSCodes) > 0 && !slices.ContainsFunc(p.HSCodes, func(h string) bool { return strings.HasPrefix(it.hs, h) }) {
		return false
	}
	if q := p.query; !q.Empty() {
		if len(q.Forms) > 0 && !slices.Contains(q.Forms, domain.ProductForm(it.form)) {
			return false
		}
		if len(q.Alternatives) > 0 && !slices.ContainsFunc(q.Alternatives, func(alt []string) bool {
			for _, t := range alt {
				if _, ok := slices.BinarySearch(s.byTerm[t], i); !ok {
					return false
				}
			}
			return true
		}) {
			return false
		}
	}
	return true
}

// drivers returns the position lists whose union holds every candidate (nil
// and all true: every item).
func (s *snapshot) drivers(p *prepared) (lists [][]int32, all bool) {
	if len(p.HSCodes) > 0 {
		for _, h := range p.HSCodes {
			if len(h) >= 4 {
				lists = append(lists, s.byHeading[h[:4]])
			} else {
				lists = append(lists, s.byChapter[h[:2]])
			}
		}
		return lists, false
	}
	if len(p.query.Alternatives) == 0 {
		return nil, true
	}
	for _, alt := range p.query.Alternatives {
		// The rarest term of each alternative.
		best := s.byTerm[alt[0]]
		for _, t := range alt[1:] {
			if l := s.byTerm[t]; len(l) < len(best) {
				best = l
			}
		}
		lists = append(lists, best)
	}
	return lists, false
}

// candidates returns the positions of the first limit items the selection
// accepts, in capacity order: the rows the SQL statement of the reference
// reads. With a minimum capacity, the walk stops at the first item below it.
func (s *snapshot) candidates(sel *selection, limit int) []int32 {
	lists, all := s.drivers(sel.p)
	var out []int32
	visit := func(i int32) bool {
		if sel.hasMinimum && s.items[i].capacity < sel.threshold {
			return false
		}
		if sel.accepts(s, i) {
			out = append(out, i)
		}
		return len(out) < limit
	}
	if all {
		for i := range s.items {
			if !visit(int32(i)) { //nolint:gosec // fewer than 2^31 items
				break
			}
		}
		return out
	}
	mergeEach(lists, visit)
	return out
}

// mergeEach calls visit for the union of ascending lists, ascending and once
// each, until visit returns false.
func mergeEach(lists [][]int32, visit func(int32) bool) {
	if len(lists) == 1 {
		for _, i := range lists[0] {
			if !visit(i) {
				return
			}
		}
		return
	}
	heads := make([]int, len(lists))
	for {
		next, from := int32(-1), -1
		for k, l := range lists {
			if heads[k] < len(l) && (from < 0 || l[heads[k]] < next) {
				next, from = l[heads[k]], k
			}
		}
		if from < 0 {
			return
		}
		for k, l := range lists {
			if heads[k] < len(l) && l[heads[k]] == next {
				heads[k]++
			}
		}
		if !visit(next) {
			return
		}
	}
}

// factsFor returns the facts of a request to country: the snapshot's, with
// the market rules of the country's destinations.
func (s *snapshot) factsFor(country string) *facts {
	dests := geo.Destinations(country)
	f := &facts{rates: s.rates, certs: s.certs, exports: s.exports, loaded: nil}
	for _, r := range s.rules {
		if slices.Contains(dests, r.Destination) {
			f.rules = append(f.rules, r)
		}
	}
	return f
}

// products returns the items at the positions as compact rows, by id.
func (s *snapshot) products(positions []int32) []*ent.Product {
	out := make([]*ent.Product, len(positions))
	for k, i := range positions {
		out[k] = s.items[i].product()
	}
	slices.SortFunc(out, func(a, b *ent.Product) int { return cmp.Compare(a.ID, b.ID) })
	return out
}

// flags and listed are what boundRow's pointers point to: the bound only
// reads them.
var (
	flags  = [2]bool{false, true}
	listed int64
)

// boundRow is the top-k engine's narrow row of the item at i.
func (s *snapshot) boundRow(i int32, country string) boundRow {
	it := &s.items[i]
	r := boundRow{ID: it.id, pos: i, Capacity: it.capacity, Lead: it.lead, PerBase: it.perBase, PriceDim: it.priceDim, PriceCurr: it.currency}
	r.Verified = &flags[0]
	if it.producer.Verified {
		r.Verified = &flags[1]
	}
	r.Received, r.Replied = it.producer.ResponseReceived, it.producer.ResponseReplied
	if it.priceMin != nil {
		r.PriceMin = &listed // the bound asks only whether a price is listed
	}
	r.certsKnown, r.certTypes = true, int(it.certKinds)
	chapter := it.hs[:min(2, len(it.hs))]
	for _, e := range s.exports[it.producerID] {
		if e.Chapter == chapter {
			r.Chapter += e.N
			if e.Country == country {
				r.ToHere += e.N
			}
		}
	}
	return r
}

// certKinds counts the kinds of certificate in the lists, up to those that
// give the certificate criterion its full points.
func certKinds(firm []cert, own []*ent.Certification) int {
	var kinds [int(WeightCertificates / certPoints)]domain.CertificationType
	n := 0
	see := func(t domain.CertificationType) bool {
		if !slices.Contains(kinds[:n], t) {
			kinds[n] = t
			n++
		}
		return n == len(kinds)
	}
	for _, c := range firm {
		if see(c.typ) {
			return n
		}
	}
	for _, c := range own {
		if see(c.Type) {
			return n
		}
	}
	return n
}

// selectionFor is the request's selection for the viewer in ctx: one
// statement for the buyer's blocks when the request is a buyer's.
func (p *prepared) selectionFor(ctx context.Context, db *ent.Client) (*selection, error) {
	sel := &selection{p: p}
	sel.allHidden, sel.ownHidden = visible.HiddenProductsSeen(ctx)
	if p.Buyer != 0 {
		ids, err := db.FirmBlock.Query().Where(firmblock.BuyerID(p.Buyer)).
			Select(firmblock.FieldProducerID).Ints(authz.System(ctx))
		if err != nil {
			return nil, err
		}
		sel.blocked = make(map[int]bool, len(ids))
		for _, id := range ids {
			sel.blocked[id] = true
		}
	}
	return sel, nil
}

// findIndexed is Find over a fresh snapshot: the same candidates, facts and
// evaluation as the compact engine (or, for a sized need and a first page,
// the top-k engine's early stop), read from memory.
func (p *prepared) findIndexed(ctx context.Context, db *ent.Client, s *snapshot, whole bool) (*Outcome, error) {
	sel, err := p.selectionFor(ctx, db)
	if err != nil {
		return nil, err
	}
	dim, need, sized := p.monthlyNeed()
	if sized {
		sel.dim, sel.hasMinimum, sel.threshold = string(dim), true, need*(1-1e-9)
		if p.IncludePartial {
			sel.threshold = need / 2 * (1 - 1e-9)
		}
	}
	positions := s.candidates(sel, MaxCandidates+1)
	truncated := len(positions) > MaxCandidates
	if truncated {
		positions = positions[:MaxCandidates]
	}
	f := s.factsFor(p.Country)
	if err := p.checkCurrency(f); err != nil {
		return nil, err
	}
	var all []*Match
	if sized && !whole {
		rows := make([]boundRow, len(positions))
		for k, i := range positions {
			rows[k] = s.boundRow(i, p.Country)
		}
		early, ev, err := p.rankBounded(rows, f, truncated, indexStep, func(rows []boundRow) ([]*ent.Product, error) {
			out := make([]*ent.Product, len(rows))
			for k, r := range rows {
				out[k] = s.items[r.pos].product()
			}
			return out, nil
		})
		if err != nil || early != nil {
			return early, err
		}
		all = ev.all
	} else {
		if sized {
			// Leave out, unjudged, the candidates that can be neither shown
			// nor pooled (bound): neither the matches nor the pools change.
			kept := positions[:0:0]
			for _, i := range positions {
				if _, ok := p.bound(f, s.boundRow(i, p.Country), need); ok {
					kept = append(kept, i)
				}
			}
			positions = kept
		}
		if all, err = p.judgeAll(f, s.products(positions)); err != nil {
			return nil, err
		}
	}
	larger := func() ([]*ent.Product, *facts, error) {
		pool := &selection{p: sel.p, blocked: sel.blocked, allHidden: sel.allHidden, ownHidden: sel.ownHidden, dim: string(dim)}
		found := s.candidates(pool, poolScan)
		out := make([]*ent.Product, len(found))
		for k, i := range found {
			out[k] = s.items[i].product()
		}
		return out, f, nil
	}
	dimension := func(dim units.Dimension) error {
		same := *sel
		same.hasMinimum, same.dim = false, string(dim)
		if len(s.candidates(&same, 1)) > 0 {
			return nil
		}
		other := same
		other.dim, other.notDim = "", string(dim)
		if found := s.candidates(&other, 1); len(found) > 0 {
			return p.otherDimension(dim, units.Dimension(s.items[found[0]].dim))
		}
		return nil
	}
	return p.finish(ctx, db, all, f, truncated, true, dimension, larger)
}
