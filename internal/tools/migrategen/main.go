// Command migrategen writes the versioned migrations of the ent schema: one
// Atlas-format directory per dialect (ent/migrate/migrations/sqlite and
// …/postgres, each with its atlas.sum). It runs from ent/generate.go, after
// entc, so `go generate ./...` is the one step after a schema change.
//
// For each dialect it replays the directory on an empty dev database, compares
// the result with ent/schema and, when they differ, writes one new file named
// <UTC timestamp>_<name>.sql (the same version in both directories) and updates
// atlas.sum. With no schema change it writes nothing, so a second run leaves no
// diff. The SQLite dev database is in memory; the PostgreSQL one is a throw-away
// schema in the database EXPORTIVA_DEV_POSTGRES names. Without that variable
// the PostgreSQL directory is not checked, and a schema change fails the run
// before anything is written (the two directories stay in step); CI runs
// `migrategen -check` with a PostgreSQL server.
//
// Migrations only add: ent's diff never drops a column or an index here, and a
// plan with a DROP statement is refused, so replicas of two versions running
// side by side never remove what the other needs.
//
//	go run ./internal/tools/migrategen [-dir ent/migrate/migrations] [-name NAME] [-check] [-hash]
package main

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	atlas "ariga.io/atlas/sql/migrate"
	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"entgo.io/ent/dialect/sql/schema"
	_ "github.com/jackc/pgx/v5/stdlib"
	_ "github.com/mattn/go-sqlite3"

	"github.com/exportiva/exportiva/ent/migrate"
)

func main() {
	dir := flag.String("dir", "migrate/migrations", "the migrations directory (relative to where it runs: ent/ under go generate)")
	name := flag.String("name", env("EXPORTIVA_MIGRATION_NAME", "changes"), "the name part of a new migration file (env EXPORTIVA_MIGRATION_NAME)")
	check := flag.Bool("check", false, "write nothing: fail when a directory is not in step with ent/schema (needs EXPORTIVA_DEV_POSTGRES)")
	hash := flag.Bool("hash", false, "only rewrite atlas.sum of both directories from their files")
	flag.Parse()
	if err := run(context.Background(), *dir, *name, *check, *hash); err != nil {
		fmt.Fprintln(os.Stderr, "migrategen:", err)
		os.Exit(1)
	}
}

func env(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

func run(ctx context.Context, root, name string, check, hash bool) error {
	if !regexp.MustCompile(`^[a-z0-9_]+$`).MatchString(name) {
		return fmt.Errorf("-name %q: use lower-case letters, digits and _", name)
	}
	if hash {
		for _, d := range []string{"sqlite", "postgres"} {
			if err := rehash(filepath.Join(root, d)); err != nil {
				return err
			}
		}
		return nil
	}
	version := time.Now().UTC().Format("20060102150405")
	pg := os.Getenv("EXPORTIVA_DEV_POSTGRES")
	if check && pg == "" {
		return errors.New("-check needs EXPORTIVA_DEV_POSTGRES (a PostgreSQL database URL for a throw-away schema)")
	}
	type result struct {
		dir   string
		files map[string][]byte
	}
	var results []result
	sqliteFiles, err := plan(ctx, dialect.SQLite, filepath.Join(root, "sqlite"), name, version, "")
	if err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}
	results = append(results, result{filepath.Join(root, "sqlite"), sqliteFiles})
	if pg != "" {
		pgFiles, err := plan(ctx, dialect.Postgres, filepath.Join(root, dialect.Postgres), name, version, pg)
		if err != nil {
			return fmt.Errorf("postgres: %w", err)
		}
		results = append(results, result{filepath.Join(root, dialect.Postgres), pgFiles})
	} else if len(sqliteFiles) > 0 {
		return errors.New("ent/schema changed: the PostgreSQL migration needs a dev database; run again with " +
			"EXPORTIVA_DEV_POSTGRES=postgres://USER@HOST:5432/DATABASE?sslmode=disable (a throw-away schema is created and dropped there)")
	}
	for _, r := range results {
		if len(r.files) == 0 {
			continue
		}
		if check {
			return fmt.Errorf("%s is not in step with ent/schema: run go generate ./... and commit the new migration", r.dir)
		}
		names := make([]string, 0, len(r.files))
		for n := range r.files {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			if err := os.WriteFile(filepath.Join(r.dir, n), r.files[n], 0o644); err != nil { //nolint:gosec // G306: a migration file committed to the repository
				return err
			}
			if n != atlas.HashFileName {
				fmt.Println("migrategen: wrote", filepath.Join(r.dir, n))
			}
		}
	}
	return nil
}

