package match

import (
	"fmt"
	"math"
	"math/big"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/exportiva/exportiva/ent"
	products "github.com/exportiva/exportiva/internal/catalog"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/geo"
	"github.com/exportiva/exportiva/internal/market"
	"github.com/exportiva/exportiva/internal/money"
	"github.com/exportiva/exportiva/internal/replyrate"
	"github.com/exportiva/exportiva/internal/search"
	"github.com/exportiva/exportiva/internal/units"
)

// exportCount is a producer's shipments of one HS chapter to one country.
type exportCount struct {
	Chapter, Country string
	N                int
}

// facts is what evaluation needs beyond the product: loaded once per request.
type facts struct {
	rules   []*ent.MarketRule
	rates   money.Rates
	certs   map[int][]cert        // firm-wide certificates by producer
	exports map[int][]exportCount // by producer
	reqs    map[[2]string]*market.Requirements
	factors map[[2]string]float64 // FX factors by (from, to), for bounds
	loaded  map[int]bool          // producers whose certificates and exports are in

	// mu guards the memos below: a lead list's criteria are explained later,
	// by the resolvers of a page, perhaps at once (Lead.Criteria).
	mu sync.Mutex
	// prices memoizes unitPrice by product, currency and unit: leads judge
	// thousands of requests against the same few products.
	prices map[priceKey]memoPrice
}

type priceKey struct {
	product  int
	currency string
	unit     domain.Unit
}

type memoPrice struct {
	price float64
	none  bool // no listed price
	err   error
}

// unitPriceOf is unitPrice as a float, memoized per product, currency and
// unit when the facts memoize prices (judgeLeads turns it on).
func (f *facts) unitPriceOf(r *prepared, p *ent.Product, pk units.Packing, currency string) (float64, bool, error) {
	if x, ok := plainPrice(r, p, pk, currency); ok {
		return x, false, nil
	}
	if r.quiet && f.prices == nil {
		if x, ok := f.quickPrice(r, p, currency); ok {
			return x, false, nil
		}
	}
	k := priceKey{p.ID, currency, r.priceUnit}
	f.mu.Lock()
	m, ok := f.prices[k]
	memo := f.prices != nil
	f.mu.Unlock()
	if ok {
		return m.price, m.none, m.err
	}
	pr, err := r.unitPrice(f, p, pk, currency)
	m = memoPrice{none: pr == nil && err == nil, err: err}
	if pr != nil {
		m.price, _ = pr.Float64()
	}
	if memo {
		f.mu.Lock()
		f.prices[k] = m
		f.mu.Unlock()
	}
	return m.price, m.none, m.err
}

// plainPrice is unitPrice as a float without rationals when no conversion
// is needed: the price in the currency asked and per the unit asked. The
// float of the amount is then exactly the rational's nearest (one correctly
// rounded division of two exact floats), as long as the amount is exact as a
// float (below 2^53 ten-thousandths).
func plainPrice(r *prepared, p *ent.Product, pk units.Packing, currency string) (float64, bool) {
	if p.PriceMin == nil || p.PriceCurrency == nil || *p.PriceCurrency != currency || *p.PriceMin >= 1<<53 || *p.PriceMin <= -(1<<53) {
		return 0, false
	}
	// The same conversion as unitPrice's, refused the same way.
	perUnit, err := pk.Convert(units.Quantity{Amount: 1, Unit: r.priceUnit}, p.Unit)
	if err != nil || perUnit != 1 {
		return 0, false
	}
	return p.PriceMin.Float(), true
}

