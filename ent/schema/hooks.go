package schema

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"entgo.io/ent"

	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/money"
	"github.com/exportiva/exportiva/internal/units"
	"github.com/exportiva/exportiva/internal/validate"
)

// The hooks below normalize input (HS codes without dots), derive stored fields
// (HS chapter, monthly capacity, year) and check rules that span several fields.
// They use the generic ent.Mutation API so that the schema does not depend on the
// generated code, and they read the stored value of a field an update leaves alone.

// current returns the value a field will have after the mutation.
func current(ctx context.Context, m ent.Mutation, name string) (ent.Value, error) {
	if v, ok := m.Field(name); ok {
		return v, nil
	}
	if m.FieldCleared(name) || !m.Op().Is(ent.OpUpdateOne) {
		return nil, nil
	}
	return m.OldField(ctx, name)
}

func deref[T any](v ent.Value) (T, bool) {
	var zero T
	switch x := v.(type) {
	case T:
		return x, true
	case *T:
		if x != nil {
			return *x, true
		}
	}
	return zero, false
}

func touched(m ent.Mutation, names ...string) bool {
	if m.Op().Is(ent.OpCreate) {
		return true
	}
	for _, n := range names {
		if _, ok := m.Field(n); ok || m.FieldCleared(n) {
			return true
		}
	}
	return false
}

func hsNormalize(m ent.Mutation, name, chapter string) error {
	v, ok := m.Field(name)
	if !ok {
		return nil
	}
	s := validate.NormalizeHS(v.(string))
	if err := validate.HSCode(s); err != nil {
		return validate.Field(name, err)
	}
	if err := m.SetField(name, s); err != nil {
		return err
	}
	return m.SetField(chapter, s[:2])
}

func mutationHook(fn func(context.Context, ent.Mutation) error) ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			if m.Op().Is(ent.OpCreate) || m.Op().Is(ent.OpUpdateOne) || m.Op().Is(ent.OpUpdate) {
				if err := fn(ctx, m); err != nil {
					return nil, err
				}
			}
			return next.Mutate(ctx, m)
		})
	}
}

var productHook = validatedHook(Product{}.Fields,
	func(_ context.Context, m ent.Mutation) error { return hsNormalize(m, "hs_code", "hs_chapter") },
	func(_ context.Context, m ent.Mutation) error {
		v, ok := m.Field("excluded_countries")
		if !ok {
			return nil
		}
		list := v.([]string)
		for i := range list {
			list[i] = strings.ToUpper(strings.TrimSpace(list[i]))
		}
		if err := validate.Countries(list); err != nil {
			return validate.Field("excluded_countries", err)
		}
		slices.Sort(list)
		return m.SetField("excluded_countries", slices.Compact(list))
	},
	func(ctx context.Context, m ent.Mutation) error {
		if touched(m, "capacity_amount", "capacity_unit", "capacity_period", "pack_size", "pack_unit",
			"container_load_20ft", "container_load_40ft", "container_load_unit") {
			return productCapacity(ctx, m)
		}
		return nil
	},
	func(ctx context.Context, m ent.Mutation) error {
		if touched(m, "price_min", "price_max", "price_currency") {
			return priceRange(ctx, m)
		}
		return nil
	},
	func(ctx context.Context, m ent.Mutation) error {
		if touched(m, "price_min", "unit", "pack_size", "pack_unit", "container_load_20ft", "container_load_40ft", "container_load_unit") {
			return pricePerBase(ctx, m)
		}
		return nil
	},
)

// pricePerBase derives price_per_base and price_dimension: the lowest price per
// kg, piece or litre, so that sorting compares prices across units of sale.
func pricePerBase(ctx context.Context, m ent.Mutation) error {
	get := func(name string) ent.Value {
		v, err := current(ctx, m, name)
		if err != nil {
			return nil
		}
		return v
	}
	clear := func() error {
		for _, f := range []string{"price_per_base", "price_dimension"} {
			if err := m.ClearField(f); err != nil {
				return err
			}
		}
		return nil
	}
	price, hasPrice := deref[money.Amount](get("price_min"))
	unit, hasUnit := deref[domain.Unit](get("unit"))
	if !hasPrice || !hasUnit || price <= 0 {
		return clear()
	}
	packSize, _ := deref[float64](get("pack_size"))
	packUnit, _ := deref[domain.Unit](get("pack_unit"))
	loadUnit, _ := deref[domain.Unit](get("container_load_unit"))
	load20, _ := deref[float64](get("container_load_20ft"))
	load40, _ := deref[float64](get("container_load_40ft"))
	packing := units.Packing{
		PackSize:    units.Quantity{Amount: packSize, Unit: packUnit},
		Container20: units.Quantity{Amount: load20, Unit: loadUnit},
		Container40: units.Quantity{Amount: load40, Unit: loadUnit},
	}
	perUnit, dim, err := packing.Resolve(units.Quantity{Amount: 1, Unit: unit})
	if err != nil || perUnit <= 0 {
		return clear() // a carton without its size: no price per kg to compare
	}
	if err := m.SetField("price_per_base", price.Float()/perUnit); err != nil {
		return err
	}
	return m.SetField("price_dimension", string(dim))
}

