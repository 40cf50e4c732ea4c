// Command exportiva runs the Exportiva service and its operator tasks.
//
//	exportiva serve   [--addr HOST:PORT] [--database PATH_OR_URL] [--demo]
//	exportiva migrate [--database PATH_OR_URL]
//	exportiva seed --demo [--database PATH_OR_URL]
//	exportiva version
//
// --addr and --database default to $EXPORTIVA_ADDR and $EXPORTIVA_DATABASE, then to
// 127.0.0.1:8080 and exportiva.db in the working directory.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	"time"

	"github.com/exportiva/exportiva/internal/demo"
	"github.com/exportiva/exportiva/internal/server"
	"github.com/exportiva/exportiva/internal/store"
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
  migrate   create or update the database schema
  seed      load data (--demo: the Lamongan demo)
  version   print the version
`

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
	log := slog.New(slog.NewTextHandler(stderr, nil))
	switch cmd {
	case "serve":
		addr := fs.String("addr", env("EXPORTIVA_ADDR", "127.0.0.1:8080"), "listen address (env EXPORTIVA_ADDR)")
		withDemo := fs.Bool("demo", false, "load the Lamongan demo data into an empty database")
		if err := fs.Parse(args); err != nil {
			return err
		}
		return serve(ctx, log, *addr, *database, *withDemo, stdout)
	case "migrate":
		if err := fs.Parse(args); err != nil {
			return err
		}
		db, err := openMigrated(ctx, *database)
		if err != nil {
			return err
		}
		defer db.Close()
		fmt.Fprintln(stdout, "schema is up to date")
		return nil
	case "seed":
		withDemo := fs.Bool("demo", false, "load the Lamongan demo data")
		if err := fs.Parse(args); err != nil {
			return err
		}
		if !*withDemo {
			return errors.New("seed: say what to load (--demo)")
		}
		db, err := openMigrated(ctx, *database)
		if err != nil {
			return err
		}
		defer db.Close()
		s, err := demo.Load(ctx, db.Client, time.Now())
		if err != nil {
			return err
		}
		fmt.Fprintln(stdout, "demo:", s)
		return nil
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

func serve(ctx context.Context, log *slog.Logger, addr, dsn string, withDemo bool, stdout io.Writer) error {
	db, err := openMigrated(ctx, dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	if withDemo {
		s, err := demo.Load(ctx, db.Client, time.Now())
		if err != nil {
			return fmt.Errorf("loading demo data: %w", err)
		}
		fmt.Fprintln(stdout, "demo:", s)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	cfg := server.DefaultConfig()
	fmt.Fprintf(stdout, "Exportiva %s serving on %s (%s)\n  GraphQL API:  http://%s/query\n  Playground:   http://%s/\n",
		buildVersion(), ln.Addr(), db.Dialect, ln.Addr(), ln.Addr())
	return server.Serve(ctx, ln, server.New(db, log, cfg), 15*time.Second)
}