// plan replays the directory on a dev database and returns the files a diff
// against ent/schema writes (none when they agree).
func plan(ctx context.Context, d, path, name, version, pgURL string) (map[string][]byte, error) {
	if err := os.MkdirAll(path, 0o755); err != nil { //nolint:gosec // G301: a directory of the repository
		return nil, err
	}
	mem := &atlas.MemDir{}
	if err := copyDir(path, mem); err != nil {
		return nil, err
	}
	written := map[string][]byte{}
	mem.SyncWrites(func(n string, b []byte) error { written[n] = b; return nil })
	drv, cleanup, err := devDriver(ctx, d, pgURL)
	if err != nil {
		return nil, err
	}
	defer cleanup()
	if err := replay(ctx, drv, mem); err != nil {
		return nil, err
	}
	// The dev database now holds what the directory builds: ent compares it
	// with ent/schema as its auto-migration did (inspecting ent's tables only).
	m, err := schema.NewMigrate(drv,
		schema.WithDir(mem),
		schema.WithDialect(d),
		schema.WithFormatter(versioned{version}),
		schema.WithErrNoPlan(true),
	)
	if err != nil {
		return nil, err
	}
	switch err := m.NamedDiff(ctx, name, migrate.Tables...); {
	case errors.Is(err, atlas.ErrNoPlan):
		return nil, nil
	case err != nil:
		return nil, err
	}
	for n, b := range written {
		if n == atlas.HashFileName {
			continue
		}
		if stmt := destructive(string(b)); stmt != "" {
			return nil, fmt.Errorf("the new migration %s drops something (%q): replicas of the previous version would lose it; "+
				"remove it in two releases, by hand", n, stmt)
		}
	}
	return written, nil
}

// replay runs every file of the directory on the dev database, in order.
func replay(ctx context.Context, drv dialect.Driver, dir atlas.Dir) error {
	if err := atlas.Validate(dir); err != nil {
		return fmt.Errorf("the migration directory: %w (after a merge, see /work/notes/MIGRATIONS.md; -hash rewrites atlas.sum)", err)
	}
	files, err := dir.Files()
	if err != nil {
		return err
	}
	for _, f := range files {
		stmts, err := f.Stmts()
		if err != nil {
			return fmt.Errorf("%s: %w", f.Name(), err)
		}
		for _, s := range stmts {
			if err := drv.Exec(ctx, s, []any{}, nil); err != nil {
				return fmt.Errorf("%s: %q: %w", f.Name(), s, err)
			}
		}
	}
	return nil
}

// destructive returns the first statement of a migration that drops a table,
// column or index, or "". SQLite rebuilds a table to change a column (CREATE
// new_t, copy, DROP t, RENAME): that DROP is part of the rebuild.
func destructive(text string) string {
	for _, line := range strings.Split(text, "\n") {
		l := strings.ToUpper(strings.TrimSpace(line))
		switch {
		case strings.HasPrefix(l, "DROP INDEX"), strings.Contains(l, "DROP COLUMN"):
			return strings.TrimSpace(line)
		case strings.HasPrefix(l, "DROP TABLE") && !strings.Contains(text, "ALTER TABLE `new_"):
			return strings.TrimSpace(line)
		}
	}
	return ""
}

// versioned names new files with one version for both dialects.
type versioned struct{ version string }

func (v versioned) Format(p *atlas.Plan) ([]atlas.File, error) {
	p.Version = v.version
	return atlas.DefaultFormatter.Format(p)
}

func copyDir(path string, mem *atlas.MemDir) error {
	entries, err := os.ReadDir(path)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.IsDir() || (filepath.Ext(e.Name()) != ".sql" && e.Name() != atlas.HashFileName) {
			continue
		}
		b, err := os.ReadFile(filepath.Join(path, e.Name())) //nolint:gosec // G304: a file of the migrations directory it lists
		if err != nil {
			return err
		}
		if err := mem.WriteFile(e.Name(), b); err != nil {
			return err
		}
	}
	return nil
}

func rehash(path string) error {
	dir, err := atlas.NewLocalDir(path)
	if err != nil {
		return err
	}
	files, err := dir.Files()
	if err != nil {
		return err
	}
	sum, err := atlas.NewHashFile(files)
	if err != nil {
		return err
	}
	if err := atlas.WriteSumFile(dir, sum); err != nil {
		return err
	}
	fmt.Println("migrategen: rewrote", filepath.Join(path, atlas.HashFileName))
	return nil
}

// devDriver opens an empty dev database: SQLite in memory, or a new schema in
// the PostgreSQL database pgURL, dropped by cleanup.
func devDriver(ctx context.Context, d, pgURL string) (dialect.Driver, func(), error) {
	if d == dialect.SQLite {
		db, err := sql.Open("sqlite3", "file:migrategen?mode=memory&_fk=1")
		if err != nil {
			return nil, nil, err
		}
		db.SetMaxOpenConns(1) // one connection: one in-memory database
		return entsql.OpenDB(dialect.SQLite, db), func() { _ = db.Close() }, nil
	}
	admin, err := sql.Open("pgx", pgURL)
	if err != nil {
		return nil, nil, err
	}
	ns := fmt.Sprintf("migrategen_%d_%d", os.Getpid(), time.Now().UnixNano()%1e9)
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+ns); err != nil {
		_ = admin.Close()
		return nil, nil, fmt.Errorf("EXPORTIVA_DEV_POSTGRES: %w", err)
	}
	drop := func() {
		_, _ = admin.ExecContext(context.WithoutCancel(ctx), "DROP SCHEMA "+ns+" CASCADE")
		_ = admin.Close()
	}
	u, err := url.Parse(pgURL)
	if err != nil {
		drop()
		return nil, nil, err
	}
	q := u.Query()
	q.Set("search_path", ns)
	u.RawQuery = q.Encode()
	db, err := sql.Open("pgx", u.String())
	if err != nil {
		drop()
		return nil, nil, err
	}
	db.SetMaxOpenConns(1)
	return entsql.OpenDB(dialect.Postgres, db), func() { _ = db.Close(); drop() }, nil
}
