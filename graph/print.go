package graph

import (
	"io"
	"slices"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/formatter"

	"github.com/exportiva/exportiva/graph/generated"
)

// internalDirectives are code-generation directives, not part of the contract.
var internalDirectives = []string{"goModel", "goField", "goTag", "goExtraField", "goEnum"}

// PrintSchema writes the complete published schema: every type of the executable
// schema, with the code-generation directives stripped.
func PrintSchema(w io.Writer) {
	s := generated.NewExecutableSchema(generated.Config{}).Schema()
	clean := *s
	clean.Directives = map[string]*ast.DirectiveDefinition{}
	for name, d := range s.Directives {
		if !slices.Contains(internalDirectives, name) {
			clean.Directives[name] = d
		}
	}
	clean.Types = map[string]*ast.Definition{}
	for name, def := range s.Types {
		if strings.HasPrefix(name, "__") {
			clean.Types[name] = def
			continue
		}
		d := *def
		d.Directives = strip(def.Directives)
		var fields ast.FieldList
		for _, f := range def.Fields {
			fc := *f
			fc.Directives = strip(f.Directives)
			fields = append(fields, &fc)
		}
		d.Fields = fields
		var values ast.EnumValueList
		for _, v := range def.EnumValues {
			vc := *v
			vc.Directives = strip(v.Directives)
			values = append(values, &vc)
		}
		d.EnumValues = values
		clean.Types[name] = &d
	}
	formatter.NewFormatter(w, formatter.WithIndent("  ")).FormatSchema(&clean)
}

func strip(list ast.DirectiveList) ast.DirectiveList {
	var out ast.DirectiveList
	for _, d := range list {
		if !slices.Contains(internalDirectives, d.Name) {
			out = append(out, d)
		}
	}
	return out
}
