package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/exportiva/exportiva/ent/hook"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/fraud"
	"github.com/exportiva/exportiva/internal/money"
	"github.com/exportiva/exportiva/internal/validate"
)

// Quote is a producer's priced offer on an inquiry. Its status follows the state
// machine in internal/trade; illegal transitions are refused.
type Quote struct {
	ent.Schema
}

// Mixin of the Quote.
func (Quote) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}, AuditMixin{}} }

// Fields of the Quote.
func (Quote) Fields() []ent.Field {
	return []ent.Field{
		field.Int("inquiry_id").Immutable().Comment("The thread the quote answers."),
		field.Int64("price").GoType(money.Amount(0)).Immutable().
			Validate(func(v int64) error { return validate.Price(money.Amount(v)) }).
			Comment("Price per price unit (more than 0, at most 1,000,000,000,000).").
			Annotations(entgql.Type("Decimal")).
			Annotations(noFilter()),
		field.String("currency").Immutable().Validate(validate.Currency).
			Comment("ISO 4217 currency of the price.").
			Annotations(noFilter()),
		field.Enum("price_unit").GoType(domain.Unit("")).Immutable().
			Comment("Unit the price is per.").
			Annotations(noFilter()).
			Annotations(entgql.Type("Unit")),
		field.Float("quantity_amount").Immutable().Validate(validate.Quantity).
			Comment("Quantity offered (more than 0, at most 1,000,000,000).").
			Annotations(noFilter()),
		field.Enum("quantity_unit").GoType(domain.Unit("")).Immutable().
			Comment("Unit of the quantity offered.").
			Annotations(noFilter()).
			Annotations(entgql.Type("Unit")),
		field.Enum("quantity_per").GoType(domain.Period("")).Immutable().Default(string(domain.PerShipment)).
			Comment("Period of the quantity offered.").
			Annotations(noFilter()).
			Annotations(entgql.Type("Period")),
		field.Enum("incoterm").GoType(domain.Incoterm("")).Immutable().
			Comment("Incoterms 2020 term of the price.").
			Annotations(noFilter()).
			Annotations(entgql.Type("Incoterm")),
		field.Time("valid_until").Immutable().
			Comment("The offer lapses after this moment."),
		field.Text("note").Optional().MaxLen(5000).Immutable().
			Comment("Conditions and remarks.").
			Annotations(noFilter()),
		field.Enum("status").GoType(domain.QuoteStatus("")).Default(string(domain.QuotePending)).
			Comment("State of the quote.").
			Annotations(entgql.Type("QuoteStatus")),
		field.JSON("fraud_flags", []fraud.Kind{}).Optional().
			Comment("The fraud patterns found in the note when it was written (internal/fraud), each once.").
			Annotations(skipGQL()),
		field.Bool("fraud_flagged").Default(false).
			Comment("Whether any fraud pattern was found (the trade office's queue).").
			Annotations(skipGQL()),
		field.Time("decided_at").Optional().Nillable().
			Comment("When the quote left PENDING.").
			Annotations(noFilter()),
	}
}

// Edges of the Quote.
func (Quote) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("inquiry", Inquiry.Type).Ref("quotes").Field("inquiry_id").Unique().Required().Immutable().
			Comment("The thread the quote answers."),
	}
}

// Indexes of the Quote.
func (Quote) Indexes() []ent.Index {
	return []ent.Index{index.Fields("inquiry_id", "status"), index.Fields("fraud_flagged")}
}

// Hooks of the Quote.
func (Quote) Hooks() []ent.Hook {
	return []ent.Hook{hook.On(quoteReplyHook, ent.OpCreate), hook.On(quoteFraudHook, ent.OpCreate)}
}

// Annotations of the Quote.
func (Quote) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		schema.Comment("A producer's priced offer on an inquiry."),
	}
}
