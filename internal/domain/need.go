package domain

import (
	"time"

	"github.com/exportiva/exportiva/internal/money"
)

// Need is what a buyer wants: the goods (HS prefixes, a text, or both), how
// much per period, where to and on what terms. It is the one shape of a match
// query (match.Request), a posted buy request (trade.NewBuyRequest) and a
// saved search's need; internal/need checks and normalises it, naming a bad
// field as need.Field* does.
//
// As a saved search keeps it (its need column, JSON), the HS prefixes and the
// text stay out: the search holds them in its own columns.
type Need struct {
	HSCodes        []string            `json:"-"`
	Query          string              `json:"-"`
	Quantity       Quantity            `json:"quantity"`
	Country        string              `json:"country"`
	Port           string              `json:"port,omitempty"`
	Certifications []CertificationType `json:"certifications,omitempty"`
	Incoterm       *Incoterm           `json:"incoterm,omitempty"`
	MaxPrice       *Money              `json:"maxPrice,omitempty"`
	DeliverBy      *time.Time          `json:"deliverBy,omitempty"`
	// IncludePartial asks for near misses too (a match query's and a saved
	// search's choice; a buy request's leads are FULL fits).
	IncludePartial bool `json:"includePartial,omitempty"`
}

// Money is an exact amount (money.Amount, ten-thousandths) in an ISO 4217
// currency.
type Money struct {
	Amount   money.Amount `json:"amount"`
	Currency string       `json:"currency"`
}
