// Command exportiva runs the Exportiva service and its operator tasks.
//
//	exportiva serve   [--addr HOST:PORT] [--database PATH_OR_URL] [--demo] [--quote-expiry-interval D] …
//	exportiva migrate [status] [--dry-run] [--database PATH_OR_URL]
//	exportiva seed --demo|--synthetic [--database PATH_OR_URL]
//	exportiva admin create|disable-account|enable-account|revoke-sessions --email EMAIL
//	exportiva import products --producer ID [--dry-run] [--partial] FILE
//	exportiva import template FILE.xlsx|FILE.csv
//	exportiva version
//
// serve also runs the quote expiry job (pending quotes past their validUntil become
// EXPIRED) every --quote-expiry-interval.
//
// --addr and --database default to $EXPORTIVA_ADDR and $EXPORTIVA_DATABASE, then to
// 127.0.0.1:8080 and exportiva.db in the working directory.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"os/signal"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/graph"
	"github.com/exportiva/exportiva/internal/auth"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/demo"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/events"
	"github.com/exportiva/exportiva/internal/mail"
	"github.com/exportiva/exportiva/internal/match"
	"github.com/exportiva/exportiva/internal/server"
	"github.com/exportiva/exportiva/internal/store"
	"github.com/exportiva/exportiva/internal/trade"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "exportiva:", err)
		os.Exit(1)
	}
}

const usage = `usage: exportiva <command> [flags]

commands:
  serve     run the GraphQL service
  migrate   apply the pending schema migrations (migrate --dry-run: print them;
            migrate status: applied and pending migrations; serve also migrates on start)
  seed      load data (--demo: the Lamongan demo and its accounts)
  admin     manage accounts: create a trade officer, disable or enable an account,
            revoke its sessions (admin create|disable-account|enable-account|revoke-sessions --email …)
  import    import a producer's products from XLSX or CSV (import products --producer ID FILE),
            or write the template (import template FILE.xlsx)
  version   print the version
`

func envBool(name string) bool {
	v := strings.ToLower(os.Getenv(name))
	return v == "1" || v == "true" || v == "yes"
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil {
		return v
	}
	return def
}

func envDuration(name string, def time.Duration) time.Duration {
	if v, err := time.ParseDuration(os.Getenv(name)); err == nil {
		return v
	}
	return def
}

