package escrow

// MANIFEST is text, one item a line, each line ended by "\n":
//
//	drey-escrow 1
//	escrow ID                     the escrow's identifier, 32 hex digits
//	threshold K of N              K of the N custodians open it
//	sealed TIME                   when, RFC 3339 in UTC
//	key NAME TYPE KEYID           one per escrowed key, sorted by name
//	custodian NAME KEYID          one per custodian, sorted by name
//	file SHA256 SIZE PATH         one per other file, sorted by path
//
// KEYID and SHA256 are 64 hex digits; SIZE is in bytes, in decimal. N is
// the number of custodian lines. The files listed are exactly the
// package's other files: root.cbor, BUILD.md, keys/NAME.sealed for every
// key, shares/NAME.share for every custodian, and optionally
// source.bundle, roots/V.cbor and files/NAME. ParseManifest accepts nothing else: no
// blank lines, no comments, no second spelling of the same manifest, so
// that its SHA-256, which the operator records in the escrow contract,
// stands for one package.

import (
	"bytes"
	"cmp"
	"encoding/hex"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"drey/image/keys"
	"drey/internal/shamir"
)

const (
	manifestName    = "MANIFEST"
	manifestMagic   = "drey-escrow 1"
	maxManifest     = 1 << 20
	maxManifestRows = 10_000
)

// Manifest lists what an escrow package holds.
type Manifest struct {
	Escrow     shamir.ID
	Threshold  int       // custodians needed to open it, k
	Sealed     time.Time // when it was sealed, to the second
	Keys       []KeyEntry
	Custodians []CustodianEntry
	Files      []FileEntry
}

// KeyEntry is an escrowed private key: its name (the file it came from
// and goes back to), its type as `drey keys gen` names it, and its id.
type KeyEntry struct {
	Name string
	Type string
	ID   keys.KeyID
}

// CustodianEntry is a custodian: the name and the id of the X25519 key
// their share is sealed to.
type CustodianEntry struct {
	Name  string
	KeyID keys.KeyID
}

// FileEntry is a file of the package, by its slash-separated path under
// the package directory.
type FileEntry struct {
	Path   string
	Size   int64
	SHA256 [32]byte
}

// Marshal encodes m as the comment of manifest.go describes, sorting its
// lists.
func (m *Manifest) Marshal() []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s\nescrow %s\nthreshold %d of %d\nsealed %s\n", manifestMagic, m.Escrow, m.Threshold, len(m.Custodians), m.Sealed.UTC().Format(time.RFC3339))
	for _, k := range slices.SortedFunc(slices.Values(m.Keys), func(a, b KeyEntry) int { return cmp.Compare(a.Name, b.Name) }) {
		fmt.Fprintf(&b, "key %s %s %s\n", k.Name, k.Type, k.ID)
	}
	for _, c := range slices.SortedFunc(slices.Values(m.Custodians), func(a, b CustodianEntry) int { return cmp.Compare(a.Name, b.Name) }) {
		fmt.Fprintf(&b, "custodian %s %s\n", c.Name, c.KeyID)
	}
	for _, f := range slices.SortedFunc(slices.Values(m.Files), func(a, b FileEntry) int { return cmp.Compare(a.Path, b.Path) }) {
		fmt.Fprintf(&b, "file %x %d %s\n", f.SHA256, f.Size, f.Path)
	}
	return b.Bytes()
}

// Paths of the fixed files of a package.
const (
	rootPath   = "root.cbor"
	buildPath  = "BUILD.md"
	bundlePath = "source.bundle"
)

func keyPath(name string) string   { return "keys/" + name + ".sealed" }
func sharePath(name string) string { return "shares/" + name + ".share" }

