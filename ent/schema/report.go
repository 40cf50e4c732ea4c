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

// Report is a signed-in user's report of a firm (producer or buyer), a
// product, a buy request or a message, for the trade office's review queue
// (internal/moderation). The reporter sees its own reports; the trade office
// sees them all; the reported firm never sees them (nor who reported).
type Report struct {
	ent.Schema
}

// Fields of the Report.
func (Report) Fields() []ent.Field {
	return []ent.Field{
		field.Int("reporter_id").Immutable().
			Comment("The account that filed the report.").Annotations(skipGQL()),
		field.Enum("subject").GoType(domain.ReportSubject("")).Immutable().
			Comment("What kind of object is reported.").
			Annotations(entgql.Type("ReportSubject")),
		field.Int("subject_id").Immutable().
			Comment("The global ID of the reported object.").
			Annotations(entgql.Type("ID")),
		field.Int("product_id").Optional().Nillable().Immutable().
			Comment("The product reported, for a PRODUCT report.").Annotations(skipGQL()),
		field.Int("buy_request_id").Optional().Nillable().Immutable().
			Comment("The buy request reported, for a BUY_REQUEST report.").Annotations(skipGQL()),
		field.Int("message_id").Optional().Nillable().Immutable().
			Comment("The message reported, for a MESSAGE report.").Annotations(skipGQL()),
		field.Int("producer_id").Optional().Nillable().Immutable().
			Comment("The producer firm reported, or that owns the object reported.").Annotations(skipGQL()),
		field.Int("buyer_id").Optional().Nillable().Immutable().
			Comment("The buyer firm reported, or that owns the object reported.").Annotations(skipGQL()),
		field.Enum("reason").GoType(domain.ReportReason("")).Immutable().
			Comment("Why it is reported.").
			Annotations(entgql.Type("ReportReason")),
		field.Text("note").Optional().MaxLen(1000).Immutable().
			Comment("What the reporter adds (at most 1,000 characters)."),
		field.Enum("status").GoType(domain.ReportStatus("")).Default(string(domain.ReportOpen)).
			Comment("Where the report stands in the review queue.").
			Annotations(entgql.Type("ReportStatus")),
		field.Int("open_slot").Optional().Nillable().
			Comment("1 while the report is open, NULL once resolved: the unique index (reporter, subject, open_slot) allows one open report per reporter and object and any number of resolved ones.").
			Annotations(skipGQL()),
		field.Enum("action").GoType(domain.ReportAction("")).Optional().Nillable().
			Comment("What the trade office did, once resolved.").
			Annotations(entgql.Type("ReportAction")),
		field.Text("resolution_note").Optional().MaxLen(1000).
			Comment("The trade office's note on its decision (sent to the warned firm with WARN); read by the trade office only.").
			Annotations(skipGQL()),
		field.String("resolved_by").Optional().
			Comment("The e-mail of the trade officer who resolved it.").Annotations(skipGQL()),
		field.Time("resolved_at").Optional().Nillable().
			Comment("When the trade office resolved it; null while open."),
		field.Time("created_at").Default(time.Now).Immutable().
			Comment("When it was filed.").
			Annotations(entgql.OrderField("CREATED_AT")),
	}
}

// Edges of the Report. They point one way (the reported types have no edge
// back), so no where input of another type can ask about reports.
func (Report) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("reporter", Account.Type).Field("reporter_id").Unique().Required().Immutable().
			Comment("The account that filed the report (the reporter itself and the trade office see it)."),
		edge.To("product", Product.Type).Field("product_id").Unique().Immutable().
			Comment("The product reported, if a product is."),
		edge.To("buy_request", BuyRequest.Type).Field("buy_request_id").Unique().Immutable().
			Comment("The buy request reported, if one is (null as well when the viewer can no longer see it)."),
		edge.To("message", Message.Type).Field("message_id").Unique().Immutable().
			Comment("The message reported, if one is (null as well when the viewer can no longer see it)."),
		edge.To("producer", Producer.Type).Field("producer_id").Unique().Immutable().
			Comment("The producer reported, or the one whose product or message is."),
		edge.To("buyer", Buyer.Type).Field("buyer_id").Unique().Immutable().
			Comment("The buyer reported, or the one whose buy request or message is (null as well when the viewer cannot see it)."),
	}
}

// Indexes of the Report: one open report per reporter and object (unique
// with open_slot, which is 1 while open and NULL after: NULLs never collide,
// on both backends); the queue by status and age; a reporter's
// reports by age (its daily cap counts them).
func (Report) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("reporter_id", "subject_id", "open_slot").Unique().StorageKey("report_one_open_per_reporter"),
		index.Fields("status", "created_at"),
		index.Fields("reporter_id", "created_at"),
		index.Fields("subject_id", "status"),
	}
}

// Policy of the Report: the reporter and the trade office read it; an account
// files reports as itself; only the trade office resolves.
func (Report) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{authz.AllowAdmin(), authz.ReportQuery()},
		Mutation: privacy.MutationPolicy{authz.RequireViewer(), authz.AllowAdmin(), authz.ReportMutation()},
	}
}

// Annotations of the Report.
func (Report) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.Skip(entgql.SkipWhereInput, entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput),
		schema.Comment("A report of a firm, a product, a buy request or a message, filed by a signed-in user for the trade office's review queue. The reporter and the trade office see it; the reported firm does not."),
	}
}
