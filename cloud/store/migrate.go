// Schema migrations. The schema is the SQL files of migrations/, named
//
//	NNNN_what.sql      NNNN = 0001, 0002, ... with no gaps
//
// and applied in that order, each in its own transaction together with its
// row in schema_migrations (version, name, applied), so a crash leaves a
// migration either wholly applied and recorded or not at all. Opening a
// database applies only the versions it lacks, and refuses one whose
// schema is newer than this program knows. A migration, once released, is
// never edited: a change is a new file.

package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// migration is one SQL file of the schema.
type migration struct {
	version int
	name    string // the file name without .sql
	sql     string
}

// schemaMigrations records which migrations a database has had.
const schemaMigrations = `CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name    TEXT NOT NULL,
    applied INTEGER NOT NULL
)`

// builtinMigrations returns the migrations compiled into the program.
func builtinMigrations() ([]migration, error) {
	sub, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		return nil, fmt.Errorf("migrations: %w", err)
	}
	return loadMigrations(sub)
}

// loadMigrations reads the *.sql files at the top of fsys and checks that
// their versions run 1, 2, 3, ... without a gap or a repeat.
func loadMigrations(fsys fs.FS) ([]migration, error) {
	names, err := fs.Glob(fsys, "*.sql")
	if err != nil {
		return nil, fmt.Errorf("migrations: %w", err)
	}
	sort.Strings(names)
	var ms []migration
	for i, file := range names {
		num, _, ok := strings.Cut(file, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || len(num) != 4 {
			return nil, fmt.Errorf("migration %q: name is not NNNN_what.sql", file)
		}
		if v != i+1 {
			return nil, fmt.Errorf("migration %q: version %d, want %d", file, v, i+1)
		}
		text, err := fs.ReadFile(fsys, file)
		if err != nil {
			return nil, fmt.Errorf("migration %q: %w", file, err)
		}
		ms = append(ms, migration{version: v, name: strings.TrimSuffix(path.Base(file), ".sql"), sql: string(text)})
	}
	return ms, nil
}

// migrate applies to db the migrations it lacks and returns how many it
// applied. db must be the writer, whose transactions take the write lock
// at BEGIN, so that two processes opening one file cannot both apply a
// migration.
func migrate(ctx context.Context, db *sql.DB, ms []migration) (int, error) {
	if _, err := db.ExecContext(ctx, schemaMigrations); err != nil {
		return 0, fmt.Errorf("create schema_migrations: %w", err)
	}
	var newest sql.NullInt64
	if err := db.QueryRowContext(ctx, `SELECT MAX(version) FROM schema_migrations`).Scan(&newest); err != nil {
		return 0, fmt.Errorf("read schema version: %w", err)
	}
	if int(newest.Int64) > len(ms) {
		return 0, fmt.Errorf("database schema is version %d, newer than this program's %d: upgrade drey", newest.Int64, len(ms))
	}
	applied := 0
	for _, m := range ms {
		done, err := applyMigration(ctx, db, m)
		if err != nil {
			return applied, err
		}
		if done {
			applied++
		}
	}
	return applied, nil
}

// applyMigration applies m unless the database already has it, and says
// whether it did. The check is inside the transaction, under the write lock.
func applyMigration(ctx context.Context, db *sql.DB, m migration) (bool, error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("migration %s: begin: %w", m.name, err)
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE version = ?`, m.version).Scan(&n); err != nil {
		return false, fmt.Errorf("migration %s: %w", m.name, err)
	}
	if n > 0 {
		return false, nil
	}
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return false, fmt.Errorf("migration %s: %w", m.name, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied) VALUES (?, ?, ?)`,
		m.version, m.name, now().UnixMicro()); err != nil {
		return false, fmt.Errorf("migration %s: record: %w", m.name, err)
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("migration %s: commit: %w", m.name, err)
	}
	return true, nil
}
