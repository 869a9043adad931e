// Command compare runs the benchmark programs on Drey's Squirrel VM and
// their Lua equivalents on gopher-lua, and prints a Markdown table of the
// median times and their ratio (squirrel / gopher-lua: below 1, we are
// faster). It also checks each program's printed line against the
// expected result and reports any difference.
//
//	go run ./bench/compare            # all programs, median of 3 runs
//	go run ./bench/compare -short     # without fib32 and strcat100k
//	go run ./bench/compare -n 5 -run 'oop|table'
//
// Each program is compiled once; every run gets a fresh VM (or LState),
// whose creation is not timed, after a garbage collection. Besides the
// wall-clock time, the table gives the process's CPU time (user and
// system, garbage collection included) for the same runs, which depends
// less on other work sharing the machine.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"time"

	lua "github.com/yuin/gopher-lua"
	luaparse "github.com/yuin/gopher-lua/parse"

	"drey/squirrel"
	"drey/squirrel/compile"
	"drey/squirrel/lib"
)

// program is one benchmark program and the line each engine should
// print (a regexp; the times vary). The expected lines differ where
// Squirrel's 32-bit integers wrap around and Lua's float64 numbers do not.
type program struct {
	name          string
	slow          bool
	wantSq, wantL string
}

const tm = `[0-9.e+-]+s`

var programs = []program{
	{"fib", false, `fib\(27\)=196418 time=` + tm, ""},
	{"fib32", true, `fib\(32\)=2178309 time=` + tm, ""},
	{"loop", false, `sum=-2004260032 time=` + tm, `sum=50000005000000 time=` + tm},
	{"oop", false, `vec=1000000,2000000 1M method calls\+allocs time=` + tm, ""},
	{"strcat", false, `len=20000 naive-concat\(20k\) time=` + tm + `; 1M tostring\+append len=5888890 time=` + tm, ""},
	{"strcat100k", true, `naive concat 100k len=100000 time=` + tm, ""},
	{"table", false, `int-key sum=1783293664 int-key time=` + tm + `; str-key sum=1783293664 str-key time=` + tm,
		`int-key sum=499999500000 int-key time=` + tm + `; str-key sum=499999500000 str-key time=` + tm},
}

