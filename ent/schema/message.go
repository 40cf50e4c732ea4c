package schema

import (
	"context"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	gen "github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/hook"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/fraud"
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
		hiddenField("message"),
		field.JSON("fraud_flags", []fraud.Kind{}).Optional().
			Comment("The fraud patterns found in the body when it was written (internal/fraud), each once.").
			Annotations(skipGQL()),
		field.Bool("fraud_flagged").Default(false).
			Comment("Whether any fraud pattern was found (the trade office's queue).").
			Annotations(skipGQL()),
		field.Time("read_at").Optional().Nillable().
			Comment("When the other side read it (markInquiryRead); null while unread.").
			Annotations(noFilter(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
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
	return []ent.Index{index.Fields("inquiry_id", "created_at"), index.Fields("fraud_flagged")}
}

// Annotations of the Message.
func (Message) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		schema.Comment("One message on an inquiry thread."),
	}
}

// Hooks of the Message.
func (Message) Hooks() []ent.Hook {
	return []ent.Hook{hook.On(unreadCountHook, ent.OpCreate), hook.On(messageReplyHook, ent.OpCreate), hook.On(messageFraudHook, ent.OpCreate)}
}

// unreadCountHook counts a new message as unread for the side that did not
// write it (Inquiry.unreadCount reads the counter; markInquiryRead resets
// it). The counter is derived data: it is written as the system, in the
// message's own transaction, whoever wrote the message.
func unreadCountHook(next ent.Mutator) ent.Mutator {
	return hook.MessageFunc(func(ctx context.Context, m *gen.MessageMutation) (ent.Value, error) {
		v, err := next.Mutate(ctx, m)
		if err != nil {
			return v, err
		}
		id, _ := m.InquiryID()
		sender, _ := m.Sender()
		u := m.Client().Inquiry.UpdateOneID(id)
		if sender == domain.PartyBuyer {
			u.AddProducerUnread(1)
		} else {
			u.AddBuyerUnread(1)
		}
		return v, u.Exec(authz.System(ctx))
	})
}
