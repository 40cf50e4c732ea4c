package schema

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"entgo.io/ent"

	gen "github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/buyrequest"
	"github.com/exportiva/exportiva/ent/certification"
	"github.com/exportiva/exportiva/ent/exportrecord"
	"github.com/exportiva/exportiva/ent/hook"
	"github.com/exportiva/exportiva/ent/marketrule"
	"github.com/exportiva/exportiva/ent/product"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/units"
	"github.com/exportiva/exportiva/internal/validate"
)

// The hooks below normalize input (HS codes without dots), derive stored fields
// (HS chapter, monthly capacity, year) and check rules that span several fields.
// They work on the generated typed mutations (hook.ProductFunc …): m.HsCode() is
// what a write sets, m.OldHsCode(ctx) what an update of one record leaves
// stored. The generated code these hooks import does not import the schema
// (ent/runtime stitches the two), so there is no cycle.

// fieldWrites are the operations that carry fields (deletes do not).
const fieldWrites = ent.OpCreate | ent.OpUpdate | ent.OpUpdateOne

// stored reads what a hook needs of the record an update changes, keeping the
// first error.
type stored struct {
	ctx context.Context
	m   ent.Mutation
	err error
}

// value returns what a field holds after the mutation: the value it sets,
// else — on an update of one record that does not clear it — the stored one
// (read by old); ok is false when there is none (a create or a bulk update that
// leaves it alone, a cleared field).
func value[T any](s *stored, get func() (T, bool), cleared bool, old func(context.Context) (T, error)) (v T, ok bool) {
	if v, ok := get(); ok {
		return v, true
	}
	if cleared || !s.m.Op().Is(ent.OpUpdateOne) || s.err != nil {
		return v, false
	}
	if v, s.err = old(s.ctx); s.err != nil {
		return v, false
	}
	return v, true
}

// optional is value for a nillable field, whose stored value may be NULL.
func optional[T any](s *stored, get func() (T, bool), cleared bool, old func(context.Context) (*T, error)) (T, bool) {
	p, ok := value(s, func() (*T, bool) {
		v, ok := get()
		return &v, ok
	}, cleared, old)
	if !ok || p == nil {
		var zero T
		return zero, false
	}
	return *p, true
}

// touched says whether the mutation creates its record or sets or clears one
// of the fields (the generated Field… names).
func touched(m ent.Mutation, fields ...string) bool {
	if m.Op().Is(ent.OpCreate) {
		return true
	}
	for _, f := range fields {
		if _, ok := m.Field(f); ok || m.FieldCleared(f) {
			return true
		}
	}
	return false
}

// hsCode normalizes the HS code a write sets (digits only, validated) and
// derives its chapter.
func hsCode(field string, get func() (string, bool), set, setChapter func(string)) error {
	v, ok := get()
	if !ok {
		return nil
	}
	s := validate.NormalizeHS(v)
	if err := validate.HSCode(s); err != nil {
		return validate.Field(field, err)
	}
	set(s)
	setChapter(s[:2])
	return nil
}

// productHook normalizes a product (HS code, excluded countries), derives its
// chapter and monthly capacity, and checks its capacity, packing and price as
// a whole, with every field validator (validated).
func productHook(next ent.Mutator) ent.Mutator {
	return hook.ProductFunc(func(ctx context.Context, m *gen.ProductMutation) (ent.Value, error) {
		err := validated(m, Product{}.Fields(),
			func() error { return hsCode(product.FieldHsCode, m.HsCode, m.SetHsCode, m.SetHsChapter) },
			func() error { return excludedCountries(m) },
			func() error { return productCapacity(ctx, m) },
			func() error { return productPrice(ctx, m) },
			func() error { return pricePerBase(ctx, m) },
			func() error { return producerVerified(ctx, m) },
		)
		if err != nil {
			return nil, err
		}
		return next.Mutate(ctx, m)
	})
}