// quickPrice is unitPrice in floating point, for the quiet judgements that
// rank: from the price per base unit the product hook derives (fromBase),
// so that two listings of one price (5 EUR per kg, 5,000 EUR per tonne) stay
// equal and keep the reference's order, and a few ulps from the exact
// price's float, so it is used only where that cannot change a decision. A
// price within a billionth of the buyer's maximum, or of the near-miss
// limit above it, is left to the exact rationals; so is anything without a
// price per base unit in the request's dimension (the exact path decides
// what to refuse). Its points differ from the exact ones by far less than
// the 0.01 a score is shown with, and the page is judged again exactly
// (explainer).
func (f *facts) quickPrice(r *prepared, p *ent.Product, currency string) (float64, bool) {
	if p.PriceMin == nil {
		return 0, false
	}
	x, ok := r.fromBase(f, p.PricePerBase, p.PriceDimension, p.PriceCurrency, currency)
	if !ok {
		return 0, false
	}
	if r.MaxPrice != nil {
		ceiling := r.MaxPrice.Amount.Float()
		for _, t := range [2]float64{ceiling, ceiling * nearPrice} {
			if math.Abs(x-t) <= 1e-9*math.Abs(t) {
				return 0, false
			}
		}
		// The points are kept to a tenth (evaluateInto rounds them): points
		// too close to a half tenth could round the other way.
		if t := pricePoints(x, ceiling) * 10; math.Abs(t-math.Floor(t)-0.5) <= 1e-6 {
			return 0, false
		}
	}
	return x, true
}

// pricePoints are the price criterion's points for a price under a maximum.
func pricePoints(price, ceiling float64) float64 {
	return WeightPrice * math.Max(0, math.Min(1, 1.5-price/ceiling))
}

// requirements are the market rules for a country and an HS code, assembled once
// per pair: leads judge thousands of requests against the same few codes.
func (f *facts) requirements(country, hs string) *market.Requirements {
	k := [2]string{country, hs}
	f.mu.Lock()
	defer f.mu.Unlock()
	if r, ok := f.reqs[k]; ok {
		return r
	}
	if f.reqs == nil {
		f.reqs = map[[2]string]*market.Requirements{}
	}
	r := market.Assemble(country, hs, f.rules)
	f.reqs[k] = r
	return r
}

// prepared is a validated request with its derived figures.
type prepared struct {
	Request
	query        search.Query
	windowMonths float64     // SHIPMENT: months until delivery
	priceUnit    domain.Unit // unit maxPrice is per
	// quiet leaves the criteria's notes out: the engines that rank on
	// compact rows explain the page again (explainer), with notes.
	quiet bool
	// fullOnly stops judging at the first criterion that makes the match
	// PARTIAL (leads keep FULL matches only): its score is then incomplete.
	fullOnly bool
}

// packing is the product's packing (products.PackingOf).
func packing(p *ent.Product) units.Packing { return products.PackingOf(p) }

// commodityMatches is the in-memory twin of the SQL commodity filter.
func (r *prepared) commodityMatches(p *ent.Product, terms []string) bool {
	if len(r.HSCodes) > 0 && !slices.ContainsFunc(r.HSCodes, func(h string) bool { return strings.HasPrefix(p.HsCode, h) }) {
		return false
	}
	if !r.query.Empty() && !r.query.Matches(terms, p.Form) {
		return false
	}
	return true
}

// evaluate judges one product that passed the commodity filter.
func (r *prepared) evaluate(f *facts, p *ent.Product) *Match {
	m := new(Match)
	r.evaluateInto(m, f, p)
	return m
}

// evaluateInto is evaluate into m, overwritten (leads judge thousands of
// requests into one scratch match and keep copies of the best only).
func (r *prepared) evaluateInto(m *Match, f *facts, p *ent.Product) {
	*m = Match{Product: p, Producer: p.Edges.Producer, eligible: true, Fit: Full}
	if !r.quiet {
		m.Criteria = make([]Result, 0, 11)
	}
	// Each criterion's points are rounded to 0.1 and summed in order; a
	// quiet ranking keeps only the sums and flags, not the criteria.
	add := func(res Result) (goOn bool) {
		if res.blocking && res.Criterion != Volume {
			m.eligible = false
		}
		if res.blocking {
			m.Fit = PartialFit
			if !res.near {
				m.far = true
			}
		}
		res.Points = math.Round(res.Points*10) / 10
		m.Score += res.Points
		if !r.quiet {
			m.Criteria = append(m.Criteria, res)
		}
		return !r.fullOnly || m.Fit == Full
	}
	add(r.commodity(p))
	if slices.Contains(p.ExcludedCountries, r.Country) {
		m.excluded = true
		return
	}
	pk := packing(p)
	vol, ok := r.volume(p, pk, m)
	if !ok {
		m.excluded = true
		vol.blocking = true
		m.Criteria = append(m.Criteria, vol)
		return
	}
	if !add(vol) || !add(r.moq(p, pk, m)) {
		return
	}
	dest := Result{Criterion: Destination, Status: Met}
	if !r.quiet {
		dest.Note = note("Ships to %s.", countryFact(r.Country))
	}
	add(dest)
	if !add(r.certification(f, p)) || !add(r.price(f, p, pk)) || !add(r.incoterm(p)) || !add(r.trackRecord(f, p)) ||
		!add(r.verification(m.Producer)) || !add(r.leadTime(p)) {
		return
	}
	add(responseRate(m.Producer))
	m.Score = math.Round(m.Score*10) / 10
}

