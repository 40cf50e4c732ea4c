// Package server assembles Exportiva's HTTP service: the GraphQL endpoint, the
// embedded GraphiQL playground, health checks, request ids, body limits and
// graceful shutdown.
package server

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/exportiva/exportiva/graph"
	"github.com/exportiva/exportiva/internal/auth"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/cache"
	"github.com/exportiva/exportiva/internal/catalog"
	"github.com/exportiva/exportiva/internal/changes"
	"github.com/exportiva/exportiva/internal/events"
	"github.com/exportiva/exportiva/internal/httpinfo"
	"github.com/exportiva/exportiva/internal/i18n"
	"github.com/exportiva/exportiva/internal/importer"
	"github.com/exportiva/exportiva/internal/mail"
	"github.com/exportiva/exportiva/internal/match"
	"github.com/exportiva/exportiva/internal/media"
	"github.com/exportiva/exportiva/internal/metrics"
	"github.com/exportiva/exportiva/internal/notify"
	"github.com/exportiva/exportiva/internal/outbox"
	"github.com/exportiva/exportiva/internal/replyrate"
	"github.com/exportiva/exportiva/internal/requestid"
	"github.com/exportiva/exportiva/internal/savedsearch"
	"github.com/exportiva/exportiva/internal/store"
	"github.com/exportiva/exportiva/internal/trust"
	"github.com/exportiva/exportiva/internal/viewer"
	"github.com/exportiva/exportiva/internal/webhook"
)

