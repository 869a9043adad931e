package squirrel_test

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	lua "github.com/yuin/gopher-lua"
	luaparse "github.com/yuin/gopher-lua/parse"

	"drey/squirrel"
	"drey/squirrel/compile"
	"drey/squirrel/lib"
)

// benchDir holds the benchmark programs: squirrel/<name>.nut and their
// Lua equivalents lua/<name>.lua (see bench/README.md).
const benchDir = "../bench"

// benchPrograms are the programs of BenchmarkScript, in order; the slow
// ones are skipped under -short.
var benchPrograms = []struct {
	name string
	slow bool
}{
	{"fib", false},
	{"fib32", true},
	{"loop", false},
	{"oop", false},
	{"strcat", false},
	{"strcat100k", true},
	{"table", false},
}

// BenchmarkScript runs each benchmark program on this VM and its Lua
// equivalent on gopher-lua, the comparison engine. Each program is
// compiled once, outside the timer; each iteration runs it once in a
// fresh VM (or LState), whose creation is not timed either. The squirrel
// result carries the metric x-gopherlua: its time per run divided by
// gopher-lua's (below 1: we are faster), when both ran in this process.
//
//	go test -run=NONE -bench=Script -benchtime=3x ./squirrel/
func BenchmarkScript(b *testing.B) {
	for _, p := range benchPrograms {
		b.Run(p.name, func(b *testing.B) {
			if p.slow && testing.Short() {
				b.Skip("slow program, skipped under -short")
			}
			var luaNs float64
			b.Run("gopherlua", func(b *testing.B) {
				benchLua(b, filepath.Join(benchDir, "lua", p.name+".lua"))
				luaNs = float64(b.Elapsed().Nanoseconds()) / float64(b.N)
			})
			b.Run("squirrel", func(b *testing.B) {
				benchSquirrel(b, filepath.Join(benchDir, "squirrel", p.name+".nut"))
				if luaNs > 0 {
					ns := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
					b.ReportMetric(ns/luaNs, "x-gopherlua")
				}
			})
		})
	}
}

func benchSquirrel(b *testing.B, file string) {
	src, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	prog, err := compile.Source(file, src, compile.Options{})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		vm := squirrel.New(squirrel.Options{Stdout: io.Discard})
		lib.Open(vm, lib.Options{MathGlobals: true})
		cl := vm.Load(prog)
		b.StartTimer()
		if _, err := vm.Call(ctx, squirrel.ObjectValue(cl), squirrel.TableValue(vm.Root())); err != nil {
			b.Fatal(err)
		}
	}
}

func benchLua(b *testing.B, file string) {
	src, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	chunk, err := luaparse.Parse(bytes.NewReader(src), file)
	if err != nil {
		b.Fatal(err)
	}
	proto, err := lua.Compile(chunk, file)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		L := lua.NewState() // opens the standard libraries, os.clock among them
		L.SetGlobal("print", L.NewFunction(func(*lua.LState) int { return 0 }))
		L.Push(L.NewFunctionFromProto(proto))
		b.StartTimer()
		if err := L.PCall(0, lua.MultRet, nil); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		L.Close()
		b.StartTimer()
	}
}

// BenchmarkCompile parses and compiles a realistic 200-line agent
// program (bench/squirrel/agent200.nut).
func BenchmarkCompile(b *testing.B) {
	file := filepath.Join(benchDir, "squirrel", "agent200.nut")
	src, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	vm := squirrel.New(squirrel.Options{Stdout: io.Discard})
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := vm.Compile(file, src); err != nil {
			b.Fatal(err)
		}
	}
}