var (
	hex64RE  = regexp.MustCompile(`^[0-9a-f]{64}$`)
	typeRE   = regexp.MustCompile(`^[a-z][a-z0-9]{0,15}$`)
	sizeRE   = regexp.MustCompile(`^(0|[1-9][0-9]{0,15})$`)
	kofnRE   = regexp.MustCompile(`^([1-9][0-9]{0,2}) of ([1-9][0-9]{0,2})$`)
	pathPart = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)
)

// ParseManifest reads a MANIFEST, refusing any departure from the format
// with ErrFormat and the line number.
func ParseManifest(data []byte) (*Manifest, error) {
	if len(data) > maxManifest {
		return nil, fmt.Errorf("escrow: %s of %d bytes, more than %d: %w", manifestName, len(data), maxManifest, ErrFormat)
	}
	if len(data) == 0 || data[len(data)-1] != '\n' {
		return nil, fmt.Errorf("escrow: %s does not end with a line end: %w", manifestName, ErrFormat)
	}
	lines := strings.Split(string(data[:len(data)-1]), "\n")
	if len(lines) > maxManifestRows {
		return nil, fmt.Errorf("escrow: %s of %d lines, more than %d: %w", manifestName, len(lines), maxManifestRows, ErrFormat)
	}
	p := manifestParser{lines: lines}
	m, err := p.parse()
	if err != nil {
		return nil, fmt.Errorf("escrow: %s line %d: %w", manifestName, p.n, err)
	}
	if err := m.checkFiles(); err != nil {
		return nil, fmt.Errorf("escrow: %s: %w", manifestName, err)
	}
	if !bytes.Equal(m.Marshal(), data) {
		// Every field was read strictly, so this is a list out of order
		// or a time with fractions of a second.
		return nil, fmt.Errorf("escrow: %s is not in canonical form (lists sorted, time to the second): %w", manifestName, ErrFormat)
	}
	return m, nil
}

type manifestParser struct {
	lines []string
	n     int // the line number of the line being read, from 1
}

// next returns the fields of the next line if its first field is word.
func (p *manifestParser) next(word string) ([]string, bool) {
	if p.n >= len(p.lines) {
		return nil, false
	}
	f := strings.Split(p.lines[p.n], " ")
	if f[0] != word {
		return nil, false
	}
	p.n++
	return f, true
}