// nearMiss reports whether a non-FULL match misses only by near misses.
func (m *Match) nearMiss() bool { return !m.far }

func (r *prepared) commodity(p *ent.Product) Result {
	res := Result{Criterion: Commodity, Status: Met}
	within := ""
	for _, h := range r.HSCodes {
		if strings.HasPrefix(p.HsCode, h) {
			within = h
			break
		}
	}
	name := nameFact{p.NameEnglish, p.NameIndonesian}
	query := strings.TrimSpace(r.Query)
	switch {
	case within != "" && r.Query != "":
		if !r.quiet {
			res.Note = note("HS %s is within %s; %q answers “%s”.", dotted(p.HsCode), dotted(within), name, query)
		}
	case within != "":
		if !r.quiet {
			res.Note = note("HS %s is within %s.", dotted(p.HsCode), dotted(within))
		}
	case r.Query != "":
		if !r.quiet {
			res.Note = note("%q answers “%s”.", name, query)
		}
	default:
		if !r.quiet {
			res.Note = note("HS %s.", dotted(p.HsCode))
		}
	}
	return res
}

// volume compares capacity and need in the base unit per month (or over the
// delivery window for a one-off shipment). ok is false when they cannot be
// compared at all (different dimensions, unknown packaging).
func (r *prepared) volume(p *ent.Product, pk units.Packing, m *Match) (Result, bool) {
	res := Result{Criterion: Volume}
	amount, dim, err := pk.Resolve(units.Quantity{Amount: r.Quantity.Amount, Unit: r.Quantity.Unit})
	if err != nil {
		res.Status = Unmet
		if !r.quiet {
			res.Note = note("Your quantity in %s cannot be converted for this product: %s.", unitFact{r.Quantity.Unit, 2}, errFact{err})
		}
		return res, false
	}
	if string(dim) != p.CapacityDimension {
		res.Status = Unmet
		if !r.quiet {
			res.Note = note("Units of different dimensions never match: you ask by %s, the producer counts by %s.",
				dimFact(dim), dimFact(p.CapacityDimension))
		}
		return res, false
	}
	supply := p.CapacityMonthly
	need := amount
	if r.Quantity.Per == domain.PerShipment {
		supply *= r.windowMonths
	} else {
		need, _ = units.PerMonth(amount, r.Quantity.Per)
	}
	m.supply, m.need = supply, need
	m.Capacity = r.inRequestUnit(pk, supply)
	h := supply / need
	period := periodFact{r.Quantity.Per, r.windowMonths}
	have := qtyFact{m.Capacity.Amount, r.Quantity.Unit}
	want := qtyFact{r.Quantity.Amount, r.Quantity.Unit}
	switch {
	case h >= 1:
		res.Status = Met
		if !r.quiet {
			res.Note = note("Can supply %s %s; you need %s (%.0f%% covered).", have, period, want, math.Min(h, 99.99)*100)
		}
	case h >= 0.5:
		res.Status, res.blocking, res.near = Partial, true, true
		if !r.quiet {
			res.Note = note("Can supply %s of the %s you need %s (%.0f%%).", have, want, period, shortPercent(h))
		}
	default:
		res.Status, res.blocking = Unmet, true
		if !r.quiet {
			res.Note = note("Can supply only %s of the %s you need %s (%.0f%%).", have, want, period, shortPercent(h))
		}
	}
	switch {
	case h >= 2:
		res.Points = WeightVolume
	case h >= 1:
		res.Points = WeightVolume/2 + WeightVolume/2*(h-1)
	default:
		res.Points = WeightVolume / 2 * h
	}
	return res, true
}

