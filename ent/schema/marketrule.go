package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/exportiva/exportiva/ent/hook"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/validate"
)

// MarketRule says what a destination (a country, a bloc or ALL) requires of goods
// of one HS chapter: certificates to hold, documents to ship with, and the form that
// gives preferential origin.
type MarketRule struct {
	ent.Schema
}

// Mixin of the MarketRule.
func (MarketRule) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}, AuditMixin{}} }

// Fields of the MarketRule.
func (MarketRule) Fields() []ent.Field {
	return []ent.Field{
		field.String("destination").Validate(validate.Destination).
			Comment("Country code, trade bloc (ASEAN, EU, GCC) or ALL for every destination.").
			Annotations(entgql.OrderField("DESTINATION")),
		field.String("hs_chapter").Validate(validate.HSChapter).
			Comment("Two-digit HS chapter the rule covers (03 fish, 16 prepared fish, 44 wood …).").
			Annotations(entgql.OrderField("HS_CHAPTER")),
		field.String("hs_prefix").Optional().Default("").
			Comment("Narrower HS prefix within the chapter (e.g. 940360 for wooden furniture); empty for the whole chapter."),
		field.JSON("required_certifications", []domain.CertificationType{}).Optional().
			Comment("Certificates the producer must hold, valid, to ship there.").
			Annotations(entgql.Type("[CertificationType!]")),
		field.JSON("documents", []string{}).Optional().
			Comment("Documents that go with each shipment.").
			Annotations(entgql.Type("[String!]")),
		field.String("origin_form").Optional().
			Comment("Certificate of origin that gives the preferential tariff (e.g. Form D under ATIGA).").
			Annotations(noFilter()),
		field.Text("notes").Optional().
			Comment("Explanation for producers.").
			Annotations(noFilter()),
		field.String("source").Optional().
			Comment("Where the rule comes from (regulation or authority).").
			Annotations(noFilter()),
	}
}

// Indexes of the MarketRule.
func (MarketRule) Indexes() []ent.Index {
	return []ent.Index{index.Fields("destination", "hs_chapter", "hs_prefix").Unique()}
}

// Hooks of the MarketRule.
func (MarketRule) Hooks() []ent.Hook { return []ent.Hook{hook.On(marketRuleHook, fieldWrites)} }

// Annotations of the MarketRule.
func (MarketRule) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.QueryField().Description("Market-access rules by destination and HS chapter."),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
		schema.Comment("What a destination requires of goods of one HS chapter."),
	}
}
