package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"

	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/validate"
)

// Account is a person who signs in: a trade officer, or a member of one producer
// or one buyer.
type Account struct {
	ent.Schema
}

// Mixin of the Account.
func (Account) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the Account.
func (Account) Fields() []ent.Field {
	return []ent.Field{
		field.String("email").Unique().Validate(validate.Email).
			Comment("Sign-in e-mail address."),
		field.String("password_hash").Sensitive().
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.String("display_name").NotEmpty().MaxLen(200).
			Comment("Name shown to others.").
			Annotations(noFilter()),
		field.Enum("role").GoType(domain.Role("")).
			Comment("What the account may do.").
			Annotations(entgql.Type("Role")),
		field.Int("producer_id").Optional().Nillable().
			Comment("The producer the account acts for."),
		field.Int("buyer_id").Optional().Nillable().
			Comment("The buyer the account acts for."),
		field.Bool("disabled").Default(false).
			Comment("Disabled by an operator: the account cannot sign in and its tokens are refused.").
			Annotations(entgql.Skip(entgql.SkipAll)),
		// Accounts from before e-mail verification, and those operators create,
		// count as verified; sign-ups set false until the link is followed.
		field.Bool("email_verified").Default(true).
			Comment("Whether the owner proved the e-mail address; unverified accounts browse but do not post.").
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.String("language").Default("en").
			Comment("Language of the e-mails sent to the account: en or id.").
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.JSON("email_preferences", map[string]string{}).Optional().
			Comment("Per notification kind, IMMEDIATELY, DAILY_DIGEST or OFF; a missing kind takes domain.DefaultDelivery.").
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.Time("digest_sent_at").Optional().Nillable().
			Comment("When the last daily digest went out.").
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.Enum("firm_role").GoType(domain.FirmRole("")).Optional().Nillable().
			Comment("Role within the producer or buyer (OWNER manages the team).").
			Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// Edges of the Account.
func (Account) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("producer", Producer.Type).Ref("members").Field("producer_id").Unique().
			Comment("The producer the account acts for."),
		edge.From("buyer", Buyer.Type).Ref("members").Field("buyer_id").Unique().
			Comment("The buyer the account acts for."),
		edge.To("sessions", Session.Type).
			Annotations(entgql.Skip(entgql.SkipAll)),
		edge.To("notifications", Notification.Type).
			Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// Annotations of the Account.
func (Account) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("A person who signs in: a trade officer, or a member of one producer or one buyer."),
	}
}