func (p *manifestParser) parse() (*Manifest, error) {
	m := &Manifest{}
	bad := func(format string, args ...any) error {
		return fmt.Errorf(format+": %w", append(args, ErrFormat)...)
	}
	if len(p.lines) < 4 {
		p.n = len(p.lines)
		return nil, bad("ends after %d lines", len(p.lines))
	}
	p.n = 1
	if p.lines[0] != manifestMagic {
		return nil, bad("%q, want %q", p.lines[0], manifestMagic)
	}
	p.n = 2
	id, ok := strings.CutPrefix(p.lines[1], "escrow ")
	if !ok {
		return nil, bad("%q, want escrow ID", p.lines[1])
	}
	var err error
	if m.Escrow, err = shamir.ParseID(id); err != nil || id != m.Escrow.String() {
		return nil, bad("escrow %q, want 32 lower-case hex digits", id)
	}
	p.n = 3
	kofn, ok := strings.CutPrefix(p.lines[2], "threshold ")
	sub := kofnRE.FindStringSubmatch(kofn)
	if !ok || sub == nil {
		return nil, bad("%q, want threshold K of N", p.lines[2])
	}
	m.Threshold, _ = strconv.Atoi(sub[1])
	n, _ := strconv.Atoi(sub[2])
	if m.Threshold < shamir.MinThreshold || m.Threshold > n || n > shamir.MaxShares {
		return nil, bad("threshold %d of %d, want 2 <= K <= N <= 255", m.Threshold, n)
	}
	p.n = 4
	when, ok := strings.CutPrefix(p.lines[3], "sealed ")
	if m.Sealed, err = time.Parse(time.RFC3339, when); !ok || err != nil || !strings.HasSuffix(when, "Z") {
		return nil, bad("%q, want sealed TIME in RFC 3339, UTC", p.lines[3])
	}
	p.n = 4
	for {
		f, ok := p.next("key")
		if !ok {
			break
		}
		if len(f) != 4 || !typeRE.MatchString(f[2]) || !hex64RE.MatchString(f[3]) {
			return nil, bad("%q, want key NAME TYPE KEYID", p.lines[p.n-1])
		}
		if err := checkName("key", f[1]); err != nil {
			return nil, err
		}
		m.Keys = append(m.Keys, KeyEntry{Name: f[1], Type: f[2], ID: keys.KeyID(unhex32(f[3]))})
	}
	for {
		f, ok := p.next("custodian")
		if !ok {
			break
		}
		if len(f) != 3 || !hex64RE.MatchString(f[2]) {
			return nil, bad("%q, want custodian NAME KEYID", p.lines[p.n-1])
		}
		if err := checkName("custodian", f[1]); err != nil {
			return nil, err
		}
		m.Custodians = append(m.Custodians, CustodianEntry{Name: f[1], KeyID: keys.KeyID(unhex32(f[2]))})
	}
	for {
		f, ok := p.next("file")
		if !ok {
			break
		}
		if len(f) != 4 || !hex64RE.MatchString(f[1]) || !sizeRE.MatchString(f[2]) || !validPath(f[3]) {
			return nil, bad("%q, want file SHA256 SIZE PATH", p.lines[p.n-1])
		}
		size, _ := strconv.ParseInt(f[2], 10, 64)
		m.Files = append(m.Files, FileEntry{Path: f[3], Size: size, SHA256: unhex32(f[1])})
	}
	if p.n < len(p.lines) {
		p.n++
		return nil, bad("%q, want a key, custodian or file line in that order", p.lines[p.n-1])
	}
	if len(m.Custodians) != n {
		p.n = 3
		return nil, bad("threshold %d of %d, but %d custodians", m.Threshold, n, len(m.Custodians))
	}
	if len(m.Keys) == 0 {
		p.n = 5
		return nil, bad("no keys")
	}
	return m, nil
}

// checkFiles checks that the files listed are those the keys and
// custodians call for, with no name twice.
func (m *Manifest) checkFiles() error {
	want := map[string]bool{rootPath: true, buildPath: true}
	for _, k := range m.Keys {
		if want[keyPath(k.Name)] {
			return fmt.Errorf("key %s listed twice: %w", k.Name, ErrFormat)
		}
		want[keyPath(k.Name)] = true
	}
	for _, c := range m.Custodians {
		if want[sharePath(c.Name)] {
			return fmt.Errorf("custodian %s listed twice: %w", c.Name, ErrFormat)
		}
		want[sharePath(c.Name)] = true
	}
	seen := map[string]bool{}
	for _, f := range m.Files {
		switch {
		case seen[f.Path]:
			return fmt.Errorf("file %s listed twice: %w", f.Path, ErrFormat)
		case !want[f.Path] && f.Path != bundlePath && !strings.HasPrefix(f.Path, "files/") && !strings.HasPrefix(f.Path, "roots/"):
			return fmt.Errorf("file %s is no part of an escrow package: %w", f.Path, ErrFormat)
		}
		seen[f.Path] = true
	}
	for p := range want {
		if !seen[p] {
			return fmt.Errorf("no file line for %s: %w", p, ErrFormat)
		}
	}
	return nil
}

// validPath reports whether p is a relative, slash-separated path of
// names that pathPart allows (so no "..", no absolute path), and not
// MANIFEST itself.
func validPath(p string) bool {
	if p == manifestName || len(p) > 255 {
		return false
	}
	for part := range strings.SplitSeq(p, "/") {
		if !pathPart.MatchString(part) {
			return false
		}
	}
	return true
}

func unhex32(s string) [32]byte {
	var out [32]byte
	hex.Decode(out[:], []byte(s))
	return out
}
