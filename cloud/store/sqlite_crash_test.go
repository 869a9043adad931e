// Crash safety: a child process writes to the store and is killed with
// SIGKILL mid-stream; reopening the file must find a sound database that
// holds every change the child saw committed.

package store

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The environment of a child of TestSQLiteKilledProcess: the database it
// writes, and the owner, group and device ids it writes for.
const (
	crashEnv    = "DREY_STORE_CRASH_DB"
	crashIDsEnv = "DREY_STORE_CRASH_IDS"
)

func TestSQLiteKilledProcess(t *testing.T) {
	if path := os.Getenv(crashEnv); path != "" {
		crashChild(path, os.Getenv(crashIDsEnv))
		return
	}
	if testing.Short() {
		t.Skip("starts a child process")
	}
	path := filepath.Join(t.TempDir(), "drey.db")
	s, err := OpenSQLite(path)
	must(t, "OpenSQLite", err)
	f := fixture{t: t, s: s, ctx: context.Background()}
	o := f.owner("acme")
	g := f.group(o.ID, "g")
	d := f.device(o.ID, g.ID)
	must(t, "Close", s.Close())

	cmd := exec.Command(os.Args[0], "-test.run=^TestSQLiteKilledProcess$")
	cmd.Env = append(os.Environ(), crashEnv+"="+path, crashIDsEnv+"="+o.ID+","+g.ID+","+d.ID)
	out, err := cmd.StdoutPipe()
	must(t, "pipe", err)
	must(t, "start child", cmd.Start())
	const target = 200
	acked := -1
	var other []string
	sc := bufio.NewScanner(out)
	for acked < target && sc.Scan() {
		if n, ok := strings.CutPrefix(sc.Text(), "ack "); ok {
			acked, _ = strconv.Atoi(n)
		} else {
			other = append(other, sc.Text())
		}
	}
	must(t, "kill child", cmd.Process.Kill())
	cmd.Wait()
	if acked < target {
		t.Fatalf("the child stopped after write %d: %q", acked, other)
	}

	s, err = OpenSQLite(path)
	must(t, "reopen after kill", err)
	defer s.Close()
	var check string
	must(t, "integrity_check", s.w.QueryRow(`PRAGMA integrity_check`).Scan(&check))
	if check != "ok" {
		t.Fatalf("integrity_check: %s", check)
	}
	ls, err := s.Logs(f.ctx, o.ID, d.ID, time.Time{}, 0)
	must(t, "Logs", err)
	data, err := s.LoadAgentData(f.ctx, o.ID, d.ID)
	must(t, "LoadAgentData", err)
	saved, _ := strconv.Atoi(string(data))
	cur, err := s.CurrentDeployment(f.ctx, o.ID, g.ID)
	must(t, "CurrentDeployment", err)
	if len(ls) < acked+1 || saved < acked || cur.Version < acked+1 {
		t.Errorf("after the kill at write %d: %d log lines, agent data %d, deployment version %d",
			acked, len(ls), saved, cur.Version)
	}
}

// crashChild writes until it is killed, printing "ack N" after write N
// (a log line, the agent data N and a deployment) has committed.
func crashChild(path, ids string) {
	fail := func(err error) {
		fmt.Println("child:", err)
		os.Exit(1)
	}
	s, err := OpenSQLite(path)
	if err != nil {
		fail(err)
	}
	ctx := context.Background()
	owner, rest, _ := strings.Cut(ids, ",")
	group, device, _ := strings.Cut(rest, ",")
	for i := range 100000 {
		err := s.AppendLog(ctx, owner, LogLine{DeviceID: device, Source: SourceDevice, Level: LevelInfo, Text: fmt.Sprint(i)})
		if err == nil {
			err = s.SaveAgentData(ctx, owner, device, []byte(strconv.Itoa(i)))
		}
		if err == nil {
			_, err = s.CreateDeployment(ctx, Deployment{OwnerID: owner, GroupID: group, DeviceCode: make([]byte, 4096)})
		}
		if err != nil {
			fail(err)
		}
		fmt.Println("ack", i)
	}
	os.Exit(0) // never Close: the parent kills us long before this
}
