package squirrel_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"drey/squirrel"
	"drey/squirrel/lib"
)

func run(t *testing.T, opts squirrel.Options, src string) (string, error) {
	t.Helper()
	var out strings.Builder
	opts.Stdout = &out
	vm := squirrel.New(opts)
	lib.Open(vm, lib.Options{})
	err := vm.Run(context.Background(), "test.nut", []byte(src))
	return out.String(), err
}

// An endless loop in customer code ends with an error instead of hanging
// its host, and try cannot swallow that error (REQ-SEP-6).
func TestStepLimit(t *testing.T) {
	for _, src := range []string{
		`while (true) {}`,
		`while (true) { try { while (true) {} } catch (e) { print("caught " + e) } }`,
		`function f() { return f() + 1 } while (true) { try { f() } catch (e) {} }`,
		`local a = [1,2,3]; while (true) a.sort(function(x, y) { return x <=> y })`,
	} {
		out, err := run(t, squirrel.Options{StepLimit: 100_000}, src)
		var se *squirrel.Error
		if !errors.As(err, &se) || !se.Fatal() || !strings.Contains(se.Msg, "instruction limit") {
			t.Errorf("%s: error %v, want a fatal instruction limit error", src, err)
		}
		if out != "" {
			t.Errorf("%s: the limit error was caught: %q", src, out)
		}
	}
}

// Cancelling the context stops a running script.
func TestContextCancel(t *testing.T) {
	vm := squirrel.New(squirrel.Options{})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	err := vm.Run(ctx, "test.nut", []byte(`while (true) {}`))
	if err == nil || !strings.Contains(err.Error(), "cancelled") {
		t.Fatalf("error %v, want cancellation", err)
	}
}

// Exceeding the memory budget raises an error Squirrel code can catch;
// the host never runs out of memory (REQ-SEP-6).
func TestMemoryLimit(t *testing.T) {
	src := `
local keep = []
try {
	while (true) keep.append(array(100, "x"))
} catch (e) {
	print(e)
}
keep = null
collectgarbage()
local after = array(10)
print(" then " + after.len())
`
	out, err := run(t, squirrel.Options{MemoryLimit: 80 << 10, StepLimit: 10_000_000}, src)
	if err != nil {
		t.Fatal(err)
	}
	if out != "out of memory then 10" {
		t.Fatalf("output %q", out)
	}
	// Strings count too.
	_, err = run(t, squirrel.Options{MemoryLimit: 80 << 10, StepLimit: 10_000_000}, `local s = "x"; local all = []; while (true) { s += s; all.append(s) }`)
	if err == nil || !strings.Contains(err.Error(), "out of memory") {
		t.Fatalf("string growth: error %v", err)
	}
	// One huge allocation is refused before it is made.
	_, err = run(t, squirrel.Options{MemoryLimit: 80 << 10}, `local a = array(100000000)`)
	if err == nil || !strings.Contains(err.Error(), "out of memory") {
		t.Fatalf("huge array: error %v", err)
	}
}

// Deep recursion is a catchable error with a bounded stack trace.
func TestCallDepth(t *testing.T) {
	out, err := run(t, squirrel.Options{MaxCallDepth: 100}, `
function f(n) { return f(n + 1) }
try { f(0) } catch (e) { print(e) }
f(0)`)
	if out != "stack overflow" {
		t.Fatalf("output %q", out)
	}
	var se *squirrel.Error
	if !errors.As(err, &se) || se.Msg != "stack overflow" {
		t.Fatalf("error %v", err)
	}
	if len(se.Trace) > 25 {
		t.Errorf("trace has %d frames; want it bounded", len(se.Trace))
	}
}

