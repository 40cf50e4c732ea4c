package schema

import (
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/exportiva/exportiva/ent/privacy"
)

// Outbox is the transactional outbox: work to do after a change (an e-mail to
// send, a lead to fan out), written in the change's own transaction so that
// nothing is lost on a crash, and done by a worker in every replica
// (internal/outbox). Only system work reads or writes it.
type Outbox struct {
	ent.Schema
}

// Fields of the Outbox.
func (Outbox) Fields() []ent.Field {
	return []ent.Field{
		field.String("kind").NotEmpty().Immutable().
			Comment("What to do: email, lead_fanout."),
		field.Text("payload").Comment("The work, as JSON; cleared once done (it may hold a one-time link)."),
		field.Enum("state").Values("pending", "done", "dead").Default("pending").
			Comment("pending until done; dead after the last attempt failed."),
		field.Int("attempts").Default(0).Comment("Attempts made."),
		field.Time("next_attempt_at").Default(time.Now).Comment("Not before this time."),
		field.String("claim").Optional().Nillable().Comment("The worker that holds it until claimed_until."),
		field.Time("claimed_until").Optional().Nillable(),
		field.Text("last_error").Optional().Comment("The last failure, for operators."),
		field.Time("created_at").Default(time.Now).Immutable(),
		field.Time("done_at").Optional().Nillable(),
	}
}

// Indexes of the Outbox.
func (Outbox) Indexes() []ent.Index {
	return []ent.Index{index.Fields("state", "next_attempt_at")}
}

// Policy of the Outbox: system work only.
func (Outbox) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{privacy.AlwaysDenyRule()},
		Mutation: privacy.MutationPolicy{privacy.AlwaysDenyRule()},
	}
}

// Annotations of the Outbox.
func (Outbox) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}
