package store_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"entgo.io/ent/dialect"
	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/ent/migrate/migrations"
	"github.com/exportiva/exportiva/internal/store"
	"github.com/exportiva/exportiva/internal/testdb"
)

// embeddedFiles lists the migration files of the test's dialect.
func embeddedFiles(t *testing.T, d string) []string {
	dir, err := migrations.Dir(d)
	require.NoError(t, err)
	files, err := dir.Files()
	require.NoError(t, err)
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = f.Version()
	}
	return names
}

func appliedVersions(st *store.MigrationState) []string {
	var v []string
	for _, r := range st.Applied {
		v = append(v, r.Version)
	}
	return v
}

// requireInStep: what the migrations built is exactly ent/schema, on this
// backend (ent's own diff, drops included, finds nothing to do).
func requireInStep(t *testing.T, db *store.DB) {
	t.Helper()
	drift, err := db.SchemaDrift(t.Context())
	require.NoError(t, err)
	require.Empty(t, strings.TrimSpace(drift), "the migrated schema differs from ent/schema: run go generate ./...")
}

// TestMigrateEmptyDatabase: every file runs, the result is ent/schema, and a
// second run does nothing.
func TestMigrateEmptyDatabase(t *testing.T) {
	ctx := t.Context()
	db := testdb.OpenUnmigrated(t)
	st, err := db.MigrationStatus(ctx)
	require.NoError(t, err)
	require.Empty(t, st.Applied)
	require.Len(t, st.Pending, len(embeddedFiles(t, db.Dialect)))
	require.NotEmpty(t, st.Pending[0].Stmts)
	// The dry run changed nothing.
	st, err = db.MigrationStatus(ctx)
	require.NoError(t, err)
	require.Len(t, st.Pending, len(embeddedFiles(t, db.Dialect)))

	require.NoError(t, db.Migrate(ctx))
	st, err = db.MigrationStatus(ctx)
	require.NoError(t, err)
	require.Empty(t, st.Pending)
	require.Equal(t, embeddedFiles(t, db.Dialect), appliedVersions(st))
	require.False(t, st.Applied[0].Baseline)
	requireInStep(t, db)
	// The record says the whole file ran, with the hash atlas.sum gives it.
	dir, err := migrations.Dir(db.Dialect)
	require.NoError(t, err)
	sums, err := dir.Checksum()
	require.NoError(t, err)
	files, err := dir.Files()
	require.NoError(t, err)
	want, err := sums.SumByName(files[0].Name())
	require.NoError(t, err)
	var applied, total int
	var hash string
	require.NoError(t, db.ReadPool().QueryRowContext(ctx, "SELECT applied, total, hash FROM atlas_schema_revisions ORDER BY version LIMIT 1").
		Scan(&applied, &total, &hash))
	require.Positive(t, total)
	require.Equal(t, total, applied)
	require.Equal(t, want, hash)
	require.NoError(t, db.Migrate(ctx))
	st2, err := db.MigrationStatus(ctx)
	require.NoError(t, err)
	require.Equal(t, st.Applied, st2.Applied)
}

// loadPreviousRelease fills an empty database with the schema the previous
// release's auto-migration created (testdata) and a few rows.
func loadPreviousRelease(t *testing.T, db *store.DB) {
	t.Helper()
	name := "previous_release_sqlite.sql"
	if db.Dialect == dialect.Postgres {
		name = "previous_release_postgres.sql"
	}
	dump, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	ctx := t.Context()
	_, err = db.WritePool().ExecContext(ctx, string(dump))
	require.NoError(t, err)
	_, err = db.WritePool().ExecContext(ctx, `INSERT INTO fx_rates (created_at, updated_at, currency, units_per_usd, as_of)
		VALUES (CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 'IDR', 162500000, CURRENT_TIMESTAMP)`)
	require.NoError(t, err)
}

// TestMigratePreviousRelease: a database the previous release created (its
// tables, no revision table) gets its baseline recorded, keeps its rows and
// ends with the schema a fresh migration builds.
func TestMigratePreviousRelease(t *testing.T) {
	ctx := t.Context()
	db := testdb.OpenUnmigrated(t)
	loadPreviousRelease(t, db)
	files := embeddedFiles(t, db.Dialect)

	st, err := db.MigrationStatus(ctx)
	require.NoError(t, err)
	require.Equal(t, files[0], st.Baseline)
	require.Len(t, st.Pending, len(files)-1, "the baseline is not run again")

	require.NoError(t, db.Migrate(ctx))
	st, err = db.MigrationStatus(ctx)
	require.NoError(t, err)
	require.Empty(t, st.Pending)
	require.Empty(t, st.Baseline)
	require.Equal(t, files, appliedVersions(st))
	require.True(t, st.Applied[0].Baseline)
	requireInStep(t, db)

	var n int
	require.NoError(t, db.ReadPool().QueryRowContext(ctx, "SELECT count(*) FROM fx_rates WHERE currency = 'IDR'").Scan(&n))
	require.Equal(t, 1, n, "the rows survive")
	// The global id ranges survive too: a new row gets an id of its type's range.
	fx, err := db.Client.FxRate.Query().Only(ctx)
	require.NoError(t, err)
	require.Equal(t, int64(21474836480), int64(fx.ID)>>32<<32)
}

