package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/validate"
)

// Buyer is a foreign company that buys from Lamongan.
type Buyer struct {
	ent.Schema
}

// Mixin of the Buyer.
func (Buyer) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}, AuditMixin{}} }

// Fields of the Buyer.
func (Buyer) Fields() []ent.Field {
	return append([]ent.Field{
		field.String("company").NotEmpty().MaxLen(200).
			Comment("Company name.").
			Annotations(entgql.OrderField("COMPANY")),
		field.String("country").Validate(validate.Country).
			Comment("ISO 3166-1 alpha-2 country code of the company (e.g. TH).").
			Annotations(entgql.OrderField("COUNTRY")),
		field.String("city").Optional().MaxLen(100).
			Comment("City.").
			Annotations(noFilter()),
		field.Enum("type").GoType(domain.BuyerType("")).
			Comment("Kind of business.").
			Annotations(entgql.Type("BuyerType")),
		field.Text("description").Optional().
			Comment("What the company buys, in a few sentences.").
			Annotations(noFilter()),
		field.String("website").Optional().MaxLen(300).
			Comment("Web site address.").
			Annotations(noFilter()),
		field.String("contact_name").Optional().MaxLen(200).
			Comment("Person to contact.").
			Annotations(noFilter()),
		field.String("contact_email").Optional().Validate(validate.Email).
			Comment("Contact e-mail address.").
			Annotations(noFilter()),
		field.String("contact_phone").Optional().MaxLen(40).
			Comment("Contact telephone number.").
			Annotations(noFilter()),
		field.Bool("verified").Default(false).
			Comment("Whether the trade office has verified the company.").
			Annotations(derived(), entgql.Skip(entgql.SkipType)), // in graph/trust.graphqls: entgql would select this column alone
		field.Time("verified_until").Optional().Nillable().
			Comment("When the company's verification runs out: the latest expiry of its unrevoked verification records (null when it has none). Kept by the Verification hooks.").
			Annotations(derived()),
		field.JSON("verified_scopes", []domain.ScopeUntil{}).Optional().
			Comment("Each scope the company's unrevoked verifications cover, with its latest expiry (kept by the Verification hooks).").
			Annotations(skipGQL()),
	}, responseFields()...)
}

// Edges of the Buyer.
func (Buyer) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("buy_requests", BuyRequest.Type).
			Comment("Buy requests the company posted.").
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		edge.To("inquiries", Inquiry.Type).
			Annotations(entgql.Skip(entgql.SkipAll)),
		edge.To("members", Account.Type).
			Annotations(entgql.Skip(entgql.SkipAll)),
		edge.To("verifications", Verification.Type).
			Comment("The company's verification records, revoked and expired ones included: at most 50.").
			Annotations(entgql.Skip(entgql.SkipWhereInput, entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
	}
}

// Indexes of the Buyer.
func (Buyer) Indexes() []ent.Index {
	return []ent.Index{index.Fields("country")}
}

// Annotations of the Buyer.
func (Buyer) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.QueryField().Description("Foreign buyers, filtered and ordered."),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
		schema.Comment("A foreign company that buys from Lamongan."),
		// graph/trust.graphqls: judged against the clock by domain.VerifiedNow
		// and domain.EffectiveScopes.
		Collect{
			"verified":       {"verified", "verified_until"},
			"verifiedScopes": {"verified", "verified_until", "verified_scopes"},
			// graph/response.graphqls: replyrate.OfProducer / OfBuyer.
			"responseStats": {"response_received", "response_replied", "response_median_seconds", "response_computed_at"},
		},
	}
}
