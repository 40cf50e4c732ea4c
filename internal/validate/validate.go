// Package validate holds the data rules of the domain as small functions with
// sentinel errors. The ent schema attaches them to fields, the import and matching
// code call them on raw input, and the API maps their errors to BAD_USER_INPUT.
package validate

import (
	"errors"
	"fmt"
	"math"
	"net/mail"
	"slices"
	"strings"
	"time"

	"golang.org/x/text/language"

	"github.com/exportiva/exportiva/internal/apperr"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/geo"
	"github.com/exportiva/exportiva/internal/money"
	"github.com/exportiva/exportiva/internal/units"
)

// Sentinel errors; wrap them with fmt.Errorf("%w: …") to add detail.
var (
	ErrHSCode       = errors.New("an HS code has 6 to 10 digits")
	ErrHSPrefix     = errors.New("an HS prefix has 2 to 10 digits")
	ErrHSChapter    = errors.New("an HS chapter has exactly 2 digits (01–97)")
	ErrCountry      = errors.New("not an ISO 3166-1 alpha-2 country code (e.g. TH, US)")
	ErrDestination  = errors.New("not a country code, a trade bloc (ASEAN, EU, GCC) or ALL")
	ErrPort         = errors.New("not a UN/LOCODE port code (e.g. THLCH)")
	ErrCurrency     = errors.New("not an ISO 4217 currency code (e.g. USD, IDR)")
	ErrNIB          = errors.New("an NIB (Nomor Induk Berusaha) has 13 digits")
	ErrEmail        = errors.New("not a valid e-mail address")
	ErrLanguage     = errors.New("not a language tag (e.g. id, en)")
	ErrPositive     = errors.New("must be a positive number")
	ErrNotNegative  = errors.New("must not be negative")
	ErrDateOrder    = errors.New("the start must be before the end")
	ErrPriceOrder   = errors.New("the minimum price must not exceed the maximum")
	ErrMeasurable   = errors.New("must be a unit of fixed size (KG, TONNE, LB, PIECE, PAIR, DOZEN, LITRE, CUBIC_METRE)")
	ErrYear         = errors.New("not a plausible year")
	ErrRequiredWith = errors.New("is required together with another field")
	ErrCommodity    = errors.New("give HS codes, a search text, or both")
	ErrPeriod       = errors.New("capacity is a rate: use WEEK, MONTH or YEAR, not SHIPMENT")
	ErrTooLarge     = errors.New("exceeds the plausible maximum")
	ErrEmpty        = errors.New("must not be empty")
	ErrTooLong      = errors.New("is too long")
	ErrFuture       = errors.New("must lie in the future")
	// ErrTooManyHSCodes, ErrPortCountry and ErrCertification are rules of a
	// buyer's need (internal/need).
	ErrTooManyHSCodes = fmt.Errorf("at most %d HS codes in one need", MaxHSCodes)
	ErrPortCountry    = errors.New("the port is not in the destination country")
	ErrCertification  = errors.New("not a certificate type (e.g. HACCP, HALAL)")
)

// Plausibility bounds of the numbers of the schema. No product, request, quote or
// shipment of the trade comes near them; they keep absurd values (1.7e308, a
// value of 10^15) out of the catalog's sorting, the monthly capacities and the
// export statistics. The schema descriptions and docs/SECURITY.md state them.
const (
	// MaxQuantity bounds an amount of goods in its unit: capacity, minimum
	// order, pack size, container loads, requested and quoted quantities, the
	// quantity of a match query, and the kilograms of an export record.
	MaxQuantity = 1_000_000_000
	// MaxDays bounds a lead time or a shelf life, in days (ten years).
	MaxDays = 3650
)

// Money bounds, in any currency.
var (
	// MaxPrice bounds a price per unit (product prices, a buyer's highest price, a
	// quote): one trillion.
	MaxPrice = money.FromInt(1_000_000_000_000)
	// MaxExportValue bounds the invoice value of one shipment: 10^14 (IDR 100
	// trillion, more than Lamongan's exports of a year).
	MaxExportValue = money.FromInt(100_000_000_000_000)
	// MaxUnitsPerUSD bounds an exchange rate: a billion units of a currency per
	// US dollar.
	MaxUnitsPerUSD = money.FromInt(1_000_000_000)
)

// NormalizeHS removes the dots and spaces people write in HS codes ("0303.59" → "030359").
func NormalizeHS(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '.' || r == ' ' || r == '\t' || r == '-' {
			return -1
		}
		return r
	}, strings.TrimSpace(s))
}

func digits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// HSCode checks a normalized HS code: 6 to 10 digits with a real chapter.
func HSCode(s string) error {
	if len(s) < 6 || len(s) > 10 || !digits(s) || HSChapter(s[:2]) != nil {
		return fmt.Errorf("%w: %q", ErrHSCode, s)
	}
	return nil
}

