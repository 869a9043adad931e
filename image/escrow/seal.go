package escrow

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"drey/image/keys"
	"drey/image/trust"
	"drey/internal/shamir"
)

// Spec is what Seal puts in escrow.
type Spec struct {
	// Keys are the private keys to escrow, each under its name (the file
	// name it is recovered to). Together they must hold a threshold of
	// Root's root keys and a threshold of its release keys.
	Keys []Key
	// Root is the signed root metadata the keys belong to: the current
	// version, which the devices hold.
	Root []byte
	// History holds earlier versions of the root, oldest first, each
	// followed by the next and the last by Root: devices that missed
	// rotations need them (roots.go). It may be empty.
	History [][]byte
	// Custodians each get one share of the escrow key, sealed to their
	// X25519 public key; Threshold of them open the escrow together.
	Custodians []Custodian
	Threshold  int
	// Source, if not empty, is a git checkout of the source code to
	// bundle. If it cannot be bundled, Seal goes on without it, unless
	// RequireSource is set.
	Source        string
	RequireSource bool
	// Files are other public files to put in files/ verbatim, such as the
	// service CA's certificate.
	Files []File
	// Build says which drey seals the package, for BUILD.md.
	Build BuildInfo
	// Now is the sealing time; zero means time.Now.
	Now time.Time
}

// Key is a private key to escrow, with its name.
type Key struct {
	Name string
	Key  keys.PrivateKey
}

// Custodian is a named holder of one share, with the X25519 public key
// their share is sealed to.
type Custodian struct {
	Name string
	Key  keys.PublicKey
}

// File is a public file to escrow as files/NAME.
type File struct {
	Name string
	Data []byte
}

// Sealed reports what Seal wrote.
type Sealed struct {
	Dir      string
	Manifest *Manifest
	// ManifestSHA256 is the digest of MANIFEST, for the escrow contract.
	ManifestSHA256 [32]byte
	// Roles says, for each key name, what the root makes of the key:
	// "root", "release", "revoked" or "other".
	Roles map[string]string
	// Source is the bundled source, or nil; then SourceErr says why,
	// if a source directory was given.
	Source    *Source
	SourceErr error
}

