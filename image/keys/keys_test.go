package keys

import (
	"bytes"
	"crypto/ecdh"
	"encoding/asn1"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/veraison/go-cose"
)

// testPassphrase encrypts the keys made by tests and under testdata/.
const testPassphrase = "correct horse"

// fastScrypt keeps tests quick; files written for real use DefaultScryptLogN.
var fastScrypt = ScryptLogN(10)

var (
	testKeysMu sync.Mutex
	testKeys   = map[string]PrivateKey{}
)

// testKey returns a key of type typ generated once per test binary, since
// an RSA-4096 key takes a second or more to make.
func testKey(t testing.TB, typ string) PrivateKey {
	t.Helper()
	testKeysMu.Lock()
	defer testKeysMu.Unlock()
	if k, ok := testKeys[typ]; ok {
		return k
	}
	k, err := Generate(typ)
	if err != nil {
		t.Fatalf("Generate(%q): %v", typ, err)
	}
	testKeys[typ] = k
	return k
}

func readTestdata(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

var typeTests = []struct {
	typ    string
	alg    cose.Algorithm
	sigLen int // 0: cannot sign
}{
	{Ed25519, cose.AlgorithmEdDSA, 64},
	{RSA4096, cose.AlgorithmPS256, 512},
	{P256, cose.AlgorithmES256, 64}, // r||s
	{X25519, cose.AlgorithmReserved, 0},
}

// TestRoundTrip generates a key of every type, signs and verifies with it,
// and writes and reads it back encrypted. It covers REQ-SEC-1 (the
// algorithms), REQ-SEC-9 (each key names its COSE algorithm) and
// REQ-SEC-11 (private keys encrypted at rest).
func TestRoundTrip(t *testing.T) {
	msg := []byte("Sig_structure bytes of a platform image")
	for _, tt := range typeTests {
		t.Run(tt.typ, func(t *testing.T) {
			key := testKey(t, tt.typ)
			pub := key.Public()
			if key.Type() != tt.typ || pub.Type() != tt.typ || pub.Alg() != tt.alg {
				t.Fatalf("type %q/%q alg %v, want %q and %v", key.Type(), pub.Type(), pub.Alg(), tt.typ, tt.alg)
			}

			pemData, err := MarshalPrivatePEM(key, testPassphrase, fastScrypt)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(pemData, []byte("-----BEGIN ENCRYPTED PRIVATE KEY-----\n")) {
				t.Fatalf("private key PEM starts %q", pemData[:40])
			}
			loaded, err := ParsePrivatePEM(pemData, testPassphrase)
			if err != nil {
				t.Fatal(err)
			}
			if loaded.Public().ID() != pub.ID() || loaded.Type() != tt.typ {
				t.Fatalf("reloaded %v, want %v", loaded, key)
			}

			pubPEM, err := MarshalPublicPEM(pub)
			if err != nil {
				t.Fatal(err)
			}
			pub2, err := ParsePublicPEM(pubPEM)
			if err != nil {
				t.Fatal(err)
			}
			if !pub2.Equal(pub) || pub2.ID() != pub.ID() {
				t.Fatalf("public key round trip: %v, want %v", pub2, pub)
			}

			if tt.sigLen == 0 {
				if _, err := Sign(key, msg); !errors.Is(err, ErrCannotSign) {
					t.Errorf("Sign with %s: %v, want ErrCannotSign", tt.typ, err)
				}
				if _, err := pub.Verifier(); !errors.Is(err, ErrCannotSign) {
					t.Errorf("Verifier of %s: %v, want ErrCannotSign", tt.typ, err)
				}
				if _, err := key.ECDH(); err != nil {
					t.Errorf("ECDH: %v", err)
				}
				return
			}
			if _, err := key.ECDH(); !errors.Is(err, ErrUnsupportedKey) {
				t.Errorf("ECDH of %s: %v, want ErrUnsupportedKey", tt.typ, err)
			}
			// Sign with the reloaded key, verify with the original public key.
			sig, err := Sign(loaded, msg)
			if err != nil {
				t.Fatal(err)
			}
			if len(sig) != tt.sigLen {
				t.Errorf("signature of %d bytes, want %d", len(sig), tt.sigLen)
			}
			if err := Verify(pub2, msg, sig); err != nil {
				t.Errorf("Verify: %v", err)
			}
			tampered := append([]byte{}, msg...)
			tampered[0] ^= 1
			err = Verify(pub, tampered, sig)
			if !errors.Is(err, ErrBadSignature) {
				t.Fatalf("Verify of a tampered message: %v, want ErrBadSignature", err)
			}
			for _, want := range []string{pub.ID().String(), tt.alg.String()} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not name %q", err, want)
				}
			}
		})
	}
}