// A runtime error carries the message, the Squirrel stack and the locals
// of the innermost frame: what the cloud log shows.
func TestErrorTrace(t *testing.T) {
	_, err := run(t, squirrel.Options{}, `
function inner(x) {
	local y = x * 2
	return y.nothere
}
function outer() { return inner(21) }
outer()
`)
	var se *squirrel.Error
	if !errors.As(err, &se) {
		t.Fatalf("error %v", err)
	}
	tb := se.Traceback()
	for _, want := range []string{
		"AN ERROR HAS OCCURED [the index 'nothere' does not exist]",
		"*FUNCTION [inner()] test.nut line [4]",
		"*FUNCTION [outer()] test.nut line [6]",
		"*FUNCTION [main()] test.nut line [7]",
		"[x] 21",
		"[y] 42",
	} {
		if !strings.Contains(tb, want) {
			t.Errorf("traceback lacks %q:\n%s", want, tb)
		}
	}
}

// VMs share nothing: a global set in one is not seen in another.
func TestIndependentVMs(t *testing.T) {
	a := squirrel.New(squirrel.Options{})
	b := squirrel.New(squirrel.Options{})
	if err := a.Run(context.Background(), "a.nut", []byte(`::shared <- 1; ::print <- null`)); err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	b.SetStdout(&out)
	if err := b.Run(context.Background(), "b.nut", []byte(`print("shared" in getroottable())`)); err != nil {
		t.Fatal(err)
	}
	if out.String() != "false" {
		t.Fatalf("output %q", out.String())
	}
}

// The host can register Go functions, call Squirrel functions and read
// the values they return.
func TestEmbedding(t *testing.T) {
	vm := squirrel.New(squirrel.Options{})
	var got []string
	vm.Root().NewSlot(vm.Str("record"), squirrel.FuncValue(squirrel.NewNative("record", 2, func(vm *squirrel.VM, args []squirrel.Value) (squirrel.Value, error) {
		s, err := vm.StringArg(args, 1)
		if err != nil {
			return squirrel.Null, err
		}
		got = append(got, s)
		return squirrel.Int(int32(len(got))), nil
	})))
	if err := vm.Run(context.Background(), "e.nut", []byte(`
function greet(name) { return record("hello " + name) * 10 }
`)); err != nil {
		t.Fatal(err)
	}
	fn, ok := vm.Root().GetStr("greet")
	if !ok {
		t.Fatal("greet not defined")
	}
	v, err := vm.Call(context.Background(), fn, squirrel.TableValue(vm.Root()), vm.Str("imp"))
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := v.AsInt(); n != 10 || len(got) != 1 || got[0] != "hello imp" {
		t.Fatalf("result %v, recorded %q", v, got)
	}
	rec, _ := vm.Root().GetStr("record")
	_, err = vm.Call(context.Background(), rec, squirrel.TableValue(vm.Root()), squirrel.Int(5))
	if err == nil || err.Error() != "parameter 1 has an invalid type 'integer' ; expected: 'string'" {
		t.Fatalf("bad argument: error %v", err)
	}
}

// Customer code reaches nothing of the host except what the host
// registers: the globals of a VM with the standard libraries are exactly
// these, and none of them touches files, the environment, processes or
// the network (REQ-SEP-6).
func TestSandbox(t *testing.T) {
	vm := squirrel.New(squirrel.Options{})
	lib.Open(vm, lib.Options{})
	want := map[string]bool{
		"_version_": true, "_versionnumber_": true, "_charsize_": true, "_intsize_": true, "_floatsize_": true,
		"getroottable": true, "getconsttable": true, "assert": true, "print": true, "error": true,
		"array": true, "type": true, "callee": true, "collectgarbage": true, "enabledebuginfo": true,
		"math": true, "time": true, "clock": true, "date": true,
		"strip": true, "lstrip": true, "rstrip": true, "split": true, "escape": true, "format": true, "regexp": true,
		"blob": true,
	}
	for pos := 0; ; {
		k, _, next, ok := vm.Root().Next(pos)
		if !ok {
			break
		}
		pos = next
		name, _ := k.AsString()
		if !want[name] {
			t.Errorf("unexpected global %q", name)
		}
		delete(want, name)
	}
	for name := range want {
		t.Errorf("missing global %q", name)
	}
	for _, src := range []string{
		`compilestring("print(1)")`, `newthread(function() {})`, `seterrorhandler(print)`,
		`getstackinfos(0)`, `setroottable({})`, `setconsttable({})`, `dofile("/etc/passwd")`,
		`system("ls")`, `getenv("HOME")`, `file("/etc/passwd", "r")`,
	} {
		if _, err := run(t, squirrel.Options{}, src); err == nil || !strings.Contains(err.Error(), "does not exist") {
			t.Errorf("%s: error %v, want the function not to exist", src, err)
		}
	}
}