func main() {
	n := flag.Int("n", 3, "runs per program and engine; the median is reported")
	short := flag.Bool("short", false, "skip the slow programs (fib32, strcat100k)")
	run := flag.String("run", "", "run only the programs whose name matches this regexp")
	dir := flag.String("dir", "", "the bench directory (default: bench/ under the module root)")
	flag.Parse()
	if *dir == "" {
		root, err := moduleRoot()
		if err != nil {
			fatal(err)
		}
		*dir = filepath.Join(root, "bench")
	}
	var match *regexp.Regexp
	if *run != "" {
		var err error
		if match, err = regexp.Compile(*run); err != nil {
			fatal(err)
		}
	}

	var rows, notes []string
	for _, p := range programs {
		if (p.slow && *short) || (match != nil && !match.MatchString(p.name)) {
			continue
		}
		if p.wantL == "" {
			p.wantL = p.wantSq
		}
		sqT, sqOut, err := measure(*n, squirrelRunner(filepath.Join(*dir, "squirrel", p.name+".nut")))
		if err != nil {
			fatal(fmt.Errorf("%s on squirrel: %w", p.name, err))
		}
		luaT, luaOut, err := measure(*n, luaRunner(filepath.Join(*dir, "lua", p.name+".lua")))
		if err != nil {
			fatal(fmt.Errorf("%s on gopher-lua: %w", p.name, err))
		}
		rows = append(rows, fmt.Sprintf("| %s | %s | %s | %.2f | %s | %s | %s |", p.name,
			secs(sqT.wall), secs(luaT.wall), sqT.wall.Seconds()/luaT.wall.Seconds(),
			secs(sqT.cpu), secs(luaT.cpu), ratio(sqT.cpu, luaT.cpu)))
		notes = append(notes, check(p.name, "squirrel", sqOut, p.wantSq), check(p.name, "gopher-lua", luaOut, p.wantL))
		fmt.Fprintf(os.Stderr, "%s done\n", p.name)
	}

	fmt.Printf("Median of %d runs; ratio = squirrel / gopher-lua (below 1: squirrel is faster).\n\n", *n)
	fmt.Println("| program | squirrel | gopher-lua | ratio | squirrel CPU | gopher-lua CPU | CPU ratio |")
	fmt.Println("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
	for _, r := range rows {
		fmt.Println(r)
	}
	fmt.Println()
	fmt.Println("Output of the first run:")
	fmt.Println()
	bad := false
	for _, n := range notes {
		fmt.Println(n)
		bad = bad || strings.Contains(n, "UNEXPECTED")
	}
	if bad {
		os.Exit(1)
	}
}

// runner runs a program once in a fresh engine and returns the time the
// program took (not counting the engine's creation) and what it printed.
type runner func() (cost, string, error)

// cost is the wall-clock and CPU time of a run.
type cost struct{ wall, cpu time.Duration }

// measure runs r n times and returns the median wall-clock and CPU
// times (each the median of its own) and the first run's output.
func measure(n int, r runner) (cost, string, error) {
	var walls, cpus []time.Duration
	var first string
	for i := range n {
		runtime.GC()
		c, out, err := r()
		if err != nil {
			return cost{}, "", err
		}
		if i == 0 {
			first = out
		}
		walls = append(walls, c.wall)
		cpus = append(cpus, c.cpu)
	}
	slices.Sort(walls)
	slices.Sort(cpus)
	return cost{walls[len(walls)/2], cpus[len(cpus)/2]}, first, nil
}

// timed runs f and returns its wall-clock and CPU time.
func timed(f func() error) (cost, error) {
	c0, t0 := cpuTime(), time.Now()
	err := f()
	return cost{time.Since(t0), cpuTime() - c0}, err
}

func squirrelRunner(file string) runner {
	src, err := os.ReadFile(file)
	if err != nil {
		fatal(err)
	}
	prog, err := compile.Source(file, src, compile.Options{})
	if err != nil {
		fatal(err)
	}
	return func() (cost, string, error) {
		var out bytes.Buffer
		vm := squirrel.New(squirrel.Options{Stdout: &out})
		lib.Open(vm, lib.Options{MathGlobals: true})
		cl := vm.Load(prog)
		c, err := timed(func() error {
			_, err := vm.Call(context.Background(), squirrel.ObjectValue(cl), squirrel.TableValue(vm.Root()))
			return err
		})
		var e *squirrel.Error
		if errors.As(err, &e) {
			err = errors.New(e.Traceback())
		}
		return c, out.String(), err
	}
}

func luaRunner(file string) runner {
	src, err := os.ReadFile(file)
	if err != nil {
		fatal(err)
	}
	chunk, err := luaparse.Parse(bytes.NewReader(src), file)
	if err != nil {
		fatal(err)
	}
	proto, err := lua.Compile(chunk, file)
	if err != nil {
		fatal(err)
	}
	return func() (cost, string, error) {
		var out bytes.Buffer
		L := lua.NewState()
		defer L.Close()
		// print as Lua's, into out (os.clock comes with the os library).
		L.SetGlobal("print", L.NewFunction(func(L *lua.LState) int {
			for i := 1; i <= L.GetTop(); i++ {
				if i > 1 {
					out.WriteByte('\t')
				}
				out.WriteString(L.ToStringMeta(L.Get(i)).String())
			}
			out.WriteByte('\n')
			return 0
		}))
		L.Push(L.NewFunctionFromProto(proto))
		c, err := timed(func() error { return L.PCall(0, lua.MultRet, nil) })
		return c, out.String(), err
	}
}

func check(name, engine, out, want string) string {
	out = strings.TrimSpace(out)
	if regexp.MustCompile(`^` + want + `$`).MatchString(out) {
		return fmt.Sprintf("- %s, %s: `%s`", name, engine, out)
	}
	return fmt.Sprintf("- %s, %s: UNEXPECTED `%s` (want /%s/)", name, engine, out, want)
}

func secs(d time.Duration) string {
	if d == 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.3f s", d.Seconds())
}

func ratio(a, b time.Duration) string {
	if a == 0 || b == 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.2f", a.Seconds()/b.Seconds())
}

func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the current directory; use -dir")
		}
		dir = parent
	}
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "compare:", err)
	os.Exit(1)
}
