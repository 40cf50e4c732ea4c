package graph_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/stretchr/testify/require"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/exportiva/exportiva/graph"
	"github.com/exportiva/exportiva/graph/generated"
	"github.com/exportiva/exportiva/internal/schemadiff"
)

// TestExampleOperations validates every operation of contract/operations — the
// screens a frontend builds — against the schema the server executes, and checks
// that the server's limits (page sizes, depth, complexity) accept each at the
// page size a screen uses.
func TestExampleOperations(t *testing.T) {
	schema := generated.NewExecutableSchema(generated.Config{}).Schema()
	files, err := filepath.Glob("../contract/operations/*.graphql")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	names := map[string]string{}
	screens := map[string]bool{}
	for _, f := range files {
		src, err := os.ReadFile(f)
		require.NoError(t, err)
		doc, errs := gqlparser.LoadQueryWithRules(schema, string(src), nil)
		require.Empty(t, errs, "%s does not validate against the schema", f)
		for _, op := range doc.Operations {
			require.NotEmpty(t, op.Name, "%s: every example operation has a name", f)
			require.NotContains(t, names, op.Name, "operation names are unique (%s and %s)", names[op.Name], f)
			names[op.Name] = f
			screens[strings.TrimSuffix(filepath.Base(f), ".graphql")] = true
			oc := &graphql.OperationContext{Doc: doc, Operation: op, Variables: map[string]any{"first": 20}}
			require.Nil(t, graph.DefaultLimits().MutateOperationContext(context.Background(), oc), "%s: the limits refuse %s", f, op.Name)
		}
	}
	for _, s := range []string{"catalog", "product", "matches", "buy-request", "inquiry", "dashboard", "auth"} {
		require.True(t, screens[s], "example operations for the %s screen", s)
	}
}

// TestNoBreakingChange holds the schema to the last released one
// (contract/schema.released.graphql). After a breaking change the clients agreed
// to, release it with: go run ./internal/tools/schemacheck -update
func TestNoBreakingChange(t *testing.T) {
	load := func(path string) *ast.Schema {
		b, err := os.ReadFile(path)
		require.NoError(t, err)
		s, gerr := gqlparser.LoadSchema(&ast.Source{Name: path, Input: string(b)})
		require.Nil(t, gerr)
		return s
	}
	breaking := schemadiff.BreakingOnly(schemadiff.Compare(load("../contract/schema.released.graphql"), load("schema.graphql")))
	require.Empty(t, breaking, "breaking changes to the released schema")
}