// excludedCountries upper-cases, checks, sorts and deduplicates the countries a
// product will not ship to.
func excludedCountries(m *gen.ProductMutation) error {
	list, ok := m.ExcludedCountries()
	if !ok {
		return nil
	}
	for i := range list {
		list[i] = strings.ToUpper(strings.TrimSpace(list[i]))
	}
	if err := validate.Countries(list); err != nil {
		return validate.Field(product.FieldExcludedCountries, err)
	}
	slices.Sort(list)
	m.SetExcludedCountries(slices.Compact(list))
	return nil
}

// productCapacity derives the monthly capacity and its dimension from the
// capacity, the pack size and the container loads, new or stored.
func productCapacity(ctx context.Context, m *gen.ProductMutation) error {
	if !touched(m, product.FieldCapacityAmount, product.FieldCapacityUnit, product.FieldCapacityPeriod,
		product.FieldPackSize, product.FieldPackUnit,
		product.FieldContainerLoad20ft, product.FieldContainerLoad40ft, product.FieldContainerLoadUnit) {
		return nil
	}
	s := &stored{ctx: ctx, m: m}
	amount, _ := value(s, m.CapacityAmount, false, m.OldCapacityAmount)
	unit, _ := value(s, m.CapacityUnit, false, m.OldCapacityUnit)
	period, _ := value(s, m.CapacityPeriod, false, m.OldCapacityPeriod)
	packSize, _ := optional(s, m.PackSize, m.PackSizeCleared(), m.OldPackSize)
	packUnit, hasPackUnit := optional(s, m.PackUnit, m.PackUnitCleared(), m.OldPackUnit)
	loadUnit, hasLoadUnit := optional(s, m.ContainerLoadUnit, m.ContainerLoadUnitCleared(), m.OldContainerLoadUnit)
	load20, _ := optional(s, m.ContainerLoad20ft, m.ContainerLoad20ftCleared(), m.OldContainerLoad20ft)
	load40, _ := optional(s, m.ContainerLoad40ft, m.ContainerLoad40ftCleared(), m.OldContainerLoad40ft)
	if s.err != nil {
		return s.err
	}
	if err := validate.Quantity(amount); err != nil {
		return validate.Field(product.FieldCapacityAmount, err)
	}
	if period == domain.PerShipment {
		return validate.Field(product.FieldCapacityPeriod, validate.ErrPeriod)
	}
	if hasPackUnit {
		if err := validate.Measurable(packUnit); err != nil {
			return validate.Field(product.FieldPackUnit, err)
		}
	}
	if (packSize > 0) != hasPackUnit {
		return validate.Field(product.FieldPackUnit, fmt.Errorf("pack size and pack unit %w", validate.ErrRequiredWith))
	}
	if hasLoadUnit && !units.Measurable(loadUnit) && loadUnit != domain.UnitCarton {
		return validate.Field(product.FieldContainerLoadUnit, validate.ErrMeasurable)
	}
	if (load20 > 0 || load40 > 0) && !hasLoadUnit {
		return validate.Field(product.FieldContainerLoadUnit, fmt.Errorf("container loads need their unit: %w", validate.ErrRequiredWith))
	}
	packing := units.Packing{
		PackSize:    units.Quantity{Amount: packSize, Unit: packUnit},
		Container20: units.Quantity{Amount: load20, Unit: loadUnit},
		Container40: units.Quantity{Amount: load40, Unit: loadUnit},
	}
	base, dim, err := packing.Resolve(units.Quantity{Amount: amount, Unit: unit})
	if err != nil {
		return validate.Field(product.FieldCapacityUnit, err)
	}
	monthly, err := units.PerMonth(base, period)
	if err != nil {
		return validate.Field(product.FieldCapacityPeriod, err)
	}
	m.SetCapacityMonthly(monthly)
	m.SetCapacityDimension(string(dim))
	return nil
}

