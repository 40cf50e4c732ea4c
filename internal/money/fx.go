package money

import (
	"fmt"
	"math/big"
)

// Rates converts between currencies through the US dollar. A rate is how many
// units of a currency one dollar buys; USD itself is always 1.
type Rates map[string]Amount

// ErrNoRate reports a currency without an exchange rate.
type ErrNoRate struct{ Currency string }

func (e ErrNoRate) Error() string {
	return fmt.Sprintf("no exchange rate for %s", e.Currency)
}

func (r Rates) rate(cur string) (*big.Rat, error) {
	if cur == "USD" {
		return big.NewRat(1, 1), nil
	}
	a, ok := r[cur]
	if !ok || a <= 0 {
		return nil, ErrNoRate{cur}
	}
	return a.Rat(), nil
}

// ConvertRat converts an exact amount between currencies without rounding.
func (r Rates) ConvertRat(x *big.Rat, from, to string) (*big.Rat, error) {
	if from == to {
		return new(big.Rat).Set(x), nil
	}
	rf, err := r.rate(from)
	if err != nil {
		return nil, err
	}
	rt, err := r.rate(to)
	if err != nil {
		return nil, err
	}
	out := new(big.Rat).Quo(x, rf)
	return out.Mul(out, rt), nil
}

// Convert converts an amount between currencies, rounded to four decimals.
func (r Rates) Convert(a Amount, from, to string) (Amount, error) {
	x, err := r.ConvertRat(a.Rat(), from, to)
	if err != nil {
		return 0, err
	}
	return FromRat(x)
}