// Config holds the HTTP service settings.
type Config struct {
	// MaxBodyBytes caps a request body; larger ones get 413.
	MaxBodyBytes int64
	// MaxUploadBytes caps a multipart request (a spreadsheet upload); 0 refuses
	// uploads.
	MaxUploadBytes int64
	// MaxImports is how many spreadsheet imports run at once; more wait two
	// seconds, then are refused as SERVICE_UNAVAILABLE with a retryAfter.
	MaxImports int
	// Playground serves GraphiQL at /.
	Playground bool
	// Demo says the demo accounts exist (serve --demo): the playground adds a
	// tab that signs in as the demo buyer.
	Demo bool
	// Introspection allows schema introspection.
	Introspection bool
	// RequestTimeout bounds one request.
	RequestTimeout time.Duration
	// Clock gives the current time (tests); time.Now when nil.
	Clock func() time.Time
	// TokenTTL is how long an access token lives.
	TokenTTL time.Duration
	// BcryptCost is the cost of password hashes.
	BcryptCost int
	// Production turns off introspection, field suggestions and the playground.
	Production bool
	// SignUpOff turns off the deprecated signUp mutation, whose CONFLICT tells
	// whether an e-mail has an account: it answers FORBIDDEN and clients use
	// register. `serve` sets it in production unless --legacy-signup on.
	SignUpOff bool
	// CORSOrigins lists the web origins allowed to call the API from a browser.
	CORSOrigins []string
	// RateLimitIP and RateLimitToken cap requests per minute per client address and
	// per access token; 0 disables the limit.
	RateLimitIP, RateLimitToken int
	// RateLimitWebsocket caps websocket handshakes per minute per client address,
	// counted apart from other requests; 0 disables the limit.
	RateLimitWebsocket int
	// WebsocketMaxLifetime is the longest a websocket stays open (a token's expiry
	// ends it sooner); 0 for no limit.
	WebsocketMaxLifetime time.Duration
	// WebsocketRecheck is how often open websockets have their token checked
	// again, for revocations no event announced; 0 never.
	WebsocketRecheck time.Duration
	// Limits bound each GraphQL operation.
	Limits graph.Limits
	// Bus delivers events to subscriptions; an in-process bus when nil.
	Bus events.Bus
	// MaxSubscriptions caps the subscriptions of one websocket connection.
	MaxSubscriptions int
	// MatchCacheSize is how many match results are kept (0: none),
	// MatchCacheTTL how long at most, and MatchCacheBytes the memory they hold
	// at most (0: match.DefaultCacheBytes, 32 MiB).
	MatchCacheSize  int
	MatchCacheTTL   time.Duration
	MatchCacheBytes int64
	// MatchEngine ranks the matches ("": match.Reference).
	MatchEngine match.Engine
	// MaxEvaluations bounds the match and lead evaluations running at once (0:
	// twice GOMAXPROCS, negative: no bound); over it requests wait in a fair
	// queue of EvaluationQueue (0: 4 × MaxEvaluations) for EvaluationWait at
	// most (0: 500 ms), then get RESOURCE_EXHAUSTED.
	MaxEvaluations  int
	EvaluationWait  time.Duration
	EvaluationQueue int
	// ResponseCacheSize is how many responses to anonymous queries are kept
	// (0: none), within ResponseCacheBytes, for ResponseCacheTTL at most.
	ResponseCacheSize  int
	ResponseCacheBytes int64
	ResponseCacheTTL   time.Duration
	// TrustedDocuments are the documents of the client manifest, run by
	// documentId; nil: none.
	TrustedDocuments *graph.TrustedDocuments
	// TrustedDocumentsOnly runs nothing but the trusted documents (production:
	// no free text, no APQ registration of other texts).
	TrustedDocumentsOnly bool
	// Media keeps the pictures (product photos, logos); an in-memory bucket
	// when nil.
	Media *media.Store
	// MediaBaseURL is put before the paths of picture URLs (a CDN in front of
	// /media/); "" keeps them relative to this server.
	MediaBaseURL string
	// MetricsAddr is where the command serves Service.Metrics ("" for nowhere);
	// the handler itself does not listen.
	MetricsAddr string
	// Mailer sends the outbox's e-mails (--smtp-url); nil keeps them queued
	// until a replica with a mailer sends them.
	Mailer mail.Sender
	// AppURL is the web app's base address: the links of e-mails point there.
	AppURL string
	// OutboxInterval is how often Background looks for due outbox items (a
	// local commit that queued some wakes it at once).
	OutboxInterval time.Duration
	// DigestHour is the UTC hour of the daily digests (1: 08:00 in Lamongan);
	// DigestInterval how often Background checks for digests due.
	DigestHour     int
	DigestInterval time.Duration
	// VerificationSweep is how often Background clears the verified flag of
	// firms whose verification ran out and sends the expiry notices
	// (trust.Sweep).
	VerificationSweep time.Duration
	// ResponseRefresh is how often Background recomputes the firms' response
	// rates and times (replyrate.Refresh); 0 turns it off.
	ResponseRefresh time.Duration
	// WebhookTargets are the addresses webhook endpoints may have (zero:
	// https to public addresses only; AllowInsecure for tests).
	WebhookTargets webhook.Targets
	// WebhookTimeout bounds one delivery attempt, WebhookLease a dispatcher's
	// claim on an endpoint, WebhookRetryBase the first backoff (doubling, at
	// most 4 h) and WebhookRetryWindow how long a delivery is retried before
	// its endpoint is disabled. Zero: webhook.Dispatcher's defaults.
	WebhookTimeout     time.Duration
	WebhookLease       time.Duration
	WebhookRetryBase   time.Duration
	WebhookRetryWindow time.Duration
}

// DefaultConfig is the configuration of a development server.
func DefaultConfig() Config {
	return Config{MaxBodyBytes: 1 << 20, MaxUploadBytes: 11 << 20, MaxImports: importer.DefaultMaxImports, Playground: true, Introspection: true, RequestTimeout: 30 * time.Second,
		TokenTTL: 30 * 24 * time.Hour, BcryptCost: 11, RateLimitIP: 600, RateLimitToken: 1200, Limits: graph.DefaultLimits(),
		RateLimitWebsocket: 120, WebsocketMaxLifetime: 24 * time.Hour, WebsocketRecheck: 30 * time.Second,
		MaxSubscriptions: 20, MatchCacheSize: 256, MatchCacheTTL: 30 * time.Second,
		ResponseCacheSize: 1024, ResponseCacheBytes: 16 << 20, ResponseCacheTTL: 30 * time.Second,
		AppURL: "http://localhost:8080", OutboxInterval: 2 * time.Second, DigestHour: 1, DigestInterval: 5 * time.Minute,
		VerificationSweep: 10 * time.Minute, ResponseRefresh: 10 * time.Minute}
}

