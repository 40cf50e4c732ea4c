package graph_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/stretchr/testify/require"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
)

// Where the server's own sources name an error code.
var codePatterns = []*regexp.Regexp{
	regexp.MustCompile(`\bCode\w*\s*=\s*"([A-Z][A-Z_]+)"`),       // const CodeX = "X"
	regexp.MustCompile(`setCode\([^,\n]+,\s*"([A-Z][A-Z_]+)"`),   // setCode(e, "X")
	regexp.MustCompile(`writeError\([^"\n]*"([A-Z][A-Z_]+)"`),    // writeError(w, r, status, "X", …)
	regexp.MustCompile(`"code"\s*[:\]]\s*=?\s*"([A-Z][A-Z_]+)"`), // "code": "X", ["code"] = "X"
	regexp.MustCompile(`Code:\s*"([A-Z][A-Z_]+)"`),               // &apperr.Error{Code: "X"}
}

// gqlgenCodes are the codes gqlgen itself sends (parse and validation errors, APQ).
var gqlgenCodes = []string{errcode.ParseFailed, errcode.ValidationFailed, "PERSISTED_QUERY_NOT_FOUND"}

// emittedCodes scans the module's Go sources (not tests, not generated ent code).
func emittedCodes(t *testing.T) map[string][]string {
	found := map[string][]string{}
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case ".git", "node_modules", "ent", "generated", "contract":
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, re := range codePatterns {
			for _, m := range re.FindAllStringSubmatch(string(b), -1) {
				found[m[1]] = append(found[m[1]], path)
			}
		}
		return nil
	})
	require.NoError(t, err)
	for _, c := range gqlgenCodes {
		found[c] = append(found[c], "gqlgen")
	}
	return found
}

// TestErrorCodeEnumIsComplete: every code the server can send in extensions.code
// is a value of the published ErrorCode enum, and every value is sent somewhere.
func TestErrorCodeEnumIsComplete(t *testing.T) {
	b, err := os.ReadFile("schema.graphql")
	require.NoError(t, err)
	schema, gerr := gqlparser.LoadSchema(&ast.Source{Name: "schema.graphql", Input: string(b)})
	require.Nil(t, gerr)
	enum := schema.Types["ErrorCode"]
	require.NotNil(t, enum, "ErrorCode is published")
	var values []string
	for _, v := range enum.EnumValues {
		require.NotEmpty(t, v.Description, "ErrorCode.%s has a description", v.Name)
		values = append(values, v.Name)
	}
	require.NotNil(t, schema.Query.Fields.ForName("errorCodes"), "a field keeps the enum in generated clients")
	found := emittedCodes(t)
	require.Contains(t, found, "BAD_USER_INPUT", "the scan finds the codes")
	var missing []string
	for c, where := range found {
		if !slices.Contains(values, c) {
			missing = append(missing, c+" ("+strings.Join(where, ", ")+")")
		}
	}
	sort.Strings(missing)
	require.Empty(t, missing, "codes sent but not in enum ErrorCode (graph/schema.graphqls)")
	for _, v := range values {
		require.Contains(t, found, v, "ErrorCode.%s is never sent", v)
	}
}
