// Tests of the SQLite store: the conformance suite on a file and in memory,
// and what only a file can show: no token secret in it, nothing lost across
// a restart or a killed process, migrations applied once.

package store

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// openTemp opens a store on a new file in a temporary directory.
func openTemp(t *testing.T) (*SQLite, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "drey.db")
	s, err := OpenSQLite(path)
	if err != nil {
		t.Fatalf("OpenSQLite: %v", err)
	}
	return s, path
}

// TestSQLiteConformance runs the store conformance suite on SQLite, in a
// file and in memory: among others, owner scoping (REQ-SEP-5), device
// transfer dropping the old owner's logs and agent data (REQ-OWN-4), and
// log retention (REQ-PRIV-4).
func TestSQLiteConformance(t *testing.T) {
	t.Run("file", func(t *testing.T) {
		testStore(t, func(t *testing.T) Store {
			s, _ := openTemp(t)
			return s
		})
	})
	t.Run("memory", func(t *testing.T) {
		testStore(t, func(t *testing.T) Store {
			s, err := OpenSQLite(":memory:")
			if err != nil {
				t.Fatalf("OpenSQLite: %v", err)
			}
			return s
		})
	})
}

// TestSQLiteTokenSecretNotInFile greps the database files for a token's
// secret: only its hash may be there.
func TestSQLiteTokenSecretNotInFile(t *testing.T) {
	s, path := openTemp(t)
	ctx := context.Background()
	o, err := s.CreateOwner(ctx, "acme")
	must(t, "CreateOwner", err)
	var secrets []string
	for _, name := range []string{"ci", "laptop", "deploy-bot"} {
		_, secret, err := s.CreateToken(ctx, o.ID, name)
		must(t, "CreateToken", err)
		secrets = append(secrets, secret)
	}
	check := func(when string) {
		t.Helper()
		files, _ := filepath.Glob(path + "*") // the database, -wal and -shm
		var all []byte
		for _, file := range files {
			b, err := os.ReadFile(file)
			must(t, "read "+file, err)
			all = append(all, b...)
		}
		for _, secret := range secrets {
			random := strings.TrimPrefix(secret, tokenPrefix)
			if bytes.Contains(all, []byte(secret)) || bytes.Contains(all, []byte(random)) {
				t.Errorf("%s: a token secret is in %v", when, files)
			}
			if !bytes.Contains(all, hashToken(secret)) {
				t.Errorf("%s: a token's hash is not in %v: did the grep read the database?", when, files)
			}
		}
	}
	check("while open")
	must(t, "Close", s.Close())
	check("after Close")
}

// restartFixture is what TestSQLiteRestart writes before the restart.
type restartFixture struct {
	owner  Owner
	secret string
	group  Group
	device Device
	deps   []Deployment
	logs   []LogLine
	data   []byte
}

// TestSQLiteRestart closes and reopens the store: a server restart loses
// no deployment, log line or saved agent data.
func TestSQLiteRestart(t *testing.T) {
	s, path := openTemp(t)
	f := fixture{t: t, s: s, ctx: context.Background()}
	var w restartFixture
	w.owner = f.owner("acme")
	var err error
	_, w.secret, err = s.CreateToken(f.ctx, w.owner.ID, "ci")
	must(t, "CreateToken", err)
	w.group = f.group(w.owner.ID, "lamp")
	w.device = f.device(w.owner.ID, w.group.ID)
	st := DeviceStatus{LastSeen: now(), ImpromVersion: "42", BootromVersion: "7", Counter: 9}
	must(t, "UpdateDeviceStatus", s.UpdateDeviceStatus(f.ctx, w.owner.ID, w.device.ID, st))
	w.device.DeviceStatus = st
	w.deps = []Deployment{f.deploy(w.owner.ID, w.group.ID, "1"), f.deploy(w.owner.ID, w.group.ID, "2")}
	r, err := s.RollbackDeployment(f.ctx, w.owner.ID, w.group.ID, 1)
	must(t, "RollbackDeployment", err)
	w.deps = append(w.deps, r)
	for i := range 5 {
		f.log(w.owner.ID, w.device.ID, now(), fmt.Sprint("line ", i))
	}
	w.logs, err = s.Logs(f.ctx, w.owner.ID, w.device.ID, time.Time{}, 0)
	must(t, "Logs", err)
	w.data = []byte("agent state \x00 with a NUL")
	must(t, "SaveAgentData", s.SaveAgentData(f.ctx, w.owner.ID, w.device.ID, w.data))
	must(t, "Close", s.Close())

	s, err = OpenSQLite(path)
	must(t, "reopen", err)
	defer s.Close()
	checkRestart(t, s, w)
}

// checkRestart checks that s holds everything w wrote.
func checkRestart(t *testing.T, s *SQLite, w restartFixture) {
	t.Helper()
	ctx := context.Background()
	if o, err := s.OwnerForToken(ctx, w.secret); err != nil || o != w.owner {
		t.Errorf("OwnerForToken after restart = %+v, %v", o, err)
	}
	if g, err := s.Group(ctx, w.owner.ID, w.group.ID); err != nil || g != w.group {
		t.Errorf("Group after restart = %+v, %v", g, err)
	}
	d, err := s.DeviceByPublicKey(ctx, w.device.PublicKey)
	must(t, "DeviceByPublicKey after restart", err)
	if !reflect.DeepEqual(d, w.device) {
		t.Errorf("device after restart = %+v, want %+v", d, w.device)
	}
	for _, want := range w.deps {
		got, err := s.Deployment(ctx, w.owner.ID, w.group.ID, want.Version)
		must(t, "Deployment after restart", err)
		if !deploymentEqual(got, want) {
			t.Errorf("deployment %d after restart = %+v, want %+v", want.Version, got, want)
		}
	}
	logs, err := s.Logs(ctx, w.owner.ID, w.device.ID, time.Time{}, 0)
	must(t, "Logs after restart", err)
	if !reflect.DeepEqual(logs, w.logs) {
		t.Errorf("logs after restart = %+v, want %+v", logs, w.logs)
	}
	data, err := s.LoadAgentData(ctx, w.owner.ID, w.device.ID)
	must(t, "LoadAgentData after restart", err)
	if !bytes.Equal(data, w.data) {
		t.Errorf("agent data after restart = %q, want %q", data, w.data)
	}
}
