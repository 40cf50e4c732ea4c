package graph

import (
	"context"
	"fmt"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/exportiva/exportiva/internal/apperr"
)

// MaxPageSize is the most elements one connection page may return.
const MaxPageSize = 100

// PageLimit checks, before anything executes, that every connection field of the
// operation asks for a bounded page: `first` or `last` given, between 0 and 100.
// Unbounded lists would let one request read a whole table.
type PageLimit struct{}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = PageLimit{}

// ExtensionName implements graphql.HandlerExtension.
func (PageLimit) ExtensionName() string { return "PageLimit" }

// Validate implements graphql.HandlerExtension.
func (PageLimit) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationContext implements graphql.OperationContextMutator.
func (PageLimit) MutateOperationContext(_ context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Operation == nil {
		return nil
	}
	seen := map[string]bool{}
	return checkPages(oc, oc.Operation.SelectionSet, ast.Path{}, seen)
}

func checkPages(oc *graphql.OperationContext, set ast.SelectionSet, path ast.Path, seen map[string]bool) *gqlerror.Error {
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			p := append(append(ast.Path{}, path...), ast.PathName(s.Alias))
			if err := checkField(oc, s, p); err != nil {
				return err
			}
			if err := checkPages(oc, s.SelectionSet, p, seen); err != nil {
				return err
			}
		case *ast.InlineFragment:
			if err := checkPages(oc, s.SelectionSet, path, seen); err != nil {
				return err
			}
		case *ast.FragmentSpread:
			if seen[s.Name] || s.Definition == nil {
				continue
			}
			seen[s.Name] = true
			if err := checkPages(oc, s.Definition.SelectionSet, path, seen); err != nil {
				return err
			}
		}
	}
	return nil
}

func checkField(oc *graphql.OperationContext, f *ast.Field, path ast.Path) *gqlerror.Error {
	if f.Definition == nil || f.Definition.Type == nil || !strings.HasSuffix(f.Definition.Type.Name(), "Connection") {
		return nil
	}
	if f.Definition.Arguments.ForName("first") == nil {
		return nil
	}
	args := f.ArgumentMap(oc.Variables)
	first, hasFirst := intArg(args["first"])
	last, hasLast := intArg(args["last"])
	bad := func(arg, msg string) *gqlerror.Error {
		return &gqlerror.Error{
			Message:    fmt.Sprintf("%s: %s", f.Name, msg),
			Path:       path,
			Extensions: map[string]any{"code": apperr.CodeBadUserInput, "field": []string{f.Alias, arg}},
		}
	}
	switch {
	case !hasFirst && !hasLast:
		return bad("first", fmt.Sprintf("give first or last (at most %d) to bound the page", MaxPageSize))
	case hasFirst && (first < 0 || first > MaxPageSize):
		return bad("first", fmt.Sprintf("first must be between 0 and %d", MaxPageSize))
	case hasLast && (last < 0 || last > MaxPageSize):
		return bad("last", fmt.Sprintf("last must be between 0 and %d", MaxPageSize))
	}
	return nil
}

func intArg(v any) (int64, bool) {
	switch x := v.(type) {
	case int:
		return int64(x), true
	case int64:
		return x, true
	case float64:
		return int64(x), true
	case interface{ Int64() (int64, error) }:
		n, err := x.Int64()
		return n, err == nil
	}
	return 0, false
}