func env(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errors.New("no command given")
	}
	cmd, args := args[0], args[1:]
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	database := fs.String("database", env("EXPORTIVA_DATABASE", "exportiva.db"), "SQLite file path or postgres:// URL (env EXPORTIVA_DATABASE)")
	logFormat := fs.String("log-format", env("EXPORTIVA_LOG_FORMAT", "text"), "log format: text or json (env EXPORTIVA_LOG_FORMAT)")
	logLevel := fs.String("log-level", env("EXPORTIVA_LOG_LEVEL", "info"), "log level: debug, info, warn or error (env EXPORTIVA_LOG_LEVEL)")
	var log *slog.Logger
	newLogger := func() error {
		var level slog.Level
		if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
			return fmt.Errorf("--log-level: %w", err)
		}
		opts := &slog.HandlerOptions{Level: level}
		switch *logFormat {
		case "text":
			log = slog.New(slog.NewTextHandler(stderr, opts))
		case "json":
			log = slog.New(slog.NewJSONHandler(stderr, opts))
		default:
			return fmt.Errorf("--log-format must be text or json, not %q", *logFormat)
		}
		return nil
	}
	switch cmd {
	case "serve":
		addr := fs.String("addr", env("EXPORTIVA_ADDR", "127.0.0.1:8080"), "listen address (env EXPORTIVA_ADDR)")
		withDemo := fs.Bool("demo", false, "load the Lamongan demo data into an empty database")
		quoteExpiry := fs.Duration("quote-expiry-interval", envDuration("EXPORTIVA_QUOTE_EXPIRY_INTERVAL", time.Minute), "how often pending quotes past their validUntil are marked EXPIRED, 0 for never (env EXPORTIVA_QUOTE_EXPIRY_INTERVAL)")
		cfg := server.DefaultConfig()
		fs.BoolVar(&cfg.Production, "production", envBool("EXPORTIVA_PRODUCTION"), "production mode: no introspection, suggestions or playground (env EXPORTIVA_PRODUCTION)")
		origins := fs.String("cors-origins", os.Getenv("EXPORTIVA_CORS_ORIGINS"), "comma-separated web origins allowed to call the API (env EXPORTIVA_CORS_ORIGINS)")
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
		matchCacheBytes := fs.Int("match-cache-bytes", envInt("EXPORTIVA_MATCH_CACHE_BYTES", match.DefaultCacheBytes), "memory that cached match and lead results hold at most, in bytes (an outcome over a quarter of it is not kept) (env EXPORTIVA_MATCH_CACHE_BYTES)")
		fs.DurationVar(&cfg.MatchCacheTTL, "match-cache-ttl", envDuration("EXPORTIVA_MATCH_CACHE_TTL", cfg.MatchCacheTTL), "longest a cached match or lead result is kept (env EXPORTIVA_MATCH_CACHE_TTL)")
		fs.IntVar(&cfg.ResponseCacheSize, "response-cache-size", envInt("EXPORTIVA_RESPONSE_CACHE_SIZE", cfg.ResponseCacheSize), "responses to anonymous queries kept in memory (at most 16 MiB), 0 for none (env EXPORTIVA_RESPONSE_CACHE_SIZE)")
		fs.DurationVar(&cfg.ResponseCacheTTL, "response-cache-ttl", envDuration("EXPORTIVA_RESPONSE_CACHE_TTL", cfg.ResponseCacheTTL), "longest a response to an anonymous query is kept (env EXPORTIVA_RESPONSE_CACHE_TTL)")
		trusted := fs.String("trusted-documents", os.Getenv("EXPORTIVA_TRUSTED_DOCUMENTS"), "JSON manifest of trusted documents (hash → text, GraphQL Code Generator's persisted-documents.json) run by documentId (env EXPORTIVA_TRUSTED_DOCUMENTS)")
		fs.BoolVar(&cfg.TrustedDocumentsOnly, "trusted-documents-only", envBool("EXPORTIVA_TRUSTED_DOCUMENTS_ONLY"), "run only the documents of --trusted-documents: free text and other APQ texts are refused with FORBIDDEN (env EXPORTIVA_TRUSTED_DOCUMENTS_ONLY)")
		fs.BoolVar(&cfg.TrustedDocumentsOnly, "only-trusted-documents", cfg.TrustedDocumentsOnly, "the same as --trusted-documents-only")
		fs.StringVar(&cfg.MetricsAddr, "metrics-addr", env("EXPORTIVA_METRICS_ADDR", "127.0.0.1:9090"), "listen address of /metrics, empty for none; keep it off the public network (env EXPORTIVA_METRICS_ADDR). Outside production /metrics is on --addr too")
		fs.IntVar(&cfg.MaxEvaluations, "max-evaluations", envInt("EXPORTIVA_MAX_EVALUATIONS", cfg.MaxEvaluations), "match and lead evaluations running at once; 0 for twice the processors, -1 for no bound (env EXPORTIVA_MAX_EVALUATIONS)")
		fs.IntVar(&cfg.Limits.MaxDepth, "max-depth", envInt("EXPORTIVA_MAX_DEPTH", cfg.Limits.MaxDepth), "deepest nesting of one operation (env EXPORTIVA_MAX_DEPTH)")
		smtpURL := fs.String("smtp-url", os.Getenv("EXPORTIVA_SMTP_URL"), "SMTP server of outgoing e-mail: smtp://user:password@host:587 (STARTTLS required; ?tls=opportunistic or ?tls=none for a local relay), smtps://… (TLS), or log: (development: e-mails written to the log); empty: e-mails stay queued (env EXPORTIVA_SMTP_URL)")
		mailFrom := fs.String("mail-from", env("EXPORTIVA_MAIL_FROM", ""), "sender address of e-mails, e.g. \"Exportiva <noreply@exportiva.id>\" (env EXPORTIVA_MAIL_FROM)")
		fs.StringVar(&cfg.AppURL, "app-url", env("EXPORTIVA_APP_URL", cfg.AppURL), "base address of the web app; the links of e-mails point there (env EXPORTIVA_APP_URL)")
		fs.DurationVar(&cfg.OutboxInterval, "outbox-interval", envDuration("EXPORTIVA_OUTBOX_INTERVAL", cfg.OutboxInterval), "how often due outbox items (e-mails, lead fan-outs) are looked for; a local commit wakes the worker at once (env EXPORTIVA_OUTBOX_INTERVAL)")
		fs.IntVar(&cfg.DigestHour, "digest-hour", envInt("EXPORTIVA_DIGEST_HOUR", cfg.DigestHour), "UTC hour of the daily digest e-mails (1 = 08:00 WIB) (env EXPORTIVA_DIGEST_HOUR)")
		if err := fs.Parse(args); err != nil {
			return err
		}
		if err := newLogger(); err != nil {
			return err
		}
		if cfg.DigestHour < 0 || cfg.DigestHour > 23 {
			return errors.New("--digest-hour is an hour from 0 to 23")
		}
		if cfg.OutboxInterval <= 0 {
			return errors.New("--outbox-interval must be positive")
		}
		switch {
		case *smtpURL == "log:":
			if cfg.Production {
				return errors.New("--smtp-url log: writes one-time links to the log: not in production")
			}
			cfg.Mailer = mail.Log{Logger: log}
		case *smtpURL != "":
			s, err := mail.NewSMTP(*smtpURL, *mailFrom)
			if err != nil {
				return err
			}
			cfg.Mailer = s
		case cfg.Production:
			log.Warn("no --smtp-url: e-mails (verification, password reset, notifications) stay queued until a replica with --smtp-url sends them")
		}
		if *matchCacheBytes <= 0 {
			return fmt.Errorf("--match-cache-bytes must be positive (use --match-cache-size 0 to keep no results)")
		}
		cfg.MatchCacheBytes = int64(*matchCacheBytes)
		if *origins != "" {
			cfg.CORSOrigins = strings.Split(*origins, ",")
		}
		if *trusted != "" {
			docs, err := graph.LoadTrustedDocuments(*trusted)
			if err != nil {
				return err
			}
			cfg.TrustedDocuments = docs
		}
		if cfg.TrustedDocumentsOnly && cfg.TrustedDocuments.Len() == 0 {
			return errors.New("--trusted-documents-only needs --trusted-documents FILE with at least one document")
		}
		cfg.Demo = *withDemo
		return serve(ctx, log, *addr, *database, *withDemo, *quoteExpiry, cfg, stdout)
	case "migrate":
		status := len(args) > 0 && args[0] == "status"
		if status {
			args = args[1:]
		}
		dryRun := fs.Bool("dry-run", false, "print the pending migrations and their statements, change nothing")
		if err := fs.Parse(args); err != nil {
			return err
		}
		return migrateCommand(ctx, *database, status, *dryRun, stdout)
	case "seed":
		withDemo := fs.Bool("demo", false, "load the Lamongan demo data")
		synthetic := fs.Bool("synthetic", false, "load a synthetic Lamongan at scale (deterministic for a seed)")
		o := demo.DefaultSynthetic()
		fs.IntVar(&o.Producers, "producers", o.Producers, "synthetic producers")
		fs.IntVar(&o.Products, "products", o.Products, "synthetic products")
		fs.IntVar(&o.Buyers, "buyers", o.Buyers, "synthetic buyers")
		fs.IntVar(&o.BuyRequests, "buy-requests", o.BuyRequests, "synthetic buy requests")
		fs.IntVar(&o.ExportRecords, "export-records", o.ExportRecords, "synthetic export records")
		fs.Uint64Var(&o.Seed, "seed", o.Seed, "random seed of the synthetic data")
		if err := fs.Parse(args); err != nil {
			return err
		}
		if *withDemo == *synthetic {
			return errors.New("seed: say what to load: --demo or --synthetic")
		}
		db, err := openMigrated(ctx, *database)
		if err != nil {
			return err
		}
		defer db.Close()
		if *withDemo {
			return loadDemo(ctx, db, stdout)
		}
		start := time.Now()
		s, err := demo.Synthetic(ctx, db.Client, o, time.Now())
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "synthetic (seed %d): %s in %s\n", o.Seed, s, time.Since(start).Round(time.Millisecond))
		return nil
	case "admin":
		return adminCommand(ctx, args, stdout, stderr)
	case "import":
		return importCommand(ctx, args, stdout, stderr)
	case "version":
		fmt.Fprintln(stdout, "exportiva", buildVersion())
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", cmd)
}

