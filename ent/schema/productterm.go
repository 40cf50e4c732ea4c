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
		field.Int("weight").Default(7).Range(1, 9).
			Comment("How strongly the term describes the product, 1 to 9 (internal/search.Weight): 7 to 9 from a name, 4 to 6 from the species or material, 1 to 3 from a description; within each, the word itself over a synonym over a broader term. Matching reads terms of weight 4 and more; catalog search sums the weights into its relevance."),
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