// pricePerBase derives price_per_base and price_dimension: the lowest price per
// kg, piece or litre in the price's currency, so that sorting and the price
// facet compare prices across units of sale (internal/catalog).
func pricePerBase(ctx context.Context, m *gen.ProductMutation) error {
	if !touched(m, product.FieldPriceMin, product.FieldUnit, product.FieldPackSize, product.FieldPackUnit,
		product.FieldContainerLoad20ft, product.FieldContainerLoad40ft, product.FieldContainerLoadUnit) {
		return nil
	}
	s := &stored{ctx: ctx, m: m}
	price, hasPrice := optional(s, m.PriceMin, m.PriceMinCleared(), m.OldPriceMin)
	unit, _ := value(s, m.Unit, false, m.OldUnit)
	packSize, _ := optional(s, m.PackSize, m.PackSizeCleared(), m.OldPackSize)
	packUnit, _ := optional(s, m.PackUnit, m.PackUnitCleared(), m.OldPackUnit)
	loadUnit, _ := optional(s, m.ContainerLoadUnit, m.ContainerLoadUnitCleared(), m.OldContainerLoadUnit)
	load20, _ := optional(s, m.ContainerLoad20ft, m.ContainerLoad20ftCleared(), m.OldContainerLoad20ft)
	load40, _ := optional(s, m.ContainerLoad40ft, m.ContainerLoad40ftCleared(), m.OldContainerLoad40ft)
	if s.err != nil {
		return s.err
	}
	packing := units.Packing{
		PackSize:    units.Quantity{Amount: packSize, Unit: packUnit},
		Container20: units.Quantity{Amount: load20, Unit: loadUnit},
		Container40: units.Quantity{Amount: load40, Unit: loadUnit},
	}
	per, dim, ok := units.PricePerBase(price.Float(), unit, packing)
	if !hasPrice || !ok {
		// No price, or a carton without its size: no price per kg to compare.
		m.ClearPricePerBase()
		m.ClearPriceDimension()
		return nil
	}
	m.SetPricePerBase(per)
	m.SetPriceDimension(string(dim))
	return nil
}

// productPrice checks that the lowest price is not above the highest and that
// a price has its currency, new or stored.
func productPrice(ctx context.Context, m *gen.ProductMutation) error {
	if !touched(m, product.FieldPriceMin, product.FieldPriceMax, product.FieldPriceCurrency) {
		return nil
	}
	s := &stored{ctx: ctx, m: m}
	lo, hasMin := optional(s, m.PriceMin, m.PriceMinCleared(), m.OldPriceMin)
	hi, hasMax := optional(s, m.PriceMax, m.PriceMaxCleared(), m.OldPriceMax)
	_, hasCur := optional(s, m.PriceCurrency, m.PriceCurrencyCleared(), m.OldPriceCurrency)
	if s.err != nil {
		return s.err
	}
	if hasMin && hasMax && lo > hi {
		return validate.Field(product.FieldPriceMin, validate.ErrPriceOrder)
	}
	if (hasMin || hasMax) && !hasCur {
		return validate.Field(product.FieldPriceCurrency, fmt.Errorf("a price needs its currency: %w", validate.ErrRequiredWith))
	}
	return nil
}

