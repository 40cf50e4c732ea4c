package graph

import (
	"context"
	"database/sql/driver"
	"log/slog"

	"entgo.io/contrib/entgql"
	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/internal/apperr"
	"github.com/exportiva/exportiva/internal/changes"
	"github.com/exportiva/exportiva/internal/requestid"
)

// MutationTx runs each mutation operation in one transaction through entgql's
// Transactioner: committed when every field succeeded, rolled back otherwise,
// so nothing is half-written, and its resolvers run one at a time (they share
// the transaction). It adds what the Transactioner lacks: failures to open or
// commit are logged and reach the client as SERVICE_UNAVAILABLE, never with the
// driver's words; requests that never became an operation (an undecodable
// body) pass through untouched; and Committed runs after a successful commit
// (a commit hook of the transaction), with the writes of the request recorded
// by changes.Track.
type MutationTx struct {
	Client *ent.Client
	Log    *slog.Logger
	// Committed runs after a successful commit (drops caches, tells replicas).
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

// MutateOperationContext serializes the resolvers of a mutation.
func (t MutationTx) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	return t.transactioner().MutateOperationContext(ctx, oc)
}

// InterceptResponse wraps the mutation in its transaction.
func (t MutationTx) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	if !graphql.HasOperationContext(ctx) {
		return next(ctx) // the Transactioner would panic on it
	}
	f := new(txFailure)
	ctx = context.WithValue(changes.Track(ctx), txFailureKey{}, f)
	resp := t.transactioner().InterceptResponse(ctx, next)
	if f.err != nil {
		// The Transactioner's answer quotes the driver: replace it.
		return t.unavailable(ctx, f.what, f.err)
	}
	return resp
}

func (t MutationTx) transactioner() entgql.Transactioner {
	return entgql.Transactioner{TxOpener: entgql.TxOpenerFunc(t.open)}
}

// txFailure records why the transaction of a request could not be opened or
// committed, for InterceptResponse to mask.
type txFailure struct {
	what string
	err  error
}

type txFailureKey struct{}

// open opens the request's transaction with the generated client.OpenTx and
// hangs the failure record and Committed on its commit.
func (t MutationTx) open(ctx context.Context) (context.Context, driver.Tx, error) {
	f, _ := ctx.Value(txFailureKey{}).(*txFailure)
	fail := func(what string, err error) {
		if f != nil {
			f.what, f.err = what, err
		}
	}
	txCtx, tx, err := t.Client.OpenTx(ctx)
	if err != nil {
		fail("opening transaction", err)
		return nil, nil, err
	}
	// The first hook is the outermost: Committed runs after the events that
	// resolvers registered with events.AfterCommit are sent.
	ent.TxFromContext(txCtx).OnCommit(func(next ent.Committer) ent.Committer {
		return ent.CommitFunc(func(ctx context.Context, tx *ent.Tx) error {
			if err := next.Commit(ctx, tx); err != nil {
				fail("committing transaction", err)
				return err
			}
			if t.Committed != nil {
				t.Committed(ctx)
			}
			return nil
		})
	})
	return txCtx, tx, nil
}

func (t MutationTx) unavailable(ctx context.Context, what string, err error) *graphql.Response {
	id := requestid.From(ctx)
	t.Log.ErrorContext(ctx, what, "request_id", id, "err", err.Error())
	return &graphql.Response{Errors: gqlerror.List{{
		Message:    "the change could not be saved: the database is unavailable; try again (request " + id + ")",
		Extensions: map[string]any{"code": apperr.CodeUnavailable, "requestId": id},
	}}}
}
