// Tests of the SQLite connections: their settings, bad paths, and two
// stores (as two processes would) writing one file at once.

package store

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

func TestSQLitePragmas(t *testing.T) {
	s, _ := openTemp(t)
	defer s.Close()
	pragma := func(db *sql.DB, name string) string {
		t.Helper()
		var v string
		must(t, "pragma "+name, db.QueryRow("PRAGMA "+name).Scan(&v))
		return v
	}
	for _, c := range []struct {
		db         *sql.DB
		name, want string
	}{
		{s.w, "journal_mode", "wal"},
		{s.r, "journal_mode", "wal"},
		{s.w, "foreign_keys", "1"},
		{s.r, "foreign_keys", "1"},
		{s.w, "synchronous", "2"}, // FULL
		{s.w, "busy_timeout", "10000"},
		{s.r, "busy_timeout", "10000"},
		{s.r, "query_only", "1"},
	} {
		if got := pragma(c.db, c.name); got != c.want {
			t.Errorf("%s = %s, want %s", c.name, got, c.want)
		}
	}
	if _, err := s.r.Exec(`DELETE FROM owners`); err == nil {
		t.Error("a reader connection could write")
	}
}

func TestSQLiteOpenErrors(t *testing.T) {
	for _, path := range []string{"", "a?b", filepath.Join(t.TempDir(), "no", "such", "dir", "x.db")} {
		if s, err := OpenSQLite(path); err == nil {
			s.Close()
			t.Errorf("OpenSQLite(%q) succeeded", path)
		}
	}
}

// TestSQLiteMemoryIsPrivate checks that two in-memory stores do not share
// a database, and that one survives idle time on its single connection.
func TestSQLiteMemoryIsPrivate(t *testing.T) {
	a, err := OpenSQLite(":memory:")
	must(t, "open", err)
	defer a.Close()
	b, err := OpenSQLite(":memory:")
	must(t, "open", err)
	defer b.Close()
	ctx := context.Background()
	o, err := a.CreateOwner(ctx, "acme")
	must(t, "CreateOwner", err)
	_, err = b.Owner(ctx, o.ID)
	wantErr(t, "Owner in another in-memory store", err, ErrNotFound)
	time.Sleep(10 * time.Millisecond)
	_, err = a.Owner(ctx, o.ID)
	must(t, "Owner after idling", err)
}

// TestSQLiteTwoWritersOneFile opens two stores on one file, as two
// processes would, and writes through both at once: the busy timeout and
// IMMEDIATE transactions must make every write wait its turn, not fail.
func TestSQLiteTwoWritersOneFile(t *testing.T) {
	s1, path := openTemp(t)
	defer s1.Close()
	s2, err := OpenSQLite(path)
	must(t, "second OpenSQLite", err)
	defer s2.Close()
	f := fixture{t: t, s: s1, ctx: context.Background()}
	o := f.owner("acme")
	g := f.group(o.ID, "g")
	d := f.device(o.ID, g.ID)

	const each = 40
	var wg sync.WaitGroup
	for i, s := range []*SQLite{s1, s2, s1, s2} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range each {
				err := s.AppendLog(f.ctx, o.ID, LogLine{DeviceID: d.ID, Source: SourceDevice, Level: LevelInfo, Text: fmt.Sprint(i, j)})
				if err == nil && j%10 == 0 {
					_, err = s.CreateDeployment(f.ctx, Deployment{OwnerID: o.ID, GroupID: g.ID})
				}
				if err != nil {
					t.Errorf("store %d: %v", i%2+1, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	ls, err := s2.Logs(f.ctx, o.ID, d.ID, time.Time{}, 0)
	must(t, "Logs", err)
	deps, err := s1.Deployments(f.ctx, o.ID, g.ID)
	must(t, "Deployments", err)
	if len(ls) != 4*each || len(deps) != 4*each/10 || deps[0].Version != len(deps) {
		t.Errorf("%d lines and %d deployments (newest %d), want %d and %d", len(ls), len(deps), deps[0].Version, 4*each, 4*each/10)
	}
}

// TestSQLiteClosed checks that calls on a closed store fail rather than
// hang, the log writer's included.
func TestSQLiteClosed(t *testing.T) {
	s, _ := openTemp(t)
	f := fixture{t: t, s: s, ctx: context.Background()}
	o := f.owner("acme")
	d := f.device(o.ID, "")
	must(t, "Close", s.Close())
	if err := s.AppendLog(f.ctx, o.ID, LogLine{DeviceID: d.ID, Source: SourceDevice, Level: LevelInfo}); err == nil {
		t.Error("AppendLog on a closed store succeeded")
	}
	if _, err := s.Owner(f.ctx, o.ID); err == nil {
		t.Error("Owner on a closed store succeeded")
	}
}
