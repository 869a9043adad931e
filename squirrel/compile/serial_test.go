package compile

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files and the fuzz seed corpus")

// A testProgram is a compiled source file (or a chunk of one).
type testProgram struct {
	name string
	prog *Program
}

// corpus compiles every test and benchmark script that compiles. A
// test script whose chunks (split at "---" lines) do not compile as a
// whole contributes the chunks that do.
func corpus(t testing.TB, opts Options) []testProgram {
	t.Helper()
	var out []testProgram
	for _, pattern := range []string{"../testdata/*.nut", "../../../shared/bench/squirrel/*.nut"} {
		files, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		for _, file := range files {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			if p, err := Source(file, src, opts); err == nil {
				out = append(out, testProgram{filepath.Base(file), p})
				continue
			}
			for i, chunk := range strings.Split(string(src), "\n---\n") {
				if p, err := Source(file, []byte(chunk), opts); err == nil {
					out = append(out, testProgram{fmt.Sprintf("%s#%d", filepath.Base(file), i), p})
				}
			}
		}
	}
	if len(out) == 0 {
		t.Fatal("no programs compiled")
	}
	return out
}

// benchmarks compiles the benchmark programs, if they are there.
func benchmarks(t testing.TB) []testProgram {
	t.Helper()
	files, _ := filepath.Glob("../../../shared/bench/squirrel/*.nut")
	var out []testProgram
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		p, err := Source(filepath.Base(file), src, Options{Float32: true})
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		out = append(out, testProgram{filepath.Base(file), p})
	}
	return out
}

// diffProgram describes the first difference between a and b, or
// returns "". Floats compare by their bits, so NaNs are equal.
func diffProgram(a, b *Program) string {
	if a.File != b.File {
		return fmt.Sprintf("file %q != %q", a.File, b.File)
	}
	return diffFunc(a.Main, b.Main, "main")
}

func diffFunc(a, b *Funcode, path string) string {
	if len(a.Consts) != len(b.Consts) || len(a.Funcs) != len(b.Funcs) {
		return fmt.Sprintf("%s: %d/%d constants, %d/%d functions", path, len(a.Consts), len(b.Consts), len(a.Funcs), len(b.Funcs))
	}
	for i := range a.Consts {
		if !a.Consts[i].same(b.Consts[i]) || a.Consts[i].Kind == BoolConst && a.Consts[i].Int != b.Consts[i].Int {
			return fmt.Sprintf("%s: constant %d: %+v != %+v", path, i, a.Consts[i], b.Consts[i])
		}
	}
	x, y := *a, *b
	x.Consts, y.Consts, x.Funcs, y.Funcs = nil, nil, nil, nil
	if !reflect.DeepEqual(x, y) {
		return fmt.Sprintf("%s:\n%+v\n!=\n%+v", path, x, y)
	}
	for i := range a.Funcs {
		if d := diffFunc(a.Funcs[i], b.Funcs[i], fmt.Sprintf("%s/%d(%s)", path, i, a.Funcs[i].Name)); d != "" {
			return d
		}
	}
	return ""
}

func TestRoundTrip(t *testing.T) {
	for _, opts := range []Options{{}, {Float32: true}} {
		for _, tp := range corpus(t, opts) {
			if err := validate(tp.prog); err != nil {
				t.Errorf("%s: compiler output fails validation: %v", tp.name, err)
				continue
			}
			data := tp.prog.Encode()
			q, err := DecodeProgram(data)
			if err != nil {
				t.Errorf("%s: %v", tp.name, err)
				continue
			}
			if d := diffProgram(tp.prog, q); d != "" {
				t.Errorf("%s: decoded program differs: %s", tp.name, d)
			}
			// The constant tables are the compiler's, not part of the
			// encoding: the code has their values inlined.
			if !reflect.DeepEqual(tp.prog.Main, q.Main) || tp.prog.File != q.File {
				t.Errorf("%s: decoded program is not deeply equal", tp.name)
			}
			if !bytes.Equal(q.Encode(), data) {
				t.Errorf("%s: re-encoding differs", tp.name)
			}
		}
	}
}

// The small program of the golden and rejection tests.
const tinySrc = `local n = 0
function add(a, b = 2) {
	local g = function() { return a + n }
	return g() + b
}
print(add(1) + 0.5 + "s")
`