// Seal writes a new escrow package to dir, which must not exist: the
// keys sealed under a fresh escrow key, the escrow key split among the
// custodians, the root, the source bundle, BUILD.md and MANIFEST. It
// refuses, with ErrIncomplete, keys that could not keep signing under the
// root. On failure it removes what it wrote.
func Seal(ctx context.Context, dir string, s Spec) (_ *Sealed, err error) {
	root, versions, err := checkChain(s.History, s.Root)
	if err != nil {
		return nil, err
	}
	roles, err := checkSpec(&s, root)
	if err != nil {
		return nil, err
	}
	if err := os.Mkdir(dir, 0o755); err != nil {
		if errors.Is(err, os.ErrExist) {
			return nil, fmt.Errorf("escrow: %s already exists; seal into a new directory", dir)
		}
		return nil, fmt.Errorf("escrow: %w", err)
	}
	defer func() {
		if err != nil {
			os.RemoveAll(dir)
		}
	}()
	subs := []string{"keys", "shares"}
	if len(s.History) > 0 {
		subs = append(subs, "roots")
	}
	for _, sub := range subs {
		if err := os.Mkdir(filepath.Join(dir, sub), 0o755); err != nil {
			return nil, fmt.Errorf("escrow: %w", err)
		}
	}

	escrowKey := make([]byte, 32)
	defer clear(escrowKey)
	rand.Read(escrowKey)
	shares, err := shamir.Split(escrowKey, s.Threshold, len(s.Custodians))
	if err != nil {
		return nil, fmt.Errorf("escrow: %w", err)
	}
	defer func() {
		for _, sh := range shares {
			clear(sh.Y)
		}
	}()
	now := s.Now
	if now.IsZero() {
		now = time.Now()
	}
	m := &Manifest{Escrow: shares[0].ID, Threshold: s.Threshold, Sealed: now.UTC().Truncate(time.Second)}

	for _, k := range s.Keys {
		data, err := sealKey(escrowKey, m.Escrow, k.Name, k.Key)
		if err != nil {
			return nil, err
		}
		if err := writeNew(dir, keyPath(k.Name), data, 0o600); err != nil {
			return nil, err
		}
		m.Keys = append(m.Keys, KeyEntry{Name: k.Name, Type: k.Key.Type(), ID: k.Key.Public().ID()})
	}
	for i, c := range s.Custodians {
		data, err := sealShare(shares[i], c.Name, c.Key)
		if err != nil {
			return nil, err
		}
		if err := writeNew(dir, sharePath(c.Name), data, 0o644); err != nil {
			return nil, err
		}
		m.Custodians = append(m.Custodians, CustodianEntry{Name: c.Name, KeyID: c.Key.ID()})
	}
	if err := writeNew(dir, rootPath, s.Root, 0o644); err != nil {
		return nil, err
	}
	for i, h := range s.History {
		if err := writeNew(dir, historyPath(versions[i]), h, 0o644); err != nil {
			return nil, err
		}
	}
	var names []string
	if len(s.Files) > 0 {
		if err := os.Mkdir(filepath.Join(dir, "files"), 0o755); err != nil {
			return nil, fmt.Errorf("escrow: %w", err)
		}
	}
	for _, f := range s.Files {
		if err := writeNew(dir, "files/"+f.Name, f.Data, 0o644); err != nil {
			return nil, err
		}
		names = append(names, f.Name)
	}

	out := &Sealed{Dir: dir, Manifest: m, Roles: roles}
	if s.Source != "" {
		out.Source, out.SourceErr = bundleSource(ctx, s.Source, filepath.Join(dir, bundlePath))
		if out.SourceErr != nil {
			os.Remove(filepath.Join(dir, bundlePath))
			if s.RequireSource {
				return nil, out.SourceErr
			}
		}
	} else {
		out.SourceErr = fmt.Errorf("no source directory was given: %w", ErrNoSource)
	}
	doc := &buildDoc{pkg: filepath.Base(dir), manifest: m, root: root, history: versions, roles: roles, info: s.Build, source: out.Source, sourceErr: out.SourceErr, files: names}
	if err := writeNew(dir, buildPath, doc.render(), 0o644); err != nil {
		return nil, err
	}

	if m.Files, err = listFiles(dir); err != nil {
		return nil, err
	}
	data := m.Marshal()
	if _, err := ParseManifest(data); err != nil {
		return nil, fmt.Errorf("escrow: the manifest written does not read back: %w", err)
	}
	if err := writeNew(dir, manifestName, data, 0o644); err != nil {
		return nil, err
	}
	out.ManifestSHA256 = sha256.Sum256(data)
	return out, nil
}

