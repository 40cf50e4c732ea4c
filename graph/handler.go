package graph

import (
	"context"
	"log/slog"
	"runtime"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/validator/rules"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/graph/generated"
	"github.com/exportiva/exportiva/internal/auth"
	"github.com/exportiva/exportiva/internal/cache"
	"github.com/exportiva/exportiva/internal/catalog"
	"github.com/exportiva/exportiva/internal/changes"
	"github.com/exportiva/exportiva/internal/events"
	"github.com/exportiva/exportiva/internal/importer"
	"github.com/exportiva/exportiva/internal/match"
	"github.com/exportiva/exportiva/internal/media"
	"github.com/exportiva/exportiva/internal/moderation"
	"github.com/exportiva/exportiva/internal/notify"
	"github.com/exportiva/exportiva/internal/webhook"
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
	// Extensions are added to the handler (metrics).
	Extensions []graphql.HandlerExtension
	// MaxUploadBytes caps a multipart request (file uploads); 0 refuses uploads.
	MaxUploadBytes int64
	// MaxImports is how many imports run at once (importer.DefaultMaxImports
	// when 0); more wait a little, then are refused as SERVICE_UNAVAILABLE.
	MaxImports int
	// Matches caches match results; nil evaluates every request.
	Matches *match.Cache
	// Suggestions answers suggest; one with SuggestTTL when nil. The server
	// invalidates it with the response cache.
	Suggestions *catalog.Suggester
	// Facets answers productFacets; one with FacetTTL when nil. The server
	// passes the one the catalog's writes invalidate.
	Facets *catalog.FacetIndex
	// Responses keeps the responses to anonymous queries; nil runs every query.
	Responses *cache.Cache[*graphql.Response]
	// TrustedDocuments resolve documentId requests; nil: none.
	TrustedDocuments *TrustedDocuments
	// OnlyTrusted runs nothing but the trusted documents.
	OnlyTrusted bool
	// HTTPCacheMaxAge is the max-age of a cacheable GET (an anonymous query by
	// documentId or APQ hash).
	HTTPCacheMaxAge time.Duration
	// MaxEvaluations bounds the match and lead evaluations running at once
	// (0: DefaultMaxEvaluations, negative: no bound); over it a request waits in
	// a fair queue of EvaluationQueue (0: 4 × MaxEvaluations) up to
	// EvaluationWait (0: 500 ms) and is refused with RESOURCE_EXHAUSTED.
	MaxEvaluations int
	// EvaluationQueue bounds the evaluations waiting for a slot.
	EvaluationQueue int
	// EvaluationWait is how long a request waits for an evaluation slot.
	EvaluationWait time.Duration
	// Media stores pictures; nil refuses uploads (BAD_USER_INPUT).
	Media *media.Store
	// MediaBaseURL is put before the paths of picture URLs ("" keeps them
	// relative to this server).
	MediaBaseURL string
	// MatchEngine ranks the matches ("": match.Reference).
	MatchEngine match.Engine
	// MatchIndex is the indexed engine's copy of the catalog (match.Indexed);
	// the handler drops it after every commit that changed the catalog.
	MatchIndex *match.Index
	// WebhookTargets are the addresses webhook endpoints may have (zero:
	// production's, https to public addresses only).
	WebhookTargets webhook.Targets
	// Notifier writes the notifications of the trade office's decisions on
	// reports; none are written when nil.
	Notifier *notify.Notifier
	// gqlgenOnly leaves every field to gqlgen (graph/direct.go), for the tests
	// that compare its output with the direct encoding.
	gqlgenOnly bool
}

// DefaultMaxEvaluations is twice the processors Go may use: evaluations are CPU
// bound, so more at once only hold more memory for the same throughput.
func DefaultMaxEvaluations() int { return 2 * runtime.GOMAXPROCS(0) }

