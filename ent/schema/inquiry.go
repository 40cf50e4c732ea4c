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

// Inquiry is a negotiation thread between one buyer and one producer, about a
// product or a buy request, holding messages and quotes.
type Inquiry struct {
	ent.Schema
}

// Mixin of the Inquiry.
func (Inquiry) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}, AuditMixin{}} }

// Fields of the Inquiry.
func (Inquiry) Fields() []ent.Field {
	return []ent.Field{
		field.Int("buyer_id").Immutable().Comment("The buyer that asks."),
		field.Int("producer_id").Immutable().Comment("The producer asked."),
		field.Int("product_id").Optional().Nillable().Immutable().Comment("The product asked about, if any."),
		field.Int("buy_request_id").Optional().Nillable().Immutable().Comment("The buy request the inquiry is about, if any."),
		field.String("subject").NotEmpty().MaxLen(200).Comment("Subject line."),
		field.Enum("status").GoType(domain.InquiryStatus("")).Default(string(domain.InquiryOpen)).
			Comment("State of the negotiation.").
			Annotations(entgql.Type("InquiryStatus")),
		// Unread messages per side, kept by the Message hook (one more per
		// message from the other side) and reset by markInquiryRead, so
		// Inquiry.unreadCount costs no query.
		field.Int("buyer_unread").Default(0).NonNegative().Annotations(skipGQL()),
		field.Int("producer_unread").Default(0).NonNegative().Annotations(skipGQL()),
		// First replies, set once by the Message and Quote hooks (conditional
		// updates, so concurrent writes set them once): internal/replyrate
		// computes the firms' response figures from them.
		field.Time("first_reply_at").Optional().Nillable().
			Comment("When the producer first answered the buyer's opening message (a message or a quote).").
			Annotations(skipGQL()),
		field.Int("first_reply_seconds").Optional().Nillable().NonNegative().
			Comment("Seconds from the inquiry's opening to first_reply_at.").
			Annotations(skipGQL()),
		field.Time("buyer_reply_at").Optional().Nillable().
			Comment("When the buyer first wrote after the producer's first reply.").
			Annotations(skipGQL()),
		field.Int("buyer_reply_seconds").Optional().Nillable().NonNegative().
			Comment("Seconds from first_reply_at to buyer_reply_at.").
			Annotations(skipGQL()),
	}
}

// Edges of the Inquiry.
func (Inquiry) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("buyer", Buyer.Type).Ref("inquiries").Field("buyer_id").Unique().Required().Immutable().
			Comment("The buyer that asks."),
		edge.From("producer", Producer.Type).Ref("inquiries").Field("producer_id").Unique().Required().Immutable().
			Comment("The producer asked."),
		edge.From("product", Product.Type).Ref("inquiries").Field("product_id").Unique().Immutable().
			Comment("The product asked about."),
		edge.From("buy_request", BuyRequest.Type).Ref("inquiries").Field("buy_request_id").Unique().Immutable().
			Comment("The buy request the inquiry is about."),
		edge.To("messages", Message.Type).
			Comment("Messages on the thread, oldest first unless ordered otherwise.").
			Annotations(entgql.RelayConnection()),
		edge.To("quotes", Quote.Type).
			Comment("Quotes on the thread, oldest first unless ordered otherwise.").
			Annotations(entgql.RelayConnection()),
		edge.To("notifications", Notification.Type).Annotations(skipGQL()),
	}
}

// Indexes of the Inquiry.
func (Inquiry) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("buyer_id"),
		index.Fields("producer_id"),
		index.Fields("created_at"),
		index.Fields("first_reply_at"),
	}
}

// Annotations of the Inquiry.
func (Inquiry) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.QueryField().Description("Negotiation threads."),
		schema.Comment("A negotiation thread between one buyer and one producer, with its messages and quotes."),
	}
}
