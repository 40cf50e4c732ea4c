// Package match is Exportiva's matching engine: from what a buyer needs (commodity,
// volume, destination, certificates, price, terms) to a ranked, explained list of
// the products that can really ship it, groups of small producers that can ship it
// together (pools), and — the same rules in reverse — the buy requests a producer's
// products fit (leads). docs/MATCHING.md explains the rules and weights for users.
package match

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"time"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/money"
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
	WeightVolume       = 25.0
	WeightTrackRecord  = 25.0
	WeightVerification = 15.0
	WeightPrice        = 15.0
	WeightCertificates = 10.0
	WeightLeadTime     = 10.0
)

// Quantity is an amount of a unit per period.
type Quantity = domain.Quantity

// Money is an exact amount in a currency.
type Money struct {
	Amount   money.Amount
	Currency string
}

// Request is what a buyer needs: a match query or a stored buy request.
type Request struct {
	HSCodes        []string
	Query          string
	Quantity       Quantity
	Country        string
	Port           string
	Certifications []domain.CertificationType
	Incoterm       *domain.Incoterm
	MaxPrice       *Money
	DeliverBy      *time.Time
	IncludePartial bool
	// MaxPoolSize caps the producers in one pool (default 3, at most 5).
	MaxPoolSize int
	// Now is the day certificates must be valid on.
	Now time.Time
}

// Result is one judged criterion.
type Result struct {
	Criterion Criterion
	Status    Status
	Detail    string
	Points    float64
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
}

// Lead is a buy request a producer's product fits.
type Lead struct {
	BuyRequest *ent.BuyRequest
	Match      *Match
}

// MarshalGQL writes the fit as a GraphQL enum value.
func (f Fit) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(string(f))) }

// UnmarshalGQL reads a fit.
func (f *Fit) UnmarshalGQL(v any) error {
	return unmarshalEnum(v, (*string)(f), string(Full), string(PartialFit))
}

// MarshalGQL writes the status as a GraphQL enum value.
func (s Status) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(string(s))) }

// UnmarshalGQL reads a status.
func (s *Status) UnmarshalGQL(v any) error {
	return unmarshalEnum(v, (*string)(s), string(Met), string(Unmet), string(Partial))
}

// MarshalGQL writes the criterion as a GraphQL enum value.
func (c Criterion) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(string(c))) }

// UnmarshalGQL reads a criterion.
func (c *Criterion) UnmarshalGQL(v any) error {
	return unmarshalEnum(v, (*string)(c), string(Commodity), string(Volume), string(MOQ), string(Destination),
		string(Certification), string(Price), string(Incoterm), string(TrackRecord), string(Verification), string(LeadTime))
}

func unmarshalEnum(v any, dst *string, allowed ...string) error {
	s, ok := v.(string)
	if !ok || !slices.Contains(allowed, s) {
		return fmt.Errorf("%v is not one of %v", v, allowed)
	}
	*dst = s
	return nil
}

// Product is the product of the lead.
func (l Lead) Product() *ent.Product { return l.Match.Product }

// Score is the lead's score, that of the match it reverses.
func (l Lead) Score() float64 { return l.Match.Score }

// Criteria explain the lead.
func (l Lead) Criteria() []Result { return l.Match.Criteria }
