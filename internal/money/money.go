// Package money holds exact decimal amounts and currency conversion.
//
// An Amount is a fixed-point decimal with four fractional digits, stored as an int64
// count of ten-thousandths. Prices such as USD 3.2575/kg and values up to about
// 900 trillion units fit exactly; there is no binary-float rounding anywhere between
// the API, the database and the aggregation queries.
package money

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/big"
	"strconv"
	"strings"

	"golang.org/x/text/currency"

	"github.com/exportiva/exportiva/internal/apperr"
)

// Scale is the number of Amount units in one whole currency unit.
const Scale = 10_000

// Amount is an exact decimal amount with four fractional digits.
type Amount int64

// ErrInvalid reports text that is not a decimal amount.
var ErrInvalid = errors.New("not a decimal amount")

// ErrRange reports an amount too large to hold.
var ErrRange = errors.New("amount out of range")

// FromInt returns the amount of n whole units.
func FromInt(n int64) Amount { return Amount(n * Scale) }

// Parse reads a decimal such as "3.25", "-0.5" or "1200". At most four fractional
// digits are accepted; more would be silently rounded, so they are an error.
func Parse(s string) (Amount, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, ErrInvalid
	}
	neg := false
	switch s[0] {
	case '-':
		neg, s = true, s[1:]
	case '+':
		s = s[1:]
	}
	whole, frac, hasDot := strings.Cut(s, ".")
	if whole == "" && frac == "" || hasDot && frac == "" && whole == "" {
		return 0, ErrInvalid
	}
	if len(frac) > 4 {
		return 0, fmt.Errorf("%w: at most 4 decimal places", ErrInvalid)
	}
	for _, part := range []string{whole, frac} {
		for _, r := range part {
			if r < '0' || r > '9' {
				return 0, ErrInvalid
			}
		}
	}
	var w int64
	if whole != "" {
		var err error
		w, err = strconv.ParseInt(whole, 10, 64)
		if err != nil || w > math.MaxInt64/Scale-1 {
			return 0, ErrRange
		}
	}
	f := int64(0)
	if frac != "" {
		f, _ = strconv.ParseInt((frac + "0000")[:4], 10, 64)
	}
	v := w*Scale + f
	if neg {
		v = -v
	}
	return Amount(v), nil
}

// MustParse is Parse for constants in code; it panics on bad input.
func MustParse(s string) Amount {
	a, err := Parse(s)
	if err != nil {
		panic(fmt.Sprintf("money.MustParse(%q): %v", s, err))
	}
	return a
}

// String formats the amount with as few fractional digits as needed ("3.25", "1200").
func (a Amount) String() string {
	v := int64(a)
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	whole, frac := v/Scale, v%Scale
	if frac == 0 {
		return sign + strconv.FormatInt(whole, 10)
	}
	fs := strings.TrimRight(fmt.Sprintf("%04d", frac), "0")
	return sign + strconv.FormatInt(whole, 10) + "." + fs
}

// Float returns the amount as a float64, for scoring only (never for storage).
func (a Amount) Float() float64 { return float64(a) / Scale }

// Rat returns the amount as an exact rational number.
func (a Amount) Rat() *big.Rat { return big.NewRat(int64(a), Scale) }

// FromRat rounds r half away from zero to four fractional digits.
func FromRat(r *big.Rat) (Amount, error) {
	scaled := new(big.Rat).Mul(r, big.NewRat(Scale, 1))
	num, den := scaled.Num(), scaled.Denom()
	q, m := new(big.Int).QuoRem(num, den, new(big.Int))
	// Round half away from zero.
	if new(big.Int).Mul(new(big.Int).Abs(m), big.NewInt(2)).Cmp(den) >= 0 {
		if num.Sign() < 0 {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	if !q.IsInt64() {
		return 0, ErrRange
	}
	return Amount(q.Int64()), nil
}

// MarshalGQL writes the amount as a GraphQL Decimal: a JSON string, so no client
// parses it into a binary float by accident.
func (a Amount) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(a.String())) }

// UnmarshalGQL reads a Decimal given as a string ("3.25") or a JSON number (3.25).
func (a *Amount) UnmarshalGQL(v any) error {
	var s string
	switch x := v.(type) {
	case string:
		s = x
	case json.Number:
		s = x.String()
	case int:
		s = strconv.Itoa(x)
	case int64:
		s = strconv.FormatInt(x, 10)
	case float64:
		s = strconv.FormatFloat(x, 'f', -1, 64)
	default:
		return apperr.BadInput(nil, "a Decimal must be a string such as \"3.25\" or a number")
	}
	p, err := Parse(s)
	if err != nil {
		return apperr.BadInput(nil, "%q is not a valid Decimal: %v", s, err)
	}
	*a = p
	return nil
}

// ValidCurrency reports whether code is an ISO 4217 currency code in upper case.
func ValidCurrency(code string) bool {
	if len(code) != 3 || strings.ToUpper(code) != code {
		return false
	}
	_, err := currency.ParseISO(code)
	return err == nil
}

// Total is an exact amount of any size, with four fractional digits like Amount:
// a sum of many amounts (export statistics), which may pass Amount's range.
// The zero Total is 0.
type Total struct{ v *big.Int }

// TotalOf returns the amount as a Total.
func TotalOf(a Amount) Total { return Total{v: big.NewInt(int64(a))} }

// TotalFromRat rounds r half away from zero to four fractional digits.
func TotalFromRat(r *big.Rat) Total {
	scaled := new(big.Rat).Mul(r, big.NewRat(Scale, 1))
	num, den := scaled.Num(), scaled.Denom()
	q, m := new(big.Int).QuoRem(num, den, new(big.Int))
	if new(big.Int).Mul(new(big.Int).Abs(m), big.NewInt(2)).Cmp(den) >= 0 {
		if num.Sign() < 0 {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	return Total{v: q}
}

// Rat returns the total as an exact rational number.
func (t Total) Rat() *big.Rat {
	if t.v == nil {
		return new(big.Rat)
	}
	return new(big.Rat).SetFrac(t.v, big.NewInt(Scale))
}

// String formats the total like Amount.String ("3.25", "1200").
func (t Total) String() string {
	if t.v == nil {
		return "0"
	}
	abs := new(big.Int).Abs(t.v)
	whole, frac := new(big.Int).QuoRem(abs, big.NewInt(Scale), new(big.Int))
	sign := ""
	if t.v.Sign() < 0 {
		sign = "-"
	}
	if frac.Sign() == 0 {
		return sign + whole.String()
	}
	return sign + whole.String() + "." + strings.TrimRight(fmt.Sprintf("%04d", frac.Int64()), "0")
}

// MarshalGQL writes the total as a GraphQL Decimal (a JSON string).
func (t Total) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(t.String())) }

// UnmarshalGQL reads a Decimal of any size.
func (t *Total) UnmarshalGQL(v any) error {
	var s string
	switch x := v.(type) {
	case string:
		s = x
	case json.Number:
		s = x.String()
	default:
		var a Amount
		if err := a.UnmarshalGQL(v); err != nil {
			return err
		}
		*t = TotalOf(a)
		return nil
	}
	r, ok := new(big.Rat).SetString(strings.TrimSpace(s))
	if !ok || strings.ContainsAny(s, "/eE") {
		return apperr.BadInput(nil, "%q is not a valid Decimal", s)
	}
	*t = TotalFromRat(r)
	return nil
}