// Service is the HTTP handler of the service, with what graceful shutdown needs.
type Service struct {
	http.Handler
	// Metrics serves the Prometheus metrics, for a listener of its own (in
	// production they are not on the service's port).
	Metrics http.Handler
	// SavedSearches announces the products that enter saved searches (Wait
	// lets a test see its queue drained).
	SavedSearches *savedsearch.Watcher
	// Outbox is the worker of the transactional outbox (e-mails, lead
	// fan-outs); Notifier writes notifications. Background runs both.
	Outbox   *outbox.Worker
	Notifier *notify.Notifier
	// Webhooks sends the webhook deliveries (Background runs it).
	Webhooks *webhook.Dispatcher
	// MatchIndex is the indexed engine's copy of the catalog; Background
	// builds it and keeps it current (nil for the other engines).
	MatchIndex *match.Index
	db         *store.DB
	cfg        Config
	websockets atomic.Int64
}

// Background runs the outbox worker and the daily digests until ctx ends
// (every replica runs it; see internal/outbox for why nothing is done twice).
func (s *Service) Background(ctx context.Context) {
	ctx = authz.System(ctx)
	go s.Notifier.RunDigests(ctx, s.db.Client, s.cfg.DigestHour, s.cfg.DigestInterval)
	if every := s.cfg.VerificationSweep; every > 0 {
		now := s.cfg.Clock
		if now == nil {
			now = time.Now
		}
		go trust.RunSweep(ctx, s.db.Client, s.Notifier, every, now, s.catalogChanged, s.Notifier.Log)
	}
	if every := s.cfg.ResponseRefresh; every > 0 {
		now := s.cfg.Clock
		if now == nil {
			now = time.Now
		}
		go replyrate.RunRefresh(ctx, s.db.Client, s.db.Dialect, every, now, s.Notifier.Log)
	}
	go s.backfill(ctx)
	if s.MatchIndex != nil {
		go s.MatchIndex.Run(ctx)
	}
	go s.Webhooks.Run(ctx, s.cfg.OutboxInterval)
	s.Outbox.Run(ctx, s.cfg.OutboxInterval)
}

// backfill brings once, at start, the derived catalog data of rows an earlier
// release wrote in line (catalog.Backfill); what it writes bypasses the change
// hooks, so it tells the caches of every replica.
func (s *Service) backfill(ctx context.Context) {
	done, err := catalog.Backfill(ctx, s.db.Client)
	if err != nil {
		if ctx.Err() == nil {
			s.Notifier.Log.Warn("catalog backfill", "err", err.Error())
		}
		return
	}
	if !done.Changed() {
		return
	}
	s.Notifier.Log.Info("catalog backfill", "prices", done.Prices, "reindexed", done.Reindexed, "counts", done.Counts)
	s.catalogChanged()
}

// catalogChanged tells the replicas that the catalog changed behind the
// change hooks: a sweep cleared verified flags (this replica's caches were
// dropped by the write's hook), or a backfill wrote derived columns.
func (s *Service) catalogChanged() {
	if s.cfg.Bus == nil {
		return
	}
	if err := s.cfg.Bus.Publish(context.Background(), events.Event{Topic: events.CatalogChanged}); err != nil {
		s.Notifier.Log.Warn("publishing event", "topic", events.CatalogChanged, "err", err.Error())
	}
}

// notifications sets up the notifier (its hooks on the client) and the
// outbox worker of the service.
func (s *Service) notifications(db *store.DB, cfg Config, log *slog.Logger) {
	s.db, s.cfg = db, cfg
	s.Notifier = &notify.Notifier{AppURL: cfg.AppURL, Bus: cfg.Bus, Log: log, Now: cfg.Clock}
	notify.Watch(db.Client, s.Notifier)
	s.Outbox = &outbox.Worker{DB: db.Client, Log: log, Handlers: map[string]outbox.Handler{
		outbox.KindLeadFanout: s.Notifier.FanOutHandler(db.Client)}}
	if cfg.Mailer != nil {
		s.Outbox.Handlers[outbox.KindEmail] = outbox.EmailHandler(cfg.Mailer)
	}
	// The dispatcher keeps the wall clock (its backoff and leases are real
	// waits), whatever cfg.Clock says.
	s.Webhooks = &webhook.Dispatcher{DB: db.Client, Notifier: s.Notifier, Log: log,
		Timeout: cfg.WebhookTimeout, Lease: cfg.WebhookLease, Window: cfg.WebhookRetryWindow}
	if base := cfg.WebhookRetryBase; base > 0 {
		s.Webhooks.Backoff = func(n int) time.Duration { return webhook.Backoff(base, n) }
	}
	timeout := cfg.WebhookTimeout
	if timeout <= 0 {
		timeout = webhook.DefaultTimeout
	}
	s.Webhooks.Client = webhook.NewClient(cfg.WebhookTargets, timeout)
}

