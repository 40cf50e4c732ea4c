package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"ariga.io/atlas/sql/migrate"
	"ariga.io/atlas/sql/postgres"
	"ariga.io/atlas/sql/schema"
	"ariga.io/atlas/sql/sqlite"
	"entgo.io/ent/dialect"

	entmigrate "github.com/exportiva/exportiva/ent/migrate"
	"github.com/exportiva/exportiva/ent/migrate/migrations"
)

// migrationLock is the PostgreSQL advisory lock key that serializes migrations of
// replicas starting together.
const migrationLock = 0x45787076 // "Expv"

// MigrationState says where a database stands against the migrations this
// binary carries.
type MigrationState struct {
	// Applied are the versions recorded in the revision table, oldest first.
	Applied []Revision
	// Pending are the files still to run, in order.
	Pending []PendingFile
	// Baseline is set when the database was created by the release before
	// versioned migrations (its tables, no revision table): migrating marks the
	// first file applied after checking that the schema matches it.
	Baseline string
	// Ahead are applied versions this binary does not know: a newer release
	// migrated the database (its files only add, so this binary runs on).
	Ahead []string
}

// Revision is one applied migration.
type Revision struct {
	Version, Description string
	// Baseline: marked applied on a database of the previous release, not run.
	Baseline   bool
	ExecutedAt time.Time
}

// PendingFile is a migration to run, with its statements.
type PendingFile struct {
	Name  string
	Stmts []string
}

// Migrate brings the schema up to date by running the pending versioned
// migrations (ent/migrate/migrations), each file in a transaction. A database
// created by the release before them is recognized and its baseline recorded
// once its schema is verified. Replicas starting at once take turns (a
// PostgreSQL advisory lock; SQLite's write lock, BEGIN IMMEDIATE). Nothing is
// ever dropped: a replica of the previous version keeps working beside it.
func (db *DB) Migrate(ctx context.Context) error {
	_, err := db.migrate(ctx, true)
	return err
}

// MigrationStatus reports the applied and pending migrations without changing
// anything (exportiva migrate --dry-run and status). For a database of the
// previous release it verifies the schema against the baseline.
func (db *DB) MigrationStatus(ctx context.Context) (*MigrationState, error) {
	return db.migrate(ctx, false)
}

func (db *DB) migrate(ctx context.Context, apply bool) (*MigrationState, error) {
	dir, err := migrations.Dir(db.Dialect)
	if err != nil {
		return nil, err
	}
	if err := migrate.Validate(dir); err != nil {
		return nil, fmt.Errorf("the embedded migrations: %w", err)
	}
	files, err := dir.Files()
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, errors.New("no migrations embedded")
	}
	conn, err := db.pools[0].Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer func() { _ = conn.Close() }()
	if db.Dialect == dialect.Postgres {
		if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", migrationLock); err != nil {
			return nil, err
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", migrationLock) //nolint:errcheck
	} else if apply {
		// A SQLite file rebuilt to change a column must not cascade its foreign
		// keys: they are off during the migration (a no-op inside a
		// transaction, so set here) and checked before each commit.
		if _, err := conn.ExecContext(ctx, "PRAGMA foreign_keys = off"); err != nil {
			return nil, err
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), "PRAGMA foreign_keys = on") //nolint:errcheck
	}
	m := migrator{db: db, conn: conn, dir: dir, files: files}
	var st *MigrationState
	for {
		var done bool
		st, done, err = m.step(ctx, apply)
		if err != nil || done || !apply {
			return st, err
		}
	}
}

type migrator struct {
	db    *DB
	conn  *sql.Conn
	dir   *migrate.MemDir
	files []migrate.File
}

