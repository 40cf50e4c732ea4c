package domain

import "time"

// Need is a need for matches as a saved search keeps it: what matches takes
// beyond the HS prefixes and the text, which the search keeps in its own
// columns (internal/match turns it back into a request: match.RequestOfNeed).
type Need struct {
	Quantity       Quantity            `json:"quantity"`
	Country        string              `json:"country"`
	Port           string              `json:"port,omitempty"`
	Certifications []CertificationType `json:"certifications,omitempty"`
	Incoterm       *Incoterm           `json:"incoterm,omitempty"`
	MaxPrice       *NeedPrice          `json:"maxPrice,omitempty"`
	DeliverBy      *time.Time          `json:"deliverBy,omitempty"`
	IncludePartial bool                `json:"includePartial,omitempty"`
}

// NeedPrice is a need's highest acceptable price: an exact amount in
// ten-thousandths (money.Amount) and its currency.
type NeedPrice struct {
	Amount   int64  `json:"amount"`
	Currency string `json:"currency"`
}
