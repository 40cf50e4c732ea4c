// Package schemadoc completes the descriptions of the GraphQL schema that entgql
// generates, so that every type, field, argument and enum value of the published
// schema is documented for the frontend team. It runs as an entgql schema hook at
// generation time; a test over the final schema keeps it complete.
package schemadoc

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode"

	"entgo.io/ent/entc/gen"
	entschema "entgo.io/ent/schema"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/exportiva/exportiva/internal/domain"
)

// Hook fills every missing description in the generated schema.
func Hook(g *gen.Graph, s *ast.Schema) error {
	for _, n := range g.Nodes {
		def := s.Types[n.Name]
		if def == nil || def.Description != "" {
			continue
		}
		var c entschema.CommentAnnotation
		if b, err := json.Marshal(n.Annotations[c.Name()]); err == nil && json.Unmarshal(b, &c) == nil {
			def.Description = c.Text
		}
	}
	for name, def := range s.Types {
		switch def.Kind {
		case ast.Enum:
			enumValues(name, def)
		case ast.InputObject:
			inputFields(s, name, def)
		case ast.Object, ast.Interface:
			objectFields(name, def)
		}
		if def.Description == "" {
			def.Description = fmt.Sprintf("%s, as generated from the data model.", words(name))
		}
	}
	if q := s.Types["Query"]; q != nil {
		if f := q.Fields.ForName("nodes"); f != nil {
			// graph.MaxNodeIDs; a test in graph keeps the two equal.
			f.Description = "Looks objects up by their IDs: at most 100 IDs (a repeated ID is loaded once), " +
				"in the order given; an unknown or hidden ID is null with a NOT_FOUND error at its index."
		}
	}
	return nil
}

func enumValues(name string, def *ast.Definition) {
	known := map[string]string{}
	table, inDomain := domain.EnumByName(name)
	if inDomain {
		for _, d := range table.Values {
			known[d.Value] = d.Description
		}
	}
	for _, v := range def.EnumValues {
		if v.Description != "" {
			continue
		}
		if d, ok := known[v.Name]; ok {
			v.Description = d
		} else if strings.HasSuffix(name, "OrderField") {
			v.Description = fmt.Sprintf("Order by %s.", strings.ToLower(strings.ReplaceAll(v.Name, "_", " ")))
		} else {
			v.Description = fmt.Sprintf("%s.", words(v.Name))
		}
	}
	if def.Description == "" || strings.Contains(def.Description, " is enum for the field ") {
		if inDomain && table.Description != "" {
			def.Description = table.Description
		}
	}
}

var predicateSuffixes = []struct{ suffix, phrase string }{
	{"NotNil", "is set"},
	{"IsNil", "is not set"},
	{"ContainsFold", "contains the given text, ignoring case"},
	{"EqualFold", "equals the given text, ignoring case"},
	{"HasPrefix", "starts with the given text"},
	{"HasSuffix", "ends with the given text"},
	{"Contains", "contains the given text"},
	{"NotIn", "is none of the given values"},
	{"NEQ", "differs from the given value"},
	{"GTE", "is at least the given value"},
	{"LTE", "is at most the given value"},
	{"GT", "is greater than the given value"},
	{"LT", "is less than the given value"},
	{"In", "is one of the given values"},
}

