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

// Limits bound what one operation may ask for. They are checked on the parsed
// operation, before any resolver (and so any SQL) runs.
type Limits struct {
	// MaxDepth is the deepest nesting of selections.
	MaxDepth int
	// MaxAliases is the most aliased fields in the operation.
	MaxAliases int
	// MaxDirectives is the most directives on one field.
	MaxDirectives int
	// MaxComplexity is the highest cost: every field costs 1, and the fields under
	// a connection count once per element it may return (its first or last); other
	// lists count ListFactor times.
	MaxComplexity int
	// ListFactor estimates the length of lists that are not connections.
	ListFactor int
}

// DefaultLimits are generous for every screen of the product and small enough
// that no single request can make the server read a table whole.
func DefaultLimits() Limits {
	return Limits{MaxDepth: 12, MaxAliases: 30, MaxDirectives: 4, MaxComplexity: 25000, ListFactor: 10}
}

// Limit codes in extensions.code.
const (
	CodeDepth      = "DEPTH_LIMIT_EXCEEDED"
	CodeAliases    = "ALIAS_LIMIT_EXCEEDED"
	CodeDirectives = "DIRECTIVE_LIMIT_EXCEEDED"
	CodeComplexity = "COMPLEXITY_LIMIT_EXCEEDED"
)

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = Limits{}

// ExtensionName implements graphql.HandlerExtension.
func (Limits) ExtensionName() string { return "Limits" }

// Validate implements graphql.HandlerExtension.
func (Limits) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationContext implements graphql.OperationContextMutator.
func (l Limits) MutateOperationContext(_ context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Operation == nil {
		return nil
	}
	w := walker{l: l, oc: oc, active: map[string]bool{}}
	cost, err := w.set(oc.Operation.SelectionSet, ast.Path{}, 1)
	if err != nil {
		return err
	}
	if l.MaxAliases > 0 && w.aliases > l.MaxAliases {
		return limitError(CodeAliases, fmt.Sprintf("the operation uses %d aliases; at most %d are allowed", w.aliases, l.MaxAliases), nil)
	}
	if l.MaxComplexity > 0 && cost > l.MaxComplexity {
		return limitError(CodeComplexity, fmt.Sprintf("the operation may cost %d; at most %d is allowed: ask for smaller pages or fewer fields", cost, l.MaxComplexity), nil)
	}
	return nil
}

func limitError(code, msg string, path ast.Path) *gqlerror.Error {
	return &gqlerror.Error{Message: msg, Path: path, Extensions: map[string]any{"code": code}}
}

type walker struct {
	l       Limits
	oc      *graphql.OperationContext
	aliases int
	active  map[string]bool // fragments being expanded (cycles are invalid anyway)
}

// set returns the cost of a selection set at the given depth.
func (w *walker) set(set ast.SelectionSet, path ast.Path, depth int) (int, *gqlerror.Error) {
	if w.l.MaxDepth > 0 && depth > w.l.MaxDepth && len(set) > 0 {
		return 0, limitError(CodeDepth, fmt.Sprintf("the operation nests deeper than %d levels", w.l.MaxDepth), path)
	}
	cost := 0
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			c, err := w.field(s, append(append(ast.Path{}, path...), ast.PathName(s.Alias)), depth)
			if err != nil {
				return 0, err
			}
			cost += c
		case *ast.InlineFragment:
			if err := w.directives(s.Directives, path); err != nil {
				return 0, err
			}
			c, err := w.set(s.SelectionSet, path, depth)
			if err != nil {
				return 0, err
			}
			cost += c
		case *ast.FragmentSpread:
			if err := w.directives(s.Directives, path); err != nil {
				return 0, err
			}
			if s.Definition == nil || w.active[s.Name] {
				continue
			}
			w.active[s.Name] = true
			c, err := w.set(s.Definition.SelectionSet, path, depth)
			delete(w.active, s.Name)
			if err != nil {
				return 0, err
			}
			cost += c
		}
		if cost > 1<<40 { // guard against overflow in absurd operations
			return cost, nil
		}
	}
	return cost, nil
}

func (w *walker) directives(list ast.DirectiveList, path ast.Path) *gqlerror.Error {
	if w.l.MaxDirectives > 0 && len(list) > w.l.MaxDirectives {
		return limitError(CodeDirectives, fmt.Sprintf("a field carries %d directives; at most %d are allowed", len(list), w.l.MaxDirectives), path)
	}
	return nil
}

func (w *walker) field(f *ast.Field, path ast.Path, depth int) (int, *gqlerror.Error) {
	if f.Alias != "" && f.Alias != f.Name {
		w.aliases++
	}
	if err := w.directives(f.Directives, path); err != nil {
		return 0, err
	}
	if err := checkPage(w.oc, f, path); err != nil {
		return 0, err
	}
	if isConnection(f) {
		// A connection's edges and nodes repeat once per element of the page; its
		// other fields (totalCount, pageInfo, pools) once.
		cost := 1
		for _, sel := range w.flatten(f.SelectionSet) {
			child, ok := sel.(*ast.Field)
			if !ok {
				continue
			}
			c, err := w.field(child, append(append(ast.Path{}, path...), ast.PathName(child.Alias)), depth+1)
			if err != nil {
				return 0, err
			}
			if child.Name == "edges" || child.Name == "nodes" {
				c = 1 + w.factor(f)*(c-1)
			}
			cost += c
		}
		return cost, nil
	}
	children, err := w.set(f.SelectionSet, path, depth+1)
	if err != nil {
		return 0, err
	}
	if f.Name == "edges" || f.Name == "nodes" {
		return 1 + children, nil // counted by the connection above
	}
	return 1 + w.factor(f)*children, nil
}

// flatten expands the fragments of a selection set into its fields.
func (w *walker) flatten(set ast.SelectionSet) ast.SelectionSet {
	var out ast.SelectionSet
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			out = append(out, s)
		case *ast.InlineFragment:
			out = append(out, w.flatten(s.SelectionSet)...)
		case *ast.FragmentSpread:
			if s.Definition != nil && !w.active[s.Name] {
				w.active[s.Name] = true
				out = append(out, w.flatten(s.Definition.SelectionSet)...)
				delete(w.active, s.Name)
			}
		}
	}
	return out
}

// factor is how many times a field's children may be resolved.
func (w *walker) factor(f *ast.Field) int {
	if f.Definition == nil || f.Definition.Type == nil {
		return 1
	}
	if isConnection(f) {
		args := f.ArgumentMap(w.oc.Variables)
		n, ok := intArg(args["first"])
		if m, ok2 := intArg(args["last"]); ok2 && (!ok || m > n) {
			n, ok = m, true
		}
		if ok && n > 0 {
			return int(n)
		}
		return 1
	}
	if f.Definition.Type.Elem != nil && w.l.ListFactor > 0 {
		return w.l.ListFactor
	}
	return 1
}

func isConnection(f *ast.Field) bool {
	return f.Definition != nil && f.Definition.Type != nil &&
		strings.HasSuffix(f.Definition.Type.Name(), "Connection") && f.Definition.Arguments.ForName("first") != nil
}

// checkPage requires `first` or `last`, between 0 and MaxPageSize, on every
// connection: unbounded lists would let one request read a whole table.
func checkPage(oc *graphql.OperationContext, f *ast.Field, path ast.Path) *gqlerror.Error {
	if !isConnection(f) {
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
