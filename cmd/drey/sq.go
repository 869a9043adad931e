package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"drey/imp"
	"drey/squirrel"
	"drey/squirrel/compile"
	"drey/squirrel/lib"
	"drey/squirrel/syntax"
)

func sqCmd() *command {
	return &command{
		name:    "sq",
		summary: "run, compile or disassemble Squirrel code, or run it as an imp would",
		usage:   "[-c [-o OUT]] [-d] [-imp device|agent [-agent AGENT.nut]] [-float32] FILE... [ARGS]",
		help: `Sq runs a Squirrel script like the reference sq interpreter: print writes to standard output; an uncaught error prints its message and stack trace to standard error and the exit status is 1. Arguments after FILE are passed to the script in vargv. FILE may be source (.nut) or bytecode made with -c.

With -c, sq compiles FILE to Drey's compact bytecode instead (written to -o, by default FILE with the extension .bnut). With -d, it prints the disassembly of FILE's bytecode.

With -imp device or -imp agent, every FILE is concatenated in order (a library, its test framework and its tests, say) and run as code on an imp device or in an agent: the imp, server and (on a device) hardware tables are available, with a simulated clock, 32-bit floats on a device, and the device's memory budget. After the main program, timers (imp.wakeup) and imp.onidle callbacks run until none is left, or for the simulated time -for gives; the simulated clock jumps to each timer. The exit status is 1 if any uncaught error was reported.

With -imp device -agent AGENT.nut, the agent code runs beside the device code, paired as on the platform: agent.send and device.send deliver messages between them, on one simulated clock, so a device and its agent can be developed together without a server.`,
		setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			compileOnly := fs.Bool("c", false, "compile FILE to bytecode instead of running it")
			out := fs.String("o", "", "with -c, write the bytecode to `FILE`")
			disasm := fs.Bool("d", false, "disassemble FILE instead of running it")
			impKind := fs.String("imp", "", "run FILEs as imp `device` or agent code")
			f32 := fs.Bool("float32", false, "use 32-bit floats, as on a device")
			mem := fs.Int("mem", 0, "with -imp, the Squirrel heap budget in `bytes` (default: the device's or agent's)")
			agentFile := fs.String("agent", "", "with -imp device, run the agent code in `FILE` paired with the device")
			runFor := fs.Duration("for", 0, "with -imp, stop after this much simulated `time` (default: when no timer is left)")
			return func(ctx context.Context, args []string) error {
				if len(args) == 0 {
					return usageError{"no FILE given"}
				}
				switch {
				case *impKind != "":
					return runImp(ctx, e, *impKind, *mem, *runFor, *agentFile, args)
				case *compileOnly:
					return compileSq(e, args, *out, *f32)
				case *disasm:
					prog, err := loadProgram(args[0], *f32)
					if err != nil {
						return err
					}
					return compile.Disassemble(e.stdout, prog)
				}
				return runSq(ctx, e, args, *f32)
			}
		},
	}
}

// loadProgram reads source or bytecode.
func loadProgram(file string, f32 bool) (*compile.Program, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	if compile.IsBytecode(data) {
		p, err := compile.DecodeProgram(data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		return p, nil
	}
	return compile.Source(file, data, compile.Options{Float32: f32})
}

func compileSq(e *env, args []string, out string, f32 bool) error {
	if len(args) != 1 {
		return usageError{"-c takes one FILE"}
	}
	prog, err := loadProgram(args[0], f32)
	if err != nil {
		return err
	}
	if out == "" {
		out = strings.TrimSuffix(args[0], ".nut") + ".bnut"
	}
	data := prog.Encode()
	if err := os.WriteFile(out, data, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "%s: %d bytes\n", out, len(data))
	return nil
}

func runSq(ctx context.Context, e *env, args []string, f32 bool) error {
	prog, err := loadProgram(args[0], f32)
	if err != nil {
		return err
	}
	vm := squirrel.New(squirrel.Options{Stdout: e.stdout, Stderr: e.stderr, Float32: f32})
	lib.Open(vm, lib.Options{MathGlobals: true})
	cl := vm.Load(prog)
	vargs := make([]squirrel.Value, len(args)-1)
	for i, a := range args[1:] {
		vargs[i] = vm.Str(a)
	}
	_, err = vm.Call(ctx, squirrel.ObjectValue(cl), squirrel.TableValue(vm.Root()), vargs...)
	var se *squirrel.Error
	if errors.As(err, &se) {
		io.WriteString(e.stderr, se.Traceback())
		return reportedError{}
	}
	return err
}

func runImp(ctx context.Context, e *env, kind string, mem int, runFor time.Duration, agentFile string, files []string) error {
	var k imp.Kind
	switch kind {
	case "device":
		k = imp.Device
	case "agent":
		k = imp.Agent
	default:
		return usageError{fmt.Sprintf("-imp %q: want device or agent", kind)}
	}
	var srcs []imp.Source
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		if compile.IsBytecode(data) {
			return fmt.Errorf("%s: -imp runs source files only", f)
		}
		srcs = append(srcs, imp.Source{Name: f, Text: data})
	}
	all := imp.Concat(srcs)
	start := time.Now()
	rt := imp.New(imp.Config{Kind: k, Log: e.stdout, Err: e.stderr, MemoryLimit: mem, Sources: all, Start: start})
	prog, err := compile.Source(all.Name, all.Text, compile.Options{Float32: k == imp.Device})
	if err != nil {
		return locateCompileError(err, all)
	}
	var agent *imp.Runtime
	if agentFile != "" {
		if k != imp.Device {
			return usageError{"-agent goes with -imp device"}
		}
		src, err := os.ReadFile(agentFile)
		if err != nil {
			return err
		}
		agent = imp.New(imp.Config{Kind: imp.Agent, Log: e.stdout, Err: e.stderr, Start: start})
		ap, err := compile.Source(agentFile, src, compile.Options{})
		if err != nil {
			return err
		}
		imp.Pair(rt, agent)
		agent.RunClosure(ctx, agent.VM().Load(ap))
	}
	rt.RunClosure(ctx, rt.VM().Load(prog))
	var deadline time.Time
	if runFor > 0 {
		deadline = rt.Now().Add(runFor)
	}
	if agent != nil {
		err = imp.RunPair(ctx, rt, agent, deadline)
	} else {
		_, err = rt.RunUntil(ctx, deadline)
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "drey sq: %v\n", err)
		return reportedError{}
	}
	if rt.Errors() > 0 || (agent != nil && agent.Errors() > 0) {
		return reportedError{}
	}
	return nil
}

// locateCompileError rewrites a compile error's position from the
// concatenation to the file it came from.
func locateCompileError(err error, s *imp.Sources) error {
	var line, col int32
	var msg string
	var ce *compile.Error
	var pe *syntax.Error
	switch {
	case errors.As(err, &ce):
		line, col, msg = ce.Line, ce.Col, ce.Msg
	case errors.As(err, &pe):
		line, col, msg = pe.Pos.Line, pe.Pos.Col, pe.Msg
	default:
		return err
	}
	file, l := s.Locate(int(line))
	return fmt.Errorf("%s:%d:%d: %s", file, l, col, msg)
}
