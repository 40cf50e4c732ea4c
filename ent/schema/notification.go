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

// Notification is something an account should know of: a new lead, an inquiry,
// a message or a quote received, a quote accepted or declined. Written by the
// system (internal/notify) in the transaction of the change; read only by its
// recipient.
type Notification struct {
	ent.Schema
}

// Fields of the Notification.
func (Notification) Fields() []ent.Field {
	return []ent.Field{
		field.Int("account_id").Immutable().Comment("The recipient.").Annotations(skipGQL()),
		field.Enum("kind").GoType(domain.NotificationKind("")).Immutable().
			Comment("What the notification tells.").
			Annotations(entgql.Type("NotificationKind")),
		field.String("subject").MaxLen(300).Immutable().
			Comment("What it is about, as it was named when the notification was written (a buy request's title, an inquiry's subject)."),
		field.String("actor").MaxLen(200).Optional().Immutable().
			Comment("Who caused it (the other firm's name), when there is one."),
		field.Text("note").Optional().Nillable().MaxLen(1000).Immutable().
			Comment("A word from the trade office to the recipient (why its firm was warned); null otherwise."),
		field.Int("inquiry_id").Optional().Nillable().Immutable().
			Comment("The inquiry it is about, if any.").Annotations(skipGQL()),
		field.Int("buy_request_id").Optional().Nillable().Immutable().
			Comment("The buy request it is about, if any.").Annotations(skipGQL()),
		field.Int("meeting_id").Optional().Nillable().Immutable().
			Comment("The fair meeting it is about, if any.").Annotations(skipGQL()),
		field.Time("created_at").Default(time.Now).Immutable().
			Comment("When it was written.").
			Annotations(entgql.OrderField("CREATED_AT")),
		field.Time("read_at").Optional().Nillable().
			Comment("When the recipient marked it read; null while unread."),
		field.Bool("digest").Default(false).
			Comment("Waiting for the recipient's daily digest e-mail.").Annotations(skipGQL()),
	}
}

// Edges of the Notification.
func (Notification) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("account", Account.Type).Ref("notifications").Field("account_id").Unique().Required().Immutable().
			Annotations(skipGQL()),
		edge.From("inquiry", Inquiry.Type).Ref("notifications").Field("inquiry_id").Unique().Immutable().
			Comment("The inquiry it is about, if any (null as well when the recipient can no longer see it)."),
		edge.From("buy_request", BuyRequest.Type).Ref("notifications").Field("buy_request_id").Unique().Immutable().
			Comment("The buy request it is about (a lead), if any (null as well when the recipient can no longer see it)."),
		edge.From("meeting", Meeting.Type).Ref("notifications").Field("meeting_id").Unique().Immutable().
			Comment("The fair meeting it is about (requested, answered, rescheduled, cancelled), if any (null as well when the recipient can no longer see it)."),
	}
}

// Indexes of the Notification.
func (Notification) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("account_id", "read_at"),
		index.Fields("account_id", "inquiry_id", "read_at"),
		index.Fields("digest", "account_id"),
	}
}

// Policy of the Notification: only its recipient reads it; only the system writes.
func (Notification) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{authz.NotificationQuery()},
		Mutation: privacy.MutationPolicy{privacy.AlwaysDenyRule()},
	}
}

// Annotations of the Notification.
func (Notification) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.Skip(entgql.SkipWhereInput, entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput),
		schema.Comment("Something the signed-in account should know of: a new lead, an inquiry, message or quote received, a quote accepted or declined."),
	}
}