// step reads the state in a transaction and, when applying, runs the baseline
// or the next pending file in it. done: nothing left to run.
func (m *migrator) step(ctx context.Context, apply bool) (st *MigrationState, done bool, err error) {
	tx, err := m.conn.BeginTx(ctx, nil) // SQLite: BEGIN IMMEDIATE (the writer's _txlock)
	if err != nil {
		return nil, false, err
	}
	defer func() {
		if err != nil || !apply || done {
			_ = tx.Rollback()
		}
	}()
	rev := revisions{tx: tx, dialect: m.db.Dialect}
	exists, err := rev.tableExists(ctx)
	if err != nil {
		return nil, false, err
	}
	st = &MigrationState{}
	var applied []*migrate.Revision
	if exists {
		if applied, err = rev.ReadRevisions(ctx); err != nil {
			return nil, false, err
		}
	} else if legacy, err := rev.hasTablesOf(ctx); err != nil {
		return nil, false, err
	} else if legacy {
		// The previous release's auto-migration made this database.
		if err := m.verifyBaseline(ctx, tx); err != nil {
			return nil, false, err
		}
		st.Baseline = m.files[0].Version()
		if apply {
			if err := rev.create(ctx); err != nil {
				return nil, false, err
			}
			r := &migrate.Revision{Version: m.files[0].Version(), Description: m.files[0].Desc(), Type: migrate.RevisionTypeBaseline, ExecutedAt: time.Now()}
			if err := rev.WriteRevision(ctx, r); err != nil {
				return nil, false, err
			}
			return st, false, tx.Commit()
		}
		applied = []*migrate.Revision{{Version: st.Baseline, Description: m.files[0].Desc(), Type: migrate.RevisionTypeBaseline}}
	}
	pending, err := m.pending(st, applied)
	if err != nil {
		return nil, false, err
	}
	if st.Baseline != "" {
		st.Applied = nil // recorded only when migrating
	}
	for _, f := range pending {
		stmts, err := f.Stmts()
		if err != nil {
			return nil, false, fmt.Errorf("%s: %w", f.Name(), err)
		}
		st.Pending = append(st.Pending, PendingFile{Name: f.Name(), Stmts: stmts})
	}
	if !apply || len(pending) == 0 {
		return st, true, nil
	}
	if !exists {
		if err := rev.create(ctx); err != nil {
			return nil, false, err
		}
	}
	if err := m.execute(ctx, tx, rev, pending[0]); err != nil {
		return nil, false, err
	}
	if m.db.Dialect == dialect.SQLite {
		if err := foreignKeyCheck(ctx, tx); err != nil {
			return nil, false, fmt.Errorf("%s: %w", pending[0].Name(), err)
		}
	}
	return st, false, tx.Commit()
}

// pending compares the applied revisions with the files: it fills st.Applied
// and st.Ahead and returns the files to run. A file older than the newest
// applied one that never ran (two branches merged out of order) is an error,
// and so is an applied file whose text changed since.
func (m *migrator) pending(st *MigrationState, applied []*migrate.Revision) ([]migrate.File, error) {
	sums, err := m.dir.Checksum()
	if err != nil {
		return nil, err
	}
	byVersion := map[string]*migrate.Revision{}
	newest := ""
	for _, r := range applied {
		st.Applied = append(st.Applied, Revision{Version: r.Version, Description: r.Description,
			Baseline: r.Type == migrate.RevisionTypeBaseline, ExecutedAt: r.ExecutedAt})
		byVersion[r.Version] = r
		newest = max(newest, r.Version)
	}
	known := map[string]bool{}
	var pending []migrate.File
	for _, f := range m.files {
		known[f.Version()] = true
		r, ok := byVersion[f.Version()]
		switch {
		case !ok && f.Version() < newest:
			return nil, fmt.Errorf("migration %s was added after %s was applied: regenerate it on top of the newest file (see README, Migrations)", f.Name(), newest)
		case !ok:
			pending = append(pending, f)
		case r.Type == migrate.RevisionTypeBaseline:
		case r.Hash != "":
			h, err := sums.SumByName(f.Name())
			if err != nil {
				return nil, err
			}
			if h != r.Hash {
				return nil, fmt.Errorf("migration %s changed after it was applied (atlas.sum %s, applied %s): migration files are never edited, add a new one", f.Name(), h, r.Hash)
			}
			if r.Applied < r.Total {
				pending = append(pending, f) // a file without a transaction stopped halfway: go on
			}
		}
	}
	for _, r := range applied {
		if !known[r.Version] {
			st.Ahead = append(st.Ahead, r.Version)
		}
	}
	if len(st.Ahead) > 0 && len(pending) > 0 {
		return nil, fmt.Errorf("the database has migrations this binary does not know (%s) and this binary has unapplied ones (%s): run the newer release's migrate",
			strings.Join(st.Ahead, ", "), pending[0].Name())
	}
	return pending, nil
}

// execute runs one file with Atlas's executor, which records the revision
// (statement hashes, counts, the error) in the same transaction.
func (m *migrator) execute(ctx context.Context, tx *sql.Tx, rev revisions, f migrate.File) error {
	drv, err := atlasDriver(m.db.Dialect, tx)
	if err != nil {
		return err
	}
	// The executor records the revision after every statement (for files run
	// without a transaction); inside one only the last record matters.
	last := &lastRevision{revisions: rev}
	ex, err := migrate.NewExecutor(drv, m.dir, last, migrate.WithOperatorVersion("exportiva"))
	if err != nil {
		return err
	}
	if err := ex.Execute(ctx, f); err != nil {
		return fmt.Errorf("migration %s: %w", f.Name(), err)
	}
	if last.r == nil {
		return fmt.Errorf("migration %s: no revision recorded", f.Name())
	}
	return rev.WriteRevision(ctx, last.r)
}

