package schema

import (
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/exportiva/exportiva/ent/privacy"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/domain"
)

// FirmBlock is one firm blocking another: a producer blocking a buyer or a
// buyer blocking a producer. While a block stands, in either direction, the
// two firms exchange no new inquiries, messages or quotes, no quote between
// them can be accepted, and the buyer's requests are no leads for the producer
// (internal/moderation, the Inquiry/Message/Quote policies, the lead queries
// and fan-out). Only the blocking firm (and the trade office) sees it.
type FirmBlock struct {
	ent.Schema
}

// Fields of the FirmBlock.
func (FirmBlock) Fields() []ent.Field {
	return []ent.Field{
		field.Int("producer_id").Immutable().
			Comment("The producer of the pair.").Annotations(skipGQL()),
		field.Int("buyer_id").Immutable().
			Comment("The buyer of the pair.").Annotations(skipGQL()),
		field.Enum("by").GoType(domain.Party("")).Immutable().
			Comment("Which side of the pair blocked the other.").
			Annotations(entgql.Type("Party")),
		field.Int("created_by").Optional().Immutable().
			Comment("The account that blocked.").Annotations(skipGQL()),
		field.Time("created_at").Default(time.Now).Immutable().
			Comment("When the block was made."),
	}
}

// Edges of the FirmBlock (one way: the firms have no edge back, so no where
// input of theirs can ask about blocks).
func (FirmBlock) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("producer", Producer.Type).Field("producer_id").Unique().Required().Immutable().
			Comment("The producer of the pair (the blocked firm when a buyer blocked)."),
		edge.To("buyer", Buyer.Type).Field("buyer_id").Unique().Required().Immutable().
			Comment("The buyer of the pair (the blocked firm when a producer blocked)."),
	}
}

// Indexes of the FirmBlock: one block per pair and side; a producer's blocks
// (leads, fan-out) and a buyer's.
func (FirmBlock) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("producer_id", "buyer_id", "by").Unique(),
		index.Fields("buyer_id", "producer_id"),
	}
}

// Policy of the FirmBlock: the blocking firm's members (and the trade office)
// see and change it.
func (FirmBlock) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{authz.AllowAdmin(), authz.FirmBlockQuery()},
		Mutation: privacy.MutationPolicy{authz.RequireViewer(), authz.AllowAdmin(), authz.FirmBlockMutation()},
	}
}

// Annotations of the FirmBlock.
func (FirmBlock) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.Skip(entgql.SkipWhereInput, entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput, entgql.SkipOrderField),
		schema.Comment("A firm the viewer's firm blocked: no new inquiries, messages, quotes or leads between the two."),
	}
}