// New returns the service's HTTP handler.
func New(db *store.DB, log *slog.Logger, cfg Config) *Service {
	svc := &Service{}
	cfg = cfg.effective()
	caches := newCaches(db, cfg)
	svc.MatchIndex = caches.matchIndex
	svc.SavedSearches = savedsearch.Watch(db.Client, cfg.Bus, log)
	svc.SavedSearches.Now = cfg.Clock // before any write can queue a job
	m := metrics.New(db.Stats, cfg.Bus)
	caches.measure(m)
	authService := newAuth(db, cfg, log)
	svc.notifications(db, cfg, log)
	ws := newWSHub(authService, cfg, m, &svc.websockets, log)
	opts := graphOptions(cfg, authService, ws, m, caches)
	opts.Notifier = svc.Notifier
	gql := graph.NewHandler(db.Client, log, opts)
	r := chi.NewRouter()
	r.Use(requestid.Middleware)
	r.Use(logRequests(log))
	r.Use(middleware.Recoverer)
	r.Use(language)
	if c := corsMiddleware(cfg); c != nil {
		r.Use(c)
	}
	r.Group(func(r chi.Router) {
		r.Use(apiMiddleware(cfg, authService, log)...)
		r.Handle("/query", ws.track(gql))
		// The organiser's report of a fair, for the trade office.
		clock := cfg.Clock
		if clock == nil {
			clock = time.Now
		}
		r.Get("/events/{id}/report.csv", reportExport(db, clock, log, "csv"))
		r.Get("/events/{id}/report.xlsx", reportExport(db, clock, log, "xlsx"))
	})
	// Pictures: resized variants by content hash, rate limited like the API
	// (counted apart).
	r.Group(func(r chi.Router) {
		r.Use(rateLimits(cfg)...)
		r.Method(http.MethodGet, "/media/*", cfg.Media.Handler())
		r.Method(http.MethodHead, "/media/*", cfg.Media.Handler())
		// A participant's fair agenda (iCalendar, PDF) and an exhibitor's booth
		// sheet (PDF); the token is the credential.
		clock := cfg.Clock
		if clock == nil {
			clock = time.Now
		}
		r.Get("/events/{id}/agenda/{file}", agendaFeed(db, clock, log, cfg.AppURL, false))
		r.Get("/events/{id}/booth/{file}", agendaFeed(db, clock, log, cfg.AppURL, true))
	})
	svc.Metrics = promhttp.HandlerFor(m.Registry, promhttp.HandlerOpts{})
	if !cfg.Production {
		// Development keeps them on the service's port too; production serves
		// them only on the metrics listener (--metrics-addr, loopback).
		r.Handle("/metrics", svc.Metrics)
	}
	r.Get("/healthz", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	r.Get("/readyz", readyz(db, caches.matchIndex, log))
	r.Get("/templates/products.csv", template("text/csv; charset=utf-8", "csv", func() ([]byte, error) { return importer.TemplateCSV(), nil }))
	r.Get("/templates/products.xlsx", template("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", importer.TemplateXLSX))
	if cfg.Playground {
		r.Handle("/static/*", playgroundStatic())
		r.Get("/", playgroundHandler(cfg.Demo))
	}
	svc.Handler = r
	return svc
}

// effective returns the configuration as the service runs it: production
// turns off the playground and introspection; a missing bus is an in-process
// one; no media store is one in memory.
func (cfg Config) effective() Config {
	if cfg.Production {
		cfg.Playground, cfg.Introspection = false, false
	}
	if cfg.Bus == nil {
		cfg.Bus = events.NewLocal()
	}
	if cfg.Media == nil {
		b, err := media.OpenBucket(context.Background(), "mem://")
		if err != nil {
			panic(err) // the memory driver is linked in: cannot fail
		}
		cfg.Media = media.NewStore(b, 0)
	}
	return cfg
}

// caches are the service's result caches (nil when turned off).
type caches struct {
	matches     *match.Cache
	responses   *cache.Cache[*graphql.Response]
	suggestions *catalog.Suggester
	facets      *catalog.FacetIndex
	// matchIndex is the indexed engine's catalog copy (match.Indexed only).
	matchIndex *match.Index
}

// newCaches builds the caches the configuration asks for and has writes to
// what they hold drop them (internal/changes), here and on every replica.
func newCaches(db *store.DB, cfg Config) caches {
	c := caches{suggestions: catalog.NewSuggester(graph.SuggestTTL), facets: catalog.NewFacetIndex(graph.FacetTTL)}
	if cfg.MatchEngine == match.Indexed {
		c.matchIndex = match.NewIndex(db.Client, nil)
		c.matchIndex.Clock = cfg.Clock
	}
	if cfg.MatchCacheSize > 0 {
		c.matches = match.NewCache(cfg.MatchCacheSize, cfg.MatchCacheTTL, cfg.MatchCacheBytes)
	}
	if cfg.ResponseCacheSize > 0 {
		c.responses = cache.New(cache.Options[*graphql.Response]{Entries: cfg.ResponseCacheSize, TTL: cfg.ResponseCacheTTL,
			MaxBytes: cfg.ResponseCacheBytes, Size: graph.ResponseSize})
	}
	// Autocompletion and the facet index read the catalog anonymous visitors
	// read: they go stale with the response cache.
	changes.Watch(db.Client, cfg.Bus, changes.Caches{Matches: c.matches, Responses: graph.Invalidators{c.responses, c.suggestions, c.facets, c.matchIndex},
		Requests: c.matchIndex.Requests()})
	return c
}

// measure adds the caches' hit counts to the metrics.
func (c caches) measure(m *metrics.Metrics) {
	if c.matches != nil {
		m.MatchCache(c.matches.Stats)
	}
	if c.responses != nil {
		m.ResponseCache(c.responses.Stats)
	}
}

// newAuth is the accounts service as the configuration sets it.
func newAuth(db *store.DB, cfg Config, log *slog.Logger) *auth.Service {
	a := auth.New(db.Client)
	a.TTL, a.Cost = cfg.TokenTTL, cfg.BcryptCost
	a.Bus, a.Log, a.AppURL = cfg.Bus, log, cfg.AppURL
	a.SignUpOff = cfg.SignUpOff
	if cfg.Clock != nil {
		a.Now = cfg.Clock
	}
	return a
}

// graphOptions configure the GraphQL handler from the service's configuration.
func graphOptions(cfg Config, a *auth.Service, ws *wsHub, m *metrics.Metrics, c caches) graph.Options {
	return graph.Options{
		Introspection:      cfg.Introspection,
		ParserTokenLimit:   15000,
		Clock:              cfg.Clock,
		Auth:               a,
		Limits:             cfg.Limits,
		DisableSuggestions: cfg.Production,
		Bus:                cfg.Bus,
		Websocket:          ws.transport(),
		Extensions:         []graphql.HandlerExtension{m.GraphQL()},
		MaxUploadBytes:     cfg.MaxUploadBytes,
		MaxImports:         cfg.MaxImports,
		Matches:            c.matches,
		MatchEngine:        cfg.MatchEngine,
		MatchIndex:         c.matchIndex,
		MaxEvaluations:     cfg.MaxEvaluations,
		EvaluationWait:     cfg.EvaluationWait,
		EvaluationQueue:    cfg.EvaluationQueue,
		Responses:          c.responses,
		Suggestions:        c.suggestions,
		Facets:             c.facets,
		TrustedDocuments:   cfg.TrustedDocuments,
		OnlyTrusted:        cfg.TrustedDocumentsOnly,
		HTTPCacheMaxAge:    cfg.ResponseCacheTTL,
		Media:              cfg.Media,
		MediaBaseURL:       cfg.MediaBaseURL,
		WebhookTargets:     cfg.WebhookTargets,
	}
}

// apiMiddleware guards /query: rate limits, the body cap, the request timeout
// (websockets live as long as their client) and the bearer token.
func apiMiddleware(cfg Config, a *auth.Service, log *slog.Logger) []func(http.Handler) http.Handler {
	mw := append(rateLimits(cfg), limitBody(cfg.MaxBodyBytes, cfg.MaxUploadBytes))
	if cfg.RequestTimeout > 0 {
		timeout := middleware.Timeout(cfg.RequestTimeout)
		mw = append(mw, func(next http.Handler) http.Handler {
			limited := timeout(next)
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if strings.EqualFold(r.Header.Get("Upgrade"), "websocket") {
					next.ServeHTTP(w, r) // a websocket lives as long as its client
					return
				}
				limited.ServeHTTP(w, r)
			})
		})
	}
	return append(mw, authenticate(a, log))
}

