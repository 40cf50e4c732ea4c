package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// ProductTerm is one entry of the catalog's inverted text index: a normalized
// search term (synonyms folded, e.g. seerfish → tengiri) that a product's names,
// species or material contain. internal/search maintains it on every product write;
// text search looks terms up through the (term, product_id) index on both backends.
type ProductTerm struct {
	ent.Schema
}

// Fields of the ProductTerm.
func (ProductTerm) Fields() []ent.Field {
	return []ent.Field{
		field.String("term").NotEmpty().MaxLen(64),
		field.Int("product_id"),
	}
}

// Edges of the ProductTerm.
func (ProductTerm) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("product", Product.Type).Ref("terms").Field("product_id").Unique().Required(),
	}
}

// Indexes of the ProductTerm.
func (ProductTerm) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("term", "product_id").Unique(),
		index.Fields("product_id"),
	}
}

// Annotations of the ProductTerm.
func (ProductTerm) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}