// checkSpec checks the names, keys and threshold of s against root, and
// returns the role of each key.
func checkSpec(s *Spec, root *trust.Root) (map[string]string, error) {
	if len(s.Custodians) < shamir.MinThreshold || len(s.Custodians) > shamir.MaxShares {
		return nil, fmt.Errorf("escrow: %d custodians, want 2 to %d", len(s.Custodians), shamir.MaxShares)
	}
	if s.Threshold < shamir.MinThreshold || s.Threshold > len(s.Custodians) {
		return nil, fmt.Errorf("escrow: threshold %d with %d custodians, want 2 to %d: no single custodian may open the escrow alone", s.Threshold, len(s.Custodians), len(s.Custodians))
	}
	custodianOf := map[keys.KeyID]string{}
	names := map[string]bool{}
	for _, c := range s.Custodians {
		if err := checkName("custodian", c.Name); err != nil {
			return nil, err
		}
		if names[c.Name] {
			return nil, fmt.Errorf("escrow: custodian %s named twice", c.Name)
		}
		names[c.Name] = true
		if c.Key.Type() != keys.X25519 {
			return nil, fmt.Errorf("escrow: custodian %s: key %s is %q, want an x25519 key (drey keys gen --type x25519): %w", c.Name, c.Key.ID(), c.Key.Type(), ErrWrongKey)
		}
		if other, ok := custodianOf[c.Key.ID()]; ok {
			return nil, fmt.Errorf("escrow: custodians %s and %s have the same key %s: one person would hold two shares", other, c.Name, c.Key.ID())
		}
		custodianOf[c.Key.ID()] = c.Name
	}
	if len(s.Keys) == 0 {
		return nil, fmt.Errorf("escrow: no keys to escrow: %w", ErrIncomplete)
	}
	roles := map[string]string{}
	keyNamed := map[keys.KeyID]string{}
	for _, k := range s.Keys {
		if err := checkName("key", k.Name); err != nil {
			return nil, err
		}
		if _, ok := roles[k.Name]; ok {
			return nil, fmt.Errorf("escrow: two keys named %s; rename one of the files", k.Name)
		}
		id := k.Key.Public().ID()
		if other, ok := keyNamed[id]; ok {
			return nil, fmt.Errorf("escrow: %s and %s are the same key %s", other, k.Name, id)
		}
		keyNamed[id] = k.Name
		roles[k.Name] = roleOf(root, id)
	}
	files := map[string]bool{}
	for _, f := range s.Files {
		if err := checkName("file", f.Name); err != nil {
			return nil, err
		}
		if files[f.Name] {
			return nil, fmt.Errorf("escrow: two files named %s", f.Name)
		}
		files[f.Name] = true
	}
	return roles, checkComplete(root, roles, s.Keys)
}

// roleOf says what root makes of key id.
func roleOf(root *trust.Root, id keys.KeyID) string {
	tid := trust.KeyID(id)
	has := func(ks []trust.Key) bool {
		return slices.ContainsFunc(ks, func(k trust.Key) bool { return k.ID() == tid })
	}
	switch {
	case has(root.RootKeys):
		return "root"
	case has(root.ReleaseKeys):
		return "release"
	case root.IsRevoked(tid):
		return "revoked"
	}
	return "other"
}

// checkComplete refuses an escrow that could not sign: without a
// threshold of release keys it signs no image, and without a threshold
// of root keys it cannot renew the root, which expires, nor replace a
// release key.
func checkComplete(root *trust.Root, roles map[string]string, ks []Key) error {
	count := map[string][]string{}
	for _, k := range ks {
		count[roles[k.Name]] = append(count[roles[k.Name]], k.Name)
	}
	var missing []string
	if n := len(count["root"]); n < root.RootThreshold {
		missing = append(missing, fmt.Sprintf("%d of the root's %d root keys are needed to renew or rotate it, %d given", root.RootThreshold, len(root.RootKeys), n))
	}
	if n := len(count["release"]); n < root.ReleaseThreshold {
		missing = append(missing, fmt.Sprintf("%d of the root's %d release keys are needed to sign an image, %d given", root.ReleaseThreshold, len(root.ReleaseKeys), n))
	}
	if len(missing) > 0 {
		for _, role := range []string{"revoked", "other"} {
			if names := count[role]; len(names) > 0 {
				missing = append(missing, fmt.Sprintf("root version %d does not name %s as a signing key (%s)", root.Version, strings.Join(names, ", "), role))
			}
		}
		return fmt.Errorf("escrow: %s: %w", strings.Join(missing, "; "), ErrIncomplete)
	}
	return nil
}

// writeNew writes data to the new file rel (slash-separated) under dir.
func writeNew(dir, rel string, data []byte, perm os.FileMode) error {
	path := filepath.Join(dir, filepath.FromSlash(rel))
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return fmt.Errorf("escrow: %w", err)
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("escrow: %s: %w", path, err)
	}
	return nil
}
