package schema

import (
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/exportiva/exportiva/internal/domain"
)

// Verification is one verification of a producer or a buyer: what was
// checked (its scopes), by whom, when, until when, and its revocation.
type Verification struct {
	ent.Schema
}

// Fields of the Verification.
func (Verification) Fields() []ent.Field {
	return []ent.Field{
		field.Int("producer_id").Optional().Nillable().Immutable().
			Comment("The producer verified (null for a buyer's verification).").
			Annotations(skipGQL()),
		field.Int("buyer_id").Optional().Nillable().Immutable().
			Comment("The buyer verified (null for a producer's verification).").
			Annotations(skipGQL()),
		field.JSON("scopes", []domain.VerificationScope{}).
			Comment("What was checked: identity, business licence (NIB), site visit, export registration, certificate documents, importer licence.").
			Annotations(entgql.Type("[VerificationScope!]")),
		field.Enum("verifier").GoType(domain.Verifier("")).Immutable().
			Comment("Who checked: the trade office, or for a foreign buyer an Indonesian trade attaché or ITPC.").
			Annotations(entgql.Type("Verifier")),
		field.String("verifier_name").Optional().MaxLen(200).Immutable().
			Comment("The office that checked, as it signs (e.g. ITPC Bangkok, Disperindag Lamongan)."),
		field.Time("verified_on").Immutable().
			Comment("When the checks were done."),
		field.Time("expires_at").Immutable().
			Comment("When the verification stops counting (12 months after it was done unless the grant says otherwise); an expired verification counts for nothing."),
		field.Text("evidence").Optional().MaxLen(2000).Immutable().
			Comment("What the officer saw (document numbers, visit report); read by the trade office only.").
			Annotations(skipGQL()),
		field.String("granted_by").Optional().Immutable().
			Comment("The e-mail of the trade officer who recorded the verification.").
			Annotations(skipGQL()),
		field.Time("revoked_at").Optional().Nillable().
			Comment("When the verification was revoked; null while it stands."),
		field.String("revocation_reason").Optional().MaxLen(500).
			Comment("Why it was revoked."),
		field.Time("created_at").Default(time.Now).Immutable().
			Comment("When the record was written.").
			Annotations(skipGQL()),
		field.Time("expiry_notice_at").Optional().Nillable().
			Comment("When the firm was told that this record runs out soon (trust.Sweep claims it, so one notice is sent however many replicas sweep); also set, without a notice, on records a later one outlasts.").
			Annotations(skipGQL()),
	}
}

// Edges of the Verification.
func (Verification) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("producer", Producer.Type).Ref("verifications").Field("producer_id").Unique().Immutable().
			Comment("The producer verified.").
			Annotations(entgql.Skip(entgql.SkipWhereInput, entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		edge.From("buyer", Buyer.Type).Ref("verifications").Field("buyer_id").Unique().Immutable().
			Comment("The buyer verified.").
			Annotations(entgql.Skip(entgql.SkipWhereInput, entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
	}
}

// Indexes of the Verification.
func (Verification) Indexes() []ent.Index {
	return []ent.Index{index.Fields("producer_id"), index.Fields("buyer_id"),
		// trust.Sweep: the standing records that run out soon.
		index.Fields("expires_at")}
}

// Annotations of the Verification.
func (Verification) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.Skip(entgql.SkipWhereInput, entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput, entgql.SkipOrderField),
		schema.Comment("One verification of a producer or a buyer by the trade office: what was checked, by whom, when, until when; revoked with a reason."),
	}
}
