package catalog

import (
	"context"
	"math/big"
	"strings"
	"sync"
	"time"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/internal/apperr"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/money"
	"github.com/exportiva/exportiva/internal/units"
	"github.com/exportiva/exportiva/internal/validate"
)

// Table is the FX table as one operation reads it: the rates and their dates.
type Table struct {
	Rates money.Rates
	AsOf  map[string]time.Time
}

type tableKey struct{}

type tableMemo struct {
	once sync.Once
	t    *Table
	err  error
}

// WithTable returns a context in which the FX table is read at most once (the
// GraphQL handler wraps every operation with it): a page of converted prices
// costs one statement, not one per product.
func WithTable(ctx context.Context) context.Context {
	return context.WithValue(ctx, tableKey{}, &tableMemo{})
}

// TableOf returns the FX table, read once per operation (each time outside one).
func TableOf(ctx context.Context, db *ent.Client) (*Table, error) {
	m, ok := ctx.Value(tableKey{}).(*tableMemo)
	if !ok {
		return loadTable(ctx, db)
	}
	m.once.Do(func() { m.t, m.err = loadTable(ctx, db) })
	return m.t, m.err
}

func loadTable(ctx context.Context, db *ent.Client) (*Table, error) {
	list, err := db.FxRate.Query().All(ctx)
	if err != nil {
		return nil, err
	}
	t := &Table{Rates: money.Rates{}, AsOf: map[string]time.Time{}}
	for _, r := range list {
		t.Rates[r.Currency] = r.UnitsPerUsd
		t.AsOf[r.Currency] = r.AsOf
	}
	return t, nil
}

// unitsPerUSD is the rate of a currency (1 for the US dollar itself).
func (t *Table) unitsPerUSD(c string) (money.Amount, bool) {
	if c == "USD" {
		return money.FromInt(1), true
	}
	a, ok := t.Rates[c]
	return a, ok && a > 0
}

// Conversion says how a price was converted: the rates of both currencies
// against the US dollar, and the date of the older one.
type Conversion struct {
	From, To                       string
	FromUnitsPerUSD, ToUnitsPerUSD money.Amount
	AsOf                           time.Time
}

// Price is a product's price range, in its own currency or converted.
type Price struct {
	Min, Max *money.Amount
	Currency string
	Unit     domain.Unit
	Incoterm *domain.Incoterm
	// PerBaseUnit is the lowest price per kg, piece or litre (BaseUnit), when the
	// unit of sale converts to one.
	PerBaseUnit *money.Amount
	BaseUnit    *domain.Unit
	// Original is the producer's own price when this one is converted.
	Original *Price
	// Conversion says how it was converted (nil when it was not).
	Conversion *Conversion
}

// ValidCurrency checks a requested currency against the table: BAD_USER_INPUT
// on field for a malformed code or one the table has no rate for.
func (t *Table) ValidCurrency(c string, field []string) error {
	if err := validate.Currency(c); err != nil {
		return apperr.BadInput(field, "%v", err)
	}
	if _, ok := t.unitsPerUSD(c); !ok {
		return apperr.BadInput(field, "no exchange rate for %s", c)
	}
	return nil
}

// PriceOf returns a product's price (nil without one), converted into currency
// when it is given and differs from the product's: exactly (big.Rat) with the
// table's rates, rounded once to the ten-thousandth. A product whose currency
// has no rate keeps its own price (Conversion nil).
func PriceOf(ctx context.Context, db *ent.Client, p *ent.Product, currency string) (*Price, error) {
	if p.PriceCurrency == nil || (p.PriceMin == nil && p.PriceMax == nil) {
		return nil, nil
	}
	own := &Price{Min: p.PriceMin, Max: p.PriceMax, Currency: *p.PriceCurrency, Unit: p.Unit, Incoterm: p.Incoterm}
	perUnit, dim, err := units.Packing{
		PackSize:    units.Quantity{Amount: deref(p.PackSize), Unit: derefUnit(p.PackUnit)},
		Container20: units.Quantity{Amount: deref(p.ContainerLoad20ft), Unit: derefUnit(p.ContainerLoadUnit)},
		Container40: units.Quantity{Amount: deref(p.ContainerLoad40ft), Unit: derefUnit(p.ContainerLoadUnit)},
	}.Resolve(units.Quantity{Amount: 1, Unit: p.Unit})
	per := func(a *money.Amount, factor *big.Rat) *money.Amount {
		if a == nil || err != nil || perUnit <= 0 {
			return nil
		}
		x := new(big.Rat).Mul(a.Rat(), factor)
		x.Quo(x, new(big.Rat).SetFloat64(perUnit))
		v, e := money.FromRat(x)
		if e != nil {
			return nil
		}
		return &v
	}
	one := big.NewRat(1, 1)
	if err == nil && perUnit > 0 {
		b := units.BaseUnit(dim)
		own.BaseUnit = &b
		own.PerBaseUnit = per(p.PriceMin, one)
	}
	currency = strings.ToUpper(strings.TrimSpace(currency))
	if currency == "" || currency == own.Currency {
		return own, nil
	}
	t, terr := TableOf(ctx, db)
	if terr != nil {
		return nil, terr
	}
	if verr := t.ValidCurrency(currency, []string{"currency"}); verr != nil {
		return nil, verr
	}
	fromRate, ok := t.unitsPerUSD(own.Currency)
	if !ok {
		return own, nil
	}
	toRate, _ := t.unitsPerUSD(currency)
	factor := new(big.Rat).Quo(toRate.Rat(), fromRate.Rat()) // units of currency per unit of the price's
	conv := func(a *money.Amount) *money.Amount {
		if a == nil {
			return nil
		}
		v, e := money.FromRat(new(big.Rat).Mul(a.Rat(), factor))
		if e != nil {
			return nil
		}
		return &v
	}
	out := &Price{Min: conv(own.Min), Max: conv(own.Max), Currency: currency, Unit: own.Unit, Incoterm: own.Incoterm,
		BaseUnit: own.BaseUnit, Original: own}
	if own.BaseUnit != nil {
		out.PerBaseUnit = per(p.PriceMin, factor)
	}
	c := &Conversion{From: own.Currency, To: currency, FromUnitsPerUSD: fromRate, ToUnitsPerUSD: toRate}
	for _, cur := range []string{own.Currency, currency} {
		if at, ok := t.AsOf[cur]; ok && (c.AsOf.IsZero() || at.Before(c.AsOf)) {
			c.AsOf = at
		}
	}
	out.Conversion = c
	return out, nil
}

func deref(f *float64) float64 {
	if f == nil {
		return 0
	}
	return *f
}

func derefUnit(u *domain.Unit) domain.Unit {
	if u == nil {
		return ""
	}
	return *u
}
