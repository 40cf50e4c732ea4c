package graph

import (
	"fmt"
	"strconv"
	"strings"

	"entgo.io/contrib/entgql"
	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/exportiva/exportiva/internal/apperr"
)

// scalarChecks decode the custom scalars whose decoding can fail at execution, so
// that a garbage id, cursor or time is BAD_USER_INPUT before anything runs instead
// of an internal error from the generated unmarshaller.
var scalarChecks = map[string]func(v any) error{
	"ID": func(v any) error {
		if _, err := graphql.UnmarshalIntID(v); err != nil {
			return fmt.Errorf("not a valid ID")
		}
		return nil
	},
	"Cursor": func(v any) error {
		var c entgql.Cursor[int]
		if err := c.UnmarshalGQL(v); err != nil {
			return fmt.Errorf("not a cursor this API gave out (take endCursor or startCursor from pageInfo)")
		}
		return nil
	},
	"Time": func(v any) error {
		if _, err := graphql.UnmarshalTime(v); err != nil {
			return fmt.Errorf("not a time in RFC 3339 (e.g. 2026-01-31T00:00:00Z)")
		}
		return nil
	},
}

// checkArgs bounds the argument values of a field (literals and variables alike):
// input objects nest at most MaxInputDepth levels, one argument holds at most
// MaxInputElements list elements, `nodes` takes at most MaxNodeIDs ids, and ids,
// cursors and times decode.
func (w *walker) checkArgs(f *ast.Field, args map[string]any, path ast.Path) *gqlerror.Error {
	if f.Definition == nil {
		return nil
	}
	if f.Name == "nodes" && f.ObjectDefinition != nil && f.ObjectDefinition.Name == "Query" {
		if n := idCount(args); n > MaxNodeIDs {
			return badArg(path, []string{"ids"}, fmt.Sprintf("nodes: %d ids; at most %d are allowed", n, MaxNodeIDs))
		}
	}
	for _, def := range f.Definition.Arguments {
		v, ok := args[def.Name]
		if !ok || v == nil {
			continue
		}
		elements := 0
		if err := w.value(v, def.Type, []string{def.Name}, 0, &elements, path); err != nil {
			return err
		}
	}
	return nil
}

// value checks one input value of type t at an argument path; depth counts the
// input objects around it.
func (w *walker) value(v any, t *ast.Type, at []string, depth int, elements *int, path ast.Path) *gqlerror.Error {
	if err := w.step(1, path); err != nil {
		return err
	}
	if v == nil || t == nil {
		return nil
	}
	if t.Elem != nil {
		list, ok := v.([]any)
		if !ok { // a single value stands for a list of one
			return w.value(v, t.Elem, at, depth, elements, path)
		}
		*elements += len(list)
		if w.l.MaxInputElements > 0 && *elements > w.l.MaxInputElements {
			return badArg(path, at, fmt.Sprintf("%s: more than %d list elements in one argument", strings.Join(at, "."), w.l.MaxInputElements))
		}
		for i, x := range list {
			if err := w.value(x, t.Elem, append(at, strconv.Itoa(i)), depth, elements, path); err != nil {
				return err
			}
		}
		return nil
	}
	if check := scalarChecks[t.NamedType]; check != nil {
		if err := check(v); err != nil {
			return badArg(path, at, fmt.Sprintf("%s: %v", strings.Join(at, "."), err))
		}
		return nil
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil
	}
	if w.l.MaxInputDepth > 0 && depth+1 > w.l.MaxInputDepth {
		return badArg(path, at, fmt.Sprintf("%s: input objects nest deeper than %d levels", strings.Join(at, "."), w.l.MaxInputDepth))
	}
	var def *ast.Definition
	if w.schema != nil {
		def = w.schema.Types[t.NamedType]
	}
	for k, x := range obj {
		var ft *ast.Type
		if def != nil {
			if fd := def.Fields.ForName(k); fd != nil {
				ft = fd.Type
			}
		}
		if ft == nil { // no schema (unit tests): still bound the shape
			ft = guessType(x)
		}
		if err := w.value(x, ft, append(at, k), depth+1, elements, path); err != nil {
			return err
		}
	}
	return nil
}

// guessType stands for an input field's type when the schema is not known.
func guessType(x any) *ast.Type {
	if _, ok := x.([]any); ok {
		return ast.ListType(ast.NamedType("", nil), nil)
	}
	return ast.NamedType("", nil)
}

func badArg(path ast.Path, field []string, msg string) *gqlerror.Error {
	return &gqlerror.Error{
		Message:    msg,
		Path:       pathError(path),
		Extensions: map[string]any{"code": apperr.CodeBadUserInput, "field": append([]string{}, field...)},
	}
}

// rawValue bounds a variable as decoded from JSON, before it is coerced: at most
// MaxInputDepth nested objects and MaxInputElements list elements, as for
// arguments (a variable is part of one).
func rawValue(l Limits, v any, at []string, depth int, elements *int) *gqlerror.Error {
	switch x := v.(type) {
	case []any:
		*elements += len(x)
		if l.MaxInputElements > 0 && *elements > l.MaxInputElements {
			return badVariable(at, fmt.Sprintf("$%s: more than %d list elements in one variable", strings.Join(at, "."), l.MaxInputElements))
		}
		for i, e := range x {
			if err := rawValue(l, e, append(at, strconv.Itoa(i)), depth, elements); err != nil {
				return err
			}
		}
	case map[string]any:
		if l.MaxInputDepth > 0 && depth+1 > l.MaxInputDepth {
			return badVariable(at, fmt.Sprintf("$%s: input objects nest deeper than %d levels", strings.Join(at, "."), l.MaxInputDepth))
		}
		for k, e := range x {
			if err := rawValue(l, e, append(at, k), depth+1, elements); err != nil {
				return err
			}
		}
	}
	return nil
}

func badVariable(at []string, msg string) *gqlerror.Error {
	return &gqlerror.Error{Message: msg, Extensions: map[string]any{"code": apperr.CodeBadUserInput, "field": append([]string{"$"}, at...)}}
}
