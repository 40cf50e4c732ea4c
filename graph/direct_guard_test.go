package graph

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// directTypes maps the encoder's methods to the GraphQL type each writes.
var directTypes = map[string]string{
	"productConnection": "ProductConnection",
	"productEdge":       "ProductEdge",
	"pageInfo":          "PageInfo",
	"product":           "Product",
	"producer":          "Producer",
	"certification":     "Certification",
}

// directEdges are the fields direct.go encodes that gqlgen calls as methods:
// ent's edge readers, which direct.go replaces by the eager-loaded edges
// (NamedCertifications, Edges.Producer) and gives back to gqlgen when they
// were not loaded.
var directEdges = map[string]bool{
	"Product.producer":        true,
	"Product.certifications":  true,
	"Producer.certifications": true,
}

// directDerived are the resolvers' fields direct.go computes itself, from the
// row and the resolvers' clock, with the very function the resolver calls
// (TestDirectEncodingMatchesGqlgen compares the bytes): the catalog page asks
// for them, and leaving them to gqlgen would cost it its direct encoding.
var directDerived = map[string]string{
	"Producer.verified": "domain.VerifiedNow, as producerResolver.Verified",
}

// TestDirectEncodesNoResolver guards direct.go against encoding a field that
// gqlgen resolves: for every field name in the switches of the encoder's
// methods, the field context gqlgen generated (graph/generated) must say it is
// neither a resolver nor — edges aside — a method. A field that becomes a
// resolver must leave direct.go, or the direct encoding would write the stored
// column instead of what the resolver answers, unless direct.go computes it
// the resolver's way (directDerived).
func TestDirectEncodesNoResolver(t *testing.T) {
	fset := token.NewFileSet()
	direct, err := parser.ParseFile(fset, "direct.go", nil, 0)
	require.NoError(t, err)
	encoded := map[string]bool{} // "Type.field"
	for _, d := range direct.Decls {
		fn, ok := d.(*ast.FuncDecl)
		if !ok || fn.Recv == nil {
			continue
		}
		typ, ok := directTypes[fn.Name.Name]
		if !ok {
			continue
		}
		ast.Inspect(fn.Body, func(n ast.Node) bool {
			sw, ok := n.(*ast.SwitchStmt)
			if !ok {
				return true
			}
			if sel, ok := sw.Tag.(*ast.SelectorExpr); !ok || sel.Sel.Name != "Name" {
				return true
			}
			for _, st := range sw.Body.List {
				for _, e := range st.(*ast.CaseClause).List {
					if lit, ok := e.(*ast.BasicLit); ok && lit.Kind == token.STRING {
						name, _ := strconv.Unquote(lit.Value)
						if name != "__typename" {
							encoded[typ+"."+name] = true
						}
					}
				}
			}
			return true
		})
	}
	require.Contains(t, encoded, "Producer.name", "the guard no longer finds direct.go's switches")
	require.Contains(t, encoded, "Product.hsCode", "the guard no longer finds direct.go's switches")

	contexts := generatedFieldContexts(t)
	for f := range encoded {
		fc, ok := contexts[f]
		require.True(t, ok, "direct.go encodes %s, which gqlgen does not generate", f)
		if _, derived := directDerived[f]; derived {
			require.True(t, fc.isResolver, "%s is listed in directDerived but is no resolver: remove it from the list", f)
			continue
		}
		require.False(t, fc.isResolver, "direct.go encodes %s, which gqlgen resolves with a resolver: remove it from direct.go (or list it in directDerived if direct.go computes it as the resolver does)", f)
		if fc.isMethod {
			require.True(t, directEdges[f], "direct.go encodes %s, which gqlgen reads with a method: remove it from direct.go (or list it in directEdges if it is an eager-loaded edge)", f)
		}
	}
}

type fieldContext struct{ isMethod, isResolver bool }

// generatedFieldContexts reads, from gqlgen's generated executor, whether each
// field's context is a method or a resolver: fieldContext_<Type>_<field>
// returns either graphql.NewScalarFieldContext(object, field, isMethod,
// isResolver, type) or a graphql.FieldContext literal.
func generatedFieldContexts(t *testing.T) map[string]fieldContext {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "generated/generated.go", nil, 0)
	require.NoError(t, err)
	out := map[string]fieldContext{}
	for _, d := range f.Decls {
		fn, ok := d.(*ast.FuncDecl)
		if !ok || !strings.HasPrefix(fn.Name.Name, "fieldContext_") {
			continue
		}
		rest := strings.TrimPrefix(fn.Name.Name, "fieldContext_")
		i := strings.Index(rest, "_")
		if i < 0 {
			continue
		}
		key := rest[:i] + "." + rest[i+1:]
		var fc fieldContext
		found := false
		ast.Inspect(fn.Body, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.CallExpr:
				if sel, ok := x.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "NewScalarFieldContext" && len(x.Args) >= 4 {
					fc = fieldContext{isMethod: isTrue(x.Args[2]), isResolver: isTrue(x.Args[3])}
					found = true
				}
			case *ast.CompositeLit:
				if sel, ok := x.Type.(*ast.SelectorExpr); ok && sel.Sel.Name == "FieldContext" {
					for _, el := range x.Elts {
						kv, ok := el.(*ast.KeyValueExpr)
						if !ok {
							continue
						}
						switch kv.Key.(*ast.Ident).Name {
						case "IsMethod":
							fc.isMethod = isTrue(kv.Value)
						case "IsResolver":
							fc.isResolver = isTrue(kv.Value)
						}
					}
					found = true
				}
			}
			return !found
		})
		require.True(t, found, "cannot read the field context of %s", key)
		out[key] = fc
	}
	require.NotEmpty(t, out)
	return out
}

func isTrue(e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == "true"
}
