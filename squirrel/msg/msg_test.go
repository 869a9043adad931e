package msg_test

import (
	"context"
	"strings"
	"testing"

	"drey/squirrel"
	"drey/squirrel/lib"
	"drey/squirrel/msg"
)

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

func newVM() *squirrel.VM {
	vm := squirrel.New(squirrel.Options{})
	lib.Open(vm, lib.Options{})
	return vm
}

// A value sent from one VM arrives in another as an equal value: the
// device↔agent message guarantee.
func TestRoundTrip(t *testing.T) {
	cases := []string{
		`return null`,
		`return true`,
		`return false`,
		`return 0`,
		`return -2147483648`,
		`return 2147483647`,
		`return 1.5`,
		`return 0.1`,
		`return ""`,
		`return "h\x00llo \xff"`,
		`local b = blob(3); b[0] = 1; b[2] = 255; return b`,
		`return [1, 2.5, "x", null, true, [], {}]`,
		`return {a = 1, b = [1, {c = "d"}], [3] = "three", [1.5] = false}`,
	}
	for _, src := range cases {
		from, to := newVM(), newVM()
		v := eval(t, from, src)
		data, err := msg.Encode(v, 0)
		if err != nil {
			t.Fatalf("%s: encode: %v", src, err)
		}
		got, err := msg.Decode(to, data)
		if err != nil {
			t.Fatalf("%s: decode: %v", src, err)
		}
		// Compare by re-encoding in the receiving VM: the encoding is
		// canonical for equal values except for table order, so compare
		// through a Squirrel-side deep comparison instead.
		to.Root().NewSlot(to.Str("got"), got)
		from2 := eval(t, to, src)
		to.Root().NewSlot(to.Str("want"), from2)
		eq := eval(t, to, deepEqual+`return deq(::got, ::want)`)
		if b, _ := eq.AsBool(); !b {
			t.Errorf("%s: value changed in transit", src)
		}
	}
}

const deepEqual = `
function deq(a, b) {
	if (typeof a != typeof b) return false
	switch (typeof a) {
	case "array":
		if (a.len() != b.len()) return false
		foreach (i, x in a) if (!deq(x, b[i])) return false
		return true
	case "table":
		if (a.len() != b.len()) return false
		foreach (k, x in a) if (!(k in b) || !deq(x, b[k])) return false
		return true
	case "blob":
		return a.tostring() == b.tostring()
	}
	return a == b
}
`

// Values that have no meaning on the other side are refused with the path
// to the offending value.
func TestEncodeErrors(t *testing.T) {
	cases := []struct{ src, want string }{
		{`return function() {}`, "value: cannot send a function"},
		{`return {a = [1, class {}]}`, "value.a[1]: cannot send a class"},
		{`local t = {}; t.self <- t; return t`, "nested more than"},
	}
	for _, c := range cases {
		vm := newVM()
		_, err := msg.Encode(eval(t, vm, c.src), 0)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q", c.src, err, c.want)
		}
	}
	vm := newVM()
	if _, err := msg.Encode(eval(t, vm, `return array(1000, "xxxxxxxx")`), 100); err == nil {
		t.Error("a message over the size bound was encoded")
	}
}

// Corrupt messages are rejected with an error, never a panic.
func TestDecodeErrors(t *testing.T) {
	cases := []struct {
		data []byte
		want string
	}{
		{[]byte("XY\x01\x00"), "bad magic"},
		{[]byte("SQ\x02\x00"), "version 2"},
		{[]byte("SQ\x01"), "truncated"},
		{[]byte("SQ\x01\x06\x05ab"), "exceeds"},
		{[]byte("SQ\x01\x08\xff\xff\xff\xff\x0f"), "exceeds"},
		{[]byte("SQ\x01\x09\x01\x00\x00"), "key is null"},
		{[]byte("SQ\x01\x03\x80\x80\x80\x80\x10"), "out of 32-bit range"},
		{[]byte("SQ\x01\x00\x00"), "after the value"},
		{[]byte("SQ\x01\x0a"), "unknown tag"},
		{append([]byte("SQ\x01"), []byte(strings.Repeat("\x08\x01", 40)+"\x00")...), "nested more than"},
	}
	for _, c := range cases {
		_, err := msg.Decode(newVM(), c.data)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: error %v, want %q", c.data, err, c.want)
		}
	}
}

func FuzzDecode(f *testing.F) {
	vm := newVM()
	for _, src := range []string{`return {a = [1, 2.5, "x", null, true], b = {c = blob(2)}}`, `return 0.1`} {
		data, err := msg.Encode(eval(f, vm, src), 0)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		vm := newVM()
		v, err := msg.Decode(vm, data)
		if err != nil {
			return
		}
		if _, err := msg.Encode(v, 0); err != nil {
			t.Fatalf("decoded value does not encode: %v", err)
		}
	})
}
