package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"

	"github.com/exportiva/exportiva/internal/money"
	"github.com/exportiva/exportiva/internal/validate"
)

// FxRate is the exchange rate of one currency against the US dollar.
type FxRate struct {
	ent.Schema
}

// Mixin of the FxRate.
func (FxRate) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}, AuditMixin{}} }

// Fields of the FxRate.
func (FxRate) Fields() []ent.Field {
	return []ent.Field{
		field.String("currency").Unique().Validate(validate.Currency).
			Comment("ISO 4217 currency code.").
			Annotations(entgql.OrderField("CURRENCY")),
		field.Int64("units_per_usd").GoType(money.Amount(0)).
			Validate(func(v int64) error { return validate.UnitsPerUSD(money.Amount(v)) }).
			Comment("How many units of the currency one US dollar buys (e.g. 16250 for IDR; more than 0, at most 1,000,000,000).").
			Annotations(entgql.Type("Decimal")),
		field.Time("as_of").Comment("Date of the rate."),
	}
}

// Annotations of the FxRate.
func (FxRate) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.QueryField().Description("Exchange rates against the US dollar."),
		schema.Comment("The exchange rate of one currency against the US dollar."),
	}
}