// HSPrefix checks a normalized HS prefix used for searching: 2 to 10 digits.
func HSPrefix(s string) error {
	if len(s) < 2 || len(s) > 10 || !digits(s) || HSChapter(s[:2]) != nil {
		return fmt.Errorf("%w: %q", ErrHSPrefix, s)
	}
	return nil
}

// HSPrefixes checks every prefix in a list.
func HSPrefixes(list []string) error {
	for _, s := range list {
		if err := HSPrefix(s); err != nil {
			return err
		}
	}
	return nil
}

// HSChapter checks a two-digit HS chapter (01–97; 77 is reserved).
func HSChapter(s string) error {
	if len(s) != 2 || !digits(s) || s == "00" || s == "77" || s > "97" {
		return fmt.Errorf("%w: %q", ErrHSChapter, s)
	}
	return nil
}

// Country checks an ISO 3166-1 alpha-2 code.
func Country(s string) error {
	if !geo.ValidCountry(s) {
		return fmt.Errorf("%w: %q", ErrCountry, s)
	}
	return nil
}

// Countries checks every code in a list.
func Countries(list []string) error {
	for _, s := range list {
		if err := Country(s); err != nil {
			return err
		}
	}
	return nil
}

// Destination checks a market-rule destination: country, bloc or ALL.
func Destination(s string) error {
	if !geo.ValidDestination(s) {
		return fmt.Errorf("%w: %q", ErrDestination, s)
	}
	return nil
}

// Port checks a UN/LOCODE.
func Port(s string) error {
	if !geo.ValidPort(s) {
		return fmt.Errorf("%w: %q", ErrPort, s)
	}
	return nil
}

// Currency checks an ISO 4217 code.
func Currency(s string) error {
	if !money.ValidCurrency(s) {
		return fmt.Errorf("%w: %q", ErrCurrency, s)
	}
	return nil
}

// NIB checks an Indonesian business identification number.
func NIB(s string) error {
	if len(s) != 13 || !digits(s) {
		return fmt.Errorf("%w: %q", ErrNIB, s)
	}
	return nil
}

// Email checks a plain e-mail address (no display name).
func Email(s string) error {
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || !strings.Contains(s[strings.LastIndexByte(s, '@')+1:], ".") {
		return ErrEmail
	}
	return nil
}

// Languages checks BCP 47 language tags.
func Languages(list []string) error {
	for _, s := range list {
		if _, err := language.Parse(s); err != nil || s == "" {
			return fmt.Errorf("%w: %q", ErrLanguage, s)
		}
	}
	return nil
}

// Positive checks a finite number greater than zero.
func Positive(f float64) error {
	if !(f > 0) || math.IsInf(f, 0) {
		return ErrPositive
	}
	return nil
}

// Quantity checks an amount of goods: positive, finite and at most MaxQuantity.
func Quantity(f float64) error {
	if err := Positive(f); err != nil {
		return err
	}
	if f > MaxQuantity {
		return fmt.Errorf("%w: %d", ErrTooLarge, MaxQuantity)
	}
	return nil
}

// Days checks a number of days: zero to MaxDays.
func Days(n int) error {
	if err := NotNegative(n); err != nil {
		return err
	}
	if n > MaxDays {
		return fmt.Errorf("%w: %d", ErrTooLarge, MaxDays)
	}
	return nil
}

// AmountUpTo checks a money amount greater than zero and at most limit.
func AmountUpTo(a, limit money.Amount) error {
	if err := PositiveAmount(a); err != nil {
		return err
	}
	if a > limit {
		return fmt.Errorf("%w: %s", ErrTooLarge, limit)
	}
	return nil
}

// Price checks a price per unit: positive, at most MaxPrice.
func Price(a money.Amount) error { return AmountUpTo(a, MaxPrice) }

// ExportValue checks the value of a shipment: positive, at most MaxExportValue.
func ExportValue(a money.Amount) error { return AmountUpTo(a, MaxExportValue) }

// UnitsPerUSD checks an exchange rate: positive, at most MaxUnitsPerUSD.
func UnitsPerUSD(a money.Amount) error { return AmountUpTo(a, MaxUnitsPerUSD) }

// Text checks a required text of at most limit characters.
func Text(s string, limit int) error {
	if strings.TrimSpace(s) == "" {
		return ErrEmpty
	}
	return MaxText(s, limit)
}

// MaxHSCodes is the most HS codes one need (a match request, a buy
// request, a saved need) may give, and MaxQueryLength the most characters
// of its query.
const (
	MaxHSCodes     = 50
	MaxQueryLength = 500
)

// MaxText checks an optional text of at most limit characters.
func MaxText(s string, limit int) error {
	if len([]rune(s)) > limit {
		return fmt.Errorf("%w: at most %d characters", ErrTooLong, limit)
	}
	return nil
}

// NotNegative checks an integer that may be zero.
func NotNegative(n int) error {
	if n < 0 {
		return ErrNotNegative
	}
	return nil
}