func buildVersion() string {
	if version != "dev" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" {
				return "dev-" + s.Value[:min(12, len(s.Value))]
			}
		}
	}
	return version
}

// expireQuotes runs the quote expiry job until the returned stop is called (every
// replica runs it; a quote is expired once). Each expiry is announced on the
// inquiry's topic, so the parties' subscriptions see it.
func expireQuotes(ctx context.Context, db *store.DB, bus events.Bus, every time.Duration, log *slog.Logger) (stop func()) {
	ctx, cancel := context.WithCancel(authz.System(ctx))
	done := make(chan struct{})
	go func() {
		defer close(done)
		trade.RunQuoteExpiry(ctx, db.Client, every, time.Now, func(q *ent.Quote) {
			if err := bus.Publish(context.WithoutCancel(ctx), events.Event{Topic: events.InquiryUpdated, ID: q.InquiryID}); err != nil {
				log.WarnContext(ctx, "publishing event", "topic", events.InquiryUpdated, "id", q.InquiryID, "err", err.Error())
			}
		}, log)
	}()
	return func() { cancel(); <-done }
}

// loadDemo loads the demo data and its accounts, and prints both.
func loadDemo(ctx context.Context, db *store.DB, stdout io.Writer) error {
	s, err := demo.Load(ctx, db.Client, time.Now())
	if err != nil {
		return fmt.Errorf("loading demo data: %w", err)
	}
	fmt.Fprintln(stdout, "demo:", s)
	accounts, err := demo.Accounts(ctx, db.Client, auth.New(db.Client))
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "demo accounts (password %q):\n", demo.Password)
	for _, a := range accounts {
		fmt.Fprintf(stdout, "  %-32s %-9s %s\n", a.Email, a.Role, a.Of)
	}
	return nil
}