func compileTiny(t testing.TB) *Program {
	t.Helper()
	p, err := Source("tiny.nut", []byte(tinySrc), Options{})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestDecodeRejectsBytes(t *testing.T) {
	good := compileTiny(t).Encode()
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, `bad magic number "", want "SQBC"`},
		{"magic", []byte("SQBX\x01"), `bad magic number "SQBX", want "SQBC"`},
		{"short magic", []byte("SQ"), `bad magic number "SQ"`},
		{"version", append([]byte("SQBC"), 9), "version 9, want 1"},
		{"trailing", append(bytes.Clone(good), 0), "1 bytes after the end of the program"},
		{"no body", []byte("SQBC\x01"), "unexpected end of data"},
		{"varint overflow", []byte("SQBC\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01"), "overflows 64 bits"},
		{"too many strings", []byte("SQBC\x01\x7f\x00"), "127 strings, but only 1 bytes remain"},
		{"string too long", []byte("SQBC\x01\x01\x05ab"), "5 string bytes, but only 2 bytes remain"},
	}
	for _, tt := range tests {
		_, err := DecodeProgram(tt.data)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: got %v, want %q", tt.name, err, tt.want)
		}
	}
	for i := range good {
		if _, err := DecodeProgram(good[:i]); err == nil {
			t.Errorf("truncated to %d of %d bytes: no error", i, len(good))
		}
	}
}

// TestDecodeMutations changes each byte of an encoding in a few ways:
// the decoder must not panic, and what it accepts must re-encode to a
// program equal to it.
func TestDecodeMutations(t *testing.T) {
	p, err := Source("rich.nut", []byte(richSrc), Options{})
	if err != nil {
		t.Fatal(err)
	}
	good := p.Encode()
	accepted := 0
	for i := range good {
		b := good[i]
		for _, x := range []byte{0, 0xff, b ^ 1, b ^ 0x80, b + 1, b - 1} {
			data := bytes.Clone(good)
			data[i] = x
			q, err := DecodeProgram(data)
			if err != nil {
				continue
			}
			accepted++
			r, err := DecodeProgram(q.Encode())
			if err != nil {
				t.Fatalf("byte %d = %#x: re-encoding fails: %v", i, x, err)
			}
			if d := diffProgram(q, r); d != "" {
				t.Fatalf("byte %d = %#x: re-encoding differs: %s", i, x, d)
			}
		}
	}
	t.Logf("%d bytes, %d of %d mutations accepted", len(good), accepted, 6*len(good))
}

// A rawFunc is an encoded function in parts, for hand-made corrupt
// inputs. The pool of rawFile is "f", "main", "s".
type rawFunc struct {
	head, consts, outers, code, lines, locals, funcs []byte
}

// uv concatenates uvarints.
func uv(xs ...uint64) []byte {
	var b []byte
	for _, x := range xs {
		b = binary.AppendUvarint(b, x)
	}
	return b
}

func cat(parts ...[]byte) []byte { return bytes.Join(parts, nil) }

// minimalFunc is main, with one register and code "ret".
func minimalFunc() rawFunc {
	return rawFunc{
		head:   uv(1, 2 /* line 1 */, 1, 1, 0, 2),
		consts: uv(0),
		outers: uv(0),
		code:   cat(uv(1), []byte{byte(RET), 0, 0}),
		lines:  uv(0),
		locals: uv(0),
		funcs:  uv(0),
	}
}

func (r rawFunc) bytes() []byte {
	return cat(r.head, r.consts, r.outers, r.code, r.lines, r.locals, r.funcs)
}

func rawFile(main []byte) []byte {
	return cat([]byte(magic), uv(Version, 3, 1), []byte("f"), uv(4), []byte("main"), uv(1), []byte("s"), uv(0), main)
}