// inRequestUnit expresses a base amount (per month, or per window) in the
// request's unit and period.
func (r *prepared) inRequestUnit(pk units.Packing, base float64) Quantity {
	one, _, err := pk.Resolve(units.Quantity{Amount: 1, Unit: r.Quantity.Unit})
	q := Quantity{Unit: r.Quantity.Unit, Per: r.Quantity.Per}
	if err != nil || one <= 0 {
		return q
	}
	amount := base / one
	if r.Quantity.Per != domain.PerShipment {
		amount, _ = units.FromPerMonth(amount, r.Quantity.Per)
	}
	q.Amount = math.Round(amount*1000) / 1000
	return q
}

func (r *prepared) moq(p *ent.Product, pk units.Packing, m *Match) Result {
	res := Result{Criterion: MOQ}
	if p.Moq == nil {
		res.Status = Met
		if !r.quiet {
			res.Note = note("No minimum order.")
		}
		return res
	}
	moq, _, err := pk.Resolve(units.Quantity{Amount: *p.Moq, Unit: p.Unit})
	if err != nil {
		res.Status = Met
		if !r.quiet {
			res.Note = note("The minimum order cannot be compared; ask the producer.")
		}
		return res
	}
	m.moq = moq
	asked, _, _ := pk.Resolve(units.Quantity{Amount: r.Quantity.Amount, Unit: r.Quantity.Unit})
	if moq <= asked*(1+1e-9) {
		res.Status = Met
		if !r.quiet {
			res.Note = note("Minimum order %s is within your %s.", qtyFact{*p.Moq, p.Unit}, qtyFact{r.Quantity.Amount, r.Quantity.Unit})
		}
		return res
	}
	res.Status, res.blocking = Unmet, true
	if moq <= asked*MOQNearFactor*(1+1e-9) {
		res.Status, res.near = Partial, true
	}
	if !r.quiet {
		res.Note = note("Minimum order %s exceeds your %s.", qtyFact{*p.Moq, p.Unit}, qtyFact{r.Quantity.Amount, r.Quantity.Unit})
	}
	return res
}

// MOQNearFactor bounds a near miss on the minimum order: a minimum order above
// the quantity asked, but at most this many times it, is a PARTIAL near miss
// (shown with includePartial); above it the product is not shown.
const MOQNearFactor = 2.0

// shortPercent is the share h (below 1) as a whole percentage, at most 99: a
// shortfall never reads as 100%.
func shortPercent(h float64) float64 {
	return math.Min(99, math.Round(h*100))
}

// cert is a certificate as evaluation reads it: 64 bytes where the entity
// takes 288, for the tens of thousands the index keeps.
type cert struct {
	typ         domain.CertificationType
	from, until time.Time
}

func certOf(c *ent.Certification) cert { return cert{c.Type, c.ValidFrom, c.ValidUntil} }

func validOn(c cert, now time.Time) bool {
	return !now.Before(c.from) && !now.After(c.until)
}

