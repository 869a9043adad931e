package escrow

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"drey/image/keys"
	"drey/image/trust"
	"drey/internal/shamir"
)

// Package is an escrow package whose files all match its MANIFEST, as
// Verify returns it.
type Package struct {
	Dir      string
	Manifest *Manifest
	// ManifestSHA256 is the digest of MANIFEST, to compare with the one
	// recorded in the escrow contract.
	ManifestSHA256 [32]byte
	// Root is the root metadata the keys belong to.
	Root *trust.Root
	// History is the number of earlier root versions the package holds.
	History int
	shares  map[string]*SealedShare
	keys    []*sealedKey
}

// Verify checks the package in dir without any secret: every file listed
// in MANIFEST is present with its size and SHA-256, no other file is, and
// the root, share and key files are well formed and belong to this
// escrow. A changed, missing or extra file gives ErrTampered, naming
// every such file.
func Verify(dir string) (*Package, error) {
	data, err := os.ReadFile(filepath.Join(dir, manifestName))
	if err != nil {
		return nil, fmt.Errorf("escrow: %s is not an escrow package: %w", dir, err)
	}
	m, err := ParseManifest(data)
	if err != nil {
		return nil, fmt.Errorf("escrow: %s: %w", dir, err)
	}
	present, err := listFiles(dir)
	if err != nil {
		return nil, err
	}
	if problems := compareFiles(m.Files, present); len(problems) > 0 {
		return nil, fmt.Errorf("escrow: %s: %s: %w", dir, strings.Join(problems, "; "), ErrTampered)
	}
	p := &Package{Dir: dir, Manifest: m, ManifestSHA256: sha256.Sum256(data), shares: map[string]*SealedShare{}}
	read := func(rel string) ([]byte, error) { return readListed(dir, m, rel) }
	root, err := read(rootPath)
	if err != nil {
		return nil, err
	}
	history, err := readHistory(m.Files, read)
	if err != nil {
		return nil, err
	}
	if p.Root, _, err = checkChain(history, root); err != nil {
		return nil, fmt.Errorf("%w (in %s)", err, dir)
	}
	p.History = len(history)
	for _, c := range m.Custodians {
		path := filepath.Join(dir, filepath.FromSlash(sharePath(c.Name)))
		data, err := read(sharePath(c.Name))
		if err != nil {
			return nil, err
		}
		s, err := ParseSealedShare(data, path)
		if err != nil {
			return nil, err
		}
		if err := p.checkShare(s, path); err != nil {
			return nil, err
		}
		p.shares[c.Name] = s
	}
	for _, k := range m.Keys {
		path := filepath.Join(dir, filepath.FromSlash(keyPath(k.Name)))
		data, err := read(keyPath(k.Name))
		if err != nil {
			return nil, err
		}
		sk, err := parseSealedKey(data, path)
		if err != nil {
			return nil, err
		}
		switch {
		case sk.Escrow != m.Escrow:
			return nil, fmt.Errorf("escrow: %s is of escrow %s, not %s: %w", path, sk.Escrow, m.Escrow, ErrOtherEscrow)
		case sk.Name != k.Name || sk.KeyID != k.ID:
			return nil, fmt.Errorf("escrow: %s holds key %s %s, MANIFEST says %s %s: %w", path, sk.Name, sk.KeyID, k.Name, k.ID, ErrFormat)
		}
		p.keys = append(p.keys, sk)
	}
	return p, nil
}

// readListed reads the file rel of the package in dir, of at most
// maxSealedFile bytes, and checks the bytes read against MANIFEST: what
// is used is what was checked, even if the file changed after listFiles
// hashed it.
func readListed(dir string, m *Manifest, rel string) ([]byte, error) {
	i := slices.IndexFunc(m.Files, func(f FileEntry) bool { return f.Path == rel })
	if i < 0 {
		return nil, fmt.Errorf("escrow: %s: %s is not in MANIFEST: %w", dir, rel, ErrTampered)
	}
	data, err := readSmall(filepath.Join(dir, filepath.FromSlash(rel)))
	if err != nil {
		return nil, err
	}
	if sha256.Sum256(data) != m.Files[i].SHA256 {
		return nil, fmt.Errorf("escrow: %s: %s changed while it was read: %w", dir, rel, ErrTampered)
	}
	return data, nil
}

// compareFiles lists how the files present differ from those listed.
func compareFiles(listed, present []FileEntry) []string {
	var problems []string
	have := map[string]FileEntry{}
	for _, f := range present {
		have[f.Path] = f
	}
	for _, want := range listed {
		got, ok := have[want.Path]
		delete(have, want.Path)
		switch {
		case !ok:
			problems = append(problems, want.Path+" is missing")
		case got.Size != want.Size:
			problems = append(problems, fmt.Sprintf("%s changed: %d bytes, MANIFEST says %d", want.Path, got.Size, want.Size))
		case got.SHA256 != want.SHA256:
			problems = append(problems, fmt.Sprintf("%s changed: SHA-256 %x, MANIFEST says %x", want.Path, got.SHA256, want.SHA256))
		}
	}
	for _, f := range present {
		if _, extra := have[f.Path]; extra {
			problems = append(problems, f.Path+" is not in MANIFEST")
		}
	}
	return problems
}