// readyz answers whether the service can take traffic: the database answers
// and takes writes. With the indexed match engine it also says whether the
// index is built ("matchIndex" for the catalog, "leadIndex" for the open
// buy requests: "building" until the first build, then "current" or
// "rebuilding"); matches and leads are answered meanwhile (by SQL), so it
// does not make the service unready.
func readyz(db *store.DB, index *match.Index, log *slog.Logger) http.HandlerFunc {
	return func(w http.ResponseWriter, req *http.Request) {
		ctx, cancel := context.WithTimeout(req.Context(), 2*time.Second)
		defer cancel()
		if err := db.Ping(ctx); err != nil {
			log.WarnContext(ctx, "readiness check failed", "err", err.Error())
			writeJSON(w, http.StatusServiceUnavailable, map[string]any{"status": "database unreachable", "writable": false})
			return
		}
		// A SQLite disk that is full (or a file that turned read-only) still
		// answers reads, but every write fails: not ready, and say why.
		if err := db.Writable(ctx); err != nil {
			log.WarnContext(ctx, "readiness check: the database cannot take writes", "err", err.Error())
			writeJSON(w, http.StatusServiceUnavailable, map[string]any{"status": "not ready for writes", "writable": false, "reason": err.Error()})
			return
		}
		body := map[string]any{"status": "ready", "writable": true}
		if index != nil {
			body["matchIndex"] = index.State()
			body["leadIndex"] = index.RequestsState()
		}
		writeJSON(w, http.StatusOK, body)
	}
}