func (r *prepared) certification(f *facts, p *ent.Product) Result {
	res := Result{Criterion: Certification}
	req := f.requirements(r.Country, p.HsCode)
	required := req.Certifications
	for _, c := range r.Certifications {
		if !slices.Contains(required, c) {
			required = append(slices.Clip(required), c)
		}
	}
	// Sets of a few certificate types: small slices, not maps (this runs
	// for every candidate judged).
	type expiry struct {
		typ   domain.CertificationType
		until time.Time
	}
	var heldBuf [8]domain.CertificationType
	var expiredBuf [8]expiry
	held, expired := heldBuf[:0], expiredBuf[:0]
	see := func(c cert) {
		switch {
		case validOn(c, r.Now):
			if !slices.Contains(held, c.typ) {
				held = append(held, c.typ)
			}
		case c.until.Before(r.Now):
			i := slices.IndexFunc(expired, func(e expiry) bool { return e.typ == c.typ })
			if i < 0 {
				expired = append(expired, expiry{c.typ, c.until})
			} else if c.until.After(expired[i].until) {
				expired[i].until = c.until
			}
		}
	}
	for _, c := range f.certs[p.ProducerID] {
		see(c)
	}
	for _, c := range p.Edges.Certifications {
		see(certOf(c))
	}
	var missing listFact
	for _, c := range required {
		if slices.Contains(held, c) {
			continue
		}
		if i := slices.IndexFunc(expired, func(e expiry) bool { return e.typ == c }); i >= 0 {
			t := expired[i].until
			missing = append(missing, missingFact{c, &t})
		} else {
			missing = append(missing, missingFact{Type: c})
		}
	}
	extra := 0
	for _, t := range held {
		if !slices.Contains(required, t) {
			extra++
		}
	}
	res.Points = math.Min(WeightCertificates, float64(extra)*certPoints)
	var names listFact
	var country fact
	if !r.quiet {
		names = make(listFact, len(required))
		for i, c := range required {
			names[i] = certFact(c)
		}
		country = countryFact(r.Country)
	}
	switch {
	case len(missing) == 0 && len(required) == 0 && extra > 0:
		res.Status = Met
		if !r.quiet {
			res.Note = note("%s sets no certificate for HS chapter %s; %d more certificate(s) held.", country, p.HsChapter, extra)
		}
	case len(missing) == 0 && len(required) == 0:
		res.Status = Met
		if !r.quiet {
			res.Note = note("%s sets no certificate for HS chapter %s.", country, p.HsChapter)
		}
	case len(missing) == 0 && extra > 0:
		res.Status = Met
		if !r.quiet {
			res.Note = note("Holds every certificate required: %s; %d more certificate(s) held.", names, extra)
		}
	case len(missing) == 0:
		res.Status = Met
		if !r.quiet {
			res.Note = note("Holds every certificate required: %s.", names)
		}
	case len(missing) == 1:
		res.Status, res.blocking, res.near = Partial, true, true
		if !r.quiet {
			res.Note = note("Missing %s, required for %s.", missing, country)
		}
	default:
		res.Status, res.blocking = Unmet, true
		if !r.quiet {
			res.Note = note("Missing %s, required for %s.", missing, country)
		}
	}
	return res
}

// unitPrice returns the product's lowest price per the request's price unit, in
// the currency asked, exactly.
func (r *prepared) unitPrice(f *facts, p *ent.Product, pk units.Packing, currency string) (*big.Rat, error) {
	if p.PriceMin == nil || p.PriceCurrency == nil {
		return nil, nil
	}
	perUnit, err := pk.Convert(units.Quantity{Amount: 1, Unit: r.priceUnit}, p.Unit)
	if err != nil {
		return nil, err
	}
	x, err := f.rates.ConvertRat(p.PriceMin.Rat(), *p.PriceCurrency, currency)
	if err != nil {
		return nil, err
	}
	factor := new(big.Rat)
	factor.SetFloat64(perUnit)
	return x.Mul(x, factor), nil
}

// nearPrice is how far above the buyer's maximum a price is a near miss
// (PARTIAL): 15 %.
const nearPrice = 1.15

func (r *prepared) price(f *facts, p *ent.Product, pk units.Packing) Result {
	res := Result{Criterion: Price}
	cur := "USD"
	if r.MaxPrice != nil {
		cur = r.MaxPrice.Currency
	}
	price, none, err := f.unitPriceOf(r, p, pk, cur)
	if none {
		res.Status = Partial
		if !r.quiet {
			res.Note = note("No listed price; ask for a quote.")
		}
		return res
	}
	if err != nil {
		res.Status = Partial
		if !r.quiet {
			res.Note = note("No comparable listed price; ask for a quote.")
		}
		if r.MaxPrice != nil {
			// A listed price that cannot be compared is not known to be within
			// the maximum: a near miss, never FULL.
			res.blocking, res.near = true, true
			if !r.quiet {
				res.Note = note("The listed price cannot be compared with your maximum of %s %s; ask for a quote.", cur, r.MaxPrice.Amount.String())
			}
		}
		return res
	}
	shown := priceFact{cur, price, r.priceUnit}
	if r.MaxPrice == nil {
		res.Status = Met
		if !r.quiet {
			res.Note = note("From %s.", shown)
		}
		res.Points = WeightPrice / 2
		return res
	}
	ceiling := r.MaxPrice.Amount.Float()
	res.Points = pricePoints(price, ceiling)
	limit := cur + " " + r.MaxPrice.Amount.String()
	switch {
	case price <= ceiling:
		res.Status = Met
		if !r.quiet {
			res.Note = note("From %s, within your maximum of %s.", shown, limit)
		}
	case price <= ceiling*nearPrice:
		res.Status, res.blocking, res.near = Partial, true, true
		if !r.quiet {
			res.Note = note("From %s, %.0f%% above your maximum of %s.", shown, math.Max(1, math.Round((price/ceiling-1)*100)), limit)
		}
	default:
		res.Status, res.blocking = Unmet, true
		if !r.quiet {
			res.Note = note("From %s, above your maximum of %s.", shown, limit)
		}
	}
	return res
}

