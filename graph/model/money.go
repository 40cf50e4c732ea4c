package model

import "github.com/exportiva/exportiva/internal/money"

// Money is an amount of money in a currency (the GraphQL type Money). Its amount
// is a money.Total, of any size, so that a sum of many records (export
// statistics) is never cut by money.Amount's range; prices convert with
// money.TotalOf.
type Money struct {
	// Exact amount.
	Amount money.Total `json:"amount"`
	// ISO 4217 currency code (e.g. USD).
	Currency string `json:"currency"`
}
