package compile

import (
	"strings"
	"testing"
)

// The compiler refuses functions nested deeper than the bytecode loader
// accepts, so everything it compiles can be loaded.
func TestFuncDepth(t *testing.T) {
	nest := func(n int) string {
		return strings.Repeat("function() { return ", n) + "1" + strings.Repeat(" }", n)
	}
	prog, err := Source("deep.nut", []byte("local f = "+nest(MaxFuncDepth-1)), Options{})
	if err != nil {
		t.Fatalf("%d nested functions: %v", MaxFuncDepth-1, err)
	}
	if _, err := DecodeProgram(prog.Encode()); err != nil {
		t.Fatalf("the deepest program the compiler accepts does not load: %v", err)
	}
	// One more level is refused, by the parser's nesting limit or the
	// compiler's own.
	_, err = Source("deep.nut", []byte("local f = "+nest(MaxFuncDepth)), Options{})
	if err == nil || !strings.Contains(err.Error(), "nested") {
		t.Fatalf("%d nested functions: error %v", MaxFuncDepth, err)
	}
}
