// Package migrations embeds the versioned migrations of the database schema:
// Atlas-format SQL files with their atlas.sum, one directory per dialect. They
// are written by internal/tools/migrategen (go generate ./...) from ent/schema
// and applied by internal/store (exportiva migrate, and every start). This file
// is hand-written; the .sql files and atlas.sum are generated: never edit them.
package migrations

import (
	"embed"
	"fmt"
	"io/fs"
	"path"

	"ariga.io/atlas/sql/migrate"
	"entgo.io/ent/dialect"
)

//go:embed sqlite postgres
var files embed.FS

// Dir returns the migration directory of an ent dialect (dialect.SQLite or
// dialect.Postgres), atlas.sum included.
func Dir(d string) (*migrate.MemDir, error) {
	var sub string
	switch d {
	case dialect.SQLite:
		sub = "sqlite"
	case dialect.Postgres:
		sub = "postgres"
	default:
		return nil, fmt.Errorf("no migrations for the dialect %q", d)
	}
	entries, err := fs.ReadDir(files, sub)
	if err != nil {
		return nil, err
	}
	dir := &migrate.MemDir{}
	for _, e := range entries {
		b, err := fs.ReadFile(files, path.Join(sub, e.Name()))
		if err != nil {
			return nil, err
		}
		if err := dir.WriteFile(e.Name(), b); err != nil {
			return nil, err
		}
	}
	return dir, nil
}
