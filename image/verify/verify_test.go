package verify

import (
	"bytes"
	"crypto"
	"crypto/ecdh"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	mrand "math/rand/v2"
	"testing"
	"time"

	"github.com/veraison/go-cose"

	"drey/image/build"
	"drey/image/chain"
	"drey/image/crypt"
	"drey/image/format"
	"drey/image/suit"
	"drey/image/trust"
)

// fixture is a device, its trusted root, and the keys that made it.
type fixture struct {
	rootKey              ed25519.PrivateKey
	release              []ed25519.PrivateKey
	trusted              *trust.Trusted
	deviceKey, otherKey  *ecdh.PrivateKey
	modelKey, modelKeyID []byte
}

var now = time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)

func newFixture(t testing.TB, nRelease, threshold int) *fixture {
	t.Helper()
	f := &fixture{}
	_, f.rootKey, _ = ed25519.GenerateKey(rand.Reader)
	var pubs []crypto.PublicKey
	for i := 0; i < nRelease; i++ {
		_, k, _ := ed25519.GenerateKey(rand.Reader)
		f.release = append(f.release, k)
		pubs = append(pubs, k.Public())
	}
	root, err := trust.NewRoot(trust.Spec{Expires: now.Add(365 * 24 * time.Hour), RootKeys: []crypto.PublicKey{f.rootKey.Public()}, RootThreshold: 1, ReleaseKeys: pubs, ReleaseThreshold: threshold})
	if err != nil {
		t.Fatal(err)
	}
	signed, err := root.Sign(f.rootKey)
	if err != nil {
		t.Fatal(err)
	}
	if f.trusted, err = trust.NewTrusted(signed); err != nil {
		t.Fatal(err)
	}
	f.deviceKey, _ = ecdh.X25519().GenerateKey(rand.Reader)
	f.otherKey, _ = ecdh.X25519().GenerateKey(rand.Reader)
	f.modelKey = bytes.Repeat([]byte{7}, 32)
	f.modelKeyID = []byte("imp001-model-key")
	return f
}

func (f *fixture) device() *Device {
	return &Device{
		Model: "imp001", Slots: map[string]int64{"improm": 640 << 10}, Bootrom: "2.1", Counter: 10,
		Trust: f.trusted, DeviceKey: f.deviceKey, ModelKey: f.modelKey, ModelKeyID: f.modelKeyID, Now: now,
	}
}

func signer(t testing.TB, k ed25519.PrivateKey) cose.Signer {
	s, err := cose.NewSigner(cose.AlgorithmEdDSA, k)
	if err != nil {
		t.Fatal(err)
	}
	id, err := trust.NewKey(k.Public())
	if err != nil {
		t.Fatal(err)
	}
	kid := id.ID()
	return suit.WithKeyID(s, kid[:])
}

