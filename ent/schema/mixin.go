// Package schema defines Exportiva's data model for ent. Everything else under ent/
// is generated from it by `go generate ./...`.
package schema

import (
	"context"
	"fmt"
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/mixin"

	"github.com/exportiva/exportiva/internal/viewer"
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

// AuditMixin records which account created and last changed a record.
type AuditMixin struct {
	mixin.Schema
}

// Fields of the AuditMixin.
func (AuditMixin) Fields() []ent.Field {
	return []ent.Field{
		field.Int("created_by").Optional().Nillable().Immutable().
			Comment("Account that created the record.").Annotations(skipGQL()),
		field.Int("updated_by").Optional().Nillable().
			Comment("Account that last changed the record.").Annotations(skipGQL()),
	}
}

// audited is the generated mutation of a type with the AuditMixin.
type audited interface {
	ent.Mutation
	SetCreatedBy(int)
	SetUpdatedBy(int)
}

// Hooks of the AuditMixin: the signed-in account creates and changes.
func (AuditMixin) Hooks() []ent.Hook {
	return []ent.Hook{func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			if v := viewer.FromContext(ctx); v != nil {
				a, ok := m.(audited)
				if !ok {
					return nil, fmt.Errorf("AuditMixin on %s: its mutation %T has no audit fields", m.Type(), m)
				}
				if m.Op().Is(ent.OpCreate) {
					a.SetCreatedBy(v.AccountID)
				}
				a.SetUpdatedBy(v.AccountID)
			}
			return next.Mutate(ctx, m)
		})
	}}
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

// Collect names, for entgql's field collection (ent/template/collection.tmpl),
// the columns read by the resolvers of GraphQL fields declared outside entgql
// (in graph/*.graphqls): a query selecting only known fields then reads only
// their columns instead of every column of the type. A field missing here
// still works (it makes the query read every column); a column missing from a
// field's list would make its resolver read a zero value, which
// TestCollectedColumns (internal/server) catches for the fields listed here.
type Collect map[string][]string

// Name implements schema.Annotation.
func (Collect) Name() string { return "Collect" }

// responseFields are a firm's materialised response figures (internal/replyrate
// refreshes them in SQL; Producer.responseStats and Buyer.responseStats read
// them, and the RESPONSE_RATE criterion of matching).
func responseFields() []ent.Field {
	return []ent.Field{
		field.Int("response_received").Default(0).NonNegative().
			Comment("Inquiries the firm had to answer in the last 30 days (older than 24 h), as of response_computed_at.").
			Annotations(skipGQL()),
		field.Int("response_replied").Default(0).NonNegative().
			Comment("Of response_received, those the firm first answered within 24 h.").
			Annotations(skipGQL()),
		field.Int("response_median_seconds").Optional().Nillable().
			Comment("Median first-reply time, in seconds, of the received inquiries the firm answered (null when none).").
			Annotations(skipGQL()),
		field.Time("response_computed_at").Optional().Nillable().
			Comment("When the response figures were last computed (null: never).").
			Annotations(skipGQL()),
	}
}
