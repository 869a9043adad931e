package syntax

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// FuzzParse checks that Parse never panics, fails only with an *Error at a
// real position, is deterministic, and that Format prints a tree back as
// source that parses to the same tree. The seed corpus is in
// testdata/fuzz/FuzzParse, and the testdata/*.nut files are added to it.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.nut")
	for _, name := range files {
		if src, err := os.ReadFile(name); err == nil {
			f.Add(src)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		file, err := Parse("fuzz.nut", src)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Msg == "" || !e.Pos.IsValid() || e.File != "fuzz.nut" {
				t.Fatalf("bad error %#v", err)
			}
			if _, err2 := Parse("fuzz.nut", src); err2 == nil || err2.Error() != err.Error() {
				t.Fatalf("not deterministic: %v, then %v", err, err2)
			}
			return
		}
		again, err := Parse("fuzz.nut", src)
		if err != nil || Dump(again) != Dump(file) {
			t.Fatalf("not deterministic: %v", err)
		}
		checkRoundTrip(t, file)
	})
}