func (r *prepared) incoterm(p *ent.Product) Result {
	res := Result{Criterion: Incoterm}
	switch {
	case r.Incoterm == nil:
		res.Status = Met
		if !r.quiet {
			res.Note = note("Any Incoterm accepted.")
		}
	case p.Incoterm == nil:
		res.Status = Partial
		if !r.quiet {
			res.Note = note("The producer states no Incoterm; you asked %s.", string(*r.Incoterm))
		}
	case *p.Incoterm == *r.Incoterm:
		res.Status = Met
		if !r.quiet {
			res.Note = note("Prices are %s, as you asked.", string(*p.Incoterm))
		}
	default:
		res.Status = Partial
		if !r.quiet {
			res.Note = note("Prices are %s, you asked %s: compare with care, the costs each side bears differ.", string(*p.Incoterm), string(*r.Incoterm))
		}
	}
	return res
}

func (r *prepared) trackRecord(f *facts, p *ent.Product) Result {
	res := Result{Criterion: TrackRecord}
	var toCountry, toRegion, anywhere int
	var regionCountry, anyCountry string
	for _, e := range f.exports[p.ProducerID] {
		if e.Chapter != p.HsChapter {
			continue
		}
		switch {
		case e.Country == r.Country:
			toCountry += e.N
		case geo.SameRegion(e.Country, r.Country):
			toRegion += e.N
			regionCountry = e.Country
		default:
			anywhere += e.N
			anyCountry = e.Country
		}
	}
	_, region := geo.Region(r.Country)
	switch {
	case toCountry > 0:
		res.Status, res.Points = Met, math.Min(WeightTrackRecord, 15+2.5*float64(toCountry))
		if !r.quiet {
			res.Note = note("Has shipped HS chapter %s to %s %s.", p.HsChapter, countryFact(r.Country), timesFact(toCountry))
		}
	case toRegion > 0:
		res.Status, res.Points = Partial, 12
		if !r.quiet {
			res.Note = note("Has shipped HS chapter %s to %s (%s), not yet to %s.", p.HsChapter, countryFact(regionCountry), regionFact(region), countryFact(r.Country))
		}
	case anywhere > 0:
		res.Status, res.Points = Partial, 5
		if !r.quiet {
			res.Note = note("Has exported HS chapter %s (to %s), not yet to this region.", p.HsChapter, countryFact(anyCountry))
		}
	default:
		res.Status = Unmet
		if !r.quiet {
			res.Note = note("No recorded export of HS chapter %s yet.", p.HsChapter)
		}
	}
	return res
}

func (r *prepared) verification(p *ent.Producer) Result {
	res := Result{Criterion: Verification}
	var scopes []domain.VerificationScope
	if p != nil {
		scopes = domain.EffectiveScopes(p.Verified, p.VerifiedUntil, p.VerifiedAt, p.VerifiedScopes, r.Now)
	}
	if len(scopes) == 0 {
		if p != nil && p.Verified {
			res.Status = Unmet
			if !r.quiet {
				res.Note = note("The trade office's verification has expired.")
			}
			return res
		}
		res.Status = Unmet
		if !r.quiet {
			res.Note = note("Not yet verified by the trade office.")
		}
		return res
	}
	for _, s := range scopes {
		res.Points += VerificationPoints[s]
	}
	res.Points = math.Min(WeightVerification, res.Points)
	res.Status = Partial
	if slices.Contains(scopes, domain.ScopeIdentity) && slices.Contains(scopes, domain.ScopeBusinessLicence) {
		res.Status = Met
	}
	if r.quiet {
		return res
	}
	facts := make(listFact, 0, len(scopes))
	for _, s := range scopes {
		facts = append(facts, scopeFact(s))
	}
	until := p.VerifiedUntil
	if until == nil && p.VerifiedAt != nil {
		t := p.VerifiedAt.AddDate(0, domain.VerificationValidity, 0)
		until = &t
	}
	if until != nil {
		res.Note = note("Verified by the trade office (%s) until %s.", facts, dateFact(*until))
	} else {
		res.Note = note("Verified by the trade office (%s).", facts)
	}
	return res
}

