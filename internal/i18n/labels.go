package i18n

import (
	"strings"

	"github.com/exportiva/exportiva/internal/domain"
)

// Label names an enum value in l, from the enumeration's table in internal/domain.
// A value outside the tables (an enumeration of the matching engine, a value an
// older release stored) is shown as itself in readable case.
func Label(l Lang, enum, value string) string {
	if e, ok := domain.EnumByName(enum); ok {
		if d, ok := e.Lookup(value); ok {
			if l == Indonesian && d.Indonesian != "" {
				return d.Indonesian
			}
			if d.English != "" {
				return d.English
			}
		}
	}
	return readable(value)
}

func readable(value string) string {
	if value == "" {
		return value
	}
	s := strings.ToLower(strings.ReplaceAll(value, "_", " "))
	return strings.ToUpper(s[:1]) + s[1:]
}

// EnumValue is one value of an enumeration with its label and description.
type EnumValue struct {
	Value, Label, Description string
}

// Enum lists the values of an enumeration (by its GraphQL name) in l, in the
// schema's order; ok is false for an unknown enumeration.
func Enum(l Lang, enum string) (vals []EnumValue, ok bool) {
	e, ok := domain.EnumByName(enum)
	if !ok {
		return nil, false
	}
	out := make([]EnumValue, len(e.Values))
	for i, d := range e.Values {
		out[i] = EnumValue{Value: d.Value, Label: Label(l, enum, d.Value), Description: T(l, d.Description)}
	}
	return out, true
}
