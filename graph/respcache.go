package graph

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/exportiva/exportiva/internal/cache"
	"github.com/exportiva/exportiva/internal/i18n"
	"github.com/exportiva/exportiva/internal/viewer"
)

// ResponseCache answers repeated anonymous queries — the catalog pages and
// product pages every visitor opens — with the response computed for the first
// of them, skipping execution. Only queries without a viewer are kept (what a
// signed-in account sees depends on who it is), only answers without errors, and
// keys hold the query, its variables, the operation, the language and the day.
//
// Answers are never older than the last commit: the cache is wired to the same
// invalidation as the match cache (ent hooks on the catalog's records, and the
// event bus that tells every replica of a commit); its TTL bounds what no hook saw.
// Limits, validation and metrics still run for every request.
type ResponseCache struct {
	Cache *cache.Cache[*graphql.Response]
	Clock func() time.Time
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationInterceptor
	graphql.ResponseInterceptor
} = ResponseCache{}

// ResponseSize measures a response for the cache's byte budget.
func ResponseSize(r *graphql.Response) int { return len(r.Data) + 64 }

// ExtensionName implements graphql.HandlerExtension.
func (ResponseCache) ExtensionName() string { return "ResponseCache" }

// Validate implements graphql.HandlerExtension.
func (ResponseCache) Validate(graphql.ExecutableSchema) error { return nil }

// cacheable is what InterceptOperation leaves for InterceptResponse: the key of
// a query that may be answered from the cache, and whether its one response has
// been given.
type cacheable struct {
	key      string
	served   bool // the first response was given
	executed bool // by running the query (not from the cache)
}

type cacheableKey struct{}

// InterceptOperation decides whether the operation may be answered from the cache.
func (c ResponseCache) InterceptOperation(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	if c.Cache == nil || viewer.FromContext(ctx) != nil || !graphql.HasOperationContext(ctx) {
		return next(ctx)
	}
	oc := graphql.GetOperationContext(ctx)
	if oc.Operation == nil || oc.Operation.Operation != ast.Query {
		return next(ctx)
	}
	vars, err := json.Marshal(oc.Variables)
	if err != nil {
		return next(ctx)
	}
	now := time.Now
	if c.Clock != nil {
		now = c.Clock
	}
	h := sha256.New()
	for _, part := range []string{string(i18n.From(ctx)), now().UTC().Format(time.DateOnly), oc.OperationName, oc.RawQuery, string(vars)} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	return next(context.WithValue(ctx, cacheableKey{}, &cacheable{key: string(h.Sum(nil))}))
}

// InterceptResponse gives the kept response, or runs the query and keeps its
// response when it has no errors.
func (c ResponseCache) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	op, ok := ctx.Value(cacheableKey{}).(*cacheable)
	if !ok {
		return next(ctx)
	}
	if op.served {
		// Transports ask again until they get nil: the executor answers that
		// itself when it ran; an answer from the cache was the only one.
		if op.executed {
			return next(ctx)
		}
		return nil
	}
	op.served = true
	resp, _, _ := c.Cache.Do(ctx, op.key, func(ctx context.Context) (*graphql.Response, error) {
		op.executed = true
		r := next(ctx)
		if r == nil || len(r.Errors) > 0 || (r.HasNext != nil && *r.HasNext) {
			return r, cache.ErrDontKeep
		}
		// Kept at its size: the executor's buffer may have grown to twice it.
		kept := *r
		kept.Data = bytes.Clone(r.Data)
		return &kept, nil
	})
	return resp
}