// lastRevision keeps the executor's revision writes in memory: the migrator
// writes the final one before the commit.
type lastRevision struct {
	revisions
	r *migrate.Revision
}

// WriteRevision implements migrate.RevisionReadWriter.
func (l *lastRevision) WriteRevision(_ context.Context, r *migrate.Revision) error {
	c := *r
	l.r = &c
	return nil
}

// SchemaDrift returns the statements ent's own auto-migration would run to make
// the database equal to this binary's ent schema, drops included: "" when the
// migrations built exactly the schema the code expects. Indexes or columns a
// newer release added show as drops (which Migrate never runs).
func (db *DB) SchemaDrift(ctx context.Context) (string, error) {
	base := db.base
	if base == nil {
		base = db.Driver
	}
	var b strings.Builder
	if err := entmigrate.NewSchema(base).WriteTo(ctx, &b, entmigrate.WithDropIndex(true), entmigrate.WithDropColumn(true)); err != nil {
		return "", err
	}
	return b.String(), nil
}

func atlasDriver(d string, conn schema.ExecQuerier) (migrate.Driver, error) {
	if d == dialect.Postgres {
		return postgres.Open(conn)
	}
	return sqlite.Open(conn)
}

// verifyBaseline checks that a database of the previous release has the schema
// of the first migration file: that file is run in a scratch place (an
// in-memory SQLite database; a PostgreSQL schema inside a transaction that is
// rolled back) and both are compared. Tables, columns and indexes the baseline
// does not know are tolerated (later files only add); anything missing or
// different is an error, and nothing is changed.
func (m *migrator) verifyBaseline(ctx context.Context, tx *sql.Tx) error {
	stmts, err := m.files[0].Stmts()
	if err != nil {
		return err
	}
	want, err := scratchSchema(ctx, m.db.Dialect, tx, stmts)
	if err != nil {
		return fmt.Errorf("replaying the baseline %s: %w", m.files[0].Name(), err)
	}
	drv, err := atlasDriver(m.db.Dialect, tx)
	if err != nil {
		return err
	}
	have, err := drv.InspectSchema(ctx, "", &schema.InspectOptions{Tables: tableNames(want)})
	if err != nil {
		return err
	}
	have.Name, want.Name = "", ""
	changes, err := drv.SchemaDiff(have, want)
	if err != nil {
		return err
	}
	var missing []string
	for _, c := range changes {
		missing = append(missing, describe(c)...)
	}
	if len(missing) > 0 {
		return fmt.Errorf("the database has tables but no migration history, and its schema is not the previous release's (%s): "+
			"migrate it with the previous release first, or restore it from a backup; nothing was changed", strings.Join(missing, "; "))
	}
	return nil
}

// describe lists what a change from the database to the baseline would add or
// alter; drops (the database has more) and sequence positions are fine.
func describe(c schema.Change) []string {
	switch c := c.(type) {
	case *schema.AddTable:
		return []string{"table " + c.T.Name + " is missing"}
	case *schema.ModifyTable:
		var out []string
		for _, tc := range c.Changes {
			switch tc := tc.(type) {
			case *schema.AddColumn:
				out = append(out, fmt.Sprintf("column %s.%s is missing", c.T.Name, tc.C.Name))
			case *schema.ModifyColumn:
				out = append(out, fmt.Sprintf("column %s.%s differs", c.T.Name, tc.From.Name))
			case *schema.AddIndex:
				out = append(out, fmt.Sprintf("index %s on %s is missing", tc.I.Name, c.T.Name))
			case *schema.ModifyIndex:
				out = append(out, fmt.Sprintf("index %s on %s differs", tc.From.Name, c.T.Name))
			case *schema.AddForeignKey:
				out = append(out, fmt.Sprintf("foreign key %s on %s is missing", tc.F.Symbol, c.T.Name))
			case *schema.ModifyForeignKey:
				out = append(out, fmt.Sprintf("foreign key %s on %s differs", tc.From.Symbol, c.T.Name))
			case *schema.AddCheck:
				out = append(out, fmt.Sprintf("check %s on %s is missing", tc.C.Name, c.T.Name))
			}
		}
		return out
	}
	return nil
}

func tableNames(s *schema.Schema) []string {
	names := make([]string, len(s.Tables))
	for i, t := range s.Tables {
		names[i] = t.Name
	}
	return names
}

