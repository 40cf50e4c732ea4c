// Package match is Exportiva's matching engine: from what a buyer needs (commodity,
// volume, destination, certificates, price, terms) to a ranked, explained list of
// the products that can really ship it, groups of small producers that can ship it
// together (pools), and — the same rules in reverse — the buy requests a producer's
// products fit (leads). docs/MATCHING.md explains the rules and weights for users.
package match

import (
	"io"
	"time"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/i18n"
)

// Criterion names one test a match is judged on.
type Criterion string

// Criteria, in the order a match lists them.
const (
	Commodity     Criterion = "COMMODITY"
	Volume        Criterion = "VOLUME"
	MOQ           Criterion = "MOQ"
	Destination   Criterion = "DESTINATION"
	Certification Criterion = "CERTIFICATION"
	Price         Criterion = "PRICE"
	Incoterm      Criterion = "INCOTERM"
	TrackRecord   Criterion = "TRACK_RECORD"
	Verification  Criterion = "VERIFICATION"
	LeadTime      Criterion = "LEAD_TIME"
	ResponseRate  Criterion = "RESPONSE_RATE"
)

// Status is how a criterion came out.
type Status string

// Statuses.
const (
	Met     Status = "MET"
	Unmet   Status = "UNMET"
	Partial Status = "PARTIAL"
)

// Fit is how well a product answers the whole request.
type Fit string

// Fits: FULL passes every requirement; PARTIAL is a near miss, shown only on request.
const (
	Full       Fit = "FULL"
	PartialFit Fit = "PARTIAL"
)

// Weights of the score (they sum to 100).
const (
	WeightVolume       = 20.0
	WeightTrackRecord  = 25.0
	WeightVerification = 15.0
	WeightPrice        = 15.0
	WeightCertificates = 10.0 // certPoints per kind held beyond those required
	WeightLeadTime     = 10.0
	// WeightResponse is small on purpose: how fast a producer answered its
	// last inquiries informs, it does not outweigh what it can ship.
	WeightResponse = 5.0
)

// ResponseMet is the response rate from which RESPONSE_RATE is MET;
// ResponseUnmet the one below which it is UNMET.
const (
	ResponseMet   = 0.8
	ResponseUnmet = 0.5
)

// VerificationPoints are the points of each verification scope that holds
// (unexpired, unrevoked) toward WeightVerification: what the trade office
// checked, weighed by how much it tells a buyer. A verification is MET when
// it covers identity and business licence (what the former verified flag
// meant: such a flag counts as those two), PARTIAL with less, UNMET when
// none holds (never verified, expired or revoked). The importer licence is
// checked for buyers and scores nothing here.
var VerificationPoints = map[domain.VerificationScope]float64{
	domain.ScopeIdentity:           5,
	domain.ScopeBusinessLicence:    5,
	domain.ScopeSiteVisit:          3,
	domain.ScopeExportRegistration: 1,
	domain.ScopeCertificates:       1,
}

// Quantity is an amount of a unit per period.
type Quantity = domain.Quantity

// Money is an exact amount in a currency.
type Money = domain.Money

// Request is what a buyer needs, as a match query or a stored buy request
// (RequestOf) asks it: the need and how to answer it.
type Request struct {
	domain.Need
	// MaxPoolSize caps the producers in one pool (default 3, at most 5).
	MaxPoolSize int
	// Buyer, when not 0, is the buyer firm asking: producers with a block
	// with it (either way) are no candidates.
	Buyer int
	// Now is the day certificates must be valid on.
	Now time.Time
}

// FieldMaxPoolSize names the one field of a request beyond its need
// (need.Field*) an error may point at.
const FieldMaxPoolSize = "maxPoolSize"

// Result is one judged criterion.
type Result struct {
	Criterion Criterion
	Status    Status
	// Note explains the outcome as facts; Detail and Text write it.
	Note   Note
	Points float64
	// blocking marks a result that keeps the match from being FULL.
	blocking bool
	// near marks a blocking result that is a near miss (PARTIAL fit allowed).
	near bool
}

// Match is one product judged against a request.
type Match struct {
	Product  *ent.Product
	Producer *ent.Producer
	Score    float64
	Fit      Fit
	Criteria []Result
	// Capacity is the product's capacity in the request's unit and period.
	Capacity Quantity

	// Internal figures in the base unit per month (or per delivery window).
	supply, need, moq float64
	eligible          bool // passes every blocking criterion except volume
	excluded          bool // never shown: wrong commodity, excluded destination or dimension
	far               bool // misses a blocking criterion by more than a near miss
}

// PoolMember is one producer's share of a pool.
type PoolMember struct {
	Product    *ent.Product
	Producer   *ent.Producer
	Allocation Quantity
}

// Pool is a group of producers that together supply the request.
type Pool struct {
	Members []PoolMember
	Total   Quantity
	Score   float64
}

// Outcome is the engine's answer: FULL matches ranked, then near misses when asked
// for, and pools when no single product covers the volume.
type Outcome struct {
	Matches []*Match
	Pools   []Pool
	// Truncated reports that more products fit the need's commodity than one
	// request judges (MaxCandidates): the matches come from the largest ones.
	Truncated bool
	// explainer explains a page of compact matches (nil: they are explained).
	explainer *explainer
	// partial marks a top-k outcome that holds only the first TopKPage matches.
	partial bool
}

