package schema

import (
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/exportiva/exportiva/internal/domain"
)

// SavedSearch is a search a signed-in buyer keeps to be told when a product
// enters it: text and/or HS prefixes, with optional filters.
type SavedSearch struct {
	ent.Schema
}

// Fields of the SavedSearch.
func (SavedSearch) Fields() []ent.Field {
	return []ent.Field{
		field.Int("account_id").Immutable().
			Comment("The account that saved the search.").
			Annotations(skipGQL()),
		field.String("name").NotEmpty().MaxLen(100).
			Comment("The name the buyer gave the search (e.g. Tengiri for Bangkok)."),
		field.String("query").Optional().MaxLen(200).
			Comment("The search text, read as catalog and match searches read it (both languages, synonyms, `or`)."),
		field.JSON("hs_codes", []string{}).Optional().
			Comment("HS prefixes (digits only, 2 to 10): a product is in the search when its code starts with one of them.").
			Annotations(entgql.Type("[String!]")),
		field.JSON("forms", []domain.ProductForm{}).Optional().
			Comment("Only products sold in one of these forms; empty for any.").
			Annotations(entgql.Type("[ProductForm!]")),
		field.JSON("districts", []domain.District{}).Optional().
			Comment("Only products of producers in one of these districts; empty for any.").
			Annotations(entgql.Type("[District!]")),
		field.Bool("verified_only").Default(false).
			Comment("Only products of producers the trade office verified."),
		field.JSON("need", &domain.Need{}).Optional().
			Comment("A need for matches (quantity, destination, certificates, price, delivery): when set, a product is in the search only when it also fits it as matches judges.").
			Annotations(skipGQL()),
		field.Int("new_since").Default(0).NonNegative().
			Comment("How many products entered the search since the buyer last marked it seen (markSavedSearchSeen)."),
		field.Time("seen_at").Default(time.Now).
			Comment("When the buyer last marked the search seen (its creation at first)."),
		field.Time("created_at").Default(time.Now).Immutable().
			Comment("When the search was saved."),
	}
}

// Edges of the SavedSearch.
func (SavedSearch) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("keys", SavedSearchKey.Type).
			Annotations(entsql.OnDelete(entsql.Cascade), skipGQL()),
		edge.To("hits", SavedSearchHit.Type).
			Annotations(entsql.OnDelete(entsql.Cascade), skipGQL()),
	}
}

// Indexes of the SavedSearch.
func (SavedSearch) Indexes() []ent.Index {
	return []ent.Index{index.Fields("account_id")}
}

// Annotations of the SavedSearch.
func (SavedSearch) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.Skip(entgql.SkipWhereInput, entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput, entgql.SkipOrderField),
		schema.Comment("A search a buyer saved to be told when a new or changed product enters it."),
	}
}

// SavedSearchKey is one entry of the index of saved searches: an HS prefix
// ("hs:0303") or a search term ("t:tengiri") a product must have to be in the
// search. A product write looks up its own keys, never every saved search.
type SavedSearchKey struct {
	ent.Schema
}

// Fields of the SavedSearchKey.
func (SavedSearchKey) Fields() []ent.Field {
	return []ent.Field{
		field.Int("saved_search_id").Immutable(),
		field.String("key").NotEmpty().MaxLen(80).Immutable(),
	}
}

// Edges of the SavedSearchKey.
func (SavedSearchKey) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("saved_search", SavedSearch.Type).Ref("keys").Field("saved_search_id").Unique().Required().Immutable(),
	}
}

// Indexes of the SavedSearchKey.
func (SavedSearchKey) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("key", "saved_search_id").Unique(),
		index.Fields("saved_search_id"),
	}
}

// Annotations of the SavedSearchKey.
func (SavedSearchKey) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}

// SavedSearchHit records that a product entered a saved search.
type SavedSearchHit struct {
	ent.Schema
}

// Fields of the SavedSearchHit.
func (SavedSearchHit) Fields() []ent.Field {
	return []ent.Field{
		field.Int("saved_search_id").Immutable(),
		field.Int("product_id").Immutable(),
		field.Time("created_at").Default(time.Now).Immutable(),
	}
}

// Edges of the SavedSearchHit.
func (SavedSearchHit) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("saved_search", SavedSearch.Type).Ref("hits").Field("saved_search_id").Unique().Required().Immutable(),
	}
}

// Indexes of the SavedSearchHit.
func (SavedSearchHit) Indexes() []ent.Index {
	return []ent.Index{index.Fields("saved_search_id", "product_id").Unique()}
}

// Annotations of the SavedSearchHit.
func (SavedSearchHit) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}
