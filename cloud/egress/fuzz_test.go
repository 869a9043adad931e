package egress

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"drey/squirrel"
)

// FuzzDecodeJSON decodes arbitrary text: whatever it is, DecodeJSON
// returns a value or one of its typed errors, never panics, accepts
// exactly the valid JSON within its bounds (encoding/json is the
// referee), and what it accepts encodes again and decodes to the same
// value. The seed corpus is in testdata/fuzz/FuzzDecodeJSON.
func FuzzDecodeJSON(f *testing.F) {
	for _, s := range []string{`{"a":[1,2.5,"x",null,true]}`, `[[[[]]]]`, `"\ud800"`, `-0`, `1e400`, `{"a":1,"a":2}`} {
		f.Add(s)
	}
	codec := JSONCodec{MaxSize: 1 << 16}
	f.Fuzz(func(t *testing.T, s string) {
		vm := squirrel.New(squirrel.Options{})
		v, err := codec.Decode(vm, s)
		valid := json.Valid([]byte(s)) && utf8.ValidString(s)
		if err != nil {
			if !errors.Is(err, ErrJSONSyntax) && !errors.Is(err, ErrJSONDepth) && !errors.Is(err, ErrJSONTooLarge) {
				t.Fatalf("untyped error %v", err)
			}
			if valid && len(s) <= codec.MaxSize && !errors.Is(err, ErrJSONDepth) && !strings.Contains(err.Error(), "out of range") {
				t.Fatalf("valid JSON refused: %v", err)
			}
			return
		}
		if !valid {
			t.Fatalf("invalid JSON accepted as %v", squirrel.ToGo(v))
		}
		out, err := EncodeJSON(v)
		if err != nil {
			t.Fatalf("decoded value does not encode: %v", err)
		}
		v2, err := DecodeJSON(vm, out)
		if err != nil {
			t.Fatalf("re-encoding %q does not decode: %v", out, err)
		}
		if !reflect.DeepEqual(squirrel.ToGo(v), squirrel.ToGo(v2)) {
			t.Fatalf("%q came back from %q as %v", s, out, squirrel.ToGo(v2))
		}
	})
}