func productCapacity(ctx context.Context, m ent.Mutation) error {
	get := func(name string) ent.Value {
		v, err := current(ctx, m, name)
		if err != nil {
			return nil
		}
		return v
	}
	amount, _ := deref[float64](get("capacity_amount"))
	unit, _ := deref[domain.Unit](get("capacity_unit"))
	period, _ := deref[domain.Period](get("capacity_period"))
	if err := validate.Quantity(amount); err != nil {
		return validate.Field("capacity_amount", err)
	}
	if period == domain.PerShipment {
		return validate.Field("capacity_period", validate.ErrPeriod)
	}
	packSize, _ := deref[float64](get("pack_size"))
	packUnit, hasPackUnit := deref[domain.Unit](get("pack_unit"))
	if hasPackUnit {
		if err := validate.Measurable(packUnit); err != nil {
			return validate.Field("pack_unit", err)
		}
	}
	if (packSize > 0) != hasPackUnit {
		return validate.Field("pack_unit", fmt.Errorf("pack size and pack unit %w", validate.ErrRequiredWith))
	}
	loadUnit, hasLoadUnit := deref[domain.Unit](get("container_load_unit"))
	if hasLoadUnit && !units.Measurable(loadUnit) && loadUnit != domain.UnitCarton {
		return validate.Field("container_load_unit", validate.ErrMeasurable)
	}
	load20, _ := deref[float64](get("container_load_20ft"))
	load40, _ := deref[float64](get("container_load_40ft"))
	if (load20 > 0 || load40 > 0) && !hasLoadUnit {
		return validate.Field("container_load_unit", fmt.Errorf("container loads need their unit: %w", validate.ErrRequiredWith))
	}
	packing := units.Packing{
		PackSize:    units.Quantity{Amount: packSize, Unit: packUnit},
		Container20: units.Quantity{Amount: load20, Unit: loadUnit},
		Container40: units.Quantity{Amount: load40, Unit: loadUnit},
	}
	base, dim, err := packing.Resolve(units.Quantity{Amount: amount, Unit: unit})
	if err != nil {
		return validate.Field("capacity_unit", err)
	}
	monthly, err := units.PerMonth(base, period)
	if err != nil {
		return validate.Field("capacity_period", err)
	}
	if err := m.SetField("capacity_monthly", monthly); err != nil {
		return err
	}
	return m.SetField("capacity_dimension", string(dim))
}

func priceRange(ctx context.Context, m ent.Mutation) error {
	minV, err := current(ctx, m, "price_min")
	if err != nil {
		return err
	}
	maxV, err := current(ctx, m, "price_max")
	if err != nil {
		return err
	}
	curV, err := current(ctx, m, "price_currency")
	if err != nil {
		return err
	}
	lo, hasMin := deref[money.Amount](minV)
	hi, hasMax := deref[money.Amount](maxV)
	_, hasCur := deref[string](curV)
	if hasMin && hasMax && lo > hi {
		return validate.Field("price_min", validate.ErrPriceOrder)
	}
	if (hasMin || hasMax) && !hasCur {
		return validate.Field("price_currency", fmt.Errorf("a price needs its currency: %w", validate.ErrRequiredWith))
	}
	return nil
}

var certificationHook = validatedHook(Certification{}.Fields, func(ctx context.Context, m ent.Mutation) error {
	if !touched(m, "valid_from", "valid_until") {
		return nil
	}
	from, err := current(ctx, m, "valid_from")
	if err != nil {
		return err
	}
	until, err := current(ctx, m, "valid_until")
	if err != nil {
		return err
	}
	f, okF := deref[time.Time](from)
	u, okU := deref[time.Time](until)
	if okF && okU {
		return validate.Field("valid_until", validate.DateOrder(f, u))
	}
	return nil
})

var buyRequestHook = validatedHook(BuyRequest{}.Fields, func(ctx context.Context, m ent.Mutation) error {
	if v, ok := m.Field("hs_codes"); ok {
		list := v.([]string)
		out := make([]string, 0, len(list))
		for _, s := range list {
			out = append(out, validate.NormalizeHS(s))
		}
		if err := validate.HSPrefixes(out); err != nil {
			return validate.Field("hs_codes", err)
		}
		if err := m.SetField("hs_codes", out); err != nil {
			return err
		}
	}
	if touched(m, "hs_codes", "query") {
		codes, err := current(ctx, m, "hs_codes")
		if err != nil {
			return err
		}
		q, err := current(ctx, m, "query")
		if err != nil {
			return err
		}
		list, _ := deref[[]string](codes)
		text, _ := deref[string](q)
		if len(list) == 0 && strings.TrimSpace(text) == "" {
			return validate.Field("hs_codes", validate.ErrCommodity)
		}
	}
	if touched(m, "max_price_amount", "max_price_currency") {
		a, err := current(ctx, m, "max_price_amount")
		if err != nil {
			return err
		}
		c, err := current(ctx, m, "max_price_currency")
		if err != nil {
			return err
		}
		_, hasA := deref[money.Amount](a)
		_, hasC := deref[string](c)
		if hasA != hasC {
			return validate.Field("max_price_currency", fmt.Errorf("amount and currency %w", validate.ErrRequiredWith))
		}
	}
	return nil
})

var exportRecordHook = validatedHook(ExportRecord{}.Fields, func(ctx context.Context, m ent.Mutation) error {
	if err := hsNormalize(m, "hs_code", "hs_chapter"); err != nil {
		return err
	}
	if v, ok := m.Field("shipped_on"); ok {
		return m.SetField("year", v.(time.Time).UTC().Year())
	}
	return nil
})

var marketRuleHook = mutationHook(func(ctx context.Context, m ent.Mutation) error {
	if v, ok := m.Field("hs_prefix"); ok && v.(string) != "" {
		p := validate.NormalizeHS(v.(string))
		ch, err := current(ctx, m, "hs_chapter")
		if err != nil {
			return err
		}
		chapter, _ := deref[string](ch)
		if err := validate.HSPrefix(p); err != nil || !strings.HasPrefix(p, chapter) {
			return validate.Field("hs_prefix", fmt.Errorf("%w within chapter %s", validate.ErrHSPrefix, chapter))
		}
		return m.SetField("hs_prefix", p)
	}
	return nil
})
