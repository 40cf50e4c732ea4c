package graph_test

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/exportiva/exportiva/graph"
	"github.com/exportiva/exportiva/graph/generated"
)

// TestPublishedSchemaUpToDate keeps graph/schema.graphql, the contract the
// frontend team builds on, equal to the schema the server executes.
func TestPublishedSchemaUpToDate(t *testing.T) {
	var buf bytes.Buffer
	graph.PrintSchema(&buf)
	committed, err := os.ReadFile("schema.graphql")
	require.NoError(t, err)
	require.True(t, bytes.Equal(buf.Bytes(), committed), "graph/schema.graphql is stale: run go generate ./...")
	require.NotContains(t, buf.String(), "@goModel", "code-generation directives are not part of the contract")
}

// TestEverythingDescribed checks that every type, field, argument and enum value
// of the schema has a description.
func TestEverythingDescribed(t *testing.T) {
	s := generated.NewExecutableSchema(generated.Config{}).Schema()
	var missing []string
	for name, def := range s.Types {
		if strings.HasPrefix(name, "__") || def.BuiltIn {
			continue
		}
		if strings.TrimSpace(def.Description) == "" {
			missing = append(missing, name)
		}
		for _, f := range def.Fields {
			if strings.HasPrefix(f.Name, "__") {
				continue
			}
			if strings.TrimSpace(f.Description) == "" {
				missing = append(missing, name+"."+f.Name)
			}
			for _, a := range f.Arguments {
				if strings.TrimSpace(a.Description) == "" {
					missing = append(missing, name+"."+f.Name+"("+a.Name+")")
				}
			}
		}
		if def.Kind == ast.Enum {
			for _, v := range def.EnumValues {
				if strings.TrimSpace(v.Description) == "" {
					missing = append(missing, name+"."+v.Name)
				}
			}
		}
	}
	require.Empty(t, missing, "undocumented schema elements")
}
