package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeFile(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// drey sq runs a script like the reference sq: output on stdout, vargv
// from the command line.
func TestSqRun(t *testing.T) {
	dir := t.TempDir()
	f := writeFile(t, dir, "hello.nut", `print("hello " + vargv[0] + " " + vargv.len() + "\n")`)
	code, out, errOut := drey(t, "sq", f, "imp", "two")
	if code != 0 || out != "hello imp 2\n" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

// An uncaught error prints the message and the stack trace to stderr and
// exits 1; a compile error names file:line:col.
func TestSqErrors(t *testing.T) {
	dir := t.TempDir()
	f := writeFile(t, dir, "boom.nut", "function f(x) {\n  return x.nothere\n}\nf({})\n")
	code, _, errOut := drey(t, "sq", f)
	if code != 1 || !strings.Contains(errOut, "AN ERROR HAS OCCURED [the index 'nothere' does not exist]") || !strings.Contains(errOut, "*FUNCTION [f()] "+f+" line [2]") {
		t.Fatalf("exit %d, stderr:\n%s", code, errOut)
	}
	g := writeFile(t, dir, "bad.nut", "local x = 1\nlocal = 2\n")
	code, _, errOut = drey(t, "sq", g)
	if code != 1 || !strings.Contains(errOut, g+":2:7:") {
		t.Fatalf("exit %d, stderr:\n%s", code, errOut)
	}
}

// -c writes bytecode that runs the same, and -d disassembles it.
func TestSqCompile(t *testing.T) {
	dir := t.TempDir()
	f := writeFile(t, dir, "sum.nut", "local s = 0\nfor (local i = 1; i <= 10; i++) s += i\nprint(s + \"\\n\")\n")
	out := filepath.Join(dir, "sum.bnut")
	if code, _, errOut := drey(t, "sq", "-c", "-o", out, f); code != 0 {
		t.Fatalf("-c: exit %d: %s", code, errOut)
	}
	if code, stdout, errOut := drey(t, "sq", out); code != 0 || stdout != "55\n" {
		t.Fatalf("running bytecode: exit %d, %q %s", code, stdout, errOut)
	}
	if code, stdout, _ := drey(t, "sq", "-d", out); code != 0 || !strings.Contains(stdout, "function main") || !strings.Contains(stdout, "tle") {
		t.Fatalf("-d: exit %d:\n%s", code, stdout)
	}
	corrupt := writeFile(t, dir, "bad.bnut", "SQBC\x01\x05garbage")
	if code, _, errOut := drey(t, "sq", corrupt); code != 1 || !strings.Contains(errOut, "bad.bnut") {
		t.Fatalf("corrupt bytecode: exit %d, %s", code, errOut)
	}
}

// -imp runs several files as one imp program, drains its timers on the
// simulated clock, and reports errors at each file's own lines.
func TestSqImp(t *testing.T) {
	dir := t.TempDir()
	lib := writeFile(t, dir, "lib.nut", "function double(x) {\n  return x * 2\n}\n")
	test := writeFile(t, dir, "test.nut", "imp.wakeup(60, function() { server.log(double(21)) })\nimp.wakeup(120, function() { server.log(double(null)) })\n")
	code, out, errOut := drey(t, "sq", "-imp", "device", lib, test)
	if code != 1 || out != "[Device] 42\n" {
		t.Fatalf("exit %d, stdout %q", code, out)
	}
	if !strings.Contains(errOut, "arith op * on between 'null' and 'integer'") || !strings.Contains(errOut, lib+":2") || !strings.Contains(errOut, test+":2") {
		t.Fatalf("stderr:\n%s", errOut)
	}
	bad := writeFile(t, dir, "bad.nut", "x <- 1\n)\n")
	code, _, errOut = drey(t, "sq", "-imp", "agent", lib, bad)
	if code != 1 || !strings.Contains(errOut, bad+":2:1:") {
		t.Fatalf("compile error: exit %d, %s", code, errOut)
	}
	if code, _, errOut := drey(t, "sq", "-imp", "phone", lib); code != 2 || !strings.Contains(errOut, "want device or agent") {
		t.Fatalf("bad -imp: exit %d, %s", code, errOut)
	}
}
