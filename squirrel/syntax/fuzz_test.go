package syntax

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// FuzzParse checks that Parse never panics and is deterministic; that it
// fails only with an *Error at a position inside the source; that the
// trees it builds are well formed (checkTree: positions inside the
// source and in order, assignment and increment targets, comma lists);
// and that Format prints a tree back as source that parses to the same
// tree and formats to the same text. The seed corpus is in
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
			if !errors.As(err, &e) || e.Msg == "" || !e.Pos.IsValid() || e.Pos.Col < 1 || e.File != "fuzz.nut" {
				t.Fatalf("bad error %#v", err)
			}
			if end := endPos(src); end.Line < e.Pos.Line || end.Line == e.Pos.Line && end.Col < e.Pos.Col {
				t.Fatalf("error %v after the end of the source at %v", err, end)
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
		checkTree(t, file, src)
		checkRoundTrip(t, file)
	})
}

// endPos returns the position just after the last byte the scanner
// reads: the end of src, or its first NUL byte.
func endPos(src []byte) Pos {
	if i := bytes.IndexByte(src, 0); i >= 0 {
		src = src[:i]
	}
	p := Pos{1, 1}
	for _, c := range src {
		if c == '\n' {
			p.Line++
			p.Col = 1
		} else {
			p.Col++
		}
	}
	return p
}