func TestDecodeRejectsRaw(t *testing.T) {
	if _, err := DecodeProgram(rawFile(minimalFunc().bytes())); err != nil {
		t.Fatalf("minimal program: %v", err)
	}
	nested := func(depth int) []byte {
		f := minimalFunc().bytes()
		for range depth {
			r := minimalFunc()
			r.funcs = cat(uv(1), f)
			f = r.bytes()
		}
		return f
	}
	if _, err := DecodeProgram(rawFile(nested(maxDepth - 1))); err != nil {
		t.Fatalf("nesting %d deep: %v", maxDepth-1, err)
	}
	tests := []struct {
		name   string
		change func(r *rawFunc)
		want   string
	}{
		{"string index", func(r *rawFunc) { r.head = uv(7, 2, 1, 1, 0, 2) }, "string index 7 outside pool of 3"},
		{"flags", func(r *rawFunc) { r.head = uv(1, 2, 4, 1, 0, 2) }, "flags 4 exceeds 3"},
		{"stack size", func(r *rawFunc) { r.head = uv(1, 2, 1, 1, 0, 300) }, "stack size 300 exceeds 255"},
		{"line overflow", func(r *rawFunc) { r.head = cat(uv(1), binary.AppendVarint(nil, 1<<40), uv(1, 1, 0, 2)) }, "line 1099511627776 overflows 32 bits"},
		{"constant tag", func(r *rawFunc) { r.consts = uv(1, 9) }, "bad constant tag 9"},
		{"constant count", func(r *rawFunc) { r.consts = uv(1000) }, "1000 constants, but only"},
		{"int constant", func(r *rawFunc) { r.consts = cat(uv(1, tagInt), binary.AppendVarint(nil, 1<<33)) }, "integer constant 8589934592 overflows 32 bits"},
		{"float64 truncated", func(r *rawFunc) {
			r.consts = uv(1, tagFloat64, 0, 0)
			r.outers = nil
			r.code = nil
			r.lines = nil
			r.locals = nil
			r.funcs = nil
		}, "unexpected end of data"},
		{"opcode", func(r *rawFunc) { r.code = cat(uv(2), []byte{200, byte(RET), 0, 0}) }, "bad opcode 200"},
		{"operand D", func(r *rawFunc) { r.code = cat(uv(2), []byte{byte(LOADK), 0}, uv(1<<31), []byte{byte(RET), 0, 0}) }, "operand D 2147483648 exceeds 2147483647"},
		{"signed D", func(r *rawFunc) {
			r.code = cat(uv(2), []byte{byte(LOADINT), 0}, binary.AppendVarint(nil, -1<<31-1), []byte{byte(RET), 0, 0})
		}, "operand D -2147483649 overflows 32 bits"},
		{"line pc", func(r *rawFunc) { r.lines = uv(2, 1, 0, 1, 0) }, "line entry at pc 2 after the code"},
		{"local start", func(r *rawFunc) { r.locals = cat(uv(1, 2, 0), binary.AppendVarint(nil, 5), uv(0)) }, "local \"s\" starts at pc 5"},
		{"local length", func(r *rawFunc) { r.locals = cat(uv(1, 2, 0, 0, 9)) }, "local length 9 exceeds 1"},
		{"function count", func(r *rawFunc) { r.funcs = uv(5) }, "5 functions, but only 0 bytes remain"},
	}
	for _, tt := range tests {
		r := minimalFunc()
		tt.change(&r)
		_, err := DecodeProgram(rawFile(r.bytes()))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: got %v, want %q", tt.name, err, tt.want)
		}
	}
	_, err := DecodeProgram(rawFile(nested(maxDepth)))
	if want := "functions nested more than 200 deep"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("deep nesting: got %v, want %q", err, want)
	}
}

// The program whose corruptions TestValidateRejects makes: it has most
// kinds of instruction.
const richSrc = `local n = 0
function f(a, b = 1) {
	local g = function() { return a + n }
	local z
	if (n > 1) z = a
	try { if (a) throw "x" } catch (e) { n++ }
	foreach (k, v in [1, 2]) { local h = function() { return v }; n += h() }
	local t = {x = 1}
	return g() + t.x
}
class C { x = 1; function m() { return this.x } }
print(f(2) + 1.5)
`

// find returns the pc of f's first op instruction.
func find(t *testing.T, f *Funcode, op Op) int {
	for pc, in := range f.Code {
		if in.Op == op {
			return pc
		}
	}
	t.Fatalf("no %v in %s", op, f.Name)
	return -1
}