// Constants declared by one program, or set by the host, are known to
// the programs the VM compiles later, as the reference's constant table.
func TestConstantsAcrossPrograms(t *testing.T) {
	var out strings.Builder
	vm := squirrel.New(squirrel.Options{Stdout: &out})
	lib.Open(vm, lib.Options{})
	if err := vm.SetConst("LIMIT", squirrel.Int(10)); err != nil {
		t.Fatal(err)
	}
	if err := vm.SetConst("BAD", squirrel.TableValue(vm.NewTable(0))); err == nil {
		t.Fatal("a table was accepted as a constant")
	}
	ctx := context.Background()
	if err := vm.Run(ctx, "a.nut", []byte(`const GREETING = "hi"; enum Color { RED, GREEN = 5 }`)); err != nil {
		t.Fatal(err)
	}
	if err := vm.Run(ctx, "b.nut", []byte(`print(GREETING + " " + LIMIT + " " + Color.GREEN + " " + getconsttable().Color.RED)`)); err != nil {
		t.Fatal(err)
	}
	if out.String() != "hi 10 5 0" {
		t.Fatalf("output %q", out.String())
	}
}

// Go values convert to Squirrel and back.
func TestConvert(t *testing.T) {
	vm := squirrel.New(squirrel.Options{})
	in := map[string]any{"n": 42, "f": 1.5, "s": "x", "b": true, "nil": nil, "list": []any{1, "two", []any{}}}
	v, err := vm.FromGo(in)
	if err != nil {
		t.Fatal(err)
	}
	got := squirrel.ToGo(v).(map[any]any)
	if got["n"] != int32(42) || got["f"] != 1.5 || got["s"] != "x" || got["b"] != true || got["nil"] != nil {
		t.Fatalf("round trip: %#v", got)
	}
	if l := got["list"].([]any); len(l) != 3 || l[1] != "two" {
		t.Fatalf("list: %#v", l)
	}
	if _, err := vm.FromGo(map[string]any{"big": int64(1) << 40}); err == nil || !strings.Contains(err.Error(), "big: integer") {
		t.Fatalf("out of range: %v", err)
	}
	if _, err := vm.FromGo(struct{}{}); err == nil {
		t.Fatal("a struct converted")
	}
}

// A class made in Go works like one declared in Squirrel.
func TestGoClass(t *testing.T) {
	var out strings.Builder
	vm := squirrel.New(squirrel.Options{Stdout: &out})
	lib.Open(vm, lib.Options{})
	c := vm.NewClass(nil)
	vm.SetMember(c, "count", squirrel.Int(0), false)
	vm.SetMember(c, "bump", squirrel.FuncValue(squirrel.NewNative("bump", 1, func(vm *squirrel.VM, a []squirrel.Value) (squirrel.Value, error) {
		inst := a[0]
		n, _ := vm.CallMethod(inst, "get")
		i, _ := n.AsInt()
		return squirrel.Int(i + 1), nil
	})), false)
	vm.Root().NewSlot(vm.Str("Counter"), squirrel.ClassValue(c))
	err := vm.Run(context.Background(), "c.nut", []byte(`
class Sub extends Counter { function get() { return 41 } }
local s = Sub()
print(s.bump() + " " + (s instanceof Counter))`))
	if err != nil {
		t.Fatal(err)
	}
	if out.String() != "42 true" {
		t.Fatalf("output %q", out.String())
	}
}
