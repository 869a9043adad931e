// SQLite: prepared statements, cached by their SQL text. Parsing a
// statement costs more than running most of ours (a device lookup: 19 µs
// parsed each time, 8 µs prepared), so every query the store runs is
// prepared once per connection and kept.

package store

import (
	"context"
	"database/sql"
	"errors"
	"sync"
)

// maxCachedStmts bounds a cache: the store's queries are constants, but
// a statement built at run time must not grow it for ever.
const maxCachedStmts = 512

// stmts caches the prepared statements of one *sql.DB, which prepares
// each on a connection when it is first run there.
type stmts struct {
	db *sql.DB
	mu sync.Mutex
	m  map[string]*sql.Stmt
	// wanted are statements met inside a transaction on the writer,
	// which has one connection: preparing one on the DB then would wait
	// for the connection the transaction holds. They are prepared once
	// it is released (prepareWanted).
	wanted map[string]bool
}

func newStmts(db *sql.DB) *stmts {
	return &stmts{db: db, m: map[string]*sql.Stmt{}, wanted: map[string]bool{}}
}

// cached returns the prepared statement of query if there is one, and
// otherwise notes it for prepareWanted.
func (c *stmts) cached(query string) *sql.Stmt {
	c.mu.Lock()
	defer c.mu.Unlock()
	st := c.m[query]
	if st == nil && len(c.m)+len(c.wanted) < maxCachedStmts {
		c.wanted[query] = true
	}
	return st
}

// prepareWanted prepares the statements cached noted, with no
// connection held.
func (c *stmts) prepareWanted(ctx context.Context) {
	c.mu.Lock()
	var qs []string
	for q := range c.wanted {
		qs = append(qs, q)
	}
	clear(c.wanted)
	c.mu.Unlock()
	for _, q := range qs {
		c.get(ctx, q)
	}
}

// get returns the prepared statement of query, or nil if it cannot be
// prepared (the caller then runs query as it is and meets the error) or
// the cache is full.
func (c *stmts) get(ctx context.Context, query string) *sql.Stmt {
	c.mu.Lock()
	st, full := c.m[query], len(c.m) >= maxCachedStmts
	c.mu.Unlock()
	if st != nil || full {
		return st
	}
	// Not under c.mu: preparing may wait for a connection, and a
	// transaction holding one may need c.mu to finish.
	st, err := c.db.PrepareContext(ctx, query)
	if err != nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if old := c.m[query]; old != nil {
		st.Close()
		return old
	}
	c.m[query] = st
	return st
}

func (c *stmts) close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	var err error
	for q, st := range c.m {
		err = errors.Join(err, st.Close())
		delete(c.m, q)
	}
	return err
}

// cachedDB runs queries on a *sql.DB with cached statements.
type cachedDB struct{ c *stmts }

// QueryContext runs a query that returns rows.
func (d cachedDB) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st := d.c.get(ctx, query); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return d.c.db.QueryContext(ctx, query, args...)
}

// QueryRowContext runs a query that returns at most one row.
func (d cachedDB) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if st := d.c.get(ctx, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return d.c.db.QueryRowContext(ctx, query, args...)
}

// wtx is a transaction on the writer whose statements come from the
// writer's cache: the writer has one connection, so a cached statement
// is already prepared on it. A statement not yet cached runs as it is
// the first time, and is prepared after the transaction.
type wtx struct {
	tx *sql.Tx
	c  *stmts
}

func (t *wtx) stmt(ctx context.Context, query string) *sql.Stmt {
	if st := t.c.cached(query); st != nil {
		return t.tx.StmtContext(ctx, st)
	}
	return nil
}

// ExecContext runs a statement that returns no rows.
func (t *wtx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if st := t.stmt(ctx, query); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return t.tx.ExecContext(ctx, query, args...)
}

// QueryContext runs a query that returns rows.
func (t *wtx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st := t.stmt(ctx, query); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return t.tx.QueryContext(ctx, query, args...)
}

// QueryRowContext runs a query that returns at most one row.
func (t *wtx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if st := t.stmt(ctx, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return t.tx.QueryRowContext(ctx, query, args...)
}

// PrepareContext prepares a statement for the transaction only, for a
// statement run many times in it.
func (t *wtx) PrepareContext(ctx context.Context, query string) (*sql.Stmt, error) {
	return t.tx.PrepareContext(ctx, query)
}