func TestValidateRejects(t *testing.T) {
	type fn = *Funcode
	fnF := func(p *Program) fn { return p.Main.Funcs[0] }
	fnG := func(p *Program) fn { return p.Main.Funcs[0].Funcs[0] }
	set := func(t *testing.T, f fn, op Op, change func(in *Instr)) {
		change(&f.Code[find(t, f, op)])
	}
	tests := []struct {
		name   string
		change func(t *testing.T, p *Program)
		want   string
	}{
		{"stack size 0", func(t *testing.T, p *Program) { fnG(p).MaxStack = 0 }, "stack size 0 outside [1, 255]"},
		{"stack size 256", func(t *testing.T, p *Program) { fnG(p).MaxStack = 256 }, "stack size 256 outside [1, 255]"},
		{"no this", func(t *testing.T, p *Program) { fnG(p).NumParams = 0 }, "0 parameters"},
		{"params beyond stack", func(t *testing.T, p *Program) { fnG(p).NumParams = 100 }, "100 parameters exceed stack size"},
		{"defaults", func(t *testing.T, p *Program) { fnF(p).NumDefaults = 3 }, `function "f": 3 default values for 2 parameters`},
		{"vargv", func(t *testing.T, p *Program) { p.Main.NumParams = p.Main.MaxStack }, "no register"},
		{"no code", func(t *testing.T, p *Program) { fnG(p).Code = nil; fnG(p).Lines = nil; fnG(p).Locals = nil }, "no code"},
		{"no ret", func(t *testing.T, p *Program) { f := fnG(p); f.Code[len(f.Code)-1] = Instr{Op: NOP} }, "code ends with nop"},
		{"malformed constant", func(t *testing.T, p *Program) { p.Main.Consts[0].Int = 7 }, "constant 0 is malformed"},
		{"main outers", func(t *testing.T, p *Program) { p.Main.Outers = []Outer{{Name: "x"}} }, "main function has outers"},
		{"outer register", func(t *testing.T, p *Program) { fnG(p).Outers[0].Index = fnF(p).MaxStack }, "refers to register"},
		{"outer of outer", func(t *testing.T, p *Program) { o := &fnG(p).Outers[1]; o.InStack, o.Index = false, 5 }, "refers to outer 5 of 1"},
		{"line order", func(t *testing.T, p *Program) { l := fnF(p).Lines; l[1].PC = l[0].PC }, "line entry 1"},
		{"local register", func(t *testing.T, p *Program) { fnF(p).Locals[0].Reg = 200 }, "local 0 (this) in register 200"},
		{"local range", func(t *testing.T, p *Program) { fnF(p).Locals[0].End = 1000 }, "pc range [0, 1000)"},
		{"unused operand", func(t *testing.T, p *Program) { set(t, fnF(p), JMP, func(in *Instr) { in.A = 3 }) }, "unused operand A is 3"},
		{"unused D", func(t *testing.T, p *Program) { set(t, fnF(p), MOVE, func(in *Instr) { in.D = 3 }) }, "unused operand D is 3"},
		{"bad opcode", func(t *testing.T, p *Program) { fnF(p).Code[0].Op = 99 }, "bad opcode"},
		{"register", func(t *testing.T, p *Program) { set(t, fnF(p), MOVE, func(in *Instr) { in.A = 254 }) }, "register A 254 outside stack"},
		{"rk constant", func(t *testing.T, p *Program) { set(t, fnF(p), ADD, func(in *Instr) { in.C, in.D = KC, 50 }) }, "constant 50 outside pool"},
		{"rk register", func(t *testing.T, p *Program) { set(t, fnF(p), ADD, func(in *Instr) { in.C, in.D = 250, 0 }) }, "register C 250 outside stack"},
		{"loadk", func(t *testing.T, p *Program) { set(t, p.Main, LOADK, func(in *Instr) { in.D = 50 }) }, "constant 50 outside pool"},
		{"getenv range", func(t *testing.T, p *Program) { set(t, p.Main, GETENV, func(in *Instr) { in.D = -1 }) }, "constant -1 outside pool"},
		{"getenv kind", func(t *testing.T, p *Program) {
			f := fnF(p)
			f.Consts = append(f.Consts, Const{Kind: IntConst, Int: 3})
			set(t, f, THROW, func(in *Instr) { *in = Instr{Op: GETENV, A: in.A, D: int32(len(f.Consts) - 1)} })
		}, "is not a string"},
		{"closure index", func(t *testing.T, p *Program) { set(t, fnF(p), CLOSURE, func(in *Instr) { in.D = 2 }) }, "function 2 outside 2 functions"},
		{"closure defaults", func(t *testing.T, p *Program) {
			f := p.Main
			set(t, f, CLOSURE, func(in *Instr) { in.B = uint8(f.MaxStack) })
		}, "default values in registers"},
		{"outer index", func(t *testing.T, p *Program) { set(t, fnG(p), GETOUTER, func(in *Instr) { in.D = 2 }) }, "outer 2 outside 2 outers"},
		{"jump", func(t *testing.T, p *Program) {
			f := fnF(p)
			set(t, f, JMP, func(in *Instr) { in.D = 99 })
		}, "jump target"},
		{"jump to end", func(t *testing.T, p *Program) {
			f := fnF(p)
			pc := find(t, f, JMP)
			f.Code[pc].D = int32(len(f.Code) - pc - 1)
		}, "outside code of length"},
		{"pushtrap", func(t *testing.T, p *Program) { set(t, fnF(p), PUSHTRAP, func(in *Instr) { in.D = -10 }) }, "(pushtrap): jump target -"},
		{"foreach", func(t *testing.T, p *Program) {
			set(t, fnF(p), FOREACH, func(in *Instr) { in.A = uint8(fnF(p).MaxStack - 1) })
		}, "iterator registers"},
		{"prepiter", func(t *testing.T, p *Program) { set(t, fnF(p), PREPITER, func(in *Instr) { in.A = 254 }) }, "iterator registers 254, 255"},
		{"call args", func(t *testing.T, p *Program) { set(t, p.Main, CALL, func(in *Instr) { in.B = 100 }) }, "call registers"},
		{"call this", func(t *testing.T, p *Program) { set(t, p.Main, CALL, func(in *Instr) { in.B = 0 }) }, "call passes no this"},
		{"call result", func(t *testing.T, p *Program) { set(t, p.Main, CALL, func(in *Instr) { in.C = 200 }) }, "register C 200"},
		{"newmember attrs", func(t *testing.T, p *Program) { set(t, p.Main, NEWMEMBER, func(in *Instr) { in.D = 200 }) }, "attributes register 200"},
		{"newmember flags", func(t *testing.T, p *Program) { set(t, p.Main, NEWMEMBER, func(in *Instr) { in.D |= 0x400 }) }, "unknown bits"},
		{"newclass base", func(t *testing.T, p *Program) { set(t, p.Main, NEWCLASS, func(in *Instr) { in.B = 200 }) }, "base class register 200"},
		{"newtable size", func(t *testing.T, p *Program) { set(t, fnF(p), NEWTABLE, func(in *Instr) { in.D = 1 << 30 }) }, "size hint 1073741824"},
		{"loadnulls", func(t *testing.T, p *Program) { set(t, fnF(p), LOADNULLS, func(in *Instr) { in.B = 200 }) }, "registers"},
		{"ret flag", func(t *testing.T, p *Program) { set(t, p.Main, RET, func(in *Instr) { in.B = 2 }) }, "B 2 is not 0 or 1"},
		{"close", func(t *testing.T, p *Program) { set(t, fnF(p), CLOSE, func(in *Instr) { in.A = 250 }) }, "close from register 250"},
		{"poptrap", func(t *testing.T, p *Program) { set(t, fnF(p), POPTRAP, func(in *Instr) { in.B = 2 }) }, "pops 2 exception handlers of 1"},
		{"trap join", func(t *testing.T, p *Program) { set(t, fnF(p), POPTRAP, func(in *Instr) { *in = Instr{Op: NOP} }) }, "reached with"},
		{"test flag", func(t *testing.T, p *Program) { set(t, fnF(p), TGT, func(in *Instr) { in.A = 2 }) }, "(tgt): A 2 is not 0 or 1"},
		{"test jump", func(t *testing.T, p *Program) {
			f := fnF(p)
			f.Code[find(t, f, TGT)+1] = Instr{Op: NOP}
		}, "(tgt): not followed by a jmp"},
		{"nil function", func(t *testing.T, p *Program) { p.Main.Funcs[0] = nil }, "nil function"},
		{"nesting", func(t *testing.T, p *Program) {
			f := fnG(p)
			for range maxDepth {
				g := &Funcode{Name: "deep", NumParams: 1, MaxStack: 1, Code: []Instr{{Op: RET}}}
				f.Funcs = []*Funcode{g}
				f = g
			}
		}, "functions nested more than 200 deep"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Source("rich.nut", []byte(richSrc), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if err := validate(p); err != nil {
				t.Fatalf("before the change: %v", err)
			}
			tt.change(t, p)
			err = validate(p)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("validate: got %v, want %q", err, tt.want)
			}
			// Whatever the encoding keeps of the corruption, decoding
			// must not accept it.
			if !strings.Contains(tt.name, "unused") && !strings.Contains(tt.name, "nil") && !strings.Contains(tt.name, "malformed") {
				if _, err := DecodeProgram(p.Encode()); err == nil {
					t.Fatalf("DecodeProgram accepted the corrupt program")
				}
			}
		})
	}
}