func payloadOf(n int) []byte {
	r := mrand.New(mrand.NewPCG(uint64(n), 3))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

// spec is a valid image for the fixture's device.
func (f *fixture) spec(t testing.TB) build.Spec {
	return build.Spec{
		Model: "imp001", Slot: "improm", Version: "36.10", Sequence: 12, MinBootrom: "2.0",
		Payload: payloadOf(100_000), Encryption: suit.EncryptionDevice,
		Signers: []cose.Signer{signer(t, f.release[0])},
	}
}

// image builds s and, for per-device encryption, wraps its key for key.
func (f *fixture) image(t testing.TB, s build.Spec, key *ecdh.PrivateKey) ([]byte, []byte) {
	t.Helper()
	img, err := build.Build(s)
	if err != nil {
		t.Fatal(err)
	}
	var wrapped []byte
	if s.Encryption == suit.EncryptionDevice {
		if wrapped, err = build.Wrap(img.CEK, img.Alg, img.IV, key.PublicKey(), nil, nil); err != nil {
			t.Fatal(err)
		}
	}
	return img.File, wrapped
}

// slot records what the verifier writes.
type slot struct {
	opened bool
	name   string
	size   int64
	buf    bytes.Buffer
}

func (s *slot) Open(name string, size int64) (io.Writer, error) {
	s.opened, s.name, s.size = true, name, size
	return &s.buf, nil
}

// An image installs: the payload arrives in the slot, and the result names
// what was installed; every encryption mode, and none, goes through the
// same signature, chain and digest checks (REQ-SEC-2, REQ-PROC-1,
// REQ-SEC-12).
func TestInstall(t *testing.T) {
	f := newFixture(t, 1, 1)
	for _, mode := range []uint64{suit.EncryptionNone, suit.EncryptionModel, suit.EncryptionDevice} {
		s := f.spec(t)
		s.Encryption = mode
		s.ModelKey, s.ModelKeyID = f.modelKey, f.modelKeyID
		file, wrapped := f.image(t, s, f.deviceKey)
		var sl slot
		res, err := Install(bytes.NewReader(file), f.device(), wrapped, &sl)
		if err != nil {
			t.Fatalf("mode %d: %v", mode, err)
		}
		if !bytes.Equal(sl.buf.Bytes(), s.Payload) || res.Slot != "improm" || res.Version != "36.10" || res.Sequence != 12 || sl.size != int64(len(s.Payload)) {
			t.Fatalf("mode %d: installed %d bytes, result %+v", mode, sl.buf.Len(), res)
		}
		if mode != suit.EncryptionNone && bytes.Contains(file, s.Payload[:64]) {
			t.Fatalf("mode %d: payload appears in clear in the image", mode)
		}
	}
}

// Each attack is refused with its own error, and nothing is reported
// valid. Where the attack can be caught before any flash is touched, the
// slot is not even opened (REQ-SEC-3, REQ-PROC-2, REQ-PROC-3, REQ-PROC-6,
// REQ-PROC-8, REQ-SEC-8, REQ-SEC-5, REQ-SEP-2, REQ-PROC-7).
func TestAttacks(t *testing.T) {
	f := newFixture(t, 3, 2)
	two := func(s *build.Spec) { s.Signers = []cose.Signer{signer(t, f.release[0]), signer(t, f.release[1])} }
	_, stranger, _ := ed25519.GenerateKey(rand.Reader)
	cases := []struct {
		name      string
		spec      func(*build.Spec)
		file      func([]byte) []byte
		dev       func(*Device)
		key       *ecdh.PrivateKey
		want      error
		mayOpen   bool
		partially bool // some verified blocks may have been written
	}{
		{name: "bad signature", spec: two, file: flipSignature, want: ErrBadSignature},
		{name: "unknown key", spec: func(s *build.Spec) { s.Signers = []cose.Signer{signer(t, stranger)} }, want: ErrUnknownKey},
		{name: "too few signatures", want: ErrTooFewSignatures},
		{name: "revoked key", spec: two, dev: func(d *Device) { d.Trust = revoke(t, f, 1) }, want: ErrRevokedKey},
		{name: "wrong model", spec: func(s *build.Spec) { two(s); s.Model = "imp003" }, want: ErrWrongModel},
		{name: "wrong slot", spec: func(s *build.Spec) { two(s); s.Slot = "bootrom" }, want: ErrWrongSlot},
		{name: "rollback", spec: func(s *build.Spec) { two(s); s.Sequence = 9 }, want: ErrRollback},
		{name: "needs newer bootrom", spec: func(s *build.Spec) { two(s); s.MinBootrom = "2.10" }, want: ErrNeedsBootrom},
		{name: "larger than the slot", spec: func(s *build.Spec) { two(s); s.Payload = payloadOf(700 << 10) }, want: ErrTooLarge},
		{name: "expired root", spec: two, dev: func(d *Device) { d.Now = now.Add(2 * 365 * 24 * time.Hour) }, want: ErrExpiredRoot},
		{name: "truncated envelope", spec: two, file: func(b []byte) []byte { return b[:40] }, want: ErrTruncated},
		{name: "truncated payload", spec: two, file: func(b []byte) []byte { return b[:len(b)-5000] }, want: ErrTruncated, mayOpen: true, partially: true},
		{name: "trailing data", spec: two, file: func(b []byte) []byte { return append(b, 0) }, want: ErrTrailingData, mayOpen: true, partially: true},
		{name: "endless data", spec: two, file: func(b []byte) []byte { return append(b, make([]byte, 1<<20)...) }, want: ErrTrailingData, mayOpen: true, partially: true},
		{name: "tampered block", spec: two, file: func(b []byte) []byte { b[len(b)-30000] ^= 1; return b }, want: ErrBlockDigest, mayOpen: true, partially: true},
		{name: "malformed header", spec: two, file: func(b []byte) []byte { b[0] = 'X'; return b }, want: ErrMalformed},
		{name: "malformed envelope", spec: two, file: func(b []byte) []byte { b[7] ^= 0xff; return b }, want: ErrMalformed},
		{name: "content key for another device", spec: two, key: nil, dev: func(d *Device) { d.DeviceKey = f.otherKey }, want: ErrContentKey},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := f.spec(t)
			if c.spec != nil {
				c.spec(&s)
			}
			file, wrapped := f.image(t, s, f.deviceKey)
			if c.file != nil {
				file = c.file(bytes.Clone(file))
			}
			dev := f.device()
			if c.dev != nil {
				c.dev(dev)
			}
			var sl slot
			res, err := Install(bytes.NewReader(file), dev, wrapped, &sl)
			if !errors.Is(err, c.want) {
				t.Fatalf("error %v, want %v", err, c.want)
			}
			if res != nil {
				t.Fatal("an attack was reported valid")
			}
			if sl.opened && !c.mayOpen {
				t.Fatal("the slot was opened before the attack was caught")
			}
			if !c.partially && sl.buf.Len() != 0 {
				t.Fatalf("%d bytes were written", sl.buf.Len())
			}
			t.Logf("%v", err)
		})
	}
}

