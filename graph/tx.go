package graph

import (
	"context"
	"log/slog"
	"sync"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/internal/apperr"
	"github.com/exportiva/exportiva/internal/changes"
	"github.com/exportiva/exportiva/internal/requestid"
)

// MutationTx runs each mutation operation in one transaction: committed when
// every field succeeded, rolled back otherwise, so nothing is half-written. Its
// resolvers run one at a time (they share the transaction). Failures to open or
// commit are logged and reach the client as SERVICE_UNAVAILABLE, never with the
// driver's words. Requests that never became an operation (an undecodable body)
// pass through untouched.
type MutationTx struct {
	Client *ent.Client
	Log    *slog.Logger
	// Committed runs after a successful commit (tells replicas about changes).
	Committed func(ctx context.Context)
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
	graphql.ResponseInterceptor
} = MutationTx{}

// ExtensionName implements graphql.HandlerExtension.
func (MutationTx) ExtensionName() string { return "MutationTx" }

// Validate implements graphql.HandlerExtension.
func (MutationTx) Validate(graphql.ExecutableSchema) error { return nil }

func isMutation(op *ast.OperationDefinition) bool { return op != nil && op.Operation == ast.Mutation }

// MutateOperationContext serializes the resolvers of a mutation.
func (MutationTx) MutateOperationContext(_ context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if isMutation(oc.Operation) {
		previous := oc.ResolverMiddleware
		var mu sync.Mutex
		oc.ResolverMiddleware = func(ctx context.Context, next graphql.Resolver) (any, error) {
			mu.Lock()
			defer mu.Unlock()
			return previous(ctx, next)
		}
	}
	return nil
}

// InterceptResponse wraps the mutation in its transaction.
func (t MutationTx) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	if !graphql.HasOperationContext(ctx) || !isMutation(graphql.GetOperationContext(ctx).Operation) {
		return next(ctx)
	}
	tx, err := t.Client.Tx(ctx)
	if err != nil {
		return t.unavailable(ctx, "opening transaction", err)
	}
	ctx = changes.Track(ent.NewTxContext(ent.NewContext(ctx, tx.Client()), tx))
	defer func() {
		if r := recover(); r != nil {
			_ = tx.Rollback()
			panic(r)
		}
	}()
	resp := next(ctx)
	if len(resp.Errors) > 0 {
		_ = tx.Rollback()
		return &graphql.Response{Errors: resp.Errors}
	}
	if err := tx.Commit(); err != nil {
		return t.unavailable(ctx, "committing transaction", err)
	}
	if t.Committed != nil {
		t.Committed(ctx)
	}
	return resp
}

func (t MutationTx) unavailable(ctx context.Context, what string, err error) *graphql.Response {
	id := requestid.From(ctx)
	t.Log.ErrorContext(ctx, what, "request_id", id, "err", err.Error())
	return &graphql.Response{Errors: gqlerror.List{{
		Message:    "the change could not be saved: the database is unavailable; try again (request " + id + ")",
		Extensions: map[string]any{"code": apperr.CodeUnavailable, "requestId": id},
	}}}
}