func inputFields(s *ast.Schema, name string, def *ast.Definition) {
	var obj *ast.Definition
	for _, prefix := range []string{"Create", "Update"} {
		if strings.HasPrefix(name, prefix) && strings.HasSuffix(name, "Input") {
			obj = s.Types[strings.TrimSuffix(strings.TrimPrefix(name, prefix), "Input")]
		}
	}
	for _, f := range def.Fields {
		if f.Description != "" {
			continue
		}
		switch {
		case strings.HasSuffix(name, "WhereInput"):
			f.Description = wherePredicate(f.Name)
		case obj != nil && obj.Fields.ForName(f.Name) != nil && obj.Fields.ForName(f.Name).Description != "":
			f.Description = obj.Fields.ForName(f.Name).Description
		case strings.HasPrefix(f.Name, "clear"):
			f.Description = fmt.Sprintf("Clear %s.", lowerWords(strings.TrimPrefix(f.Name, "clear")))
		case strings.HasPrefix(f.Name, "append"):
			f.Description = fmt.Sprintf("Append to %s.", lowerWords(strings.TrimPrefix(f.Name, "append")))
		case strings.HasPrefix(f.Name, "add") && strings.HasSuffix(f.Name, "IDs"):
			f.Description = fmt.Sprintf("IDs of %s to add.", lowerWords(strings.TrimSuffix(strings.TrimPrefix(f.Name, "add"), "IDs")))
		case strings.HasPrefix(f.Name, "remove") && strings.HasSuffix(f.Name, "IDs"):
			f.Description = fmt.Sprintf("IDs of %s to remove.", lowerWords(strings.TrimSuffix(strings.TrimPrefix(f.Name, "remove"), "IDs")))
		case strings.HasSuffix(f.Name, "IDs"):
			f.Description = fmt.Sprintf("IDs of the %s.", lowerWords(strings.TrimSuffix(f.Name, "IDs")))
		case strings.HasSuffix(f.Name, "ID"):
			f.Description = fmt.Sprintf("ID of the %s.", lowerWords(strings.TrimSuffix(f.Name, "ID")))
		default:
			f.Description = fmt.Sprintf("%s.", words(f.Name))
		}
	}
}

func wherePredicate(field string) string {
	switch field {
	case "not":
		return "Matches when the given filter does not."
	case "and":
		return "Matches when every given filter does."
	case "or":
		return "Matches when at least one given filter does."
	}
	if strings.HasPrefix(field, "has") {
		rest := strings.TrimPrefix(field, "has")
		if strings.HasSuffix(rest, "With") {
			return fmt.Sprintf("Matches when the %s edge has a node matching one of the given filters.", lowerWords(strings.TrimSuffix(rest, "With")))
		}
		if rest != "" && unicode.IsUpper(rune(rest[0])) {
			return fmt.Sprintf("Matches when the %s edge has at least one node.", lowerWords(rest))
		}
	}
	for _, p := range predicateSuffixes {
		if strings.HasSuffix(field, p.suffix) {
			return fmt.Sprintf("Matches when %s %s.", lowerWords(strings.TrimSuffix(field, p.suffix)), p.phrase)
		}
	}
	return fmt.Sprintf("Matches when %s equals the given value.", lowerWords(field))
}

var argDescriptions = map[string]string{
	"after":   "Returns the elements that come after this cursor.",
	"first":   "Returns the first n elements (at most 100).",
	"before":  "Returns the elements that come before this cursor.",
	"last":    "Returns the last n elements (at most 100).",
	"orderBy": "Ordering of the returned elements.",
	"where":   "Filtering of the returned elements.",
	"id":      "ID of the object.",
	"ids":     "IDs of the objects.",
}

func objectFields(name string, def *ast.Definition) {
	for _, f := range def.Fields {
		for _, a := range f.Arguments {
			if a.Description == "" {
				if d, ok := argDescriptions[a.Name]; ok {
					a.Description = d
				} else {
					a.Description = fmt.Sprintf("%s.", words(a.Name))
				}
			}
		}
		if f.Description != "" {
			continue
		}
		switch {
		case f.Name == "id":
			f.Description = fmt.Sprintf("Global ID of the %s.", lowerWords(name))
		case strings.HasSuffix(f.Name, "ID"):
			f.Description = fmt.Sprintf("ID of the %s.", lowerWords(strings.TrimSuffix(f.Name, "ID")))
		default:
			f.Description = fmt.Sprintf("%s.", words(f.Name))
		}
	}
}

// words splits a camelCase or UPPER_SNAKE name into a capitalized phrase.
func words(name string) string {
	w := lowerWords(name)
	if w == "" {
		return name
	}
	return strings.ToUpper(w[:1]) + w[1:]
}

// lowerWords splits a camelCase or UPPER_SNAKE name into lower-case words.
func lowerWords(name string) string {
	if strings.ToUpper(name) == name {
		return strings.ToLower(strings.ReplaceAll(name, "_", " "))
	}
	var b strings.Builder
	rs := []rune(name)
	for i, r := range rs {
		if unicode.IsUpper(r) && i > 0 && (!unicode.IsUpper(rs[i-1]) || i+1 < len(rs) && unicode.IsLower(rs[i+1])) {
			b.WriteByte(' ')
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}