func TestGenerateUnknownType(t *testing.T) {
	for _, typ := range []string{"", "rsa2048", "RSA4096", "p384", "dsa"} {
		if _, err := Generate(typ); !errors.Is(err, ErrUnsupportedKey) {
			t.Errorf("Generate(%q): %v, want ErrUnsupportedKey", typ, err)
		}
	}
}

func TestScryptCostOption(t *testing.T) {
	key := testKey(t, Ed25519)
	for _, logN := range []int{-1, 0, 1, MinScryptLogN - 1, MaxScryptLogN + 1} {
		if _, err := MarshalPrivatePEM(key, testPassphrase, ScryptLogN(logN)); err == nil {
			t.Errorf("ScryptLogN(%d) accepted", logN)
		}
	}
	pemData, err := MarshalPrivatePEM(key, testPassphrase, ScryptLogN(MinScryptLogN))
	if err != nil {
		t.Fatal(err)
	}
	var info encryptedPrivateKeyInfo
	var p2 pbes2Params
	var sp scryptParams
	unmarshalAll(decodePEM(t, pemData), &info, "")
	unmarshalAll(info.Algorithm.Parameters.FullBytes, &p2, "")
	if err := unmarshalAll(p2.KeyDerivationFunc.Parameters.FullBytes, &sp, ""); err != nil {
		t.Fatal(err)
	}
	if sp.N != 1<<MinScryptLogN || sp.R != 8 || sp.P != 1 || sp.KeyLength != 32 || len(sp.Salt) != 16 {
		t.Errorf("scrypt parameters written: %+v", sp)
	}
}

func TestZeroKeys(t *testing.T) {
	var k PrivateKey
	if _, err := Sign(k, []byte("x")); err == nil {
		t.Error("Sign with the zero PrivateKey succeeded")
	}
	if _, err := MarshalPrivatePEM(k, testPassphrase); err == nil {
		t.Error("MarshalPrivatePEM of the zero PrivateKey succeeded")
	}
	if err := Verify(PublicKey{}, []byte("x"), make([]byte, 64)); err == nil {
		t.Error("Verify with the zero PublicKey succeeded")
	}
	if _, err := MarshalPublicPEM(PublicKey{}); err == nil {
		t.Error("MarshalPublicPEM of the zero PublicKey succeeded")
	}
}

