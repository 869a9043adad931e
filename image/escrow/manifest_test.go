package escrow

import (
	"bytes"
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// sealedManifest returns the MANIFEST of a fresh escrow.
func sealedManifest(t *testing.T) []byte {
	t.Helper()
	f := newFixture(t)
	b, err := os.ReadFile(filepath.Join(f.seal(t), "MANIFEST"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestManifestRoundTrip(t *testing.T) {
	b := sealedManifest(t)
	m, err := ParseManifest(b)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(m.Marshal(), b) {
		t.Errorf("MANIFEST does not round-trip:\n%s\n%s", b, m.Marshal())
	}
	if m.Threshold != 3 || len(m.Custodians) != 5 || len(m.Keys) != 3 || len(m.Files) != 10 {
		t.Errorf("parsed %+v", m)
	}
}

func TestParseManifestRefuses(t *testing.T) {
	good := string(sealedManifest(t))
	lines := strings.Split(strings.TrimSuffix(good, "\n"), "\n")
	swap := func(i, j int) string {
		l := append([]string(nil), lines...)
		l[i], l[j] = l[j], l[i]
		return strings.Join(l, "\n") + "\n"
	}
	drop := func(prefix string) string {
		var l []string
		for _, s := range lines {
			if !strings.HasPrefix(s, prefix) {
				l = append(l, s)
			}
		}
		return strings.Join(l, "\n") + "\n"
	}
	for _, tt := range []struct {
		name, in, want string
	}{
		{"empty", "", "does not end with a line end"},
		{"no final newline", strings.TrimSuffix(good, "\n"), "does not end with a line end"},
		{"magic", strings.Replace(good, "drey-escrow 1", "drey-escrow 2", 1), `line 1: "drey-escrow 2", want "drey-escrow 1"`},
		{"short", "drey-escrow 1\n", "line 1: ends after 1 lines"},
		{"bad id", strings.Replace(good, "\nescrow ", "\nescrow zz", 1), `line 2: escrow "zz`},
		{"threshold 1", strings.Replace(good, "threshold 3 of 5", "threshold 1 of 5", 1), "line 3: threshold 1 of 5, want 2 <= K <= N <= 255"},
		{"threshold above n", strings.Replace(good, "threshold 3 of 5", "threshold 6 of 5", 1), "threshold 6 of 5"},
		{"n disagrees", strings.Replace(good, "threshold 3 of 5", "threshold 3 of 4", 1), "threshold 3 of 4, but 5 custodians"},
		{"local time", strings.Replace(good, "Z\n", "+01:00\n", 1), "want sealed TIME in RFC 3339, UTC"},
		{"fractional time", strings.Replace(good, "Z\n", ".5Z\n", 1), "not in canonical form"},
		{"blank line", strings.Replace(good, "\ncustodian alice", "\n\ncustodian alice", 1), `"", want a key, custodian or file line`},
		{"comment", good + "# note\n", `"# note", want a key, custodian or file line`},
		{"keys out of order", swap(4, 5), "not in canonical form"},
		{"custodian after file", swap(11, len(lines)-1), "want a key, custodian or file line in that order"},
		{"upper-case digest", strings.Replace(good, "file ", "file A", 1), "want file SHA256 SIZE PATH"},
		{"leading zero size", regexp.MustCompile(` ([0-9]+) BUILD.md`).ReplaceAllString(good, " 0$1 BUILD.md"), "want file SHA256 SIZE PATH"},
		{"parent path", strings.Replace(good, " BUILD.md", " ../BUILD.md", 1), "want file SHA256 SIZE PATH"},
		{"absolute path", strings.Replace(good, " BUILD.md", " /BUILD.md", 1), "want file SHA256 SIZE PATH"},
		{"MANIFEST listed", strings.Replace(good, " BUILD.md", " MANIFEST", 1), "want file SHA256 SIZE PATH"},
		{"no BUILD.md", drop("file ") + strings.Join(filesExcept(lines, "BUILD.md"), "\n") + "\n", "no file line for BUILD.md"},
		{"stray file", strings.Replace(good, " BUILD.md", " notes.txt", 1), "file notes.txt is no part of an escrow package"},
		{"no keys", drop("key "), "line 5: no keys"},
		{"key without type", strings.Replace(good, " ed25519 ", " ", 1), "want key NAME TYPE KEYID"},
		{"custodian name", strings.Replace(good, "custodian alice", "custodian ../alice", 1), `custodian name "../alice"`},
		{"trailing space", strings.Replace(good, "threshold 3 of 5", "threshold 3 of 5 ", 1), "want threshold K of N"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseManifest([]byte(tt.in))
			if !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want ErrFormat with %q", err, tt.want)
			}
		})
	}
}

// filesExcept returns the file lines of a manifest but that of path.
func filesExcept(lines []string, path string) []string {
	var out []string
	for _, l := range lines {
		if strings.HasPrefix(l, "file ") && !strings.HasSuffix(l, " "+path) {
			out = append(out, l)
		}
	}
	return out
}

// ParseManifest never panics, and accepts only the canonical encoding of
// what it returns (REQ-LIFE-4: MANIFEST's digest stands for one package).
func FuzzParseManifest(f *testing.F) {
	f.Add([]byte("drey-escrow 1\nescrow 00112233445566778899aabbccddeeff\nthreshold 2 of 2\nsealed 2030-01-01T00:00:00Z\n"))
	f.Add([]byte("drey-escrow 1\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := ParseManifest(b)
		if err != nil {
			return
		}
		if !bytes.Equal(m.Marshal(), b) {
			t.Fatalf("accepted a non-canonical manifest:\n%q\n%q", b, m.Marshal())
		}
	})
}

func TestParseSealedShareRefuses(t *testing.T) {
	f := newFixture(t)
	dir := f.seal(t)
	good, _ := os.ReadFile(filepath.Join(dir, "shares", "alice.share"))
	body, _ := decodePEM(good, sharePEMType, "alice.share")
	repem := func(b []byte) []byte {
		return []byte("-----BEGIN DREY ESCROW SHARE-----\n" + encodeB64(b) + "\n-----END DREY ESCROW SHARE-----\n")
	}
	edit := func(i int, v byte) []byte {
		b := bytes.Clone(body)
		b[i] = v
		return repem(b)
	}
	for _, tt := range []struct {
		name string
		in   []byte
		want string
	}{
		{"not PEM", []byte("alice"), "no PEM block"},
		{"key file", []byte(strings.Replace(string(good), "ESCROW SHARE", "ESCROWED KEY", 2)), `PEM block "DREY ESCROWED KEY", want "DREY ESCROW SHARE"`},
		{"trailing", append(bytes.Clone(good), "more"...), "data after the PEM block"},
		{"version", edit(0, 2), "format version 2, want 1"},
		{"name too long", edit(17, 200), "name of 200 bytes"},
		{"name empty", edit(17, 0), `alice.share: name ""`},
		{"cut short", repem(body[:len(body)-40]), "share of alice cut short"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseSealedShare(tt.in, "alice.share")
			if !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want ErrFormat with %q", err, tt.want)
			}
		})
	}
}

func encodeB64(b []byte) string { return base64.StdEncoding.EncodeToString(b) }