// checkShare checks that s, read from what, is a share of this escrow,
// for one of its custodians, sealed to that custodian's key.
func (p *Package) checkShare(s *SealedShare, what string) error {
	m := p.Manifest
	i := slices.IndexFunc(m.Custodians, func(c CustodianEntry) bool { return c.Name == s.Custodian })
	switch {
	case s.Escrow != m.Escrow:
		return fmt.Errorf("escrow: %s is custodian %s's share of escrow %s, not of this escrow %s: %w", what, s.Custodian, s.Escrow, m.Escrow, ErrOtherEscrow)
	case i < 0:
		return fmt.Errorf("escrow: %s is the share of %s, who is no custodian of escrow %s: %w", what, s.Custodian, m.Escrow, ErrFormat)
	case m.Custodians[i].KeyID != s.KeyID:
		return fmt.Errorf("escrow: %s is sealed to key %s, MANIFEST gives custodian %s key %s: %w", what, s.KeyID, s.Custodian, m.Custodians[i].KeyID, ErrFormat)
	}
	return nil
}

// UseShare makes the package use s, read from what (a file name), as its
// custodian's share instead of the one in the package: custodians may
// keep their own copies. It refuses a share of another escrow with
// ErrOtherEscrow.
func (p *Package) UseShare(s *SealedShare, what string) error {
	if err := p.checkShare(s, what); err != nil {
		return err
	}
	p.shares[s.Custodian] = s
	return nil
}

// Custodian returns the entry of the custodian called name, or an error
// listing the custodians.
func (p *Package) Custodian(name string) (CustodianEntry, error) {
	var names []string
	for _, c := range p.Manifest.Custodians {
		if c.Name == name {
			return c, nil
		}
		names = append(names, c.Name)
	}
	return CustodianEntry{}, fmt.Errorf("escrow: %s is no custodian of escrow %s; its custodians are %s", name, p.Manifest.Escrow, strings.Join(names, ", "))
}

// CheckCustodians checks, before anyone types a passphrase, that names
// are distinct custodians of the escrow and at least its threshold.
func (p *Package) CheckCustodians(names []string) error {
	seen := map[string]bool{}
	for _, n := range names {
		if _, err := p.Custodian(n); err != nil {
			return err
		}
		if seen[n] {
			return fmt.Errorf("escrow: custodian %s given twice", n)
		}
		seen[n] = true
	}
	m := p.Manifest
	if len(names) < m.Threshold {
		return fmt.Errorf("escrow: %d custodians' keys given, escrow %s needs %d of its %d custodians: %w", len(names), m.Escrow, m.Threshold, len(m.Custodians), ErrTooFewCustodians)
	}
	return nil
}

// Role says what the package's root makes of key id: "root",
// "release", "revoked" or "other".
func (p *Package) Role(id keys.KeyID) string { return roleOf(p.Root, id) }

// CustodianKey is a custodian's X25519 private key, given to Open.
type CustodianKey struct {
	Name string
	Key  keys.PrivateKey
}

// Recovered is a private key taken out of escrow.
type Recovered struct {
	Name string // the name it was escrowed under
	Role string // what the package's root makes of it
	Key  keys.PrivateKey
}

// Open recovers the escrowed private keys with the keys of at least the
// threshold of custodians: it opens their shares, combines them into the
// escrow key and decrypts every key with it.
func (p *Package) Open(custodians []CustodianKey) ([]Recovered, error) {
	var names []string
	for _, c := range custodians {
		names = append(names, c.Name)
	}
	if err := p.CheckCustodians(names); err != nil {
		return nil, err
	}
	var shares []shamir.Share
	defer func() {
		for _, s := range shares {
			clear(s.Y)
		}
	}()
	for _, c := range custodians {
		s, err := p.shares[c.Name].Open(c.Key)
		if err != nil {
			return nil, err
		}
		shares = append(shares, s)
	}
	escrowKey, err := shamir.Combine(shares)
	if err != nil {
		if errors.Is(err, shamir.ErrCorrupt) {
			return nil, fmt.Errorf("escrow: the shares of %s do not recover the escrow key; one of them is damaged or forged: %w", strings.Join(names, ", "), err)
		}
		return nil, fmt.Errorf("escrow: %w", err)
	}
	defer clear(escrowKey)
	var out []Recovered
	for i, sk := range p.keys {
		k, err := sk.open(escrowKey)
		if err != nil {
			return nil, err
		}
		if want := p.Manifest.Keys[i].Type; k.Type() != want {
			return nil, fmt.Errorf("escrow: key %s is %s, MANIFEST says %s: %w", sk.Name, k.Type(), want, ErrFormat)
		}
		out = append(out, Recovered{Name: sk.Name, Role: p.Role(k.Public().ID()), Key: k})
	}
	return out, nil
}
