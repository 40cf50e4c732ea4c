package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/exportiva/exportiva/graph"
	"github.com/exportiva/exportiva/internal/mail"
	"github.com/exportiva/exportiva/internal/match"
	"github.com/exportiva/exportiva/internal/media"
	"github.com/exportiva/exportiva/internal/server"
)

// logFlags are the logging flags every command takes.
type logFlags struct {
	format, level *string
	stderr        io.Writer
}

func addLogFlags(fs *flag.FlagSet, stderr io.Writer) *logFlags {
	return &logFlags{
		format: fs.String("log-format", env("EXPORTIVA_LOG_FORMAT", "text"), "log format: text or json (env EXPORTIVA_LOG_FORMAT)"),
		level:  fs.String("log-level", env("EXPORTIVA_LOG_LEVEL", "info"), "log level: debug, info, warn or error (env EXPORTIVA_LOG_LEVEL)"),
		stderr: stderr,
	}
}

// logger is the logger the parsed flags ask for, writing to standard error.
func (l *logFlags) logger() (*slog.Logger, error) {
	var level slog.Level
	if err := level.UnmarshalText([]byte(*l.level)); err != nil {
		return nil, fmt.Errorf("--log-level: %w", err)
	}
	opts := &slog.HandlerOptions{Level: level}
	switch *l.format {
	case "text":
		return slog.New(slog.NewTextHandler(l.stderr, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(l.stderr, opts)), nil
	}
	return nil, fmt.Errorf("--log-format must be text or json, not %q", *l.format)
}

// serveOptions are the flags of `serve`: most set the server's Config
// directly, the others are completed by config.
type serveOptions struct {
	addr            *string
	demo            *bool
	quoteExpiry     *time.Duration
	origins         *string
	trusted         *string
	matchCacheBytes *int
	media           mediaBucket
	maxMediaWork    *int
	smtpURL         *string
	mailFrom        *string
	matchEngine     *string
	legacySignUp    *string
	cfg             server.Config
}

// serveFlags defines the flags of `serve` on fs, each with its environment
// variable.
func serveFlags(fs *flag.FlagSet) *serveOptions {
	o := &serveOptions{cfg: server.DefaultConfig()}
	cfg := &o.cfg
	o.addr = fs.String("addr", env("EXPORTIVA_ADDR", "127.0.0.1:8080"), "listen address (env EXPORTIVA_ADDR)")
	o.legacySignUp = fs.String("legacy-signup", env("EXPORTIVA_LEGACY_SIGNUP", "auto"), "the deprecated signUp mutation, which tells whether an e-mail has an account (CONFLICT): on, off (FORBIDDEN: clients use register), or auto: off in production (env EXPORTIVA_LEGACY_SIGNUP)")
	o.demo = fs.Bool("demo", false, "load the Lamongan demo data into an empty database")
	o.quoteExpiry = fs.Duration("quote-expiry-interval", envDuration("EXPORTIVA_QUOTE_EXPIRY_INTERVAL", time.Minute), "how often pending quotes past their validUntil are marked EXPIRED, 0 for never (env EXPORTIVA_QUOTE_EXPIRY_INTERVAL)")
	fs.BoolVar(&cfg.Production, "production", envBool("EXPORTIVA_PRODUCTION"), "production mode: no introspection, suggestions or playground (env EXPORTIVA_PRODUCTION)")
	o.origins = fs.String("cors-origins", os.Getenv("EXPORTIVA_CORS_ORIGINS"), "comma-separated web origins allowed to call the API (env EXPORTIVA_CORS_ORIGINS)")
	fs.IntVar(&cfg.RateLimitIP, "rate-limit-ip", envInt("EXPORTIVA_RATE_LIMIT_IP", cfg.RateLimitIP), "requests per minute per client address, 0 for none (env EXPORTIVA_RATE_LIMIT_IP)")
	fs.IntVar(&cfg.RateLimitToken, "rate-limit-token", envInt("EXPORTIVA_RATE_LIMIT_TOKEN", cfg.RateLimitToken), "requests per minute per access token, 0 for none (env EXPORTIVA_RATE_LIMIT_TOKEN)")
	fs.IntVar(&cfg.RateLimitWebsocket, "rate-limit-ws", envInt("EXPORTIVA_RATE_LIMIT_WS", cfg.RateLimitWebsocket), "websocket handshakes per minute per client address, counted apart from other requests, 0 for none (env EXPORTIVA_RATE_LIMIT_WS)")
	fs.DurationVar(&cfg.WebsocketMaxLifetime, "ws-max-lifetime", envDuration("EXPORTIVA_WS_MAX_LIFETIME", cfg.WebsocketMaxLifetime), "longest a websocket stays open (its token's expiry ends it sooner), 0 for no limit (env EXPORTIVA_WS_MAX_LIFETIME)")
	fs.DurationVar(&cfg.WebsocketRecheck, "ws-recheck", envDuration("EXPORTIVA_WS_RECHECK", cfg.WebsocketRecheck), "how often open websockets have their token checked again, for revocations no event announced (env EXPORTIVA_WS_RECHECK)")
	fs.DurationVar(&cfg.TokenTTL, "token-ttl", envDuration("EXPORTIVA_TOKEN_TTL", cfg.TokenTTL), "lifetime of access tokens (env EXPORTIVA_TOKEN_TTL)")
	fs.DurationVar(&cfg.RequestTimeout, "request-timeout", envDuration("EXPORTIVA_REQUEST_TIMEOUT", cfg.RequestTimeout), "longest a request may run (env EXPORTIVA_REQUEST_TIMEOUT)")
	fs.IntVar(&cfg.Limits.MaxComplexity, "max-complexity", envInt("EXPORTIVA_MAX_COMPLEXITY", cfg.Limits.MaxComplexity), "highest cost of one operation (env EXPORTIVA_MAX_COMPLEXITY)")
	fs.IntVar(&cfg.MaxImports, "max-imports", envInt("EXPORTIVA_MAX_IMPORTS", cfg.MaxImports), "spreadsheet imports run at once; more wait 2 s, then get SERVICE_UNAVAILABLE (env EXPORTIVA_MAX_IMPORTS)")
	fs.IntVar(&cfg.MatchCacheSize, "match-cache-size", envInt("EXPORTIVA_MATCH_CACHE_SIZE", cfg.MatchCacheSize), "match and lead results kept in memory, 0 for none (env EXPORTIVA_MATCH_CACHE_SIZE)")
	o.matchCacheBytes = fs.Int("match-cache-bytes", envInt("EXPORTIVA_MATCH_CACHE_BYTES", match.DefaultCacheBytes), "memory that cached match and lead results hold at most, in bytes (an outcome over a quarter of it is not kept) (env EXPORTIVA_MATCH_CACHE_BYTES)")
	o.matchEngine = fs.String("match-engine", env("EXPORTIVA_MATCH_ENGINE", string(match.Indexed)), "how matches are ranked: index (candidates and their facts found in an in-memory index of the catalog, rebuilt in the background after writes; topk and compact answer while it is stale), reference (every candidate loaded in full and explained), compact (ranked on compact rows, only the page loaded in full and explained) or topk (candidates judged best bound first, stopping once the first page is certain); same answers (env EXPORTIVA_MATCH_ENGINE)")
	fs.DurationVar(&cfg.MatchCacheTTL, "match-cache-ttl", envDuration("EXPORTIVA_MATCH_CACHE_TTL", cfg.MatchCacheTTL), "longest a cached match or lead result is kept (env EXPORTIVA_MATCH_CACHE_TTL)")
	fs.IntVar(&cfg.ResponseCacheSize, "response-cache-size", envInt("EXPORTIVA_RESPONSE_CACHE_SIZE", cfg.ResponseCacheSize), "responses to anonymous queries kept in memory (at most 16 MiB), 0 for none (env EXPORTIVA_RESPONSE_CACHE_SIZE)")
	fs.DurationVar(&cfg.ResponseCacheTTL, "response-cache-ttl", envDuration("EXPORTIVA_RESPONSE_CACHE_TTL", cfg.ResponseCacheTTL), "longest a response to an anonymous query is kept (env EXPORTIVA_RESPONSE_CACHE_TTL)")
	o.trusted = fs.String("trusted-documents", os.Getenv("EXPORTIVA_TRUSTED_DOCUMENTS"), "JSON manifest of trusted documents (hash → text, GraphQL Code Generator's persisted-documents.json) run by documentId (env EXPORTIVA_TRUSTED_DOCUMENTS)")
	fs.BoolVar(&cfg.TrustedDocumentsOnly, "trusted-documents-only", envBool("EXPORTIVA_TRUSTED_DOCUMENTS_ONLY"), "run only the documents of --trusted-documents: free text and other APQ texts are refused with FORBIDDEN (env EXPORTIVA_TRUSTED_DOCUMENTS_ONLY)")
	fs.BoolVar(&cfg.TrustedDocumentsOnly, "only-trusted-documents", cfg.TrustedDocumentsOnly, "the same as --trusted-documents-only")
	fs.StringVar(&cfg.MetricsAddr, "metrics-addr", env("EXPORTIVA_METRICS_ADDR", "127.0.0.1:9090"), "listen address of /metrics, empty for none; keep it off the public network (env EXPORTIVA_METRICS_ADDR). Outside production /metrics is on --addr too")
	fs.IntVar(&cfg.MaxEvaluations, "max-evaluations", envInt("EXPORTIVA_MAX_EVALUATIONS", cfg.MaxEvaluations), "match and lead evaluations running at once; 0 for twice the processors, -1 for no bound (env EXPORTIVA_MAX_EVALUATIONS)")
	fs.IntVar(&cfg.EvaluationQueue, "evaluation-queue", envInt("EXPORTIVA_EVALUATION_QUEUE", cfg.EvaluationQueue), "evaluations that may wait for a slot, served fairly between clients; 0 for 4 × --max-evaluations (env EXPORTIVA_EVALUATION_QUEUE)")
	fs.DurationVar(&cfg.EvaluationWait, "evaluation-wait", envDuration("EXPORTIVA_EVALUATION_WAIT", cfg.EvaluationWait), "longest an evaluation waits in the queue before RESOURCE_EXHAUSTED; 0 for 500ms (env EXPORTIVA_EVALUATION_WAIT)")
	fs.IntVar(&cfg.Limits.MaxDepth, "max-depth", envInt("EXPORTIVA_MAX_DEPTH", cfg.Limits.MaxDepth), "deepest nesting of one operation (env EXPORTIVA_MAX_DEPTH)")
	o.media = mediaFlags(fs)
	fs.StringVar(&cfg.MediaBaseURL, "media-base-url", os.Getenv("EXPORTIVA_MEDIA_BASE_URL"), "put before the paths of picture URLs, e.g. a CDN in front of /media/; empty keeps them relative (env EXPORTIVA_MEDIA_BASE_URL)")
	o.maxMediaWork = fs.Int("max-media-work", envInt("EXPORTIVA_MAX_MEDIA_WORK", media.DefaultMaxWork), "pictures decoded, resized or encoded at once; more wait 5 s, then get SERVICE_UNAVAILABLE (env EXPORTIVA_MAX_MEDIA_WORK)")
	o.smtpURL = fs.String("smtp-url", os.Getenv("EXPORTIVA_SMTP_URL"), "SMTP server of outgoing e-mail: smtp://user:password@host:587 (STARTTLS required; ?tls=opportunistic or ?tls=none for a local relay), smtps://… (TLS), or log: (development: e-mails written to the log); empty: e-mails stay queued (env EXPORTIVA_SMTP_URL)")
	o.mailFrom = fs.String("mail-from", env("EXPORTIVA_MAIL_FROM", ""), "sender address of e-mails, e.g. \"Exportiva <noreply@exportiva.id>\" (env EXPORTIVA_MAIL_FROM)")
	fs.StringVar(&cfg.AppURL, "app-url", env("EXPORTIVA_APP_URL", cfg.AppURL), "base address of the web app; the links of e-mails point there (env EXPORTIVA_APP_URL)")
	fs.DurationVar(&cfg.OutboxInterval, "outbox-interval", envDuration("EXPORTIVA_OUTBOX_INTERVAL", cfg.OutboxInterval), "how often due outbox items (e-mails, lead fan-outs) are looked for; a local commit wakes the worker at once (env EXPORTIVA_OUTBOX_INTERVAL)")
	fs.BoolVar(&cfg.WebhookTargets.AllowInsecure, "webhook-allow-private", envBool("EXPORTIVA_WEBHOOK_ALLOW_PRIVATE"), "let webhook endpoints be http:// and on loopback or private addresses (tests and development; refused with --production) (env EXPORTIVA_WEBHOOK_ALLOW_PRIVATE)")
	fs.DurationVar(&cfg.WebhookTimeout, "webhook-timeout", envDuration("EXPORTIVA_WEBHOOK_TIMEOUT", 15*time.Second), "longest one webhook delivery attempt takes (env EXPORTIVA_WEBHOOK_TIMEOUT)")
	fs.DurationVar(&cfg.WebhookLease, "webhook-lease", envDuration("EXPORTIVA_WEBHOOK_LEASE", time.Minute), "how long a replica's claim on a webhook endpoint lasts without renewal; a replica that dies leaves its endpoints to others after it (env EXPORTIVA_WEBHOOK_LEASE)")
	fs.DurationVar(&cfg.WebhookRetryBase, "webhook-retry-base", envDuration("EXPORTIVA_WEBHOOK_RETRY_BASE", 30*time.Second), "wait after a webhook delivery's first failure, doubling after each (at most 4h) (env EXPORTIVA_WEBHOOK_RETRY_BASE)")
	fs.DurationVar(&cfg.WebhookRetryWindow, "webhook-retry-window", envDuration("EXPORTIVA_WEBHOOK_RETRY_WINDOW", 24*time.Hour), "how long a webhook delivery is retried before it fails, its endpoint is disabled and its owner notified (env EXPORTIVA_WEBHOOK_RETRY_WINDOW)")
	fs.IntVar(&cfg.DigestHour, "digest-hour", envInt("EXPORTIVA_DIGEST_HOUR", cfg.DigestHour), "UTC hour of the daily digest e-mails (1 = 08:00 WIB) (env EXPORTIVA_DIGEST_HOUR)")
	fs.DurationVar(&cfg.VerificationSweep, "verification-sweep", envDuration("EXPORTIVA_VERIFICATION_SWEEP", cfg.VerificationSweep), "how often verifications that ran out are cleared from the catalog's verified filter and the expiry notices (30 days ahead) are sent; 0 turns it off (env EXPORTIVA_VERIFICATION_SWEEP)")
	fs.DurationVar(&cfg.ResponseRefresh, "response-refresh", envDuration("EXPORTIVA_RESPONSE_REFRESH", cfg.ResponseRefresh), "how often the producers' and buyers' response rates and median first-reply times are recomputed (every replica); 0 turns it off (env EXPORTIVA_RESPONSE_REFRESH)")
	return o
}

// mailer completes the e-mail settings once the logger exists (log: writes
// e-mails to it).
func (o *serveOptions) mailer(cfg *server.Config, log *slog.Logger) error {
	if cfg.DigestHour < 0 || cfg.DigestHour > 23 {
		return errors.New("--digest-hour is an hour from 0 to 23")
	}
	if cfg.OutboxInterval <= 0 {
		return errors.New("--outbox-interval must be positive")
	}
	if cfg.ResponseRefresh < 0 {
		return errors.New("--response-refresh must be positive, or 0 for none")
	}
	if cfg.VerificationSweep < 0 {
		return errors.New("--verification-sweep must be positive, or 0 for none")
	}
	if cfg.WebhookTargets.AllowInsecure && cfg.Production {
		return errors.New("--webhook-allow-private lets webhooks reach the internal network: not in production")
	}
	for name, d := range map[string]time.Duration{"--webhook-timeout": cfg.WebhookTimeout, "--webhook-lease": cfg.WebhookLease,
		"--webhook-retry-base": cfg.WebhookRetryBase, "--webhook-retry-window": cfg.WebhookRetryWindow} {
		if d <= 0 {
			return fmt.Errorf("%s must be positive", name)
		}
	}
	switch {
	case *o.smtpURL == "log:":
		if cfg.Production {
			return errors.New("--smtp-url log: writes one-time links to the log: not in production")
		}
		cfg.Mailer = mail.Log{Logger: log}
	case *o.smtpURL != "":
		s, err := mail.NewSMTP(*o.smtpURL, *o.mailFrom)
		if err != nil {
			return err
		}
		cfg.Mailer = s
	case cfg.Production:
		log.Warn("no --smtp-url: e-mails (verification, password reset, notifications) stay queued until a replica with --smtp-url sends them")
	}
	return nil
}

// config completes the server's configuration from the parsed flags and
// refuses combinations that cannot work.
func (o *serveOptions) config() (server.Config, error) {
	cfg := o.cfg
	if *o.matchCacheBytes <= 0 {
		return cfg, fmt.Errorf("--match-cache-bytes must be positive (use --match-cache-size 0 to keep no results)")
	}
	cfg.MatchCacheBytes = int64(*o.matchCacheBytes)
	engine, err := match.ParseEngine(*o.matchEngine)
	if err != nil {
		return cfg, fmt.Errorf("--match-engine: %w", err)
	}
	cfg.MatchEngine = engine
	switch *o.legacySignUp {
	case "on":
	case "off":
		cfg.SignUpOff = true
	case "auto":
		cfg.SignUpOff = cfg.Production
	default:
		return cfg, fmt.Errorf("--legacy-signup is on, off or auto, not %q", *o.legacySignUp)
	}
	if *o.origins != "" {
		cfg.CORSOrigins = strings.Split(*o.origins, ",")
	}
	if *o.trusted != "" {
		docs, err := graph.LoadTrustedDocuments(*o.trusted)
		if err != nil {
			return cfg, err
		}
		cfg.TrustedDocuments = docs
	}
	if cfg.TrustedDocumentsOnly && cfg.TrustedDocuments.Len() == 0 {
		return cfg, errors.New("--trusted-documents-only needs --trusted-documents FILE with at least one document")
	}
	cfg.Demo = *o.demo
	return cfg, nil
}

// serveCommand runs `serve`: its flags on fs (which holds the common ones),
// then the service until ctx is done.
func serveCommand(ctx context.Context, fs *flag.FlagSet, database *string, logs *logFlags, args []string, stdout io.Writer) (err error) {
	o := serveFlags(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg, err := o.config()
	if err != nil {
		return err
	}
	log, err := logs.logger()
	if err != nil {
		return err
	}
	pics, err := o.media.open(ctx, *database, *o.maxMediaWork)
	if err != nil {
		return err
	}
	defer closeInto(&err, pics)
	cfg.Media = pics
	if err := o.mailer(&cfg, log); err != nil {
		return err
	}
	return serve(ctx, log, *o.addr, *database, *o.demo, *o.quoteExpiry, cfg, stdout)
}