// scratchSchema runs stmts where they change nothing and returns the schema
// they build.
func scratchSchema(ctx context.Context, d string, tx *sql.Tx, stmts []string) (*schema.Schema, error) {
	if d == dialect.Postgres {
		const ns = "exportiva_baseline_check"
		if _, err := tx.ExecContext(ctx, "SAVEPOINT baseline_check"); err != nil {
			return nil, err
		}
		defer tx.ExecContext(context.WithoutCancel(ctx), "ROLLBACK TO SAVEPOINT baseline_check") //nolint:errcheck
		var path string
		if err := tx.QueryRowContext(ctx, "SHOW search_path").Scan(&path); err != nil {
			return nil, err
		}
		if _, err := tx.ExecContext(ctx, "CREATE SCHEMA "+ns); err != nil {
			return nil, err
		}
		if _, err := tx.ExecContext(ctx, "SET LOCAL search_path TO "+ns); err != nil {
			return nil, err
		}
		for _, s := range stmts {
			if _, err := tx.ExecContext(ctx, s); err != nil {
				return nil, fmt.Errorf("%q: %w", s, err)
			}
		}
		drv, err := postgres.Open(tx)
		if err != nil {
			return nil, err
		}
		s, err := drv.InspectSchema(ctx, ns, nil)
		if err != nil {
			return nil, err
		}
		if _, err := tx.ExecContext(ctx, "SET LOCAL search_path TO "+path); err != nil {
			return nil, err
		}
		return s, nil
	}
	mem, err := sql.Open("sqlite3", fmt.Sprintf("file:baseline_check_%d?mode=memory&_fk=1", time.Now().UnixNano()))
	if err != nil {
		return nil, err
	}
	defer func() { _ = mem.Close() }()
	mem.SetMaxOpenConns(1)
	for _, s := range stmts {
		if _, err := mem.ExecContext(ctx, s); err != nil {
			return nil, fmt.Errorf("%q: %w", s, err)
		}
	}
	drv, err := sqlite.Open(mem)
	if err != nil {
		return nil, err
	}
	return drv.InspectSchema(ctx, "", nil)
}

func foreignKeyCheck(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, "PRAGMA foreign_key_check")
	if err != nil {
		return err
	}
	defer func() { _ = rows.Close() }()
	if rows.Next() {
		var table string
		var rowid sql.NullInt64
		var parent string
		var fk int
		_ = rows.Scan(&table, &rowid, &parent, &fk)
		return fmt.Errorf("a row of %s (rowid %d) lost its %s after the migration", table, rowid.Int64, parent)
	}
	return rows.Err()
}

// revisionTable is where applied migrations are recorded, with the columns of
// the Atlas CLI's own table, so `atlas migrate status` can read it too.
const revisionTable = "atlas_schema_revisions"

// revisions is Atlas's RevisionReadWriter over the migration's transaction.
type revisions struct {
	tx      *sql.Tx
	dialect string
}

