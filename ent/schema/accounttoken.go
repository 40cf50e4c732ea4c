package schema

import (
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/exportiva/exportiva/ent/privacy"
	"github.com/exportiva/exportiva/internal/domain"
)

// AccountToken is a one-time link sent by e-mail: verify an address, reset a
// password, confirm a new address, accept an invitation to a firm's team. Stored only as the
// SHA-256 hash of the secret; used once; expires.
type AccountToken struct {
	ent.Schema
}

// Fields of the AccountToken.
func (AccountToken) Fields() []ent.Field {
	return []ent.Field{
		field.Enum("kind").Values("verify_email", "reset_password", "change_email", "invitation").Immutable(),
		field.String("token_hash").Unique().Sensitive().Immutable(),
		field.Int("account_id").Optional().Nillable().Immutable().
			Comment("The account it acts on (for an invitation: the owner who invited)."),
		field.String("email").Immutable().Comment("The address the link was sent to."),
		field.Int("producer_id").Optional().Nillable().Immutable().Comment("Invitation: the producer to join."),
		field.Int("buyer_id").Optional().Nillable().Immutable().Comment("Invitation: the buyer to join."),
		field.Enum("firm_role").GoType(domain.FirmRole("")).Optional().Nillable().Immutable().Comment("Invitation: the role offered."),
		field.Time("created_at").Default(time.Now).Immutable(),
		field.Time("expires_at").Immutable(),
		field.Time("used_at").Optional().Nillable(),
	}
}

// Indexes of the AccountToken.
func (AccountToken) Indexes() []ent.Index {
	return []ent.Index{index.Fields("account_id", "kind"), index.Fields("email", "kind")}
}

// Policy of the AccountToken: only the auth service (under a system decision) touches it.
func (AccountToken) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{privacy.AlwaysDenyRule()},
		Mutation: privacy.MutationPolicy{privacy.AlwaysDenyRule()},
	}
}

// Annotations of the AccountToken.
func (AccountToken) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}