// flipSignature changes the last byte of the first signature.
func flipSignature(b []byte) []byte {
	// The signature is the 64 bytes before the manifest's bstr in the
	// envelope; flipping any byte of the auth wrapper's signatures is a
	// bad signature. Find the Ed25519 signature bstr head (0x58 0x40).
	i := bytes.Index(b, []byte{0x58, 0x40})
	b[i+2+10] ^= 1
	return b
}

// revoke rotates the fixture's root to revoke release key i.
func revoke(t *testing.T, f *fixture, i int) *trust.Trusted {
	t.Helper()
	cur := f.trusted.Root()
	id, _ := trust.NewKey(f.release[i].Public())
	_, signed, err := trust.Rotate(cur, trust.Rotation{Expires: now.Add(365 * 24 * time.Hour), Revoke: []trust.KeyID{id.ID()}}, []crypto.Signer{f.rootKey}, []crypto.Signer{f.rootKey})
	if err != nil {
		t.Fatal(err)
	}
	tr, err := trust.NewTrusted(mustBytes(f.trusted))
	if err != nil {
		t.Fatal(err)
	}
	if err := tr.UpdateRoot(signed); err != nil {
		t.Fatal(err)
	}
	return tr
}

func mustBytes(t *trust.Trusted) []byte { return t.Bytes() }