// TestWrongPassphrase checks that a wrong passphrase and a damaged
// ciphertext give the same ErrBadPassphrase, with the same text, so the
// error reveals nothing about the padding (REQ-SEC-11).
func TestWrongPassphrase(t *testing.T) {
	pemData, err := MarshalPrivatePEM(testKey(t, Ed25519), testPassphrase, fastScrypt)
	if err != nil {
		t.Fatal(err)
	}
	der := decodePEM(t, pemData)
	flipLast := append([]byte{}, der...)
	flipLast[len(flipLast)-1] ^= 0x55 // the last block: breaks the padding
	// Damage to the first block garbles the PKCS#8 header. (Damage to the
	// blocks holding an Ed25519 seed goes unnoticed: PBES2 has no MAC, and
	// a garbled seed is another valid key. Callers check key ids.)
	var info encryptedPrivateKeyInfo
	if _, err := asn1.Unmarshal(der, &info); err != nil {
		t.Fatal(err)
	}
	flipFirst := append([]byte{}, der...)
	flipFirst[len(flipFirst)-len(info.EncryptedData)] ^= 0x55
	tests := []struct {
		name, pass string
		der        []byte
	}{
		{"wrong passphrase", "correct horse battery", der},
		{"case differs", "Correct horse", der},
		{"empty passphrase", "", der},
		{"damaged padding", testPassphrase, flipLast},
		{"damaged body", testPassphrase, flipFirst},
	}
	var texts []string
	for _, tt := range tests {
		_, err := parsePrivateDER(tt.der, tt.pass, MaxScryptLogN)
		if !errors.Is(err, ErrBadPassphrase) {
			t.Errorf("%s: %v, want ErrBadPassphrase", tt.name, err)
			continue
		}
		texts = append(texts, err.Error())
	}
	for _, s := range texts {
		if s != texts[0] {
			t.Errorf("error texts differ: %q and %q", s, texts[0])
		}
	}
}

func TestUnpad(t *testing.T) {
	block := func(tail ...byte) []byte {
		b := bytes.Repeat([]byte{0xAA}, 32-len(tail))
		return append(b, tail...)
	}
	tests := []struct {
		name string
		in   []byte
		n    int // bytes of padding removed; -1: invalid
	}{
		{"one", block(1), 1},
		{"four", block(4, 4, 4, 4), 4},
		{"full block", append(make([]byte, 16), bytes.Repeat([]byte{16}, 16)...), 16},
		{"zero", block(0), -1},
		{"seventeen", block(bytes.Repeat([]byte{17}, 17)...), -1},
		{"mismatch", block(4, 3, 4, 4), -1},
		{"mismatch first", block(3, 4, 4, 4), -1},
		{"0xff", block(0xff), -1},
		{"empty", nil, -1},
		{"not a block", []byte{1}, -1},
	}
	for _, tt := range tests {
		out, ok := unpad(tt.in)
		switch {
		case tt.n < 0 && ok:
			t.Errorf("%s: accepted", tt.name)
		case tt.n >= 0 && (!ok || len(out) != len(tt.in)-tt.n):
			t.Errorf("%s: ok=%v, %d bytes left, want %d", tt.name, ok, len(out), len(tt.in)-tt.n)
		}
	}
}

// TestOpenSSLKeyFiles reads private keys that `openssl pkcs8 -topk8
// -scrypt` encrypted, proving the format is the standard one (REQ-SEC-11),
// and checks each against the public key openssl wrote for it.
func TestOpenSSLKeyFiles(t *testing.T) {
	for _, typ := range []string{Ed25519, P256, X25519, RSA4096} {
		key, err := ParsePrivatePEM(readTestdata(t, "openssl-"+typ+".pem"), testPassphrase)
		if err != nil {
			t.Errorf("%s: %v", typ, err)
			continue
		}
		pub, err := ParsePublicPEM(readTestdata(t, "openssl-"+typ+".pub.pem"))
		if err != nil {
			t.Errorf("%s public key: %v", typ, err)
			continue
		}
		if key.Type() != typ || !key.Public().Equal(pub) {
			t.Errorf("%s: read %v, public key %v", typ, key, pub)
		}
		if _, err := ParsePrivatePEM(readTestdata(t, "openssl-"+typ+".pem"), "wrong"); !errors.Is(err, ErrBadPassphrase) {
			t.Errorf("%s with a wrong passphrase: %v, want ErrBadPassphrase", typ, err)
		}
	}
}

