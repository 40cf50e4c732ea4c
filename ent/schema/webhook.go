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

// WebhookEndpoint is an address that receives an account's or a firm's
// notifications as signed JSON events (internal/webhook). Its deliveries are
// written in the transaction of the change (internal/notify) and sent one at a
// time, in order, by the dispatcher of any replica that holds the endpoint's
// claim. Read only by its owner; written only by internal/webhook.
type WebhookEndpoint struct {
	ent.Schema
}

// Fields of the WebhookEndpoint.
func (WebhookEndpoint) Fields() []ent.Field {
	return []ent.Field{
		field.Enum("scope").GoType(domain.WebhookScope("")).Immutable().
			Comment("Whose events it receives: its creator's account, or its creator's firm.").
			Annotations(entgql.Type("WebhookScope")),
		field.Int("account_id").Immutable().Comment("The account that created it (the owner of an ACCOUNT endpoint).").Annotations(skipGQL()),
		field.Int("producer_id").Optional().Nillable().Immutable().Comment("The producer of a FIRM endpoint.").Annotations(skipGQL()),
		field.Int("buyer_id").Optional().Nillable().Immutable().Comment("The buyer of a FIRM endpoint.").Annotations(skipGQL()),
		field.String("url").MaxLen(2000).Immutable().
			Comment("Where events are POSTed: an https address outside loopback, private and link-local networks (checked again at every connection)."),
		field.String("description").MaxLen(200).Optional().
			Comment("What the owner calls it (e.g. \"WhatsApp gateway\")."),
		field.JSON("kinds", []domain.NotificationKind{}).Optional().
			Comment("The kinds of notification sent to it; empty for every kind (future kinds included).").
			Annotations(entgql.Type("[NotificationKind!]")),
		field.String("secret").Sensitive().Comment("The HMAC-SHA256 key of the signatures.").Annotations(skipGQL()),
		field.String("previous_secret").Optional().Sensitive().
			Comment("The secret before the last rotation, still signing alongside until previous_secret_until.").Annotations(skipGQL()),
		field.Time("previous_secret_until").Optional().Nillable().Annotations(skipGQL()),
		field.Bool("disabled").Default(false).
			Comment("No longer sent to: its deliveries kept failing (see disabledReason); enableWebhookEndpoint sends again."),
		field.Time("disabled_at").Optional().Nillable().Comment("When it was disabled."),
		field.String("disabled_reason").Optional().MaxLen(500).Comment("Why it was disabled."),
		field.Int("consecutive_failures").Default(0).Comment("Failed attempts since the last delivery that succeeded."),
		field.Time("retry_at").Optional().Nillable().Comment("Backoff: no attempt before this time.").Annotations(skipGQL()),
		field.String("claim").Optional().Nillable().Comment("The dispatcher that holds it until claimed_until.").Annotations(skipGQL()),
		field.Time("claimed_until").Optional().Nillable().Annotations(skipGQL()),
		field.Time("created_at").Default(time.Now).Immutable().Comment("When it was created.").
			Annotations(entgql.OrderField("CREATED_AT")),
	}
}

// Edges of the WebhookEndpoint.
func (WebhookEndpoint) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("deliveries", WebhookDelivery.Type).
			Comment("Its delivery log, oldest first unless orderBy says otherwise.").
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipWhereInput)),
	}
}

// Indexes of the WebhookEndpoint.
func (WebhookEndpoint) Indexes() []ent.Index {
	return []ent.Index{index.Fields("account_id"), index.Fields("producer_id"), index.Fields("buyer_id")}
}

// Policy of the WebhookEndpoint: its owner reads it; only the system writes
// (internal/webhook checks the owner).
func (WebhookEndpoint) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{authz.WebhookEndpointQuery()},
		Mutation: privacy.MutationPolicy{privacy.AlwaysDenyRule()},
	}
}

// Annotations of the WebhookEndpoint.
func (WebhookEndpoint) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.Skip(entgql.SkipWhereInput, entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput),
		schema.Comment("An address that receives the notifications of an account or a firm as JSON events signed with HMAC-SHA256 (docs/WEBHOOKS.md)."),
	}
}

// WebhookDelivery is one event for one endpoint: the transactional outbox of
// webhooks and, once sent, the endpoint's delivery log.
type WebhookDelivery struct {
	ent.Schema
}

// Fields of the WebhookDelivery.
func (WebhookDelivery) Fields() []ent.Field {
	return []ent.Field{
		field.Int("endpoint_id").Immutable().Annotations(skipGQL()),
		field.String("event_id").NotEmpty().Immutable().Unique().
			Comment("The event's id (header Exportiva-Event-Id): the same on every attempt, for the receiver to drop repeats."),
		field.Enum("kind").GoType(domain.NotificationKind("")).Immutable().
			Comment("The kind of notification the event tells.").
			Annotations(entgql.Type("NotificationKind")),
		field.Text("payload").Immutable().Comment("The JSON body POSTed, byte for byte."),
		field.Enum("state").GoType(domain.WebhookDeliveryState("")).Default(string(domain.WebhookPending)).
			Comment("Where the delivery stands.").
			Annotations(entgql.Type("WebhookDeliveryState")),
		field.Int("attempts").Default(0).Comment("Attempts made."),
		field.Int("last_status").Optional().Nillable().Comment("The HTTP status of the last attempt (null when it got no answer)."),
		field.String("last_error").Optional().MaxLen(500).Comment("What went wrong on the last attempt, if it failed."),
		field.Time("last_attempt_at").Optional().Nillable().Comment("When the last attempt was made."),
		field.Time("created_at").Default(time.Now).Immutable().Comment("When the event happened (the change committed with it).").
			Annotations(entgql.OrderField("CREATED_AT")),
		field.Time("delivered_at").Optional().Nillable().Comment("When the endpoint answered 2xx."),
	}
}

// Edges of the WebhookDelivery.
func (WebhookDelivery) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("endpoint", WebhookEndpoint.Type).Ref("deliveries").Field("endpoint_id").Unique().Required().Immutable().
			Annotations(skipGQL()),
	}
}

// Indexes of the WebhookDelivery.
func (WebhookDelivery) Indexes() []ent.Index {
	return []ent.Index{index.Fields("endpoint_id", "state")}
}

// Policy of the WebhookDelivery: the owner of its endpoint reads it; only the
// system writes.
func (WebhookDelivery) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{authz.WebhookDeliveryQuery()},
		Mutation: privacy.MutationPolicy{privacy.AlwaysDenyRule()},
	}
}

// Annotations of the WebhookDelivery.
func (WebhookDelivery) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.Skip(entgql.SkipWhereInput, entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput),
		schema.Comment("One event sent (or to send) to a webhook endpoint: an entry of the endpoint's delivery log."),
	}
}