func TestValidateMessage(t *testing.T) {
	p := compileTiny(t)
	f := p.Main.Funcs[0]
	pc := len(f.Code) - 1
	f.Code[pc] = Instr{Op: JMP, D: 50}
	f.Code = append(f.Code, Instr{Op: RET})
	want := fmt.Sprintf(`bytecode: function "add" instruction %d (jmp): jump target %d outside code of length %d`, pc, pc+51, len(f.Code))
	if err := validate(p); err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
}

// goldenCheck compares got with the golden file, or rewrites it.
func goldenCheck(t *testing.T, file string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test -update to make it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (if the change is meant, bump Version and run go test -update):\ngot:\n%s\nwant:\n%s", file, got, want)
	}
}

func TestGolden(t *testing.T) {
	goldenCheck(t, "testdata/tiny.golden", []byte(hex.Dump(compileTiny(t).Encode())))
}

// TestShapes checks that every op but NOP has operands, so that an op
// added to opcode.go without a shape cannot lose its operands.
func TestShapes(t *testing.T) {
	for op := range Op(NumOps) {
		if op != NOP && shapes[op] == 0 {
			t.Errorf("%v has no shape", op)
		}
		if checkInstr(&Funcode{MaxStack: 1, Code: []Instr{{Op: op}, {Op: JMP}}}, 0, Instr{Op: op}) == "no validation rule" {
			t.Errorf("%v has no validation rule", op)
		}
	}
}

