package syntax

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the testdata/*.golden files")

// TestGolden parses each testdata/*.nut file and compares the tree, as
// S-expressions, with the .golden file beside it; it also checks that the
// formatted source parses to the same tree. Run with -update to accept new
// output.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.nut")
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata: %v", err)
	}
	for _, name := range files {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		var got string
		f, err := Parse(filepath.Base(name), src)
		if err != nil {
			got = "error: " + err.Error() + "\n"
		} else {
			got = Dump(f) + "\n"
			checkTree(t, f, src)
			checkRoundTrip(t, f)
		}
		golden := strings.TrimSuffix(name, ".nut") + ".golden"
		if *update {
			if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test -update to create it)", err)
		}
		if got != string(want) {
			t.Errorf("%s: tree differs from %s:\n%s", name, golden, got)
		}
	}
}

// checkRoundTrip checks that Format(f) parses to the same tree as f, and
// that formatting that tree gives the same text again.
func checkRoundTrip(t *testing.T, f *File) {
	t.Helper()
	out := Format(f)
	g, err := Parse(f.Name, out)
	if err != nil {
		t.Fatalf("%s: formatted source does not parse: %v\n%s", f.Name, err, out)
	}
	if a, b := Dump(f), Dump(g); a != b {
		t.Fatalf("%s: formatted source parses differently:\n%s\n--- formatted:\n%s\n--- reparsed:\n%s", f.Name, a, out, b)
	}
	checkTree(t, g, out)
	if again := Format(g); !bytes.Equal(again, out) {
		t.Fatalf("%s: formatting is not stable:\n%s\n--- then:\n%s", f.Name, out, again)
	}
}
