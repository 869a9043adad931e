package compile

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
)

func TestDisassembleGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := Disassemble(&buf, compileTiny(t)); err != nil {
		t.Fatal(err)
	}
	goldenCheck(t, "testdata/tiny.disasm", buf.Bytes())
}

func TestDisassembleOperands(t *testing.T) {
	p, err := Source("rich.nut", []byte(richSrc), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Disassemble(&buf, p); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"function main/f (rich.nut:2) params 3, 1 defaults, stack",
		`get        r`, `k"x"`,
		"getouter   r2, o0(a)",
		"pushtrap   r", "foreach    r",
		"newclass   r", "base -, attrs -",
		"newmember  r",
	} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("no %q in\n%s", want, buf.String())
		}
	}
}

type failWriter struct{ n int }

func (w *failWriter) Write(p []byte) (int, error) {
	if w.n--; w.n < 0 {
		return 0, errors.New("disk full")
	}
	return len(p), nil
}

func TestDisassembleWriteError(t *testing.T) {
	if err := Disassemble(&failWriter{n: 3}, compileTiny(t)); err == nil || err.Error() != "disk full" {
		t.Errorf("got %v, want the writer's error", err)
	}
}

// TestDisassembleCorpus disassembles every test program, which must not
// panic.
func TestDisassembleCorpus(t *testing.T) {
	for _, tp := range corpus(t, Options{}) {
		if err := Disassemble(io.Discard, tp.prog); err != nil {
			t.Fatal(err)
		}
	}
}
