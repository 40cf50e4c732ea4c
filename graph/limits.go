package graph

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/lexer"

	"github.com/exportiva/exportiva/internal/apperr"
)

// MaxPageSize is the most elements one connection page may return.
const MaxPageSize = 100

// Limits bound what one operation may ask for. They are checked on the parsed
// operation, before any resolver (and so any SQL) runs; a zero field takes its
// DefaultLimits value where noted.
type Limits struct {
	// MaxDepth is the deepest nesting of selections (introspection apart).
	MaxDepth int
	// MaxAliases is the most aliased fields in the operation, fragments expanded.
	MaxAliases int
	// MaxDirectives is the most directives on one field.
	MaxDirectives int
	// MaxComplexity is the highest cost: every field costs 1, and the fields under
	// a connection count once per element it may return (its first or last); other
	// lists count once per element of their maximum (listMaxima), `nodes` once per id.
	MaxComplexity int
	// ListFactor prices a list that listMaxima does not know (a test keeps that
	// from happening for object lists).
	ListFactor int
	// MaxSteps bounds the work of pricing itself: selections visited and response
	// keys merged (0: 20,000).
	MaxSteps int
	// MaxFieldRepeats is the most times one response key may be asked in one
	// selection set, fragments expanded (0: 20).
	MaxFieldRepeats int
	// MaxDocumentDirectives is the most directives in the whole document, counted
	// before parsing and validation so that a document of unknown directives gets
	// one error (0: 50).
	MaxDocumentDirectives int
	// MaxInputDepth is the deepest nesting of input objects in one argument
	// (`where` with and/or/not/has…With) (0: 5).
	MaxInputDepth int
	// MaxInputElements is the most list elements in one argument, all its lists
	// together (`idIn`, `or` …) (0: 1,000).
	MaxInputElements int
	// MaxIntrospectionDepth is the deepest nesting under __schema or __type; the
	// standard introspection query needs 14 (0: 20).
	MaxIntrospectionDepth int
	// MaxIntrospectionFields is the most fields under __schema and __type,
	// fragments expanded; the standard query with every option asks for about 300
	// (0: 1,000).
	MaxIntrospectionFields int
	// MaxIntrospectionRoots is the most __schema and __type fields in one
	// operation (0: 3).
	MaxIntrospectionRoots int
}

// DefaultLimits are generous for every screen of the product and small enough
// that no single request can make the server read a table whole.
func DefaultLimits() Limits {
	return Limits{MaxDepth: 12, MaxAliases: 30, MaxDirectives: 4, MaxComplexity: 25000, ListFactor: 10}.withDefaults()
}

// withDefaults fills the limits left at zero that have a default.
func (l Limits) withDefaults() Limits {
	def := func(v *int, d int) {
		if *v == 0 {
			*v = d
		}
	}
	def(&l.MaxSteps, 20000)
	def(&l.MaxFieldRepeats, 20)
	def(&l.MaxDocumentDirectives, 50)
	def(&l.MaxInputDepth, 5)
	def(&l.MaxInputElements, 1000)
	def(&l.MaxIntrospectionDepth, 20)
	def(&l.MaxIntrospectionFields, 1000)
	def(&l.MaxIntrospectionRoots, 3)
	return l
}

// Limit codes in extensions.code.
const (
	CodeDepth      = "DEPTH_LIMIT_EXCEEDED"
	CodeAliases    = "ALIAS_LIMIT_EXCEEDED"
	CodeDirectives = "DIRECTIVE_LIMIT_EXCEEDED"
	CodeComplexity = "COMPLEXITY_LIMIT_EXCEEDED"
	CodeRepeats    = "FIELD_REPEAT_LIMIT_EXCEEDED"
)

// limiter is the handler extension that applies Limits.
type limiter struct {
	l      Limits
	schema *ast.Schema
}

// NewLimiter returns the handler extension that applies l.
func NewLimiter(l Limits) graphql.HandlerExtension { return &limiter{l: l.withDefaults()} }

var _ interface {
	graphql.HandlerExtension
	graphql.OperationParameterMutator
	graphql.OperationContextMutator
} = &limiter{}

// ExtensionName implements graphql.HandlerExtension.
func (*limiter) ExtensionName() string { return "Limits" }

// Validate implements graphql.HandlerExtension.
func (x *limiter) Validate(es graphql.ExecutableSchema) error {
	x.schema = es.Schema()
	return nil
}

// MutateOperationParameters implements graphql.OperationParameterMutator: it counts
// the directives of the document before gqlgen parses and validates it, so that
// hundreds of (unknown) directives get one error rather than one per directive.
//
// It also bounds the variables as they arrived (nesting and list elements), before
// gqlgen coerces them to their types: coercing an `or` of 20,000 terms alone takes
// a second of CPU.
func (x *limiter) MutateOperationParameters(_ context.Context, p *graphql.RawParams) *gqlerror.Error {
	for name, v := range p.Variables {
		elements := 0
		if err := rawValue(x.l, v, []string{name}, 0, &elements); err != nil {
			return err
		}
	}
	if x.l.MaxDocumentDirectives <= 0 || !strings.Contains(p.Query, "@") {
		return nil
	}
	lex := lexer.New(&ast.Source{Input: p.Query})
	n := 0
	for tokens := 0; tokens < x.l.MaxSteps; tokens++ {
		tok, err := lex.ReadToken()
		if err != nil || tok.Kind == lexer.EOF {
			break // the parser reports it
		}
		if tok.Kind == lexer.At {
			if n++; n > x.l.MaxDocumentDirectives {
				return limitError(CodeDirectives, fmt.Sprintf("the document carries more than %d directives", x.l.MaxDocumentDirectives), nil)
			}
		}
	}
	return nil
}

// MutateOperationContext implements graphql.OperationContextMutator.
func (x *limiter) MutateOperationContext(_ context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Operation == nil {
		return nil
	}
	_, err := newWalker(x.l, oc, x.schema).price(oc.Operation)
	return err
}

// Price returns the cost of the operation, or the first limit it passes; schema
// (nil to skip) types the argument checks.
func (l Limits) Price(oc *graphql.OperationContext, schema *ast.Schema) (int, *gqlerror.Error) {
	return newWalker(l.withDefaults(), oc, schema).price(oc.Operation)
}

// MutateOperationContext checks an operation against the limits without the
// schema's input types (a convenience for tests of example operations).
func (l Limits) MutateOperationContext(_ context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Operation == nil {
		return nil
	}
	_, err := l.Price(oc, nil)
	return err
}

// pathError is the path an error keeps: a copy, since the cost walk extends
// one path buffer in place.
func pathError(path ast.Path) ast.Path { return slices.Clone(path) }

func limitError(code, msg string, path ast.Path) *gqlerror.Error {
	return &gqlerror.Error{Message: msg, Path: pathError(path), Extensions: map[string]any{"code": code}}
}

// checkPage requires `first` or `last`, between 0 and MaxPageSize, on every
// connection: unbounded lists would let one request read a whole table. args
// are the field's arguments with the operation's variables applied.
func checkPage(f *ast.Field, args map[string]any, path ast.Path) *gqlerror.Error {
	if !isConnection(f) {
		return nil
	}
	first, hasFirst := intArg(args["first"])
	last, hasLast := intArg(args["last"])
	bad := func(arg, msg string) *gqlerror.Error {
		return &gqlerror.Error{
			Message:    fmt.Sprintf("%s: %s", f.Name, msg),
			Path:       pathError(path),
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