// adminUsage lists the admin subcommands.
const adminUsage = `usage:
  exportiva admin create --email EMAIL [--name NAME]   create a trade-office account
                        (password from $EXPORTIVA_ADMIN_PASSWORD or stdin)
  exportiva admin disable-account --email EMAIL        refuse the account's sign-in and tokens,
                        and close its websockets
  exportiva admin enable-account --email EMAIL         allow the account to sign in again
  exportiva admin revoke-sessions --email EMAIL        revoke every token of the account,
                        and close its websockets`

// adminCommand runs the operator's account commands. `admin create` reads the
// password from $EXPORTIVA_ADMIN_PASSWORD or the first line of standard input
// (never from a flag, which would land in shell history and process lists).
// Revocations reach running servers through the event bus on PostgreSQL at
// once; on SQLite, servers find them at their next check of open websockets.
func adminCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return errors.New(adminUsage)
	}
	sub := args[0]
	fs := flag.NewFlagSet("admin "+sub, flag.ContinueOnError)
	fs.SetOutput(stderr)
	database := fs.String("database", env("EXPORTIVA_DATABASE", "exportiva.db"), "SQLite file path or postgres:// URL")
	email := fs.String("email", "", "e-mail address of the account")
	name := fs.String("name", "Trade office", "display name (admin create)")
	switch sub {
	case "create", "disable-account", "enable-account", "revoke-sessions":
	default:
		return errors.New(adminUsage)
	}
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *email == "" {
		return fmt.Errorf("admin %s: --email is required", sub)
	}
	var password string
	if sub == "create" {
		password = os.Getenv("EXPORTIVA_ADMIN_PASSWORD")
		if password == "" {
			line, err := bufio.NewReader(stdin).ReadString('\n')
			if err != nil && line == "" {
				return errors.New("admin create: give the password in $EXPORTIVA_ADMIN_PASSWORD or on standard input")
			}
			password = strings.TrimRight(line, "\r\n")
		}
	}
	db, err := openMigrated(ctx, *database)
	if err != nil {
		return err
	}
	defer db.Close()
	a := auth.New(db.Client)
	if store.IsPostgres(*database) {
		bus := events.NewPostgres(*database, slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
		defer bus.Close()
		a.Bus = bus
	}
	if sub == "create" {
		acc, err := a.Create(ctx, *email, password, *name, domain.RoleAdmin)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "admin account %s created\n", acc.Email)
		return nil
	}
	acc, err := a.ByEmail(ctx, *email)
	if err != nil {
		return err
	}
	switch sub {
	case "disable-account":
		if err := a.SetDisabled(ctx, acc.ID, true); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "account %s disabled; its tokens are revoked\n", acc.Email)
	case "enable-account":
		if err := a.SetDisabled(ctx, acc.ID, false); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "account %s enabled\n", acc.Email)
	case "revoke-sessions":
		n, err := a.RevokeAll(ctx, acc.ID)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "account %s: %d sessions revoked\n", acc.Email, n)
	}
	return nil
}

func pprofMux() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/heap", pprof.Index)
	return mux
}

// stdin is standard input, replaceable in tests.
var stdin io.Reader = os.Stdin

func openMigrated(ctx context.Context, dsn string) (*store.DB, error) {
	db, err := store.Open(dsn)
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("migrating: %w", err)
	}
	return db, nil
}