// TestRefusedKeys checks that keys below REQ-SEC-1's strength, of other
// algorithms, or stored unencrypted or under another scheme are refused
// (REQ-SEC-1, REQ-SEC-11).
func TestRefusedKeys(t *testing.T) {
	tests := []struct {
		file string
		want error // nil: accepted
		typ  string
	}{
		{"rsa2048.pub.pem", ErrWeakKey, ""},
		{"rsa3072-e3.pub.pem", ErrWeakKey, ""},
		{"p384.pub.pem", ErrUnsupportedKey, ""},
		{"rsa3072.pub.pem", nil, "rsa3072"},
		{"openssl-rsa4096.pub.pem", nil, RSA4096},
		{"openssl-rsa2048.pem", ErrWeakKey, ""},
		{"plain-ed25519.pem", ErrFormat, ""},
		{"pbkdf2-ed25519.pem", ErrFormat, ""},
		{"openssl-ed25519.pem", ErrFormat, ""}, // a private key where a public one is wanted
	}
	for _, tt := range tests {
		data := readTestdata(t, tt.file)
		var (
			typ string
			err error
		)
		if strings.HasSuffix(tt.file, ".pub.pem") || tt.file == "openssl-ed25519.pem" {
			var p PublicKey
			p, err = ParsePublicPEM(data)
			typ = p.Type()
		} else {
			var k PrivateKey
			k, err = ParsePrivatePEM(data, testPassphrase)
			typ = k.Type()
		}
		switch {
		case tt.want == nil && err != nil:
			t.Errorf("%s: %v", tt.file, err)
		case tt.want == nil && typ != tt.typ:
			t.Errorf("%s: type %q, want %q", tt.file, typ, tt.typ)
		case tt.want != nil && !errors.Is(err, tt.want):
			t.Errorf("%s: %v, want %v", tt.file, err, tt.want)
		}
	}
}

// TestRFC7914Vector decrypts the encrypted PKCS#8 example of RFC 7914 §7
// (passphrase "Rabbit", N = 2^20, the largest cost accepted; a P-256 key),
// a second implementation's output besides OpenSSL's (REQ-SEC-11).
func TestRFC7914Vector(t *testing.T) {
	data := readTestdata(t, "rfc7914-section7.pem")
	if _, err := parsePrivatePEM(data, "Rabbit", MaxScryptLogN-1); !errors.Is(err, ErrFormat) {
		t.Errorf("with N capped at 2^%d: %v, want ErrFormat", MaxScryptLogN-1, err)
	}
	if testing.Short() {
		t.Skip("scrypt with N = 2^20 takes seconds and 1 GiB")
	}
	key, err := ParsePrivatePEM(data, "Rabbit")
	if err != nil {
		t.Fatal(err)
	}
	if key.Type() != P256 {
		t.Errorf("RFC 7914 key is %v, want a p256 key", key)
	}
}

