package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/exportiva/exportiva/internal/store"
)

// retryBrokenReads runs a field of a query once more when it failed on a broken
// database connection. The store retries a read until its first row; this
// covers a connection that broke while the rows were being read. Mutations are
// never retried (their transaction is gone with the connection).
func retryBrokenReads(ctx context.Context, next graphql.Resolver) (any, error) {
	res, err := next(ctx)
	if err == nil || !store.IsConnectionError(err) || ctx.Err() != nil {
		return res, err
	}
	if oc := graphql.GetOperationContext(ctx); oc == nil || oc.Operation == nil || oc.Operation.Operation != ast.Query {
		return res, err
	}
	return next(ctx)
}