// migrateCommand applies the pending migrations, or with status or dryRun says
// where the database stands and what would run.
func migrateCommand(ctx context.Context, dsn string, status, dryRun bool, stdout io.Writer) error {
	db, err := store.Open(dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	if !status && !dryRun {
		before, err := db.MigrationStatus(ctx)
		if err != nil {
			return fmt.Errorf("migrating: %w", err)
		}
		if err := db.Migrate(ctx); err != nil {
			return fmt.Errorf("migrating: %w", err)
		}
		if before.Baseline != "" {
			fmt.Fprintf(stdout, "database of the previous release: schema verified, baseline %s recorded\n", before.Baseline)
		}
		for _, f := range before.Pending {
			fmt.Fprintln(stdout, "applied", f.Name)
		}
		fmt.Fprintln(stdout, "schema is up to date")
		return nil
	}
	st, err := db.MigrationStatus(ctx)
	if err != nil {
		return err
	}
	if status {
		for _, r := range st.Applied {
			how := "applied"
			if r.Baseline {
				how = "baseline (created by the previous release)"
			}
			fmt.Fprintf(stdout, "%s  %-12s %s  %s\n", r.Version, r.Description, how, r.ExecutedAt.UTC().Format(time.RFC3339))
		}
		for _, v := range st.Ahead {
			fmt.Fprintf(stdout, "%s  applied by a newer release (unknown to this binary; it only added)\n", v)
		}
	}
	if st.Baseline != "" {
		fmt.Fprintf(stdout, "database of the previous release: schema verified; baseline %s would be recorded, not run\n", st.Baseline)
	}
	for _, f := range st.Pending {
		fmt.Fprintln(stdout, "pending", f.Name)
		if dryRun {
			for _, s := range f.Stmts {
				fmt.Fprintf(stdout, "  %s\n", strings.TrimSpace(s))
			}
		}
	}
	if len(st.Pending) == 0 && st.Baseline == "" {
		fmt.Fprintln(stdout, "schema is up to date")
	}
	return nil
}

func serve(ctx context.Context, log *slog.Logger, addr, dsn string, withDemo bool, quoteExpiry time.Duration, cfg server.Config, stdout io.Writer) error {
	db, err := openMigrated(ctx, dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	if withDemo {
		if err := loadDemo(ctx, db, stdout); err != nil {
			return err
		}
	}
	if addr := os.Getenv("EXPORTIVA_PPROF_ADDR"); addr != "" {
		// Profiling for benchmarks only: never expose it beyond the machine.
		go func() { _ = http.ListenAndServe(addr, pprofMux()) }() //nolint:gosec
		fmt.Fprintf(stdout, "pprof on http://%s/debug/pprof/\n", addr)
	}
	if store.IsPostgres(dsn) {
		bus := events.NewPostgres(dsn, log)
		defer bus.Close()
		cfg.Bus = bus
	}
	if cfg.Bus == nil {
		// One process: the server and the expiry job share an in-process bus.
		bus := events.NewLocal()
		defer bus.Close()
		cfg.Bus = bus
	}
	if quoteExpiry > 0 {
		stop := expireQuotes(ctx, db, cfg.Bus, quoteExpiry, log)
		defer stop()
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	mode := "development"
	if cfg.Production {
		mode = "production"
	}
	fmt.Fprintf(stdout, "mode: %s\n", mode)
	fmt.Fprintf(stdout, "Exportiva %s serving on %s (%s)\n  GraphQL API:  http://%s/query\n  Playground:   http://%s/\n",
		buildVersion(), ln.Addr(), db.Dialect, ln.Addr(), ln.Addr())
	if cfg.TrustedDocuments != nil {
		only := ""
		if cfg.TrustedDocumentsOnly {
			only = ", nothing else runs"
		}
		fmt.Fprintf(stdout, "  Trusted documents: %d%s\n", cfg.TrustedDocuments.Len(), only)
	}
	svc := server.New(db, log, cfg)
	go svc.Background(ctx)
	if metricsAddr := cfg.MetricsAddr; metricsAddr != "" {
		mln, err := net.Listen("tcp", metricsAddr)
		switch {
		case err == nil:
			fmt.Fprintf(stdout, "  Metrics:      http://%s/metrics\n", mln.Addr())
			mux := http.NewServeMux()
			mux.Handle("/metrics", svc.Metrics)
			go func() { _ = server.Serve(ctx, mln, mux, time.Second) }()
		case cfg.Production:
			return fmt.Errorf("--metrics-addr: %w", err)
		default:
			// Another instance on this machine has the port: development keeps
			// /metrics on the service's port.
			log.Warn("metrics listener not started; /metrics stays on the service's port", "addr", metricsAddr, "err", err.Error())
		}
	}
	return server.Serve(ctx, ln, svc, 15*time.Second)
}