// responseRate scores how fast the producer answers inquiries (its stored
// figures, internal/replyrate): WeightResponse × the share answered within
// 24 hours. It never blocks; too few inquiries to tell score nothing.
func responseRate(p *ent.Producer) Result {
	res := Result{Criterion: ResponseRate}
	var s replyrate.Stats
	ok := false
	if p != nil {
		s, ok = replyrate.OfProducer(p)
	}
	if !ok {
		res.Status, res.Note = Partial, note("Too few inquiries in the last 30 days to tell how fast the producer replies.")
		return res
	}
	rate := s.Rate()
	res.Points = WeightResponse * rate
	switch {
	case rate >= ResponseMet:
		res.Status = Met
	case rate >= ResponseUnmet:
		res.Status = Partial
	default:
		res.Status = Unmet
	}
	if s.MedianSeconds == nil {
		res.Note = note("Answered none of %d inquiries in the last 30 days.", s.Received)
		return res
	}
	res.Note = note("Answered %d of %d inquiries within 24 hours in the last 30 days (median first reply %.1f hours).",
		s.Replied, s.Received, float64(*s.MedianSeconds)/3600)
	return res
}

func (r *prepared) leadTime(p *ent.Product) Result {
	res := Result{Criterion: LeadTime}
	if p.LeadTimeDays == nil {
		res.Status = Partial
		if !r.quiet {
			res.Note = note("Lead time not stated.")
		}
		if r.DeliverBy != nil {
			// Nothing says it can ship in time: a near miss, never FULL.
			res.blocking, res.near = true, true
			if !r.quiet {
				res.Note = note("Lead time not stated: ask whether it can ship by your delivery date.")
			}
		}
		return res
	}
	d := *p.LeadTimeDays
	switch {
	case d <= 14:
		res.Points = WeightLeadTime
	case d < 45:
		res.Points = WeightLeadTime * float64(45-d) / 31
	}
	res.Points = math.Round(res.Points*10) / 10
	res.Status = Met
	if !r.quiet {
		res.Note = note("Ships %d days after order.", d)
	}
	if r.DeliverBy != nil {
		left := int(r.DeliverBy.Sub(r.Now).Hours() / 24)
		if d > left {
			res.Status, res.blocking, res.Points = Unmet, true, 0
			if !r.quiet {
				res.Note = note("Needs %d days from order; your delivery date is %d days away.", d, left)
			}
		}
	}
	return res
}

func dotted(hs string) string {
	if len(hs) <= 4 {
		return hs
	}
	return hs[:4] + "." + hs[4:]
}

func certName(c domain.CertificationType) string {
	return domain.CertificationTypes.Row(c).Term(1)
}

// unitName names n of a unit in a sentence, from the unit's table.
func unitName(u domain.Unit, n float64) string {
	if d, ok := domain.Units.Lookup(string(u)); ok {
		return d.Term(n)
	}
	return strings.ToLower(string(u))
}

func dimName(d units.Dimension) string {
	switch d {
	case units.Mass:
		return "weight"
	case units.Count:
		return "count"
	case units.Volume:
		return "volume"
	}
	return strings.ToLower(string(d))
}

func periodPhrase(p domain.Period, window float64) string {
	switch p {
	case domain.PerWeek:
		return "a week"
	case domain.PerYear:
		return "a year"
	case domain.PerShipment:
		return fmt.Sprintf("by your delivery date (%.1f months)", window)
	}
	return "a month"
}
