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
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/internal/auth"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/demo"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/events"
	"github.com/exportiva/exportiva/internal/media"
	"github.com/exportiva/exportiva/internal/server"
	"github.com/exportiva/exportiva/internal/store"
	"github.com/exportiva/exportiva/internal/trade"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
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
	logs := addLogFlags(fs, stderr)
	switch cmd {
	case "serve":
		return serveCommand(ctx, fs, database, logs, args, stdout)
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
		return seedCommand(ctx, fs, database, args, stdout)
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
func loadDemo(ctx context.Context, db *store.DB, pics *media.Store, stdout io.Writer) error {
	s, err := demo.Load(ctx, db.Client, time.Now())
	if err != nil {
		return fmt.Errorf("loading demo data: %w", err)
	}
	fmt.Fprintln(stdout, "demo:", s)
	if pics != nil {
		n, err := demo.Pictures(ctx, db.Client, pics)
		if err != nil {
			return fmt.Errorf("drawing the demo pictures: %w", err)
		}
		fmt.Fprintf(stdout, "demo pictures: %d\n", n)
	}
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
func adminCommand(ctx context.Context, args []string, stdout, stderr io.Writer) (err error) {
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
	defer closeInto(&err, db)
	a := auth.New(db.Client)
	if store.IsPostgres(*database) {
		bus := events.NewPostgres(*database, slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
		defer closeInto(&err, bus)
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
		return nil, errors.Join(fmt.Errorf("migrating: %w", err), db.Close())
	}
	return db, nil
}

// migrateCommand applies the pending migrations, or with status or dryRun says
// where the database stands and what would run.
func migrateCommand(ctx context.Context, dsn string, status, dryRun bool, stdout io.Writer) (err error) {
	db, err := store.Open(dsn)
	if err != nil {
		return err
	}
	defer closeInto(&err, db)
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

func serve(ctx context.Context, log *slog.Logger, addr, dsn string, withDemo bool, quoteExpiry time.Duration, cfg server.Config, stdout io.Writer) (err error) {
	db, err := openMigrated(ctx, dsn)
	if err != nil {
		return err
	}
	defer closeInto(&err, db)
	if withDemo {
		if err := loadDemo(ctx, db, cfg.Media, stdout); err != nil {
			return err
		}
	}
	startPprof(stdout)
	if cfg.Bus == nil {
		bus := openBus(dsn, log)
		defer closeInto(&err, bus)
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
	printBanner(stdout, ln.Addr(), db.Dialect, cfg)
	svc := server.New(db, log, cfg)
	go svc.Background(ctx)
	if err := serveMetrics(ctx, cfg, svc.Metrics, stdout, log); err != nil {
		return err
	}
	return server.Serve(ctx, ln, svc, 15*time.Second)
}

// startPprof serves the profiler on $EXPORTIVA_PPROF_ADDR, when set.
func startPprof(stdout io.Writer) {
	if addr := os.Getenv("EXPORTIVA_PPROF_ADDR"); addr != "" {
		// Profiling for benchmarks only: never expose it beyond the machine.
		go func() { _ = http.ListenAndServe(addr, pprofMux()) }() //nolint:gosec
		fmt.Fprintf(stdout, "pprof on http://%s/debug/pprof/\n", addr)
	}
}

// openBus is the event bus of the database: PostgreSQL's LISTEN/NOTIFY, which
// reaches every replica, or, in one process on SQLite, an in-process bus that
// the server and the expiry job share.
func openBus(dsn string, log *slog.Logger) events.Bus {
	if store.IsPostgres(dsn) {
		return events.NewPostgres(dsn, log)
	}
	return events.NewLocal()
}

// printBanner says where the service listens, in which mode, on which
// database, and how many trusted documents it runs.
func printBanner(stdout io.Writer, addr net.Addr, dialect string, cfg server.Config) {
	mode := "development"
	if cfg.Production {
		mode = "production"
	}
	fmt.Fprintf(stdout, "mode: %s\n", mode)
	fmt.Fprintf(stdout, "Exportiva %s serving on %s (%s)\n  GraphQL API:  http://%s/query\n  Playground:   http://%s/\n",
		buildVersion(), addr, dialect, addr, addr)
	if cfg.TrustedDocuments != nil {
		only := ""
		if cfg.TrustedDocumentsOnly {
			only = ", nothing else runs"
		}
		fmt.Fprintf(stdout, "  Trusted documents: %d%s\n", cfg.TrustedDocuments.Len(), only)
	}
}

// serveMetrics serves /metrics on --metrics-addr until ctx is done. A taken
// port fails production; development keeps /metrics on the service's port.
func serveMetrics(ctx context.Context, cfg server.Config, metrics http.Handler, stdout io.Writer, log *slog.Logger) error {
	if cfg.MetricsAddr == "" {
		return nil
	}
	mln, err := net.Listen("tcp", cfg.MetricsAddr)
	switch {
	case err == nil:
		fmt.Fprintf(stdout, "  Metrics:      http://%s/metrics\n", mln.Addr())
		mux := http.NewServeMux()
		mux.Handle("/metrics", metrics)
		go func() { _ = server.Serve(ctx, mln, mux, time.Second) }()
	case cfg.Production:
		return fmt.Errorf("--metrics-addr: %w", err)
	default:
		// Another instance on this machine has the port.
		log.Warn("metrics listener not started; /metrics stays on the service's port", "addr", cfg.MetricsAddr, "err", err.Error())
	}
	return nil
}

// mediaBucket is the --media-bucket flag.
type mediaBucket struct{ url *string }

func mediaFlags(fs *flag.FlagSet) mediaBucket {
	return mediaBucket{url: fs.String("media-bucket", os.Getenv("EXPORTIVA_MEDIA_BUCKET"),
		"where pictures are kept, as a bucket URL: file:///dir, s3://bucket?region=…&endpoint=… (AWS credentials from the environment) or mem://; "+
			"by default a directory beside the SQLite file (NAME-media), or ./exportiva-media with PostgreSQL (env EXPORTIVA_MEDIA_BUCKET)")}
}

// open opens the bucket the flag names, or the default one for the database.
func (b mediaBucket) open(ctx context.Context, database string, maxWork int) (*media.Store, error) {
	url := *b.url
	if url == "" {
		dir := "exportiva-media"
		if !store.IsPostgres(database) {
			base := strings.TrimSuffix(filepath.Base(database), filepath.Ext(database))
			dir = filepath.Join(filepath.Dir(database), base+"-media")
		}
		abs, err := filepath.Abs(dir)
		if err != nil {
			return nil, err
		}
		url = "file://" + filepath.ToSlash(abs) + "?create_dir=1"
	}
	bucket, err := media.OpenBucket(ctx, url)
	if err != nil {
		return nil, err
	}
	return media.NewStore(bucket, maxWork), nil
}
