package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// ProductCount is how many products share one status, form, HS heading and
// capacity dimension, hidden ones included. internal/tally keeps it exact in
// the transaction of every product write (tally.Hook, one of the Product's
// hooks) and repairs it at start (catalog.Backfill); the catalog's totalCount
// sums it for the filters it can answer (status, form, HS chapter or a code
// prefix of at most four digits, capacity dimension) instead of counting a
// million index entries.
type ProductCount struct {
	ent.Schema
}

// Fields of the ProductCount.
func (ProductCount) Fields() []ent.Field {
	return []ent.Field{
		field.String("status").Comment("The products' status (ProductStatus)."),
		field.String("form").Comment("The products' form (ProductForm)."),
		field.String("hs_heading").Comment("The products' HS heading: the first four digits of their HS code."),
		field.String("capacity_dimension").Comment("What the products' capacity measures: MASS, COUNT or VOLUME."),
		field.Int("n").Comment("How many products have this status, form, heading and dimension."),
	}
}

// Indexes of the ProductCount.
func (ProductCount) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("status", "form", "hs_heading", "capacity_dimension").Unique(),
	}
}

// Annotations of the ProductCount.
func (ProductCount) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}