// PositiveAmount checks a money amount greater than zero.
func PositiveAmount(a money.Amount) error {
	if a <= 0 {
		return ErrPositive
	}
	return nil
}

// Measurable checks that a unit has a fixed size.
func Measurable(u domain.Unit) error {
	if !units.Measurable(u) {
		return fmt.Errorf("%w: %s", ErrMeasurable, u)
	}
	return nil
}

// RatePeriod checks that a capacity period is a rate.
func RatePeriod(p domain.Period) error {
	if p == domain.PerShipment {
		return ErrPeriod
	}
	return nil
}

// FoundedYear checks a founding year.
func FoundedYear(y int) error {
	if y < 1800 || y > time.Now().Year() {
		return fmt.Errorf("%w: %d", ErrYear, y)
	}
	return nil
}

// DateOrder checks that from is before until.
func DateOrder(from, until time.Time) error {
	if !from.Before(until) {
		return ErrDateOrder
	}
	return nil
}

// FieldError is a rule broken by one field. Field names it as the domain
// does: an ent field (hs_code) or a dotted path within a domain input
// (quantity.amount). Only the GraphQL layer turns it into a path of the
// operation (["input", "quantity", "amount"], snake_case in camelCase).
type FieldError struct {
	Field string
	Err   error
}

// Error implements error.
func (e *FieldError) Error() string { return e.Field + ": " + e.Err.Error() }

// Unwrap returns the broken rule.
func (e *FieldError) Unwrap() error { return e.Err }

// ErrorCode is BAD_USER_INPUT (apperr.Coder).
func (e *FieldError) ErrorCode() string { return apperr.CodeBadUserInput }

// Field wraps err as a FieldError of the named field; nil stays nil.
func Field(name string, err error) error {
	if err == nil {
		return nil
	}
	return &FieldError{Field: name, Err: err}
}

// Within names the fields of err's field errors as parts of the named field
// (quantity.amount within need: need.quantity.amount); an application error
// with a field (apperr.Error) gets the same prefix. Other errors pass as they
// are.
func Within(field string, err error) error {
	var es Errors
	var fe *FieldError
	var ae *apperr.Error
	switch {
	case errors.As(err, &es):
		out := make(Errors, len(es))
		for i, e := range es {
			out[i] = &FieldError{Field: field + "." + e.Field, Err: e.Err}
		}
		return out
	case errors.As(err, &fe):
		return &FieldError{Field: field + "." + fe.Field, Err: fe.Err}
	case errors.As(err, &ae) && ae.Field != nil:
		c := *ae
		c.Field = append(strings.Split(field, "."), ae.Field...)
		return &c
	}
	return err
}

// Fields names the fields err is about, dotted (quantity.amount), in order:
// each of its field errors, or an application error's field; none for
// another error.
func Fields(err error) []string {
	var es Errors
	var fe *FieldError
	var ae *apperr.Error
	switch {
	case errors.As(err, &es):
		out := make([]string, len(es))
		for i, e := range es {
			out[i] = e.Field
		}
		return out
	case errors.As(err, &fe):
		return []string{fe.Field}
	case errors.As(err, &ae) && ae.Field != nil:
		return []string{strings.Join(ae.Field, ".")}
	}
	return nil
}

// Errors is every rule one input breaks, reported together (BAD_USER_INPUT with
// extensions.fields), so that a client fixes them in one round trip.
type Errors []*FieldError

// Error implements error: the broken rules, one after the other.
func (es Errors) Error() string {
	parts := make([]string, len(es))
	for i, e := range es {
		parts[i] = e.Error()
	}
	return strings.Join(parts, "; ")
}

// ErrorCode is BAD_USER_INPUT (apperr.Coder).
func (es Errors) ErrorCode() string { return apperr.CodeBadUserInput }

// Unwrap returns the broken rules, so that errors.Is and errors.As see each.
func (es Errors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

// Add records err, a *FieldError or Errors (other errors are ignored; see
// Collect). A field already reported keeps its first error.
func (es *Errors) Add(err error) {
	var list Errors
	var fe *FieldError
	switch {
	case errors.As(err, &list):
	case errors.As(err, &fe):
		list = Errors{fe}
	}
	for _, e := range list {
		if !slices.ContainsFunc(*es, func(x *FieldError) bool { return x.key() == e.key() }) {
			*es = append(*es, e)
		}
	}
}

// Err returns the collected errors as an error, nil when there are none.
func (es Errors) Err() error {
	if len(es) == 0 {
		return nil
	}
	return es
}

// Collect runs every check and reports all the field errors they return at once;
// an error that is not about a field (a failed query) stops it and is returned
// as it is.
func Collect(checks ...func() error) error {
	var es Errors
	for _, check := range checks {
		err := check()
		if err == nil {
			continue
		}
		var list Errors
		var fe *FieldError
		if !errors.As(err, &list) && !errors.As(err, &fe) {
			return err
		}
		es.Add(err)
	}
	return es.Err()
}

func (e *FieldError) key() string { return e.Field }
