package egress

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"drey/squirrel"
	"drey/squirrel/lib"
)

func newVM(float32 bool) *squirrel.VM {
	vm := squirrel.New(squirrel.Options{Float32: float32})
	lib.Open(vm, lib.Options{})
	return vm
}

// eval runs Squirrel source and returns its result.
func eval(t testing.TB, vm *squirrel.VM, src string) squirrel.Value {
	t.Helper()
	cl, err := vm.Compile("test.nut", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	v, err := vm.Call(context.Background(), squirrel.ObjectValue(cl), squirrel.TableValue(vm.Root()))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// Values encode to the JSON an imp agent's http.jsonencode gives, in
// compact form: integer keys become strings, floats keep a fraction.
func TestEncodeJSON(t *testing.T) {
	vm := newVM(false)
	for _, tc := range []struct{ src, want string }{
		{`return null`, `null`},
		{`return true`, `true`},
		{`return -2147483648`, `-2147483648`},
		{`return 1.0`, `1.0`},
		{`return -0.0`, `-0.0`},
		{`return 0.1`, `0.1`},
		{`return 123456789.0`, `123456789.0`},
		{`return 1e21`, `1e+21`},
		{`return 1e-7`, `1e-7`},
		{`return 1.5e300`, `1.5e+300`},
		{`return 0.000001`, `0.000001`},
		{`return "a\"b\\c\n\t\x01\x1f/é€😀<>&"`, `"a\"b\\c\n\t\u0001\u001f/é€😀<>&"`},
		{`return "h\x00i"`, `"h\u0000i"`},
		{`return []`, `[]`},
		{`return {}`, `{}`},
		{`return [1, 2.5, "x", null, true, [[]], {}]`, `[1,2.5,"x",null,true,[[]],{}]`},
		{`return {a = {b = [1]}}`, `{"a":{"b":[1]}}`},
		{`return {[1] = "one"}`, `{"1":"one"}`},
		{`return {[-7] = 1}`, `{"-7":1}`},
		{`return {[1.5] = 1}`, `{"1.5":1}`},
		{`return {[true] = 1}`, `{"true":1}`},
	} {
		got, err := EncodeJSON(eval(t, vm, tc.src))
		if err != nil || got != tc.want {
			t.Errorf("%s: %s %v, want %s", tc.src, got, err, tc.want)
		}
	}
}

// Decoding gives integers for numbers without fraction or exponent that
// fit in 32 bits and floats for every other number, strings, tables for
// objects (the last of repeated keys winning) and arrays.
func TestDecodeJSON(t *testing.T) {
	vm := newVM(false)
	for _, tc := range []struct {
		in   string
		want any // as squirrel.ToGo gives it
	}{
		{`null`, nil},
		{` true `, true},
		{`2147483647`, int32(2147483647)},
		{`-2147483648`, int32(-2147483648)},
		{`2147483648`, float64(2147483648)},
		{`-2147483649`, float64(-2147483649)},
		{`12345678901234567890`, 12345678901234567890.0},
		{`-0`, int32(0)},
		{`1.0`, 1.0},
		{`1e2`, 100.0},
		{`1E-2`, 0.01},
		{`"\u00e9\ud83d\ude00\n\/"`, "é😀\n/"},
		{`"\u0000"`, "\x00"},
		{`[1, "a", [], {}]`, []any{int32(1), "a", []any{}, map[any]any{}}},
		{`{"a": {"b": [null]}, "1": 2}`, map[any]any{"a": map[any]any{"b": []any{nil}}, "1": int32(2)}},
		{`{"a": 1, "a": 2}`, map[any]any{"a": int32(2)}},
	} {
		v, err := DecodeJSON(vm, tc.in)
		if err != nil {
			t.Errorf("%s: %v", tc.in, err)
			continue
		}
		if got := squirrel.ToGo(v); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: %#v, want %#v", tc.in, got, tc.want)
		}
	}
}

// Text that is not exactly one valid JSON value is refused with
// ErrJSONSyntax and the offset, never half-decoded.
func TestDecodeJSONErrors(t *testing.T) {
	vm := newVM(false)
	for _, in := range []string{
		``, `   `, `{`, `[1,]`, `{"a":1,}`, `{'a':1}`, `{a:1}`, `[1 2]`, `01`, `+1`, `.5`, `1.`,
		`NaN`, `Infinity`, `-Infinity`, `tru`, `nul`, `"\x"`, `"abc`, "\"a\nb\"", `1 2`, `{} x`, `[]]`,
		"\xff", "\"\xc3\x28\"", `// c` + "\n1", `{"a" 1}`, `{1: 2}`, `[:]`, `1e400`, `-1e400`,
	} {
		_, err := DecodeJSON(vm, in)
		if !errors.Is(err, ErrJSONSyntax) || !strings.Contains(err.Error(), "offset") {
			t.Errorf("%q: error %v, want ErrJSONSyntax with an offset", in, err)
		}
	}
	// A 32-bit VM refuses a number beyond float32 rather than make it inf.
	if _, err := DecodeJSON(newVM(true), `1e300`); !errors.Is(err, ErrJSONSyntax) {
		t.Errorf("1e300 in a 32-bit VM: %v", err)
	}
}

// Nesting is bounded both ways at MaxJSONDepth, and structures that
// contain themselves are refused, not followed forever.
func TestJSONDepthAndCycles(t *testing.T) {
	vm := newVM(false)
	nest := func(n int) string { return strings.Repeat("[", n) + strings.Repeat("]", n) }
	v, err := DecodeJSON(vm, nest(MaxJSONDepth))
	if err != nil {
		t.Fatalf("depth %d: %v", MaxJSONDepth, err)
	}
	if s, err := EncodeJSON(v); err != nil || s != nest(MaxJSONDepth) {
		t.Fatalf("depth %d: encode %v", MaxJSONDepth, err)
	}
	if _, err := DecodeJSON(vm, nest(MaxJSONDepth+1)); !errors.Is(err, ErrJSONDepth) {
		t.Fatalf("decode depth %d: %v", MaxJSONDepth+1, err)
	}
	if _, err := DecodeJSON(vm, nest(100000)); !errors.Is(err, ErrJSONDepth) {
		t.Fatalf("decode depth 100000: %v", err)
	}
	deep := eval(t, vm, `local v = []; for (local i = 1; i < 33; i++) v = [v]; return {a = v}`)
	if _, err := EncodeJSON(deep); !errors.Is(err, ErrJSONDepth) {
		t.Fatalf("encode depth 34: %v", err)
	}
	for _, src := range []string{
		`local t = {}; t.self <- t; return t`,
		`local a = [1]; a.append(a); return a`,
		`local t = {}; local a = [t]; t.list <- a; return {root = a}`,
	} {
		_, err := EncodeJSON(eval(t, vm, src))
		if !errors.Is(err, ErrJSONCycle) {
			t.Errorf("%s: %v, want ErrJSONCycle", src, err)
		}
	}
	// Sharing is not a cycle.
	shared := eval(t, vm, `local x = [1]; return [x, x]`)
	if s, err := EncodeJSON(shared); err != nil || s != `[[1],[1]]` {
		t.Fatalf("shared: %s %v", s, err)
	}
}

// What JSON cannot hold is refused with ErrJSONUnsupported and the path
// to it: blobs (the imp's advice, base64, is in the message), functions,
// classes, instances, NaN and the infinities, non-UTF-8 strings,
// keys that collide once made strings, and keys that are objects.
func TestEncodeJSONUnsupported(t *testing.T) {
	vm := newVM(false)
	for _, tc := range []struct{ src, where, what string }{
		{`return {data = blob(4)}`, "$.data", "base64"},
		{`return [1, function() {}]`, "$[1]", "function"},
		{`class C {}; return {c = C}`, "$.c", "class"},
		{`class C {}; return {i = C()}`, "$.i", "instance"},
		{`return {x = [0.0, math.sqrt(-1)]}`, "$.x[1]", "nan"},
		{`return {["a b"] = 1e308 * 10}`, `$["a b"]`, "inf"},
		{`return {s = "\xff\xfe"}`, "$.s", "UTF-8"},
		{`local t = {}; t[0] <- 1; t["0"] <- 2; return t`, "$", `"0"`},
		{`return {[[1]] = 1}`, "$", "array as a key"},
		{`return {["\xff"] = 1}`, "$", "key that is not UTF-8"},
	} {
		_, err := EncodeJSON(eval(t, vm, tc.src))
		if !errors.Is(err, ErrJSONUnsupported) || !strings.Contains(err.Error(), tc.where+":") || !strings.Contains(strings.ToLower(err.Error()), strings.ToLower(tc.what)) {
			t.Errorf("%s: error %v, want ErrJSONUnsupported at %s about %s", tc.src, err, tc.where, tc.what)
		}
	}
}

// Output and input are bounded by MaxSize, even for a small value that
// shares one array many times over (2^30 leaves in 31 arrays).
func TestJSONSize(t *testing.T) {
	vm := newVM(false)
	c := JSONCodec{MaxSize: 10}
	if s, err := c.Encode(eval(t, vm, `return "12345678"`)); err != nil || s != `"12345678"` {
		t.Fatalf("10 bytes: %s %v", s, err)
	}
	if _, err := c.Encode(eval(t, vm, `return "123456789"`)); !errors.Is(err, ErrJSONTooLarge) {
		t.Fatalf("11 bytes: %v", err)
	}
	if _, err := c.Decode(vm, `"123456789"`); !errors.Is(err, ErrJSONTooLarge) {
		t.Fatalf("decode 11 bytes: %v", err)
	}
	bomb := eval(t, vm, `local v = [1]; for (local i = 0; i < 30; i++) v = [v, v]; return v`)
	if _, err := EncodeJSON(bomb); !errors.Is(err, ErrJSONTooLarge) {
		t.Fatalf("shared structure: %v", err)
	}
}

// Every float survives a round trip bit for bit, and a 32-bit VM's
// floats are written with the digits a person would write.
func TestJSONFloats(t *testing.T) {
	vm := newVM(false)
	floats := []float64{0.1, 0.1 + 0.2, math.MaxFloat64, math.SmallestNonzeroFloat64, -math.MaxFloat32,
		1e21, 1e-7, 999999999999999999999.0, 123456.789e-10, math.Pi, 2147483648, -0.0}
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		floats = append(floats, math.Float64frombits(r.Uint64()))
	}
	for _, f := range floats {
		if math.IsNaN(f) || math.IsInf(f, 0) {
			continue
		}
		s, err := EncodeJSON(squirrel.Float(f))
		if err != nil {
			t.Fatalf("%v: %v", f, err)
		}
		v, err := DecodeJSON(vm, s)
		got, ok := v.AsFloat()
		if err != nil || !ok || math.Float64bits(got) != math.Float64bits(f) {
			t.Fatalf("%v: encoded %s, decoded %v %v", f, s, got, err)
		}
		var std float64 // the text is JSON that other decoders read the same
		if err := json.Unmarshal([]byte(s), &std); err != nil || std != f {
			t.Fatalf("%v: encoding/json reads %s as %v, %v", f, s, std, err)
		}
	}
	vm32 := newVM(true)
	x := eval(t, vm32, `return 21.3`)
	if s, _ := (JSONCodec{Float32: true}).Encode(x); s != "21.3" {
		t.Errorf("32-bit 21.3 encodes as %s", s)
	}
	if s, _ := EncodeJSON(x); s != "21.299999237060547" {
		t.Errorf("32-bit 21.3 as float64: %s", s)
	}
	back, _ := DecodeJSON(vm32, "21.3")
	want, _ := x.AsFloat()
	if got, _ := back.AsFloat(); got != want {
		t.Errorf("32-bit round trip: %v, want %v", got, want)
	}
}

// A value decoded from JSON and encoded again is the same value.
func TestJSONRoundTrip(t *testing.T) {
	vm := newVM(false)
	for _, in := range []string{
		`{"name":"sensor-1","temp":21.5,"ok":true,"tags":["a","b"],"n":null,"count":7,"nested":{"x":[1,[2,[3]]]}}`,
		`[0,-1,2147483647,-2147483648,2147483648.0,1.5,-0.0,"\u0000\u001f\"\\"]`,
		`"unicode: é € 😀"`,
	} {
		v, err := DecodeJSON(vm, in)
		if err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		out, err := EncodeJSON(v)
		if err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		var a, b any
		json.Unmarshal([]byte(in), &a)
		json.Unmarshal([]byte(out), &b)
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%s came back as %s", in, out)
		}
		v2, _ := DecodeJSON(vm, out)
		if !reflect.DeepEqual(squirrel.ToGo(v), squirrel.ToGo(v2)) {
			t.Errorf("%s: kinds changed through %s", in, out)
		}
	}
}
