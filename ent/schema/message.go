package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/exportiva/exportiva/internal/domain"
)

// Message is one message on an inquiry thread.
type Message struct {
	ent.Schema
}

// Mixin of the Message.
func (Message) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}, AuditMixin{}} }

// Fields of the Message.
func (Message) Fields() []ent.Field {
	return []ent.Field{
		field.Int("inquiry_id").Immutable().Comment("The thread."),
		field.Enum("sender").GoType(domain.Party("")).Immutable().Comment("Which side wrote it.").
			Annotations(entgql.Type("Party")),
		field.Text("body").NotEmpty().MaxLen(10000).Immutable().Comment("The text.").
			Annotations(noFilter()),
	}
}

// Edges of the Message.
func (Message) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("inquiry", Inquiry.Type).Ref("messages").Field("inquiry_id").Unique().Required().Immutable().
			Comment("The thread."),
	}
}

// Indexes of the Message.
func (Message) Indexes() []ent.Index {
	return []ent.Index{index.Fields("inquiry_id", "created_at")}
}

// Annotations of the Message.
func (Message) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		schema.Comment("One message on an inquiry thread."),
	}
}
