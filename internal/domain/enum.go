// Package domain holds the vocabulary shared by the storage schema, the GraphQL API
// and the matching engine: the enumerations of the export trade and their meanings.
//
// Every enumeration is one table (values.go): each value is written once, with its
// description (the schema's documentation), its labels in English and Indonesian
// (internal/i18n), the further words an import file may write for it, and how
// English prose names it (the explanations of internal/match). The schema
// generator, i18n and the matcher read the table.
package domain

import (
	"fmt"
	"io"
	"strconv"
)

// Described is one value of an enumeration with everything said about it.
type Described struct {
	// Value is the value as stored and as the API spells it.
	Value string
	// Description is a one-sentence description for API documentation.
	Description string
	// English and Indonesian name the value for people (lists, templates).
	English, Indonesian string
	// Aliases are further words an import file may write for the value, beyond
	// the value and its labels (abbreviations, plurals, local words).
	Aliases []string
	// term and terms name the value inside an English sentence, singular and
	// plural; empty for the English label.
	term, terms string
}

// v is a row of a table: value, description, English and Indonesian labels, and
// import aliases.
func v(value, description, english, indonesian string, aliases ...string) Described {
	return Described{Value: value, Description: description, English: english, Indonesian: indonesian, Aliases: aliases}
}

// inProse sets how an English sentence names the value, singular and plural.
func (d Described) inProse(one, many string) Described {
	d.term, d.terms = one, many
	return d
}

// Term names the value inside an English sentence, for n of it ("1 piece", "2
// pieces", "8 t", "a health certificate").
func (d Described) Term(n float64) string {
	one, many := d.term, d.terms
	if one == "" {
		one = d.English
	}
	if one == "" {
		one = d.Value
	}
	if many == "" {
		many = one
	}
	if n == 1 {
		return one
	}
	return many
}

// Enum is an enumeration: its GraphQL type name, its description and its values
// in the schema's order.
type Enum struct {
	Name        string
	Description string
	Values      []Described
	index       map[string]int
}

// Table is an enumeration whose values have the Go type T.
type Table[T ~string] struct {
	Enum
}

func newTable[T ~string](name, description string, values ...Described) *Table[T] {
	t := &Table[T]{Enum{Name: name, Description: description, Values: values, index: make(map[string]int, len(values))}}
	for i, d := range values {
		if _, dup := t.index[d.Value]; dup {
			panic(fmt.Sprintf("domain: %s.%s listed twice", name, d.Value))
		}
		t.index[d.Value] = i
	}
	return t
}

// Lookup returns the row of a value; ok is false for a value not in the table.
func (e *Enum) Lookup(value string) (d Described, ok bool) {
	i, ok := e.index[value]
	if !ok {
		return Described{Value: value}, false
	}
	return e.Values[i], true
}

// Strings returns the values in order.
func (e *Enum) Strings() []string {
	out := make([]string, len(e.Values))
	for i, d := range e.Values {
		out[i] = d.Value
	}
	return out
}

// Row returns the row of v; for a value not in the table, a row holding only it.
func (t *Table[T]) Row(v T) Described {
	d, _ := t.Lookup(string(v))
	return d
}

// Valid reports whether v is a value of the enumeration.
func (t *Table[T]) Valid(v T) bool {
	_, ok := t.index[string(v)]
	return ok
}

// Marshal writes v as a GraphQL enum value (the body of a MarshalGQL method).
func (t *Table[T]) Marshal(w io.Writer, v T) { MarshalEnum(w, v) }

// Unmarshal reads a GraphQL enum value into dst, checking it against the table
// (the body of an UnmarshalGQL method).
func (t *Table[T]) Unmarshal(v any, dst *T) error { return UnmarshalEnum(v, dst, t.Name, t.Valid) }

// MarshalEnum writes v as a GraphQL enum value. It and UnmarshalEnum are the one
// implementation behind every enumeration's MarshalGQL and UnmarshalGQL: ent's
// generated code asserts that enum Go types implement graphql.Marshaler, so
// gqlgen's enum_values binding cannot replace the methods.
func MarshalEnum[T ~string](w io.Writer, v T) {
	_, _ = io.WriteString(w, strconv.Quote(string(v)))
}

// UnmarshalEnum reads a GraphQL enum value of the enumeration name into dst when
// valid accepts it.
func UnmarshalEnum[T ~string](v any, dst *T, name string, valid func(T) bool) error {
	s, ok := v.(string)
	if !ok {
		return fmt.Errorf("%s must be a string enum value", name)
	}
	if !valid(T(s)) {
		return fmt.Errorf("%q is not a valid %s", s, name)
	}
	*dst = T(s)
	return nil
}

// all lists every enumeration of the domain.
var all = []*Enum{
	&Sectors.Enum, &SizeClasses.Enum, &Districts.Enum, &ProductForms.Enum, &Units.Enum,
	&Periods.Enum, &Incoterms.Enum, &ProductStatuses.Enum, &CertificationTypes.Enum,
	&BuyerTypes.Enum, &BuyRequestStatuses.Enum, &InquiryStatuses.Enum, &QuoteStatuses.Enum,
	&Parties.Enum, &Roles.Enum, &NotificationKinds.Enum, &EmailDeliveries.Enum, &FirmRoles.Enum,
	&WebhookScopes.Enum, &WebhookDeliveryStates.Enum,
	&VerificationScopes.Enum, &Verifiers.Enum,
	&ReportSubjects.Enum, &ReportReasons.Enum, &ReportStatuses.Enum, &ReportActions.Enum,
	&EventStatuses.Enum, &BoothCategories.Enum, &AttendanceModes.Enum, &MeetingStatuses.Enum, &OutcomeTypes.Enum,
}

// Enums lists every enumeration of the domain by its GraphQL type name, with its
// values (not those registered by other packages). The
// schema generator documents enum values from it, i18n labels them and the
// importer reads them.
var Enums = func() map[string][]Described {
	out := make(map[string][]Described, len(all))
	for _, e := range all {
		out[e.Name] = e.Values
	}
	return out
}()

// registered lists the enumerations other packages declare with NewTable.
var registered []*Enum

// NewTable makes and registers the table of an enumeration declared outside this
// package (the matching engine's vocabulary), so that i18n labels it. Call it
// only to initialize a package-level variable.
func NewTable[T ~string](name, description string, values ...Described) *Table[T] {
	t := newTable[T](name, description, values...)
	if _, dup := EnumByName(name); dup {
		panic("domain: enumeration " + name + " declared twice")
	}
	registered = append(registered, &t.Enum)
	return t
}

// V is a row of a table: value, description, English and Indonesian labels, and
// import aliases.
func V(value, description, english, indonesian string, aliases ...string) Described {
	return v(value, description, english, indonesian, aliases...)
}

// EnumByName returns an enumeration by its GraphQL type name: one of the domain's
// or one registered with NewTable.
func EnumByName(name string) (*Enum, bool) {
	for _, list := range [][]*Enum{all, registered} {
		for _, e := range list {
			if e.Name == name {
				return e, true
			}
		}
	}
	return nil, false
}

// Quantity is an amount of goods in a unit, per a period (SHIPMENT for a one-off
// amount).
type Quantity struct {
	Amount float64
	Unit   Unit
	Per    Period
}