func (r revisions) q(query string) string {
	if r.dialect != dialect.Postgres {
		return query
	}
	var b strings.Builder
	n := 0
	for _, c := range query {
		if c == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}

func (r revisions) tableExists(ctx context.Context) (bool, error) {
	return r.anyTable(ctx, []string{revisionTable})
}

// hasTablesOf reports whether any table of the baseline migration exists (a
// database the previous release made).
func (r revisions) hasTablesOf(ctx context.Context) (bool, error) {
	return r.anyTable(ctx, []string{"accounts", "producers", "products", "buyers", "sessions"})
}

func (r revisions) anyTable(ctx context.Context, names []string) (bool, error) {
	query := "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN (?" + strings.Repeat(", ?", len(names)-1) + ")"
	if r.dialect == dialect.Postgres {
		query = "SELECT count(*) FROM information_schema.tables WHERE table_schema = CURRENT_SCHEMA() AND table_name IN (?" + strings.Repeat(", ?", len(names)-1) + ")"
	}
	args := make([]any, len(names))
	for i, n := range names {
		args[i] = n
	}
	var n int
	err := r.tx.QueryRowContext(ctx, r.q(query), args...).Scan(&n)
	return n > 0, err
}

func (r revisions) create(ctx context.Context) error {
	ddl := "CREATE TABLE IF NOT EXISTS " + revisionTable + ` (version text NOT NULL PRIMARY KEY, description text NOT NULL,
	type integer NOT NULL DEFAULT 2, applied integer NOT NULL DEFAULT 0, total integer NOT NULL DEFAULT 0,
	executed_at datetime NOT NULL, execution_time integer NOT NULL, error text NULL, error_stmt text NULL,
	hash text NOT NULL, partial_hashes json NULL, operator_version text NOT NULL)`
	if r.dialect == dialect.Postgres {
		ddl = "CREATE TABLE IF NOT EXISTS " + revisionTable + ` (version character varying NOT NULL PRIMARY KEY,
	description character varying NOT NULL, type bigint NOT NULL DEFAULT 2, applied bigint NOT NULL DEFAULT 0,
	total bigint NOT NULL DEFAULT 0, executed_at timestamptz NOT NULL, execution_time bigint NOT NULL, error text NULL,
	error_stmt text NULL, hash character varying NOT NULL, partial_hashes jsonb NULL, operator_version character varying NOT NULL)`
	}
	_, err := r.tx.ExecContext(ctx, ddl)
	return err
}

// Ident implements migrate.RevisionReadWriter.
func (r revisions) Ident() *migrate.TableIdent { return &migrate.TableIdent{Name: revisionTable} }

const revisionColumns = "version, description, type, applied, total, executed_at, execution_time, error, error_stmt, hash, partial_hashes, operator_version"

// ReadRevisions implements migrate.RevisionReadWriter.
func (r revisions) ReadRevisions(ctx context.Context) ([]*migrate.Revision, error) {
	rows, err := r.tx.QueryContext(ctx, "SELECT "+revisionColumns+" FROM "+revisionTable+" ORDER BY version")
	if err != nil {
		return nil, err
	}
	defer func() { _ = rows.Close() }()
	var out []*migrate.Revision
	for rows.Next() {
		rev, err := scanRevision(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, rev)
	}
	return out, rows.Err()
}

// ReadRevision implements migrate.RevisionReadWriter.
func (r revisions) ReadRevision(ctx context.Context, v string) (*migrate.Revision, error) {
	rev, err := scanRevision(r.tx.QueryRowContext(ctx, r.q("SELECT "+revisionColumns+" FROM "+revisionTable+" WHERE version = ?"), v))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, migrate.ErrRevisionNotExist
	}
	return rev, err
}

// WriteRevision implements migrate.RevisionReadWriter.
func (r revisions) WriteRevision(ctx context.Context, rev *migrate.Revision) error {
	var partial any
	if len(rev.PartialHashes) > 0 {
		partial = `["` + strings.Join(rev.PartialHashes, `","`) + `"]`
	}
	_, err := r.tx.ExecContext(ctx, r.q("INSERT INTO "+revisionTable+" ("+revisionColumns+") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "+
		"ON CONFLICT (version) DO UPDATE SET type = excluded.type, applied = excluded.applied, total = excluded.total, "+
		"executed_at = excluded.executed_at, execution_time = excluded.execution_time, error = excluded.error, "+
		"error_stmt = excluded.error_stmt, hash = excluded.hash, partial_hashes = excluded.partial_hashes, "+
		"operator_version = excluded.operator_version"),
		rev.Version, rev.Description, int64(rev.Type), rev.Applied, //nolint:gosec // RevisionType is a small bit set (atlas: 1, 2, 4)
		rev.Total, rev.ExecutedAt.UTC(), int64(rev.ExecutionTime),
		nullString(rev.Error), nullString(rev.ErrorStmt), rev.Hash, partial, rev.OperatorVersion)
	return err
}

// DeleteRevision implements migrate.RevisionReadWriter.
func (r revisions) DeleteRevision(ctx context.Context, v string) error {
	_, err := r.tx.ExecContext(ctx, r.q("DELETE FROM "+revisionTable+" WHERE version = ?"), v)
	return err
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func scanRevision(row interface{ Scan(...any) error }) (*migrate.Revision, error) {
	var (
		rev          migrate.Revision
		typ          int64
		execTime     int64
		errText      sql.NullString
		errStmt      sql.NullString
		partial      sql.NullString
		operatorVers sql.NullString
	)
	if err := row.Scan(&rev.Version, &rev.Description, &typ, &rev.Applied, &rev.Total, &rev.ExecutedAt, &execTime,
		&errText, &errStmt, &rev.Hash, &partial, &operatorVers); err != nil {
		return nil, err
	}
	rev.Type = migrate.RevisionType(typ) //nolint:gosec // written from a RevisionType by WriteRevision: small and positive
	rev.ExecutionTime = time.Duration(execTime)
	rev.Error, rev.ErrorStmt, rev.OperatorVersion = errText.String, errStmt.String, operatorVers.String
	if p := strings.Trim(partial.String, "[]"); p != "" {
		for _, h := range strings.Split(p, ",") {
			rev.PartialHashes = append(rev.PartialHashes, strings.Trim(strings.TrimSpace(h), `"`))
		}
	}
	return &rev, nil
}
