package graph

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"testing"
	"time"

	"entgo.io/ent/dialect"
	"github.com/99designs/gqlgen/graphql"
	"github.com/stretchr/testify/require"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/internal/apperr"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/changes"
	"github.com/exportiva/exportiva/internal/events"
	"github.com/exportiva/exportiva/internal/money"
	"github.com/exportiva/exportiva/internal/testdb"
)

// failingCommits is a driver whose transactions cannot commit (a connection
// lost at COMMIT), with words a client must never see.
type failingCommits struct{ dialect.Driver }

func (d failingCommits) Tx(ctx context.Context) (dialect.Tx, error) {
	tx, err := d.Driver.Tx(ctx)
	if err != nil {
		return nil, err
	}
	return failingTx{tx}, nil
}

type failingTx struct{ dialect.Tx }

func (t failingTx) Commit() error {
	_ = t.Rollback()
	return errors.New("pq: secret driver words")
}

func mutationContext(op ast.Operation) context.Context {
	return graphql.WithOperationContext(context.Background(), &graphql.OperationContext{
		Operation: &ast.OperationDefinition{Operation: op},
	})
}

// addRate is a resolver: it writes an exchange rate through the request's
// transaction and fails when asked.
func addRate(currency string, fail bool) graphql.ResponseHandler {
	return func(ctx context.Context) *graphql.Response {
		err := ent.FromContext(ctx).FxRate.Create().SetCurrency(currency).
			SetUnitsPerUsd(money.MustParse("16250")).SetAsOf(time.Now()).Exec(authz.System(ctx))
		if err == nil && fail {
			err = errors.New("a later field failed")
		}
		if err != nil {
			return &graphql.Response{Errors: gqlerror.List{gqlerror.Wrap(err)}}
		}
		return &graphql.Response{Data: []byte(`{"ok":true}`)}
	}
}

// TestMutationTx: a mutation's writes commit together or not at all, Committed
// runs after a commit only (after the events registered on the commit, and
// seeing what the request changed), and failures to open or commit are masked
// as SERVICE_UNAVAILABLE.
func TestMutationTx(t *testing.T) {
	db := testdb.Open(t)
	changes.Watch(db.Client, nil, changes.Caches{})
	var log bytes.Buffer
	var order []string
	var touched changes.Kind
	tx := MutationTx{Client: db.Client, Log: slog.New(slog.NewTextHandler(&log, nil)), Committed: func(ctx context.Context) {
		touched = changes.Touched(ctx)
		order = append(order, "committed")
	}}
	count := func() int {
		n, err := db.Client.FxRate.Query().Count(authz.System(context.Background()))
		require.NoError(t, err)
		return n
	}

	t.Run("commit", func(t *testing.T) {
		order, touched = nil, 0
		resp := tx.InterceptResponse(mutationContext(ast.Mutation), func(ctx context.Context) *graphql.Response {
			events.AfterCommit(ctx, func() { order = append(order, "event") })
			require.Empty(t, order, "nothing runs before the commit")
			return addRate("IDR", false)(ctx)
		})
		require.Empty(t, resp.Errors)
		require.Equal(t, 1, count())
		require.Equal(t, []string{"event", "committed"}, order)
		require.Equal(t, changes.Catalog, touched)
	})
	t.Run("rollback", func(t *testing.T) {
		order = nil
		resp := tx.InterceptResponse(mutationContext(ast.Mutation), addRate("USD", true))
		require.Len(t, resp.Errors, 1)
		require.Nil(t, resp.Data)
		require.Equal(t, 1, count(), "the write was rolled back")
		require.Empty(t, order)
	})
	t.Run("queries run without a transaction", func(t *testing.T) {
		resp := tx.InterceptResponse(mutationContext(ast.Query), func(ctx context.Context) *graphql.Response {
			require.Nil(t, ent.TxFromContext(ctx))
			return &graphql.Response{}
		})
		require.Empty(t, resp.Errors)
	})
	t.Run("no operation", func(t *testing.T) {
		called := false
		resp := tx.InterceptResponse(context.Background(), func(context.Context) *graphql.Response {
			called = true
			return &graphql.Response{}
		})
		require.True(t, called)
		require.Empty(t, resp.Errors)
	})
	t.Run("commit fails", func(t *testing.T) {
		order, log = nil, bytes.Buffer{}
		broken := tx
		broken.Client = ent.NewClient(ent.Driver(failingCommits{db.Driver}))
		resp := broken.InterceptResponse(mutationContext(ast.Mutation), addRate("EUR", false))
		requireUnavailable(t, resp)
		require.Equal(t, 1, count())
		require.Empty(t, order, "Committed runs only after a commit")
		require.Contains(t, log.String(), "committing transaction")
		require.Contains(t, log.String(), "secret driver words", "the log keeps the cause")
	})
	t.Run("open fails", func(t *testing.T) {
		log = bytes.Buffer{}
		closed := testdb.Open(t)
		require.NoError(t, closed.Close())
		broken := tx
		broken.Client = closed.Client
		resp := broken.InterceptResponse(mutationContext(ast.Mutation), func(context.Context) *graphql.Response {
			t.Fatal("the resolvers must not run")
			return nil
		})
		requireUnavailable(t, resp)
		require.Contains(t, log.String(), "opening transaction")
	})
}

func requireUnavailable(t *testing.T, resp *graphql.Response) {
	t.Helper()
	require.Len(t, resp.Errors, 1)
	require.Equal(t, apperr.CodeUnavailable, resp.Errors[0].Extensions["code"])
	require.NotContains(t, resp.Errors[0].Message, "secret")
	require.NotContains(t, resp.Errors[0].Message, "closed")
}
