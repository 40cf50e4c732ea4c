package graph

import (
	"context"
	"database/sql/driver"
	"errors"
	"log/slog"
	"time"

	"entgo.io/contrib/entgql"
	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/graph/generated"
	"github.com/exportiva/exportiva/internal/auth"
	"github.com/exportiva/exportiva/internal/events"
)

// Options configure the GraphQL handler.
type Options struct {
	// Introspection allows schema introspection (on in development and demo).
	Introspection bool
	// ParserTokenLimit caps the tokens of one query document.
	ParserTokenLimit int
	// Clock gives the current time; time.Now when nil.
	Clock func() time.Time
	// Auth signs accounts up and in.
	Auth *auth.Service
	// Limits bound each operation; DefaultLimits when zero.
	Limits Limits
	// DisableSuggestions hides "did you mean" hints from validation errors.
	DisableSuggestions bool
	// Bus delivers events to subscriptions; an in-process bus when nil.
	Bus events.Bus
	// Websocket configures the subscription transport; nil disables it.
	Websocket *transport.Websocket
}

// NewHandler builds the GraphQL HTTP handler: POST and GET transports, one
// transaction per mutation, the page limit, the error presenter and panic recovery.
func NewHandler(client *ent.Client, log *slog.Logger, o Options) *handler.Server {
	srv := handler.New(generated.NewExecutableSchema(generated.Config{Resolvers: NewResolver(client, o.Auth, o.Bus, log, o.Clock)}))
	if o.Websocket != nil {
		srv.AddTransport(*o.Websocket)
	}
	srv.AddTransport(transport.Options{})
	srv.AddTransport(transport.GET{})
	srv.AddTransport(transport.POST{})
	srv.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	if o.ParserTokenLimit > 0 {
		srv.SetParserTokenLimit(o.ParserTokenLimit)
	}
	if o.Introspection {
		srv.Use(extension.Introspection{})
	}
	srv.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](100)})
	if o.Limits == (Limits{}) {
		o.Limits = DefaultLimits()
	}
	srv.Use(o.Limits)
	if o.DisableSuggestions {
		srv.SetDisableSuggestion(true)
	}
	srv.Use(SignedInMutations{})
	srv.Use(mutationTx{entgql.Transactioner{
		TxOpener:   txOpener(client, log),
		SkipTxFunc: func(op *ast.OperationDefinition) bool { return op == nil || op.Operation != ast.Mutation },
	}})
	srv.SetErrorPresenter(ErrorPresenter(log))
	srv.SetRecoverFunc(RecoverFunc(log))
	return srv
}

// mutationTx runs each mutation in one transaction (entgql.Transactioner), and
// guards it against responses that have no operation, such as an undecodable
// request body, on which the Transactioner would panic.
type mutationTx struct{ entgql.Transactioner }

func (t mutationTx) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	if !graphql.HasOperationContext(ctx) {
		return next(ctx)
	}
	return t.Transactioner.InterceptResponse(ctx, next)
}

// txOpener opens the transaction through the ent client, so hooks see it, and hides
// the driver's error text from the client.
func txOpener(client *ent.Client, log *slog.Logger) entgql.TxOpenerFunc {
	return func(ctx context.Context) (context.Context, driver.Tx, error) {
		tx, err := client.Tx(ctx)
		if err != nil {
			log.ErrorContext(ctx, "opening transaction", "err", err.Error())
			return nil, nil, errors.New("the database is unavailable")
		}
		return ent.NewTxContext(ent.NewContext(ctx, tx.Client()), tx), tx, nil
	}
}
