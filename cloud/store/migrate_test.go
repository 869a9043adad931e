// Tests of the migration runner: in order, once, atomically, and never on
// a database newer than the program.

package store

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
)

// migrationRows returns the versions and names recorded in schema_migrations.
func migrationRows(t *testing.T, s *SQLite) []string {
	t.Helper()
	rows, err := s.w.Query(`SELECT version, name, applied FROM schema_migrations ORDER BY version`)
	must(t, "read schema_migrations", err)
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v, applied int64
		var name string
		must(t, "scan", rows.Scan(&v, &name, &applied))
		out = append(out, fmt.Sprint(v, " ", name, " ", applied))
	}
	must(t, "rows", rows.Err())
	return out
}

func TestMigrationsIdempotentOnReopen(t *testing.T) {
	s, path := openTemp(t)
	first := migrationRows(t, s)
	ms, err := builtinMigrations()
	must(t, "builtinMigrations", err)
	if len(first) != len(ms) || !strings.HasPrefix(first[0], "1 0001_init ") {
		t.Fatalf("schema_migrations = %q, want the %d built-in migrations", first, len(ms))
	}
	must(t, "Close", s.Close())
	for range 2 {
		s, err = OpenSQLite(path)
		must(t, "reopen", err)
		if again := migrationRows(t, s); strings.Join(again, ";") != strings.Join(first, ";") {
			t.Errorf("schema_migrations after reopen = %q, want unchanged %q", again, first)
		}
		n, err := migrate(context.Background(), s.w, ms)
		must(t, "migrate again", err)
		if n != 0 {
			t.Errorf("migrate on an up-to-date database applied %d", n)
		}
		must(t, "Close", s.Close())
	}
}

func TestMigrationsIncremental(t *testing.T) {
	s, err := openSQLite(":memory:")
	must(t, "open", err)
	defer s.Close()
	ctx := context.Background()
	v1 := fstest.MapFS{"0001_a.sql": {Data: []byte("CREATE TABLE a (x INTEGER);")}}
	v2 := fstest.MapFS{
		"0001_a.sql": v1["0001_a.sql"],
		"0002_b.sql": {Data: []byte("CREATE TABLE b (y INTEGER); INSERT INTO b VALUES (7);")},
	}
	ms1, err := loadMigrations(v1)
	must(t, "load v1", err)
	ms2, err := loadMigrations(v2)
	must(t, "load v2", err)
	if n, err := migrate(ctx, s.w, ms1); err != nil || n != 1 {
		t.Fatalf("migrate v1 = %d, %v; want 1 applied", n, err)
	}
	if n, err := migrate(ctx, s.w, ms2); err != nil || n != 1 {
		t.Fatalf("migrate v2 = %d, %v; want only the new one applied", n, err)
	}
	var y int
	must(t, "read b", s.w.QueryRow(`SELECT y FROM b`).Scan(&y))
	if y != 7 {
		t.Errorf("b.y = %d: the multi-statement migration did not run whole", y)
	}
	_, err = migrate(ctx, s.w, ms1)
	if err == nil || !strings.Contains(err.Error(), "newer") {
		t.Errorf("migrate with an older program = %v, want a refusal naming the newer schema", err)
	}
}

// TestMigrationFailureIsAtomic applies a migration that fails halfway: none
// of it may stay, and it must not be recorded.
func TestMigrationFailureIsAtomic(t *testing.T) {
	s, err := openSQLite(":memory:")
	must(t, "open", err)
	defer s.Close()
	ms, err := loadMigrations(fstest.MapFS{
		"0001_a.sql": {Data: []byte("CREATE TABLE a (x INTEGER);")},
		"0002_b.sql": {Data: []byte("CREATE TABLE half (y INTEGER); THIS IS NOT SQL;")},
	})
	must(t, "load", err)
	n, err := migrate(context.Background(), s.w, ms)
	if err == nil || n != 1 || !strings.Contains(err.Error(), "0002_b") {
		t.Fatalf("migrate = %d, %v; want 1 applied, then an error naming 0002_b", n, err)
	}
	var tables int
	must(t, "count", s.w.QueryRow(`SELECT COUNT(*) FROM sqlite_schema WHERE name = 'half'`).Scan(&tables))
	if tables != 0 {
		t.Error("the failed migration's first statement was kept")
	}
	if rows := migrationRows(t, s); len(rows) != 1 {
		t.Errorf("schema_migrations = %q, want only version 1", rows)
	}
}

func TestMigrationNewerDatabaseRefused(t *testing.T) {
	s, path := openTemp(t)
	_, err := s.w.Exec(`INSERT INTO schema_migrations (version, name, applied) VALUES (999, '0999_future', 0)`)
	must(t, "insert", err)
	must(t, "Close", s.Close())
	_, err = OpenSQLite(path)
	if err == nil || !strings.Contains(err.Error(), "newer") {
		t.Errorf("OpenSQLite of a newer database = %v, want a refusal", err)
	}
}

func TestLoadMigrationsNames(t *testing.T) {
	for name, fsys := range map[string]fstest.MapFS{
		"gap":       {"0001_a.sql": {}, "0003_c.sql": {}},
		"short":     {"1_a.sql": {}},
		"no name":   {"0001.sql": {}},
		"not first": {"0002_b.sql": {}},
	} {
		if _, err := loadMigrations(fsys); err == nil {
			t.Errorf("%s: loadMigrations accepted %v", name, fsys)
		}
	}
}
