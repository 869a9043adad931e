package compile

import (
	"testing"
)

// TestSmallerThanCnut checks that our encoding of each benchmark program
// is at least 30% smaller than the reference's .cnut for it.
func TestSmallerThanCnut(t *testing.T) {
	progs := benchmarks(t)
	if len(progs) == 0 {
		t.Skip("no benchmark programs")
	}
	for _, tp := range progs {
		ours, ref := len(tp.prog.Encode()), ReferenceCnutSize(tp.prog)
		ratio := float64(ours) / float64(ref)
		// The bound if the reference needed no instructions at all.
		worst := float64(ours) / float64(ref-8*countInstrs(tp.prog.Main))
		t.Logf("%-16s encoded %5d bytes, .cnut %5d bytes, ratio %.2f (%.2f without the .cnut's instructions)", tp.name, ours, ref, ratio, worst)
		if ratio > 0.70 {
			t.Errorf("%s: %d bytes is %.0f%% of the .cnut's %d, want at most 70%%", tp.name, ours, 100*ratio, ref)
		}
	}
}

func countInstrs(f *Funcode) int {
	n := len(f.Code)
	for _, g := range f.Funcs {
		n += countInstrs(g)
	}
	return n
}

// TestCnutSizeTiny pins the estimate for a small program, worked out by
// hand from the layout in ReferenceCnutSize's comment.
func TestCnutSizeTiny(t *testing.T) {
	p := &Program{File: "a.nut", Main: &Funcode{
		Name: "main", NumParams: 1, Varargs: true, MaxStack: 2,
		Consts: []Const{{Kind: StringConst, Str: "print"}, {Kind: IntConst, Int: 1}},
		Code:   []Instr{{Op: RET}},
		Lines:  []LineStart{{PC: 0, Line: 1}},
		Locals: []Local{{Name: "this", Reg: 0, End: 1}, {Name: "vargv", Reg: 1, End: 1}},
	}}
	const file, name = 4 + 4 + 5, 4 + 4 + 4
	want := 2 + 4 + 12 + // header
		4 + file + name + // names
		4 + 32 + // counts
		4 + (4 + 4 + 5) + 8 + // literals
		4 + (4 + 4 + 4) + (4 + 4 + 5) + // parameters
		4 + // outers
		4 + (12 + 12) + (13 + 12) + // locals
		4 + 8 + // lines
		4 + // defaults
		4 + 8 + // instructions
		4 + // functions
		9 + // stack size, generator, varargs
		4 // tail
	if got := ReferenceCnutSize(p); got != want {
		t.Errorf("ReferenceCnutSize = %d, want %d", got, want)
	}
}

func BenchmarkDecode(b *testing.B) {
	var data []byte
	var name string
	for _, tp := range corpus(b, Options{}) {
		if d := tp.prog.Encode(); len(d) > len(data) {
			data, name = d, tp.name
		}
	}
	b.Logf("decoding %s, %d bytes", name, len(data))
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := DecodeProgram(data); err != nil {
			b.Fatal(err)
		}
	}
}
