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
	"github.com/exportiva/exportiva/internal/money"
	"github.com/exportiva/exportiva/internal/validate"
)

// BuyRequest is a buyer's saved need (an RFQ): what, how much, where to, on what terms.
type BuyRequest struct {
	ent.Schema
}

// Mixin of the BuyRequest.
func (BuyRequest) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}, AuditMixin{}} }

// Fields of the BuyRequest.
func (BuyRequest) Fields() []ent.Field {
	return []ent.Field{
		field.Int("buyer_id").Immutable().
			Comment("The buyer that posted the request."),
		hiddenField("buy request"),
		field.String("title").NotEmpty().MaxLen(200).
			Comment("Short title (e.g. Frozen tengiri and tuna for Bangkok)."),
		field.JSON("hs_codes", []string{}).Optional().
			Comment("HS code prefixes of the goods wanted, digits only (e.g. 0303).").
			Annotations(entgql.Type("[String!]")),
		field.String("query").Optional().MaxLen(500).
			Comment("Free-text description of the goods, in Indonesian or English.").
			Annotations(noFilter()),
		field.Float("quantity_amount").Validate(validate.Quantity).
			Comment("Quantity wanted per quantity period (more than 0, at most 1,000,000,000).").
			Annotations(noFilter()),
		field.Enum("quantity_unit").GoType(domain.Unit("")).
			Comment("Unit of the quantity.").
			Annotations(noFilter()).
			Annotations(entgql.Type("Unit")),
		field.Enum("quantity_per").GoType(domain.Period("")).Default(string(domain.PerMonth)).
			Comment("Period of the quantity; SHIPMENT for a one-off order.").
			Annotations(entgql.Type("Period")),
		field.String("destination_country").Validate(validate.Country).
			Comment("ISO 3166-1 alpha-2 country the goods go to.").
			Annotations(entgql.OrderField("DESTINATION")),
		field.String("destination_port").Optional().Nillable().Validate(validate.Port).
			Comment("UN/LOCODE of the port of destination (e.g. THLCH for Laem Chabang).").
			Annotations(noFilter()),
		field.Enum("incoterm").GoType(domain.Incoterm("")).Optional().Nillable().
			Comment("Incoterms 2020 term wanted.").
			Annotations(entgql.Type("Incoterm")),
		field.Int64("max_price_amount").GoType(money.Amount(0)).Optional().Nillable().
			Validate(func(v int64) error { return validate.Price(money.Amount(v)) }).
			Comment("Highest acceptable price per unit of the quantity (at most 1,000,000,000,000).").
			Annotations(entgql.Type("Decimal")).
			Annotations(noFilter()),
		field.String("max_price_currency").Optional().Nillable().Validate(validate.Currency).
			Comment("ISO 4217 currency of the highest acceptable price.").
			Annotations(noFilter()),
		field.JSON("required_certifications", []domain.CertificationType{}).Optional().
			Comment("Certificates the buyer requires beyond the destination's market rules.").
			Annotations(entgql.Type("[CertificationType!]")),
		field.Time("deliver_by").Optional().Nillable().
			Comment("Latest delivery date wanted.").
			Annotations(noFilter()),
		field.Time("valid_until").
			Comment("The request closes to offers after this moment.").
			Annotations(entgql.OrderField("VALID_UNTIL")),
		field.Enum("status").GoType(domain.BuyRequestStatus("")).Default(string(domain.BuyRequestOpen)).
			Comment("State of the request.").
			Annotations(entgql.Type("BuyRequestStatus")),
	}
}

// Edges of the BuyRequest.
func (BuyRequest) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("buyer", Buyer.Type).Ref("buy_requests").Field("buyer_id").Unique().Required().Immutable().
			Comment("The buyer that posted the request."),
		edge.To("notifications", Notification.Type).Annotations(skipGQL()),
		edge.To("inquiries", Inquiry.Type).
			Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// Indexes of the BuyRequest.
func (BuyRequest) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("status", "valid_until"),
		index.Fields("buyer_id"),
	}
}

// Hooks of the BuyRequest.
func (BuyRequest) Hooks() []ent.Hook { return []ent.Hook{hook.On(buyRequestHook, fieldWrites)} }

// Annotations of the BuyRequest.
func (BuyRequest) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.QueryField().Description("Buy requests (RFQs) posted by buyers."),
		schema.Comment("A buyer's saved need (RFQ): what, how much, where to and on what terms."),
	}
}
