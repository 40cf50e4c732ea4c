package schemadiff

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
)

const base = `
type Query { product(id: ID!, lang: String): Product, products(first: Int!): [Product!]! }
interface Node { id: ID! }
type Product implements Node { id: ID!, name: String!, sku: String, form: Form!, tags: [String!] }
enum Form { FRESH FROZEN }
input Filter { name: String, form: Form! }
union Thing = Product
`

func load(t *testing.T, s string) *ast.Schema {
	t.Helper()
	sch, err := gqlparser.LoadSchema(&ast.Source{Name: "s", Input: s})
	require.NoError(t, err)
	return sch
}

func TestCompare(t *testing.T) {
	cases := []struct {
		name, schema string
		level        Level
		path         string
	}{
		{"field removed", `type Product implements Node { id: ID!, name: String!, form: Form!, tags: [String!] }`, Breaking, "Product.sku"},
		{"nullable output", `type Product implements Node { id: ID!, name: String, sku: String, form: Form!, tags: [String!] }`, Breaking, "Product.name"},
		{"non-null output", `type Product implements Node { id: ID!, name: String!, sku: String!, form: Form!, tags: [String!] }`, -1, ""},
		{"list to scalar", `type Product implements Node { id: ID!, name: String!, sku: String, form: Form!, tags: String }`, Breaking, "Product.tags"},
		{"type renamed", `type Product implements Node { id: ID!, name: String!, sku: Int, form: Form!, tags: [String!] }`, Breaking, "Product.sku"},
		{"enum value removed", `enum Form { FROZEN }`, Breaking, "Form.FRESH"},
		{"enum value added", `enum Form { FRESH FROZEN DRIED }`, Dangerous, "Form.DRIED"},
		{"required input", `input Filter { name: String, form: Form!, status: String! }`, Breaking, "Filter.status"},
		{"optional input", `input Filter { name: String, form: Form!, status: String }`, Safe, "Filter.status"},
		{"input made required", `input Filter { name: String!, form: Form! }`, Breaking, "Filter.name"},
		{"input made optional", `input Filter { name: String, form: Form }`, -1, ""},
		{"argument removed", `type Query { product(id: ID!): Product, products(first: Int!): [Product!]! }`, Breaking, "Query.product(lang)"},
		{"required argument", `type Query { product(id: ID!, lang: String, v: Int!): Product, products(first: Int!): [Product!]! }`, Breaking, "Query.product(v)"},
		{"argument with default", `type Query { product(id: ID!, lang: String, v: Int! = 1): Product, products(first: Int!): [Product!]! }`, Safe, "Query.product(v)"},
		{"interface dropped", `type Product { id: ID!, name: String!, sku: String, form: Form!, tags: [String!] }`, Breaking, "Product"},
		{"kind changed", `scalar Filter`, Breaking, "Filter"},
	}
	old := load(t, base)
	require.Empty(t, Compare(old, load(t, base)), "no change, no difference")
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			changed := load(t, replaceDef(base, c.schema))
			got := Compare(old, changed)
			if c.level < 0 {
				require.Empty(t, BreakingOnly(got), "%v", got)
				return
			}
			found := false
			for _, ch := range got {
				found = found || ch.Path == c.path && ch.Level == c.level
			}
			require.True(t, found, "want %s at %s, got %v", c.level, c.path, got)
		})
	}
	t.Run("type removed", func(t *testing.T) {
		got := Compare(old, load(t, `type Query { x: Int }`))
		require.Equal(t, Breaking, got[0].Level)
	})
}

// replaceDef swaps the definition (one per line in base) of the type the snippet
// defines.
func replaceDef(schema, def string) string {
	var out []string
	for _, line := range strings.Split(strings.TrimSpace(schema), "\n") {
		if name(line) == name(def) {
			line = def
		}
		out = append(out, line)
	}
	return strings.Join(out, "\n")
}

// name is the type a definition line defines ("type Product …" → "Product").
func name(def string) string {
	f := strings.Fields(def)
	if len(f) < 2 {
		return ""
	}
	return f[1]
}
