package store

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
)

// Every statement the store runs is prepared once and kept: a write's
// statements after its transaction, a read's at once; a statement that
// does not parse is not kept, and the cache stays bounded.
func TestStatementCache(t *testing.T) {
	s, err := OpenSQLite(filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	o, err := s.CreateOwner(ctx, "acme")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Owner(ctx, o.ID); err != nil {
		t.Fatal(err)
	}
	n := func(c *stmts) int {
		c.mu.Lock()
		defer c.mu.Unlock()
		return len(c.m)
	}
	w, r := n(s.wc), n(s.rc)
	if w == 0 || r == 0 {
		t.Fatalf("cached %d writer and %d reader statements after a write and a read", w, r)
	}
	for i := range 3 {
		if _, err := s.CreateOwner(ctx, fmt.Sprintf("owner %d", i)); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Owner(ctx, o.ID); err != nil {
			t.Fatal(err)
		}
	}
	if n(s.wc) != w || n(s.rc) != r {
		t.Errorf("the same statements again grew the caches: %d/%d -> %d/%d", w, r, n(s.wc), n(s.rc))
	}
	if _, err := s.rd.QueryContext(ctx, "SELEKT nonsense"); err == nil {
		t.Error("a statement that does not parse ran")
	}
	if n(s.rc) != r {
		t.Error("a statement that does not parse was cached")
	}
	for i := range maxCachedStmts + 10 {
		rows, err := s.rd.QueryContext(ctx, fmt.Sprintf("SELECT %d", i))
		if err != nil {
			t.Fatal(err)
		}
		rows.Close()
	}
	if got := n(s.rc); got > maxCachedStmts {
		t.Errorf("%d statements cached, bound %d", got, maxCachedStmts)
	}
}