// authenticate resolves the bearer token into the request's viewer. A request
// without a token is anonymous; one with a bad token is refused with 401, so a
// client learns at once that it must sign in again.
func authenticate(a *auth.Service, log *slog.Logger) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ctx := r.Context()
			info := httpinfo.From(ctx)
			if info.Header == nil {
				info.Header = w.Header()
			}
			if h := r.Header.Get("Authorization"); h != "" {
				token, ok := bearerToken(h)
				if !ok {
					writeError(w, r, http.StatusUnauthorized, "UNAUTHENTICATED", "use Authorization: Bearer <token>")
					return
				}
				v, err := a.Authenticate(ctx, token)
				if store.IsConnectionError(err) {
					// A connection broken under the read, after its first row
					// (the store retries those before): once more.
					v, err = a.Authenticate(ctx, token)
				}
				if err != nil {
					if !errors.Is(err, auth.ErrBadToken) {
						log.ErrorContext(ctx, "authenticating", "request_id", requestid.From(ctx), "err", err.Error())
						writeError(w, r, http.StatusServiceUnavailable, "INTERNAL_SERVER_ERROR", "cannot check the token now")
						return
					}
					writeError(w, r, http.StatusUnauthorized, "UNAUTHENTICATED", "invalid or expired token: sign in again")
					return
				}
				info.Token = token
				info.AccountID = v.AccountID
				ctx = viewer.NewContext(ctx, v)
			}
			next.ServeHTTP(w, r.WithContext(httpinfo.NewContext(ctx, info)))
		})
	}
}

