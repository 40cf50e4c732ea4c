package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/exportiva/exportiva/ent/hook"
	"github.com/exportiva/exportiva/internal/money"
	"github.com/exportiva/exportiva/internal/validate"
)

// ExportRecord is one past export shipment: the producer's track record and the
// source of export statistics.
type ExportRecord struct {
	ent.Schema
}

// Mixin of the ExportRecord.
func (ExportRecord) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}, AuditMixin{}} }

// Fields of the ExportRecord.
func (ExportRecord) Fields() []ent.Field {
	return []ent.Field{
		field.Int("producer_id").Immutable().Comment("The exporting producer."),
		field.Int("product_id").Optional().Nillable().Comment("The product shipped, if listed."),
		field.String("destination_country").Validate(validate.Country).
			Comment("ISO 3166-1 alpha-2 country of destination."),
		field.String("destination_port").Optional().Nillable().Validate(validate.Port).
			Comment("UN/LOCODE of the port of destination.").
			Annotations(noFilter()),
		field.String("hs_code").Validate(validate.HSCode).
			Comment("HS code of the goods, 6 to 10 digits."),
		field.String("hs_chapter").Comment("HS chapter: the code's first two digits.").
			Annotations(derived()),
		field.Float("quantity_kg").Validate(validate.Quantity).
			Comment("Net weight shipped, in kilograms (more than 0, at most 1,000,000,000).").
			Annotations(entgql.OrderField("QUANTITY")),
		field.Int64("value").GoType(money.Amount(0)).
			Validate(func(v int64) error { return validate.ExportValue(money.Amount(v)) }).
			Comment("Invoice value of the shipment (more than 0, at most 100,000,000,000,000).").
			Annotations(entgql.Type("Decimal")),
		field.String("currency").Validate(validate.Currency).
			Comment("ISO 4217 currency of the value."),
		field.Time("shipped_on").Comment("Date of shipment.").
			Annotations(entgql.OrderField("SHIPPED_ON")),
		field.Int("year").Comment("Year of shipment.").
			Annotations(derived()),
	}
}

// Edges of the ExportRecord.
func (ExportRecord) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("producer", Producer.Type).Ref("export_records").Field("producer_id").Unique().Required().Immutable().
			Comment("The exporting producer."),
		edge.From("product", Product.Type).Ref("export_records").Field("product_id").Unique().
			Comment("The product shipped."),
	}
}

// Indexes of the ExportRecord.
func (ExportRecord) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("producer_id", "hs_chapter", "destination_country"),
		index.Fields("destination_country", "hs_chapter", "year"),
	}
}

// Hooks of the ExportRecord.
func (ExportRecord) Hooks() []ent.Hook {
	return []ent.Hook{hook.On(exportRecordHook, fieldWrites), exportRecordProductHook}
}

// Annotations of the ExportRecord.
func (ExportRecord) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.QueryField().Description("Past export shipments."),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
		schema.Comment("One past export shipment: the producer's track record and the source of export statistics."),
	}
}
