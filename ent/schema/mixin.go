// Package schema defines Exportiva's data model for ent. Everything else under ent/
// is generated from it by `go generate ./...`.
package schema

import (
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/mixin"
)

// TimeMixin gives a record its creation and last-change times.
type TimeMixin struct {
	mixin.Schema
}

// Fields of the TimeMixin.
func (TimeMixin) Fields() []ent.Field {
	return []ent.Field{
		field.Time("created_at").
			Default(time.Now).
			Immutable().
			Comment("When the record was created.").
			Annotations(
				entgql.OrderField("CREATED_AT"),
				entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput),
			),
		field.Time("updated_at").
			Default(time.Now).
			UpdateDefault(time.Now).
			Comment("When the record was last changed.").
			Annotations(
				entgql.OrderField("UPDATED_AT"),
				entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput),
			),
	}
}

// derived marks a field computed by a hook: readable and filterable, never input.
func derived() entgql.Annotation {
	return entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)
}

// noFilter keeps a field out of the generated where input: free text and contact
// details are not search keys (and contact details must not be probed by filters).
func noFilter() entgql.Annotation { return entgql.Skip(entgql.SkipWhereInput) }

// skipGQL keeps a field out of the GraphQL schema entirely.
func skipGQL() entgql.Annotation { return entgql.Skip(entgql.SkipAll) }