// Lead is a buy request a producer's product fits.
type Lead struct {
	BuyRequest *ent.BuyRequest
	// Match is the judging of the best product, quiet (without criteria)
	// when the lead came from Leads: Criteria explains it.
	Match *Match
	// prep and facts judged the lead (nil for a lead built elsewhere).
	prep  *prepared
	facts *facts
}

// Criteria is the table of the criteria: value, description (as the schema
// gives it), English and Indonesian labels.
var Criteria = domain.NewTable[Criterion]("Criterion", "A criterion a match is judged on.",
	domain.V("COMMODITY", "The product is the commodity asked for (HS code and/or text).", "Commodity", "Komoditas"),
	domain.V("VOLUME", "Capacity covers the quantity (per month, or until delivery for one shipment).", "Volume", "Volume"),
	domain.V("MOQ", "The producer's minimum order does not exceed the quantity.", "Minimum order", "Pesanan minimum"),
	domain.V("DESTINATION", "The producer ships to the destination.", "Destination", "Tujuan"),
	domain.V("CERTIFICATION", "The certificates the destination's rules and the buyer require are held and valid.", "Certificates", "Sertifikat"),
	domain.V("PRICE", "The lowest price is within the buyer's maximum.", "Price", "Harga"),
	domain.V("INCOTERM", "The product is quoted on the Incoterm asked for.", "Incoterm", "Incoterm"),
	domain.V("TRACK_RECORD", "Past exports of this HS chapter to the country, then to its region.", "Track record", "Rekam jejak"),
	domain.V("VERIFICATION", "What the trade office verified of the producer (identity, business licence, site visit, export registration, certificates), while it holds.", "Verification", "Verifikasi"),
	domain.V("LEAD_TIME", "Days from order to shipment (and whether they fit the delivery date).", "Lead time", "Waktu tunggu"),
	domain.V("RESPONSE_RATE", "How many of the buyers' inquiries of the last 30 days the producer answered within 24 hours (score only).", "Response rate", "Tingkat respons"),
)

// Statuses is the table of how a criterion can come out.
var Statuses = domain.NewTable[Status]("CriterionStatus", "How one criterion came out.",
	domain.V("MET", "Satisfied.", "Met", "Terpenuhi"),
	domain.V("UNMET", "Not satisfied.", "Not met", "Tidak terpenuhi"),
	domain.V("PARTIAL", "Partly satisfied, or satisfied with a caveat the buyer should read.", "Partly met", "Terpenuhi sebagian"),
)

// Fits is the table of how well a product answers a request.
var Fits = domain.NewTable[Fit]("MatchFit", "How well a product answers a request.",
	domain.V("FULL", "Meets every requirement.", "Full match", "Cocok penuh"),
	domain.V("PARTIAL", "A near miss: misses one or more requirements by a little (shown with includePartial).", "Near miss", "Hampir cocok"),
)

// MarshalGQL writes the fit as a GraphQL enum value.
func (f Fit) MarshalGQL(w io.Writer) { Fits.Marshal(w, f) }

// UnmarshalGQL reads a fit.
func (f *Fit) UnmarshalGQL(v any) error { return Fits.Unmarshal(v, f) }

// MarshalGQL writes the status as a GraphQL enum value.
func (s Status) MarshalGQL(w io.Writer) { Statuses.Marshal(w, s) }

// UnmarshalGQL reads a status.
func (s *Status) UnmarshalGQL(v any) error { return Statuses.Unmarshal(v, s) }

// MarshalGQL writes the criterion as a GraphQL enum value.
func (c Criterion) MarshalGQL(w io.Writer) { Criteria.Marshal(w, c) }

// UnmarshalGQL reads a criterion.
func (c *Criterion) UnmarshalGQL(v any) error { return Criteria.Unmarshal(v, c) }

// Detail explains the outcome in English.
func (r Result) Detail() string { return r.Note.Text(i18n.English) }

// Text explains the outcome in l.
func (r Result) Text(l i18n.Lang) string { return r.Note.Text(l) }

// Product is the product of the lead.
func (l Lead) Product() *ent.Product { return l.Match.Product }

// Score is the lead's score, that of the match it reverses.
func (l Lead) Score() float64 { return l.Match.Score }

// Explained returns the lead's match with its criteria (Criteria): a copy
// when the lead was judged quietly.
func (l Lead) Explained() *Match {
	if l.Match.Criteria != nil || l.prep == nil {
		return l.Match
	}
	m := *l.Match
	m.Criteria = l.Criteria()
	return &m
}

// Criteria explain the lead.
// A quietly judged lead is judged again, in full, on the same facts: only
// the leads of the page asked for are.
func (l Lead) Criteria() []Result {
	if l.Match.Criteria != nil || l.prep == nil {
		return l.Match.Criteria
	}
	loud := *l.prep // shared with the cached list: explain with a copy
	loud.quiet, loud.fullOnly = false, false
	return loud.evaluate(l.facts, l.Match.Product).Criteria
}
