package squirrel_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"drey/squirrel"
	"drey/squirrel/compile"
	"drey/squirrel/lib"
)

// fuzzVM is a VM with small limits, so that any program ends quickly.
func fuzzVM() *squirrel.VM {
	vm := squirrel.New(squirrel.Options{MemoryLimit: 256 << 10, StepLimit: 20_000, MaxCallDepth: 64})
	lib.Open(vm, lib.Options{})
	return vm
}

// runQuietly runs a program and fails only if the VM itself broke: a
// Squirrel error is an expected outcome, an internal error is not.
func runQuietly(t *testing.T, vm *squirrel.VM, cl *squirrel.Closure) {
	_, err := vm.Call(context.Background(), squirrel.ObjectValue(cl), squirrel.TableValue(vm.Root()))
	if err != nil && strings.HasPrefix(err.Error(), "internal error") {
		t.Fatalf("VM failure: %v", err)
	}
}

func addCorpus(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.nut")
	for i, file := range files {
		if i%4 != 0 { // a sample keeps the seed run short
			continue
		}
		src, err := os.ReadFile(file)
		if err == nil {
			f.Add(src)
		}
	}
}

// FuzzRun compiles and runs arbitrary source under small limits: whatever
// the program, the VM returns a result or a Squirrel error, never a Go
// panic, a hang or unbounded memory.
func FuzzRun(f *testing.F) {
	addCorpus(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		vm := fuzzVM()
		cl, err := vm.Compile("fuzz.nut", src)
		if err != nil {
			return
		}
		runQuietly(t, vm, cl)
	})
}

// FuzzRunBytecode runs whatever the bytecode loader accepts: validated
// bytecode, however hostile, must not break the VM.
func FuzzRunBytecode(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.nut")
	for i, file := range files {
		if i%8 != 0 {
			continue
		}
		src, err := os.ReadFile(file)
		if err != nil {
			continue
		}
		if p, err := compile.Source(file, src, compile.Options{}); err == nil {
			f.Add(p.Encode())
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := compile.DecodeProgram(data)
		if err != nil {
			return
		}
		vm := fuzzVM()
		runQuietly(t, vm, vm.Load(p))
	})
}
