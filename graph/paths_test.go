package graph

import (
	"context"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/internal/apperr"
	"github.com/exportiva/exportiva/internal/validate"
)

// graphQLRoot matches the root of a GraphQL input path spelled out in Go.
var graphQLRoot = regexp.MustCompile(`"input"`)

// TestDomainBuildsNoGraphQLPaths: the packages under internal/ and the ent
// schema name a bad field as the domain does (["quantity", "amount"],
// "hs_code"); only graph turns that into a path of the operation (argPath).
// A domain package that spells out "input" knows where GraphQL puts its
// arguments, which a job, the CLI or another API would not share.
func TestDomainBuildsNoGraphQLPaths(t *testing.T) {
	n := 0
	for _, root := range []string{"../internal", "../ent/schema"} {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return err
			}
			src, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			n++
			for i, line := range strings.Split(string(src), "\n") {
				if code, _, _ := strings.Cut(line, "//"); graphQLRoot.MatchString(code) {
					t.Errorf("%s:%d builds a GraphQL input path; name the field as the domain does and let graph place it: %s", path, i+1, strings.TrimSpace(line))
				}
			}
			return nil
		})
		require.NoError(t, err)
	}
	require.Greater(t, n, 50, "the walk must see the domain packages")
}

// TestErrorFieldPaths: the presenter places a domain field under the input
// argument of the field being resolved when it takes one, else among its
// arguments; nested names become path segments in camelCase.
func TestErrorFieldPaths(t *testing.T) {
	present := ErrorPresenter(slog.New(slog.NewTextHandler(io.Discard, nil)))
	withArgs := func(args map[string]any) context.Context {
		return graphql.WithFieldContext(context.Background(), &graphql.FieldContext{Args: args})
	}
	mutation := withArgs(map[string]any{"input": map[string]any{}})
	query := withArgs(map[string]any{"id": 1})
	for _, tc := range []struct {
		name string
		ctx  context.Context
		err  error
		want []string
	}{
		{"ent field under input", mutation, validate.Field("hs_code", validate.ErrHSCode), []string{"input", "hsCode"}},
		{"nested domain field under input", mutation, validate.Field("quantity.amount", validate.ErrPositive), []string{"input", "quantity", "amount"}},
		{"several at once", mutation, validate.Errors{{Field: "max_price_currency", Err: validate.ErrCurrency}}, []string{"input", "maxPriceCurrency"}},
		{"typed error under input", mutation, apperr.BadInput([]string{"quantity", "unit"}, "no such unit"), []string{"input", "quantity", "unit"}},
		{"not found under input", mutation, &apperr.Error{Code: apperr.CodeNotFound, Message: "no such inquiry", Field: []string{"inquiryID"}}, []string{"input", "inquiryID"}},
		{"an argument", query, apperr.BadInput([]string{"id"}, "bad id"), []string{"id"}},
		{"no field context", context.Background(), validate.Field("valid_until", validate.ErrDateOrder), []string{"validUntil"}},
		{"the operation as a whole", mutation, apperr.BadInput([]string{}, "too long"), []string{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := present(tc.ctx, tc.err)
			require.Equal(t, tc.want, e.Extensions["field"])
		})
	}
}