// NewHandler builds the GraphQL HTTP handler: the GraphQL-over-HTTP transport
// (GET and POST), uploads and the websocket, persisted queries and trusted
// documents, one transaction per mutation, the limits, the error presenter and
// panic recovery.
func NewHandler(client *ent.Client, log *slog.Logger, o Options) *handler.Server {
	resolver := NewResolver(client, o.Auth, o.Bus, log, o.Clock)
	resolver.matches = o.Matches
	resolver.matchEngine = o.MatchEngine
	resolver.matchIndex = o.MatchIndex
	if o.Suggestions != nil {
		resolver.suggestions = o.Suggestions
	}
	if o.Facets != nil {
		resolver.facets = o.Facets
	}

	if o.Media != nil {
		resolver.media = &media.Service{Store: o.Media, Root: client, Log: resolver.log}
	}
	resolver.mediaBase = strings.TrimSuffix(o.MediaBaseURL, "/")
	resolver.webhooks.Targets = o.WebhookTargets
	resolver.moderation = &moderation.Service{Notifier: o.Notifier}
	if o.Auth != nil {
		resolver.moderation.Disable = o.Auth.SetDisabled
	}
	resolver.importGate = importer.NewGate(o.MaxImports, importWait)
	if o.MaxEvaluations == 0 {
		o.MaxEvaluations = DefaultMaxEvaluations()
	}
	if o.EvaluationWait == 0 {
		o.EvaluationWait = 500 * time.Millisecond
	}
	resolver.evaluations = match.NewAdmission(o.MaxEvaluations, o.EvaluationWait, o.EvaluationQueue)
	srv := handler.New(generated.NewExecutableSchema(generated.Config{Resolvers: resolver}))
	if o.Websocket != nil {
		srv.AddTransport(*o.Websocket)
	}
	srv.AddTransport(transport.Options{})
	if o.MaxUploadBytes > 0 {
		// Uploads (importProducts) as the GraphQL multipart request spec sends them.
		// Files are kept in memory up to 4 MiB and spilled to a temporary file
		// beyond; the body cap of the server bounds the total.
		srv.AddTransport(transport.MultipartForm{MaxUploadSize: o.MaxUploadBytes, MaxMemory: 4 << 20})
	}
	// Last: every other GET and POST, so a wrong content type answers 415.
	srv.AddTransport(HTTPTransport{Documents: o.TrustedDocuments, MaxAge: o.HTTPCacheMaxAge})
	srv.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	if o.ParserTokenLimit > 0 {
		srv.SetParserTokenLimit(o.ParserTokenLimit)
	}
	// Without suggestions in production: gqlgen's switch covers fields only.
	srv.SetValidationRulesFn(func() *rules.Rules { return ValidationRules(!o.DisableSuggestions) })
	if o.Introspection {
		srv.Use(extension.Introspection{})
	}
	srv.Use(PersistedQueries{Cache: lru.New[string](100), Trusted: o.TrustedDocuments, Only: o.OnlyTrusted})
	if o.Limits == (Limits{}) {
		o.Limits = DefaultLimits()
	}
	for _, x := range o.Extensions {
		srv.Use(x)
	}
	if o.Responses != nil {
		// After the metrics: answers from the cache are counted like the others.
		srv.Use(ResponseCache{Cache: o.Responses, Clock: o.Clock})
	}
	srv.Use(NewLimiter(o.Limits))
	if o.DisableSuggestions {
		srv.SetDisableSuggestion(true)
	}
	srv.Use(SignedInMutations{})
	caches := changes.Caches{Matches: o.Matches, Responses: Invalidators{o.Responses, resolver.suggestions, o.MatchIndex},
		Requests: o.MatchIndex.Requests()}
	srv.Use(MutationTx{Client: client, Log: log, Committed: func(ctx context.Context) {
		if e, ok := caches.Committed(ctx); ok {
			resolver.publishNow(ctx, e)
		}
	}})
	// One read of the FX table per operation, however many prices it converts.
	srv.AroundOperations(func(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
		return next(catalog.WithTable(ctx))
	})
	srv.AroundFields(fieldMiddleware(!o.gqlgenOnly, resolver.now))
	srv.SetErrorPresenter(ErrorPresenter(log))
	srv.SetRecoverFunc(RecoverFunc(log))
	return srv
}

// Invalidators drops several caches as one: the response cache and the
// autocompletion index go stale together (both hold what anonymous visitors read).
type Invalidators []changes.Invalidator

// Invalidate drops every cache of the list.
func (l Invalidators) Invalidate() {
	for _, c := range l {
		if c != nil {
			c.Invalidate()
		}
	}
}
