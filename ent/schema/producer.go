package schema

import (
	"context"
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	gen "github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/hook"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/validate"
	"github.com/exportiva/exportiva/internal/viewer"
)

// Producer is a Lamongan firm that makes and exports goods.
type Producer struct {
	ent.Schema
}

// Mixin of the Producer.
func (Producer) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}, AuditMixin{}} }

// Fields of the Producer.
func (Producer) Fields() []ent.Field {
	return append([]ent.Field{
		field.String("name").NotEmpty().MaxLen(200).
			Comment("Trading name, as buyers know it.").
			Annotations(entgql.OrderField("NAME")),
		field.String("legal_name").Optional().MaxLen(200).
			Comment("Registered legal name (e.g. PT Samudra Brondong Makmur).").
			Annotations(noFilter()),
		field.String("nib").Optional().Nillable().Unique().Validate(validate.NIB).
			Comment("Nomor Induk Berusaha: the 13-digit Indonesian business identification number."),
		field.Enum("district").GoType(domain.District("")).
			Comment("Kecamatan of Lamongan regency where the firm produces.").
			Annotations(entgql.OrderField("DISTRICT")).
			Annotations(entgql.Type("District")),
		field.Enum("sector").GoType(domain.Sector("")).
			Comment("Main line of business.").
			Annotations(entgql.Type("Sector")),
		field.JSON("sectors", []domain.Sector{}).Optional().
			Comment("Every line of business, the main one included.").
			Annotations(entgql.Type("[Sector!]")),
		field.Enum("size_class").GoType(domain.SizeClass("")).
			Comment("Size class under Indonesian law: micro, small, medium or large.").
			Annotations(entgql.Type("SizeClass")),
		field.Int("founded_year").Optional().Nillable().Validate(validate.FoundedYear).
			Comment("Year the firm was founded.").
			Annotations(noFilter()),
		field.Text("description").Optional().
			Comment("What the firm makes, in a few sentences.").
			Annotations(noFilter()),
		field.String("website").Optional().MaxLen(300).
			Comment("Web site address.").
			Annotations(noFilter()),
		field.JSON("languages", []string{}).Optional().
			Comment("Languages the firm corresponds in, as BCP 47 tags (id, en, zh …).").
			Annotations(entgql.Type("[String!]")),
		field.String("contact_name").Optional().MaxLen(200).
			Comment("Person to contact.").
			Annotations(noFilter()),
		field.String("contact_email").Optional().Validate(validate.Email).
			Comment("Contact e-mail address.").
			Annotations(noFilter()),
		field.String("contact_phone").Optional().MaxLen(40).
			Comment("Contact telephone or WhatsApp number.").
			Annotations(noFilter()),
		field.String("address").Optional().MaxLen(500).
			Comment("Street address of the plant.").
			Annotations(noFilter()),
		field.Bool("verified").Default(false).
			Comment("Whether the trade office has verified the firm's identity and licences.").
			Annotations(derived(), entgql.Skip(entgql.SkipType)), // in graph/trust.graphqls: entgql would select this column alone
		field.Time("verified_at").Optional().Nillable().
			Comment("When the firm was verified.").
			Annotations(derived()),
		field.String("verified_by").Optional().
			Comment("Who verified the firm (the trade officer's e-mail).").
			Annotations(derived()).
			Annotations(noFilter()),
		field.Time("verified_until").Optional().Nillable().
			Comment("When the firm's verification runs out: the latest expiry of its unrevoked verification records (null when it has none). Kept by the Verification hooks.").
			Annotations(derived()),
		field.JSON("verified_scopes", []domain.ScopeUntil{}).Optional().
			Comment("Each scope the firm's unrevoked verifications cover, with its latest expiry (kept by the Verification hooks).").
			Annotations(skipGQL()),
		field.Bool("leads_verified_buyers_only").Default(false).
			Comment("Whether the firm sees as leads only the buy requests of buyers whose verification holds.").
			Annotations(noFilter()),
	}, responseFields()...)
}

// Edges of the Producer.
func (Producer) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("products", Product.Type).
			Comment("Products the firm lists.").
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		edge.To("certifications", Certification.Type).
			Comment("Certificates, licences and registrations the firm holds: at most 50 (a 51st is BAD_USER_INPUT), its products' included.").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		edge.To("export_records", ExportRecord.Type).
			Comment("Past export shipments: the firm's track record.").
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		edge.To("inquiries", Inquiry.Type).
			Comment("Inquiries buyers sent to the firm.").
			Annotations(entgql.Skip(entgql.SkipAll)),
		edge.To("media", Media.Type).
			Comment("Every picture of the firm: its logo and its products' photos.").
			Annotations(entgql.Skip(entgql.SkipAll)),
		edge.To("logo", Media.Type).Unique().
			Comment("The firm's logo, if it has one.").
			Annotations(entgql.Skip(entgql.SkipWhereInput, entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		edge.To("members", Account.Type).
			Comment("Accounts that act for the firm.").
			Annotations(entgql.Skip(entgql.SkipAll)),
		edge.To("verifications", Verification.Type).
			Comment("The firm's verification records, revoked and expired ones included: at most 50.").
			Annotations(entgql.Skip(entgql.SkipWhereInput, entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
	}
}

// Indexes of the Producer.
func (Producer) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("district"),
		index.Fields("sector"),
	}
}

// Annotations of the Producer.
func (Producer) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		// Query.producers is written in graph/catalog.graphqls: it adds a search.
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
		schema.Comment("A Lamongan firm that makes and exports goods."),
		// graph/trust.graphqls: judged against the clock by domain.VerifiedNow
		// and domain.EffectiveScopes.
		Collect{
			"verified":       {"verified", "verified_until", "verified_at"},
			"verifiedScopes": {"verified", "verified_until", "verified_at", "verified_scopes"},
			// graph/response.graphqls: replyrate.OfProducer / OfBuyer.
			"responseStats": {"response_received", "response_replied", "response_median_seconds", "response_computed_at"},
		},
	}
}

// Hooks of the Producer.
func (Producer) Hooks() []ent.Hook { return []ent.Hook{verificationStampHook, producerVerifiedHook} }

// verificationStampHook keeps verified_at and verified_by in step with
// verified on every write path: a producer turning verified is stamped with
// the time and the acting account's e-mail (unless the write sets them
// itself), and one turning unverified loses both.
func verificationStampHook(next ent.Mutator) ent.Mutator {
	return hook.ProducerFunc(func(ctx context.Context, m *gen.ProducerMutation) (ent.Value, error) {
		verified, ok := m.Verified()
		switch {
		case !ok:
		case verified:
			if _, set := m.VerifiedAt(); !set {
				m.SetVerifiedAt(time.Now().UTC())
			}
			if _, set := m.VerifiedBy(); !set {
				if v := viewer.FromContext(ctx); v != nil && v.Email != "" {
					m.SetVerifiedBy(v.Email)
				} else if !m.Op().Is(ent.OpCreate) {
					m.SetVerifiedBy("")
				}
			}
		case !m.Op().Is(ent.OpCreate):
			m.ClearVerifiedAt()
			m.SetVerifiedBy("")
		default:
			m.ResetVerifiedAt()
			m.ResetVerifiedBy()
		}
		return next.Mutate(ctx, m)
	})
}
