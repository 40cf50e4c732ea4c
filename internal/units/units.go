// Package units converts quantities of goods between units and periods.
//
// Units of one dimension convert exactly: mass (KG, TONNE, LB), count (PIECE, PAIR,
// DOZEN) and volume (LITRE, CUBIC_METRE). Packaging units (CARTON, CONTAINER_20FT,
// CONTAINER_40FT) have no fixed size: they convert only through a product's own pack
// size and container loads (Packing). Rates compare per month, a month being
// 30.4375 days (the mean Gregorian month) and a week 7/30.4375 of it.
package units

import (
	"errors"
	"fmt"
	"math"

	"github.com/exportiva/exportiva/internal/domain"
)

// Dimension is what a unit measures.
type Dimension string

// Dimensions. Packaging units have the dimension of their contents.
const (
	Mass    Dimension = "MASS"
	Count   Dimension = "COUNT"
	Volume  Dimension = "VOLUME"
	Package Dimension = "PACKAGE"
)

// DaysPerMonth is the length of the mean Gregorian month in days.
const DaysPerMonth = 30.4375

// Errors returned by conversions.
var (
	ErrUnknownUnit     = errors.New("unknown unit")
	ErrUnknownPeriod   = errors.New("unknown period")
	ErrNoPackSize      = errors.New("the product has no pack size, so cartons cannot be converted")
	ErrNoContainerLoad = errors.New("the product has no container load for that container size")
	ErrDimension       = errors.New("units of different dimensions do not convert")
	ErrNotPositive     = errors.New("amount must be a positive, finite number")
)

// base gives each measurable unit its dimension and its size in the base unit of
// that dimension (kilogram, piece, litre).
var base = map[domain.Unit]struct {
	dim    Dimension
	factor float64
}{
	domain.UnitKG:         {Mass, 1},
	domain.UnitTonne:      {Mass, 1000},
	domain.UnitLB:         {Mass, 0.45359237},
	domain.UnitPiece:      {Count, 1},
	domain.UnitPair:       {Count, 2},
	domain.UnitDozen:      {Count, 12},
	domain.UnitLitre:      {Volume, 1},
	domain.UnitCubicMetre: {Volume, 1000},
}

// Measurable reports whether u has a fixed size (is not a packaging unit).
func Measurable(u domain.Unit) bool {
	_, ok := base[u]
	return ok
}

// DimensionOf returns the dimension of a unit; packaging units are Package.
func DimensionOf(u domain.Unit) (Dimension, error) {
	if b, ok := base[u]; ok {
		return b.dim, nil
	}
	switch u {
	case domain.UnitCarton, domain.UnitContainer20, domain.UnitContainer40:
		return Package, nil
	}
	return "", fmt.Errorf("%w %q", ErrUnknownUnit, u)
}

// BaseUnit returns the base unit of a dimension.
func BaseUnit(d Dimension) domain.Unit {
	switch d {
	case Mass:
		return domain.UnitKG
	case Count:
		return domain.UnitPiece
	case Volume:
		return domain.UnitLitre
	}
	return ""
}

// Quantity is an amount of a unit.
type Quantity struct {
	Amount float64
	Unit   domain.Unit
}

// String formats the quantity for messages ("8 TONNE").
func (q Quantity) String() string {
	return fmt.Sprintf("%s %s", trimFloat(q.Amount), q.Unit)
}

func trimFloat(f float64) string { return fmt.Sprintf("%.6g", f) }

// Packing is what a product says about its packaging: the contents of one carton
// and how much fills a 20 ft or 40 ft container. Zero amounts mean unknown.
type Packing struct {
	PackSize    Quantity
	Container20 Quantity
	Container40 Quantity
}

// Resolve expresses q in the base unit of its dimension, going through the packing
// for packaging units. It fails when a packaging unit has no known size.
func (p Packing) Resolve(q Quantity) (amount float64, dim Dimension, err error) {
	if !valid(q.Amount) {
		return 0, "", ErrNotPositive
	}
	if b, ok := base[q.Unit]; ok {
		return q.Amount * b.factor, b.dim, nil
	}
	var per Quantity
	switch q.Unit {
	case domain.UnitCarton:
		if p.PackSize.Amount <= 0 {
			return 0, "", ErrNoPackSize
		}
		per = p.PackSize
	case domain.UnitContainer20:
		if p.Container20.Amount <= 0 {
			return 0, "", ErrNoContainerLoad
		}
		per = p.Container20
	case domain.UnitContainer40:
		if p.Container40.Amount <= 0 {
			return 0, "", ErrNoContainerLoad
		}
		per = p.Container40
	default:
		return 0, "", fmt.Errorf("%w %q", ErrUnknownUnit, q.Unit)
	}
	// A container load may itself be given in cartons.
	inner, dim, err := Packing{PackSize: p.PackSize}.Resolve(per)
	if err != nil {
		return 0, "", err
	}
	return q.Amount * inner, dim, nil
}

// Convert expresses q in unit to, through the packing where needed.
func (p Packing) Convert(q Quantity, to domain.Unit) (float64, error) {
	amount, dim, err := p.Resolve(q)
	if err != nil {
		return 0, err
	}
	one, toDim, err := p.Resolve(Quantity{Amount: 1, Unit: to})
	if err != nil {
		return 0, err
	}
	if dim != toDim {
		return 0, fmt.Errorf("%w: %s is %s, %s is %s", ErrDimension, q.Unit, lower(dim), to, lower(toDim))
	}
	return amount / one, nil
}

func lower(d Dimension) string {
	switch d {
	case Mass:
		return "a mass"
	case Count:
		return "a count"
	case Volume:
		return "a volume"
	}
	return string(d)
}

// MonthsPer returns how many months one period lasts. SHIPMENT has no length and
// is an error: a one-off order is compared against capacity over its delivery window.
func MonthsPer(p domain.Period) (float64, error) {
	switch p {
	case domain.PerMonth:
		return 1, nil
	case domain.PerWeek:
		return 7 / DaysPerMonth, nil
	case domain.PerYear:
		return 12, nil
	}
	return 0, fmt.Errorf("%w %q", ErrUnknownPeriod, p)
}

// PerMonth converts an amount per period into an amount per month.
func PerMonth(amount float64, p domain.Period) (float64, error) {
	m, err := MonthsPer(p)
	if err != nil {
		return 0, err
	}
	return amount / m, nil
}

// FromPerMonth converts an amount per month into an amount per period.
func FromPerMonth(amount float64, p domain.Period) (float64, error) {
	m, err := MonthsPer(p)
	if err != nil {
		return 0, err
	}
	return amount * m, nil
}

func valid(f float64) bool { return f > 0 && !math.IsInf(f, 0) && !math.IsNaN(f) }

// PricePerBase is the price of one unit of sale per base unit (kg, piece or
// litre) with the dimension it is per: a carton is per its pack size. False
// when there is none to compare (no positive price, or a carton without its
// size).
func PricePerBase(price float64, unit domain.Unit, packing Packing) (float64, Dimension, bool) {
	perUnit, dim, err := packing.Resolve(Quantity{Amount: 1, Unit: unit})
	if price <= 0 || err != nil || perUnit <= 0 {
		return 0, "", false
	}
	return price / perUnit, dim, true
}