// TestScryptLimits checks that a key file cannot make the reader do
// unbounded work or accept odd parameters; all are refused before scrypt
// runs.
func TestScryptLimits(t *testing.T) {
	good := scryptParams{Salt: make([]byte, 16), N: 1 << 10, R: 8, P: 1, KeyLength: 32}
	iv16 := make([]byte, 16)
	ct := make([]byte, 64)
	tests := []struct {
		name string
		edit func(sp *scryptParams, iv, ct *[]byte)
	}{
		{"N = 2^21", func(sp *scryptParams, _, _ *[]byte) { sp.N = 1 << 21 }},
		{"N = 2^40", func(sp *scryptParams, _, _ *[]byte) { sp.N = 1 << 40 }},
		{"N not a power of 2", func(sp *scryptParams, _, _ *[]byte) { sp.N = 1000 }},
		{"N = 1", func(sp *scryptParams, _, _ *[]byte) { sp.N = 1 }},
		{"N negative", func(sp *scryptParams, _, _ *[]byte) { sp.N = -1024 }},
		{"r = 0", func(sp *scryptParams, _, _ *[]byte) { sp.R = 0 }},
		{"p = 0", func(sp *scryptParams, _, _ *[]byte) { sp.P = 0 }},
		{"N·r·p too big", func(sp *scryptParams, _, _ *[]byte) { sp.N, sp.R, sp.P = 1<<20, 8, 2 }},
		{"r huge", func(sp *scryptParams, _, _ *[]byte) { sp.N, sp.R = 2, 1<<30 }},
		{"empty salt", func(sp *scryptParams, _, _ *[]byte) { sp.Salt = nil }},
		{"long salt", func(sp *scryptParams, _, _ *[]byte) { sp.Salt = make([]byte, 65) }},
		{"key length 16", func(sp *scryptParams, _, _ *[]byte) { sp.KeyLength = 16 }},
		{"IV of 15 bytes", func(_ *scryptParams, iv, _ *[]byte) { *iv = make([]byte, 15) }},
		{"IV of 1 MiB", func(_ *scryptParams, iv, _ *[]byte) { *iv = make([]byte, 1<<20) }},
		{"ciphertext not whole blocks", func(_ *scryptParams, _, ct *[]byte) { *ct = make([]byte, 65) }},
		{"empty ciphertext", func(_ *scryptParams, _, ct *[]byte) { *ct = nil }},
		{"ciphertext too long", func(_ *scryptParams, _, ct *[]byte) { *ct = make([]byte, maxEncryptedData+16) }},
	}
	for _, tt := range tests {
		sp, iv, c := good, iv16, ct
		tt.edit(&sp, &iv, &c)
		der := buildEncrypted(t, sp, iv, c)
		if _, err := decryptPKCS8(der, []byte("x"), MaxScryptLogN); !errors.Is(err, ErrFormat) {
			t.Errorf("%s: %v, want ErrFormat", tt.name, err)
		}
	}
	// The unedited parameters are fine: only the passphrase is wrong.
	if _, err := decryptPKCS8(buildEncrypted(t, good, iv16, ct), []byte("x"), MaxScryptLogN); !errors.Is(err, ErrBadPassphrase) {
		t.Errorf("good parameters: %v, want ErrBadPassphrase", err)
	}
}

func TestTrailingData(t *testing.T) {
	pemData, err := MarshalPrivatePEM(testKey(t, Ed25519), testPassphrase, fastScrypt)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ParsePrivatePEM(append(pemData, "junk"...), testPassphrase); !errors.Is(err, ErrFormat) {
		t.Errorf("PEM with trailing text: %v, want ErrFormat", err)
	}
	der := append(decodePEM(t, pemData), 0)
	if _, err := parsePrivateDER(der, testPassphrase, MaxScryptLogN); !errors.Is(err, ErrFormat) {
		t.Errorf("DER with a trailing byte: %v, want ErrFormat", err)
	}
}

func TestECDHAgreement(t *testing.T) {
	a, b := testKey(t, X25519), mustGenerate(t, X25519)
	ak, _ := a.ECDH()
	bk, _ := b.ECDH()
	s1, err1 := ak.ECDH(b.Public().Key().(*ecdh.PublicKey))
	s2, err2 := bk.ECDH(a.Public().Key().(*ecdh.PublicKey))
	if err1 != nil || err2 != nil || !bytes.Equal(s1, s2) {
		t.Fatalf("X25519 agreement failed: %v, %v", err1, err2)
	}
}

func TestParseKeyID(t *testing.T) {
	id := testKey(t, Ed25519).Public().ID()
	got, err := ParseKeyID(id.String())
	if err != nil || got != id {
		t.Fatalf("ParseKeyID(%s) = %v, %v", id, got, err)
	}
	for _, bad := range []string{"", "00", id.String() + "00", strings.Repeat("zz", 32)} {
		if _, err := ParseKeyID(bad); err == nil {
			t.Errorf("ParseKeyID(%q) succeeded", bad)
		}
	}
}

func mustGenerate(t *testing.T, typ string) PrivateKey {
	t.Helper()
	k, err := Generate(typ)
	if err != nil {
		t.Fatal(err)
	}
	return k
}
