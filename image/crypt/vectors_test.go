package crypt

import (
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// vectorDir is ../shared/vectors seen from this package's directory.
var vectorDir = filepath.Join("..", "..", "..", "shared", "vectors")

// readVector returns a vector file, skipping the test if the shared vector
// folder is absent (CI always has it).
func readVector(t testing.TB, parts ...string) []byte {
	t.Helper()
	p := filepath.Join(append([]string{vectorDir}, parts...)...)
	b, err := os.ReadFile(p)
	if os.IsNotExist(err) {
		t.Skipf("test vectors not found at %s: run with the shared vectors checked out next to the repository", p)
	}
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// readHexVector reads a .hex file whose lines are folded.
func readHexVector(t testing.TB, parts ...string) []byte {
	t.Helper()
	return unhex(t, strings.Join(strings.Fields(string(readVector(t, parts...))), ""))
}

func unhex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatalf("bad hex %q: %v", s, err)
	}
	return b
}

// wycheproofFile is the common shape of a Wycheproof testvectors_v1 file;
// T is the per-case type.
type wycheproofFile[T any] struct {
	Algorithm  string `json:"algorithm"`
	TestGroups []struct {
		Tests []T `json:"tests"`
	} `json:"testGroups"`
}

// wycheproofCase holds the fields every case has.
type wycheproofCase struct {
	TcID    int      `json:"tcId"`
	Comment string   `json:"comment"`
	Flags   []string `json:"flags"`
	Result  string   `json:"result"` // valid, invalid or acceptable
}

func readWycheproof[T any](t *testing.T, name string) []T {
	t.Helper()
	var f wycheproofFile[T]
	if err := json.Unmarshal(readVector(t, "wycheproof", name), &f); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var all []T
	for _, g := range f.TestGroups {
		all = append(all, g.Tests...)
	}
	if len(all) == 0 {
		t.Fatalf("%s: no test cases", name)
	}
	return all
}

// tally counts outcomes per Wycheproof result and logs them.
type tally map[string]int

func (c tally) log(t *testing.T, name string) {
	t.Helper()
	t.Logf("%s: %d valid passed, %d invalid rejected, %d acceptable (%d accepted, %d rejected)",
		name, c["valid"], c["invalid"], c["acceptable accepted"]+c["acceptable rejected"],
		c["acceptable accepted"], c["acceptable rejected"])
}
