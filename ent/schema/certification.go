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
)

// Certification is a certificate, licence or registration a producer holds, for the
// whole firm or for one product. An expired one counts for nothing.
type Certification struct {
	ent.Schema
}

// Mixin of the Certification.
func (Certification) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}, AuditMixin{}} }

// Fields of the Certification.
func (Certification) Fields() []ent.Field {
	return []ent.Field{
		field.Int("producer_id").Immutable().
			Comment("The producer that holds the certificate."),
		field.Int("product_id").Optional().Nillable().
			Comment("The product the certificate covers; empty when it covers the whole firm."),
		field.Enum("type").GoType(domain.CertificationType("")).
			Comment("Kind of certificate.").
			Annotations(entgql.Type("CertificationType")),
		field.String("number").Optional().MaxLen(100).
			Comment("Certificate or registration number.").
			Annotations(noFilter()),
		field.String("issuer").Optional().MaxLen(200).
			Comment("Body that issued it.").
			Annotations(noFilter()),
		field.Time("valid_from").
			Comment("First day of validity."),
		field.Time("valid_until").
			Comment("Last moment of validity; after it the certificate counts for nothing.").
			Annotations(entgql.OrderField("VALID_UNTIL")),
	}
}

// Edges of the Certification.
func (Certification) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("producer", Producer.Type).Ref("certifications").Field("producer_id").Unique().Required().Immutable().
			Comment("The producer that holds the certificate."),
		edge.From("product", Product.Type).Ref("certifications").Field("product_id").Unique().
			Comment("The product the certificate covers, if only one."),
	}
}

// Indexes of the Certification.
func (Certification) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("producer_id", "type"),
		index.Fields("product_id"),
	}
}

// Hooks of the Certification.
func (Certification) Hooks() []ent.Hook {
	return []ent.Hook{hook.On(certificationHook, fieldWrites), certificationProductHook, certificationLimitHook}
}

// Annotations of the Certification.
func (Certification) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.QueryField().Description("Certificates held by producers."),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
		schema.Comment("A certificate, licence or registration a producer holds; an expired one counts for nothing."),
	}
}
