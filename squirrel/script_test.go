package squirrel_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"drey/squirrel"
	"drey/squirrel/compile"
	"drey/squirrel/lib"
	"drey/squirrel/syntax"
)

// TestScripts runs the conformance corpus: every testdata/*.nut file,
// split into chunks at lines "---", each chunk in a fresh VM. A chunk's
// expected output is its "//> " lines; a line ending in ### "regexp"
// must raise an uncaught error matching regexp (at that line).
func TestScripts(t *testing.T) {
	files, err := filepath.Glob("testdata/*.nut")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no scripts in testdata")
	}
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for i, chunk := range splitChunks(string(src)) {
			name := filepath.Base(file)
			if i > 0 {
				name += "#" + strconv.Itoa(i)
			}
			t.Run(name, func(t *testing.T) { runChunk(t, file, chunk) })
		}
	}
}

type chunk struct {
	src       string
	firstLine int
}

func splitChunks(src string) []chunk {
	var out []chunk
	lines := strings.SplitAfter(src, "\n")
	start, first := 0, 1
	for i, l := range lines {
		if strings.TrimRight(l, "\r\n") == "---" {
			out = append(out, chunk{strings.Join(lines[start:i], ""), first})
			start, first = i+1, i+2
		}
	}
	return append(out, chunk{strings.Join(lines[start:], ""), first})
}

var errMarker = regexp.MustCompile(`###\s*"((?:[^"\\]|\\.)*)"`)

func runChunk(t *testing.T, file string, c chunk) {
	var want strings.Builder
	var wantErr *regexp.Regexp
	wantLine := 0
	for i, l := range strings.Split(c.src, "\n") {
		if j := strings.Index(l, "//> "); j >= 0 && strings.TrimSpace(l[:j]) == "" {
			want.WriteString(strings.TrimRight(l[j+4:], "\r") + "\n")
		} else if strings.TrimSpace(l) == "//>" {
			want.WriteString("\n")
		}
		if m := errMarker.FindStringSubmatch(l); m != nil {
			re, err := regexp.Compile(strings.ReplaceAll(m[1], `\"`, `"`))
			if err != nil {
				t.Fatalf("%s:%d: bad error pattern: %v", file, c.firstLine+i, err)
			}
			wantErr, wantLine = re, c.firstLine+i
		}
	}
	// Pad with blank lines so that positions in errors are the file's.
	src := strings.Repeat("\n", c.firstLine-1) + c.src
	var out bytes.Buffer
	vm := squirrel.New(squirrel.Options{Stdout: &out, StepLimit: 50_000_000, MemoryLimit: 64 << 20})
	lib.Open(vm, lib.Options{})
	err := vm.Run(context.Background(), filepath.Base(file), []byte(src))
	if got := out.String(); got != want.String() {
		t.Errorf("%s:%d: output:\n%s\nwant:\n%s", file, c.firstLine, got, want.String())
	}
	switch {
	case wantErr == nil && err != nil:
		t.Errorf("%s:%d: unexpected error: %s", file, c.firstLine, describeErr(err))
	case wantErr != nil && err == nil:
		t.Errorf("%s:%d: no error, want one matching %q", file, wantLine, wantErr)
	case wantErr != nil && !wantErr.MatchString(errMessage(err)):
		t.Errorf("%s:%d: error %q does not match %q", file, wantLine, errMessage(err), wantErr)
	case wantErr != nil:
		if lines := errLines(err); len(lines) > 0 && !slices.Contains(lines, wantLine) {
			t.Errorf("%s: error %q reported at lines %v, want %d", file, errMessage(err), lines, wantLine)
		}
	}
}

func errMessage(err error) string {
	var se *syntax.Error
	if errors.As(err, &se) {
		return se.Msg
	}
	var ce *compile.Error
	if errors.As(err, &ce) {
		return ce.Msg
	}
	return err.Error()
}

// errLines returns the lines an error is reported at: the position of
// a compile error, or every line of a runtime error's stack trace.
func errLines(err error) []int {
	var se *syntax.Error
	if errors.As(err, &se) {
		return []int{int(se.Pos.Line)}
	}
	var ce *compile.Error
	if errors.As(err, &ce) {
		return []int{int(ce.Line)}
	}
	var lines []int
	var re *squirrel.Error
	if errors.As(err, &re) {
		for _, f := range re.Trace {
			if f.File != "NATIVE" {
				lines = append(lines, f.Line)
			}
		}
	}
	return lines
}

func describeErr(err error) string {
	var re *squirrel.Error
	if errors.As(err, &re) {
		return re.Traceback()
	}
	return err.Error()
}