// TestGoldenOpcodes pins the numbering of the ops and their operand
// shapes, which are part of the encoding.
func TestGoldenOpcodes(t *testing.T) {
	var b strings.Builder
	for op := range Op(NumOps) {
		s := shapes[op]
		fmt.Fprintf(&b, "%2d %v", op, op)
		for _, x := range []struct {
			bit  shape
			name string
		}{{useA, " A"}, {useB, " B"}, {useC, " C"}, {useRK, " RK(C)"}, {useDu, " D(uvarint)"}, {useDs, " D(varint)"}} {
			if s&x.bit != 0 {
				b.WriteString(x.name)
			}
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "version %d\n", Version)
	goldenCheck(t, "testdata/opcodes.golden", []byte(b.String()))
}

// fuzzSeeds are the programs whose encodings seed FuzzDecode.
func fuzzSeeds(t *testing.T) map[string][]byte {
	seeds := map[string][]byte{"tiny": compileTiny(t).Encode()}
	rich, err := Source("rich.nut", []byte(richSrc), Options{Float32: true})
	if err != nil {
		t.Fatal(err)
	}
	seeds["rich"] = rich.Encode()
	for _, tp := range benchmarks(t) {
		seeds[strings.TrimSuffix(tp.name, ".nut")] = tp.prog.Encode()
	}
	want := []string{"class_basic", "gen_basic", "exc_nested", "func_closures", "stmt_switch", "lex_floats", "func_default_params"}
	for _, tp := range corpus(t, Options{}) {
		for _, w := range want {
			if strings.HasPrefix(tp.name, w+".nut") && seeds[w] == nil {
				seeds[w] = tp.prog.Encode()
			}
		}
	}
	return seeds
}

// TestFuzzSeeds checks that the seed corpus still decodes, and rewrites
// it with -update.
func TestFuzzSeeds(t *testing.T) {
	dir := "testdata/fuzz/FuzzDecode"
	if *update {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for name, data := range fuzzSeeds(t) {
			text := "go test fuzz v1\n[]byte(" + strconv.Quote(string(data)) + ")\n"
			if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	files, err := filepath.Glob(dir + "/*")
	if err != nil || len(files) == 0 {
		t.Fatalf("no seeds in %s (%v)", dir, err)
	}
	for _, file := range files {
		text, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		lit, ok := strings.CutPrefix(strings.TrimSpace(string(text)), "go test fuzz v1\n[]byte(")
		lit, ok2 := strings.CutSuffix(lit, ")")
		data, err := strconv.Unquote(lit)
		if !ok || !ok2 || err != nil {
			t.Fatalf("%s: not a []byte corpus entry", file)
		}
		if _, err := DecodeProgram([]byte(data)); err != nil {
			t.Errorf("%s: %v (run go test -update)", file, err)
		}
	}
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte(magic))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := DecodeProgram(data)
		if err != nil {
			return
		}
		if err := validate(p); err != nil {
			t.Fatalf("decoded program fails validation: %v", err)
		}
		enc := p.Encode()
		q, err := DecodeProgram(enc)
		if err != nil {
			t.Fatalf("re-encoded program does not decode: %v", err)
		}
		if d := diffProgram(p, q); d != "" {
			t.Fatalf("re-encoded program differs: %s", d)
		}
		if !bytes.Equal(q.Encode(), enc) {
			t.Fatalf("encoding is not stable")
		}
	})
}
