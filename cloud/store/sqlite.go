// The embedded Store: SQLite through database/sql and modernc.org/sqlite,
// pure Go, in one file beside the server.
//
// Writes go through one connection, so they never contend with each other
// inside the process: a writer waits its turn in the database/sql pool
// instead of failing with SQLITE_BUSY. Its transactions begin IMMEDIATE,
// taking the write lock at BEGIN, so that another process writing the same
// file makes it wait out the busy timeout rather than fail on upgrading a
// read lock. Reads use a pool of read-only connections that WAL mode lets
// run alongside the writer. synchronous=FULL makes each commit durable
// before it returns: a power cut loses no acknowledged change. Log lines,
// the one high-volume write, are committed in groups to share that disk
// wait (sqlite_logwriter.go).
//
// ":memory:" is a database per connection, so there the store uses a
// single connection for reads and writes alike and never lets it close.

package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// SQLite is the embedded Store. Make one with OpenSQLite.
type SQLite struct {
	w *sql.DB // the one writer connection
	r *sql.DB // read-only connections; w itself for ":memory:"

	logs logWriter // commits AppendLog's lines in batches

	// The prepared statements of the writer and of the readers
	// (sqlite_stmts.go); rd runs reads with the readers'.
	wc, rc *stmts
	rd     cachedDB

	closeOnce sync.Once
	closeErr  error
}

var _ Store = (*SQLite)(nil)

// The connection settings. busy_timeout is how long a statement waits for
// another process's lock before failing.
const (
	sqliteCommon = "_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)"
	sqliteWriter = "?_txlock=immediate&" + sqliteCommon + "&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)"
	sqliteReader = "?" + sqliteCommon + "&_pragma=query_only(1)"
	sqliteMemory = "?_txlock=immediate&" + sqliteCommon
)

// OpenSQLite opens the database file at path, creating it if need be, and
// brings its schema up to date. path ":memory:" is a private in-memory
// database, gone on Close, for tests.
func OpenSQLite(path string) (*SQLite, error) {
	if path == "" || strings.ContainsAny(path, "?#") {
		return nil, fmt.Errorf("store: open sqlite %q: path must be non-empty, without ? or #", path)
	}
	ms, err := builtinMigrations()
	if err != nil {
		return nil, fmt.Errorf("store: open sqlite %s: %w", path, err)
	}
	s, err := openSQLite(path)
	if err != nil {
		return nil, err
	}
	if _, err := migrate(context.Background(), s.w, ms); err != nil {
		s.Close()
		return nil, fmt.Errorf("store: open sqlite %s: %w", path, err)
	}
	s.startLogWriter()
	return s, nil
}

// openSQLite opens the connections of a store without touching its schema.
func openSQLite(path string) (*SQLite, error) {
	if path == ":memory:" {
		db, err := sql.Open("sqlite", path+sqliteMemory)
		if err != nil {
			return nil, fmt.Errorf("store: open sqlite %s: %w", path, err)
		}
		db.SetMaxOpenConns(1)
		db.SetMaxIdleConns(1)
		db.SetConnMaxLifetime(0)
		db.SetConnMaxIdleTime(0)
		if err := db.Ping(); err != nil {
			db.Close()
			return nil, fmt.Errorf("store: open sqlite %s: %w", path, err)
		}
		return newSQLite(db, db), nil
	}
	w, err := sql.Open("sqlite", path+sqliteWriter)
	if err != nil {
		return nil, fmt.Errorf("store: open sqlite %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	w.SetConnMaxIdleTime(0)
	// Connect the writer first: it switches the file to WAL mode, which
	// the readers then find.
	if err := w.Ping(); err != nil {
		w.Close()
		return nil, fmt.Errorf("store: open sqlite %s: %w", path, err)
	}
	r, err := sql.Open("sqlite", path+sqliteReader)
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("store: open sqlite %s: %w", path, err)
	}
	n := max(4, runtime.NumCPU())
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	return newSQLite(w, r), nil
}

// newSQLite returns a store on a writer and readers (the same handle
// for ":memory:", which then shares one statement cache).
func newSQLite(w, r *sql.DB) *SQLite {
	s := &SQLite{w: w, r: r, wc: newStmts(w)}
	s.rc = s.wc
	if r != w {
		s.rc = newStmts(r)
	}
	s.rd = cachedDB{s.rc}
	return s
}

// Close closes the database; the last connection to close checkpoints the
// write-ahead log into the file. Closing again does nothing more.
func (s *SQLite) Close() error {
	s.closeOnce.Do(func() {
		if s.logs.stop != nil {
			s.stopLogWriter()
		}
		err := s.wc.close()
		if s.rc != s.wc {
			err = errors.Join(err, s.rc.close())
		}
		if s.r != s.w {
			err = errors.Join(err, s.r.Close())
		}
		s.closeErr = errors.Join(err, s.w.Close())
	})
	return s.closeErr
}

// write runs fn in one transaction on the writer and commits it, or rolls
// it back if fn fails. fn's errors are returned as they are; they carry
// their own context.
func (s *SQLite) write(ctx context.Context, what string, fn func(tx *wtx) error) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: %s: begin: %w", what, err)
	}
	defer tx.Rollback() // a no-op after Commit
	if err := fn(&wtx{tx: tx, c: s.wc}); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: %s: commit: %w", what, err)
	}
	s.wc.prepareWanted(context.WithoutCancel(ctx))
	return nil
}