// TestMigrateRefusesAnUnknownSchema: tables without a history whose schema is
// not the previous release's are left alone, with a message naming what
// differs.
func TestMigrateRefusesAnUnknownSchema(t *testing.T) {
	ctx := t.Context()
	db := testdb.OpenUnmigrated(t)
	loadPreviousRelease(t, db)
	_, err := db.WritePool().ExecContext(ctx, "DROP INDEX product_hs_code")
	require.NoError(t, err)
	err = db.Migrate(ctx)
	require.Error(t, err)
	require.Contains(t, err.Error(), "index product_hs_code on products is missing")
	require.Contains(t, err.Error(), "nothing was changed")
	st, err := db.MigrationStatus(ctx)
	require.Error(t, err)
	require.Nil(t, st)
	var n int
	q := "SELECT count(*) FROM sqlite_master WHERE name = 'atlas_schema_revisions'"
	if db.Dialect == dialect.Postgres {
		q = "SELECT count(*) FROM information_schema.tables WHERE table_schema = CURRENT_SCHEMA() AND table_name = 'atlas_schema_revisions'"
	}
	require.NoError(t, db.ReadPool().QueryRowContext(ctx, q).Scan(&n))
	require.Zero(t, n)
}

// TestMigrateBesideANewerRelease: replicas of two versions share a database
// during a rolling update. The newer one's migration (an index, a version this
// binary does not know) stays: this binary starts and drops nothing.
func TestMigrateBesideANewerRelease(t *testing.T) {
	ctx := t.Context()
	db := testdb.Open(t)
	_, err := db.WritePool().ExecContext(ctx, "CREATE INDEX product_name_english_newer ON products (name_english)")
	require.NoError(t, err)
	_, err = db.WritePool().ExecContext(ctx, `INSERT INTO atlas_schema_revisions
		(version, description, type, applied, total, executed_at, execution_time, hash, operator_version)
		VALUES ('29991231000000', 'newer', 2, 1, 1, CURRENT_TIMESTAMP, 0, 'h1:x', 'exportiva')`)
	require.NoError(t, err)

	require.NoError(t, db.Migrate(ctx))
	st, err := db.MigrationStatus(ctx)
	require.NoError(t, err)
	require.Equal(t, []string{"29991231000000"}, st.Ahead)
	require.Empty(t, st.Pending)
	drift, err := db.SchemaDrift(ctx)
	require.NoError(t, err)
	require.Contains(t, drift, "product_name_english_newer", "the newer index is still there")
}

// TestMigrateRefusesAChangedFile: an applied migration whose text changed
// (atlas.sum no longer matches what was applied) stops the migration.
func TestMigrateRefusesAChangedFile(t *testing.T) {
	ctx := t.Context()
	db := testdb.Open(t)
	_, err := db.WritePool().ExecContext(ctx, "UPDATE atlas_schema_revisions SET hash = 'h1:edited'")
	require.NoError(t, err)
	err = db.Migrate(ctx)
	require.Error(t, err)
	require.Contains(t, err.Error(), "changed after it was applied")
}

// TestMigrateConcurrently: replicas starting together take turns; each file
// runs once.
func TestMigrateConcurrently(t *testing.T) {
	ctx := context.Background()
	db := testdb.OpenUnmigrated(t)
	other, err := store.Open(testdb.URLOf(t, db))
	require.NoError(t, err)
	defer other.Close()
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, d := range []*store.DB{db, other} {
		wg.Add(1)
		go func() { defer wg.Done(); errs[i] = d.Migrate(ctx) }()
	}
	wg.Wait()
	require.NoError(t, errs[0])
	require.NoError(t, errs[1])
	st, err := db.MigrationStatus(ctx)
	require.NoError(t, err)
	require.Equal(t, embeddedFiles(t, db.Dialect), appliedVersions(st))
	requireInStep(t, db)
}