// certificationHook checks that a certificate's validity ends after it
// starts, with every field validator.
func certificationHook(next ent.Mutator) ent.Mutator {
	return hook.CertificationFunc(func(ctx context.Context, m *gen.CertificationMutation) (ent.Value, error) {
		err := validated(m, Certification{}.Fields(), func() error {
			if !touched(m, certification.FieldValidFrom, certification.FieldValidUntil) {
				return nil
			}
			s := &stored{ctx: ctx, m: m}
			from, okF := value(s, m.ValidFrom, false, m.OldValidFrom)
			until, okU := value(s, m.ValidUntil, false, m.OldValidUntil)
			if s.err != nil {
				return s.err
			}
			if okF && okU {
				return validate.Field(certification.FieldValidUntil, validate.DateOrder(from, until))
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		return next.Mutate(ctx, m)
	})
}

// buyRequestHook normalizes a buy request's HS prefixes and checks that it
// names a commodity (codes or text) and a maximum price with its currency,
// with every field validator.
func buyRequestHook(next ent.Mutator) ent.Mutator {
	return hook.BuyRequestFunc(func(ctx context.Context, m *gen.BuyRequestMutation) (ent.Value, error) {
		if err := validated(m, BuyRequest{}.Fields(), func() error { return buyRequestRules(ctx, m) }); err != nil {
			return nil, err
		}
		return next.Mutate(ctx, m)
	})
}

func buyRequestRules(ctx context.Context, m *gen.BuyRequestMutation) error {
	if list, ok := m.HsCodes(); ok {
		out := make([]string, 0, len(list))
		for _, s := range list {
			out = append(out, validate.NormalizeHS(s))
		}
		if err := validate.HSPrefixes(out); err != nil {
			return validate.Field(buyrequest.FieldHsCodes, err)
		}
		m.SetHsCodes(out)
	}
	s := &stored{ctx: ctx, m: m}
	if touched(m, buyrequest.FieldHsCodes, buyrequest.FieldQuery) {
		codes, _ := value(s, m.HsCodes, m.HsCodesCleared(), m.OldHsCodes)
		text, _ := value(s, m.Query, m.QueryCleared(), m.OldQuery)
		if s.err != nil {
			return s.err
		}
		if len(codes) == 0 && strings.TrimSpace(text) == "" {
			return validate.Field(buyrequest.FieldHsCodes, validate.ErrCommodity)
		}
	}
	if touched(m, buyrequest.FieldMaxPriceAmount, buyrequest.FieldMaxPriceCurrency) {
		_, hasAmount := optional(s, m.MaxPriceAmount, m.MaxPriceAmountCleared(), m.OldMaxPriceAmount)
		_, hasCurrency := optional(s, m.MaxPriceCurrency, m.MaxPriceCurrencyCleared(), m.OldMaxPriceCurrency)
		if s.err != nil {
			return s.err
		}
		if hasAmount != hasCurrency {
			return validate.Field(buyrequest.FieldMaxPriceCurrency, fmt.Errorf("amount and currency %w", validate.ErrRequiredWith))
		}
	}
	return nil
}

// exportRecordHook normalizes an export record's HS code, derives its chapter
// and the year of shipment, with every field validator.
func exportRecordHook(next ent.Mutator) ent.Mutator {
	return hook.ExportRecordFunc(func(ctx context.Context, m *gen.ExportRecordMutation) (ent.Value, error) {
		err := validated(m, ExportRecord{}.Fields(), func() error {
			if err := hsCode(exportrecord.FieldHsCode, m.HsCode, m.SetHsCode, m.SetHsChapter); err != nil {
				return err
			}
			if v, ok := m.ShippedOn(); ok {
				m.SetYear(v.UTC().Year())
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		return next.Mutate(ctx, m)
	})
}

// marketRuleHook normalizes a market rule's HS prefix and keeps it within the
// rule's chapter, new or stored.
func marketRuleHook(next ent.Mutator) ent.Mutator {
	return hook.MarketRuleFunc(func(ctx context.Context, m *gen.MarketRuleMutation) (ent.Value, error) {
		if p, ok := m.HsPrefix(); ok && p != "" {
			p = validate.NormalizeHS(p)
			s := &stored{ctx: ctx, m: m}
			chapter, _ := value(s, m.HsChapter, false, m.OldHsChapter)
			if s.err != nil {
				return nil, s.err
			}
			if err := validate.HSPrefix(p); err != nil || !strings.HasPrefix(p, chapter) {
				return nil, validate.Field(marketrule.FieldHsPrefix, fmt.Errorf("%w within chapter %s", validate.ErrHSPrefix, chapter))
			}
			m.SetHsPrefix(p)
		}
		return next.Mutate(ctx, m)
	})
}