// A tampered block is caught at that block: nothing after it is written,
// so a replayed manifest with a bad payload costs at most one block of
// flash writes beyond the good ones (REQ-PROC-2).
func TestTamperStopsAtBlock(t *testing.T) {
	f := newFixture(t, 1, 1)
	s := f.spec(t)
	s.Encryption = suit.EncryptionNone
	file, _ := f.image(t, s, nil)
	// Corrupt a byte inside block 5 of the stored payload (after the
	// header and envelope, which the last stored bytes do not include).
	stored := int64(len(s.Payload)) + 32*int64((len(s.Payload)+4095)/4096-1)
	start := len(file) - int(stored)
	file[start+5*(4096+32)+100] ^= 1
	var sl slot
	_, err := Install(bytes.NewReader(file), f.device(), nil, &sl)
	if !errors.Is(err, ErrBlockDigest) {
		t.Fatalf("error %v", err)
	}
	if sl.buf.Len() != 5*4096 {
		t.Fatalf("%d bytes written before the bad block; want the 5 good blocks (%d)", sl.buf.Len(), 5*4096)
	}
}

// The verifier's memory does not grow with the image: it is measured for
// a 640 KB and a 64 MB image and reported (REQ-PROC-3).
func TestBoundedMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 64 MB image")
	}
	f := newFixture(t, 1, 1)
	for _, size := range []int{640 << 10, 64 << 20} {
		s := f.spec(t)
		s.Payload = payloadOf(size)
		file, wrapped := f.image(t, s, f.deviceKey)
		dev := f.device()
		dev.Slots["improm"] = int64(size)
		alloc := testing.AllocsPerRun(1, func() {
			if _, err := Install(bytes.NewReader(file), dev, wrapped, discardSlot{}); err != nil {
				t.Fatal(err)
			}
		})
		bytesAlloc := allocatedBytes(func() {
			Install(bytes.NewReader(file), dev, wrapped, discardSlot{})
		})
		t.Logf("%d-byte image: %.0f allocations, %d bytes allocated in all", size, alloc, bytesAlloc)
		if bytesAlloc > 256<<10 {
			t.Fatalf("%d-byte image: the verifier allocated %d bytes", size, bytesAlloc)
		}
	}
}

type discardSlot struct{}

func (discardSlot) Open(string, int64) (io.Writer, error) { return io.Discard, nil }

var _ = fmt.Sprint
var _ = crypt.A256CTR

// A signed manifest outside the Drey profile (here, one that also asks
// to invoke the component, or that is not manifest version 1) is refused
// as unsupported rather than half-understood (REQ-SEC-3).
func TestUnsupportedManifest(t *testing.T) {
	f := newFixture(t, 1, 1)
	s := f.spec(t)
	s.Encryption = suit.EncryptionNone
	img, err := build.Build(s)
	if err != nil {
		t.Fatal(err)
	}
	e, err := suit.Decode(img.Envelope)
	if err != nil {
		t.Fatal(err)
	}
	ks := keySetOf(t, f)
	m, err := e.Verify(ks, 1)
	if err != nil {
		t.Fatal(err)
	}
	m.Invoke = suit.Sequence{{Code: suit.DirInvoke, Policy: 15}}
	mb, err := m.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	env, err := suit.Sign(mb, signer(t, f.release[0]))
	if err != nil {
		t.Fatal(err)
	}
	file := format.AppendHeader(nil, len(env))
	file = append(file, env...)
	file = append(file, img.File[len(img.File)-int(chain.StoredSize(int64(len(s.Payload)), chain.DefaultBlockSize)):]...)
	var sl slot
	if _, err := Install(bytes.NewReader(file), f.device(), nil, &sl); !errors.Is(err, ErrUnsupported) || sl.opened {
		t.Fatalf("error %v, slot opened %v", err, sl.opened)
	}
}

func keySetOf(t *testing.T, f *fixture) *suit.KeySet {
	var keys []suit.Key
	for _, k := range f.release {
		id, _ := trust.NewKey(k.Public())
		kid := id.ID()
		keys = append(keys, suit.Key{ID: kid[:], Algorithm: cose.AlgorithmEdDSA, Public: k.Public()})
	}
	ks, err := suit.NewKeySet(keys...)
	if err != nil {
		t.Fatal(err)
	}
	return ks
}