// language picks the response language from Accept-Language and says which in
// Content-Language.
func language(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		l := i18n.Parse(r.Header.Get("Accept-Language"))
		w.Header().Set("Content-Language", string(l))
		w.Header().Add("Vary", "Accept-Language")
		next.ServeHTTP(w, r.WithContext(i18n.WithLang(r.Context(), l)))
	})
}

// template serves a product import template, built once.
func template(contentType, ext string, build func() ([]byte, error)) http.HandlerFunc {
	body, err := build()
	return func(w http.ResponseWriter, r *http.Request) {
		if err != nil {
			writeError(w, r, http.StatusInternalServerError, "INTERNAL_SERVER_ERROR", "the template is unavailable")
			return
		}
		w.Header().Set("Content-Type", contentType)
		w.Header().Set("Content-Disposition", `attachment; filename="`+importer.TemplateName(ext)+`"`)
		w.Header().Set("Cache-Control", "public, max-age=3600")
		_, _ = w.Write(body)
	}
}

// logRequests writes one structured line per request: id, method, path, status,
// duration, GraphQL operation and account — never tokens, passwords or contact data.
func logRequests(log *slog.Logger) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			start := time.Now()
			info := &httpinfo.Info{ClientIP: clientIP(r), Header: w.Header()}
			ww := middleware.NewWrapResponseWriter(w, r.ProtoMajor)
			next.ServeHTTP(ww, r.WithContext(httpinfo.NewContext(r.Context(), info)))
			if r.URL.Path == "/metrics" || r.URL.Path == "/healthz" || r.URL.Path == "/readyz" {
				return
			}
			log.LogAttrs(r.Context(), slog.LevelInfo, "request",
				slog.String("request_id", requestid.From(r.Context())),
				slog.String("method", r.Method), slog.String("path", r.URL.Path),
				slog.Int("status", ww.Status()), slog.Float64("duration_ms", float64(time.Since(start).Microseconds())/1000),
				slog.String("operation", info.Operation()), slog.Int("account_id", info.AccountID))
		})
	}
}

func rateLimited(w http.ResponseWriter, r *http.Request) {
	if w.Header().Get("Retry-After") == "" {
		w.Header().Set("Retry-After", "60")
	}
	writeError(w, r, http.StatusTooManyRequests, "RATE_LIMITED", "too many requests; slow down and retry after the time in Retry-After")
}

func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// writeError answers a request refused before GraphQL: in
// application/graphql-response+json when the client prefers it (GraphQL over
// HTTP), else in application/json.
func writeError(w http.ResponseWriter, r *http.Request, status int, code, msg string) {
	msg = i18n.T(i18n.From(r.Context()), msg)
	media, _ := graph.NegotiateMedia(r.Header.Get("Accept"))
	if media == "" {
		media = graph.MediaJSON
	}
	w.Header().Set("Content-Type", media+"; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"errors": []map[string]any{{"message": msg, "extensions": map[string]string{"code": code}}}})
}

// limitBody caps request bodies (uploads, multipart requests, have their own cap)
// and answers 413 when the declared length is over.
func limitBody(body, upload int64) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			n := body
			if upload > 0 && strings.HasPrefix(strings.ToLower(r.Header.Get("Content-Type")), "multipart/form-data") {
				n = upload
			}
			if n > 0 {
				if r.ContentLength > n {
					writeError(w, r, http.StatusRequestEntityTooLarge, "PAYLOAD_TOO_LARGE", "request body too large")
					return
				}
				r.Body = http.MaxBytesReader(w, r.Body, n)
			}
			next.ServeHTTP(w, r)
		})
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// Serve runs the handler on ln until ctx is done, then shuts down gracefully:
// requests in flight finish (for up to grace), then websockets are closed with a
// close frame.
func Serve(ctx context.Context, ln net.Listener, h http.Handler, grace time.Duration) error {
	base, closeAll := context.WithCancel(context.Background())
	defer closeAll()
	srv := &http.Server{
		Handler:           h,
		BaseContext:       func(net.Listener) context.Context { return base },
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return err
	}
	// Websockets are hijacked connections that Shutdown does not track: cancel
	// their context so each closes with a close frame, and give them a moment.
	closeAll()
	if svc, ok := h.(*Service); ok {
		deadline := time.Now().Add(2 * time.Second)
		for svc.websockets.Load() > 0 && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
