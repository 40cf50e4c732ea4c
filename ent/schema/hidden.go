package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
)

// hiddenField is the hidden_at field of the objects the trade office can hide
// after a report (products, buy requests, messages): set by resolveReport
// with action HIDE, read by the privacy rules (internal/authz/visible), which
// show a hidden object only to its owner and to the trade office. Only the
// trade office writes it (it is in no mutation input).
func hiddenField(what string) ent.Field {
	return field.Time("hidden_at").Optional().Nillable().
		Comment("When the trade office hid the " + what + " after a report; null while it is visible. A hidden " + what + " is seen only by its owner and the trade office.").
		Annotations(entgql.Skip(entgql.SkipWhereInput, entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput))
}
