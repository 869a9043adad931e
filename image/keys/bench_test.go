package keys

import (
	"bytes"
	"crypto/sha256"
	"testing"
)

// sigStructure returns the bytes a device checks a release signature
// over: the COSE Sig_structure of a SUIT authentication block, whose
// protected header holds alg and a 32-byte kid and whose detached payload
// is the SUIT_Digest (SHA-256) of the manifest. About 90 bytes.
func sigStructure(alg []byte, kid KeyID) []byte {
	var b bytes.Buffer
	b.WriteByte(0x84)                          // array(4)
	b.WriteString("\x6aSignature1")            // context
	prot := append([]byte{0xa2, 0x01}, alg...) // {1: alg,
	prot = append(prot, 0x04, 0x58, 32)        //  4: bstr(32) kid}
	prot = append(prot, kid[:]...)
	b.Write([]byte{0x58, byte(len(prot))})
	b.Write(prot)
	b.WriteByte(0x40) // external_aad: empty bstr
	sum := sha256.Sum256([]byte("manifest"))
	digest := append([]byte{0x82, 0x2f, 0x58, 32}, sum[:]...) // [-16 (SHA-256), bstr(32)]
	b.Write([]byte{0x58, byte(len(digest))})
	b.Write(digest)
	return b.Bytes()
}

// BenchmarkVerifySignature measures one signature check through Verify,
// the device's path (go-cose's Verifier, made for each call), for each
// signing key type. Keys and signatures are made before the timer starts.
func BenchmarkVerifySignature(b *testing.B) {
	for _, c := range []struct {
		name string
		typ  string
		alg  []byte // the COSE algorithm, CBOR-encoded
	}{
		{"PS256-RSA4096", RSA4096, []byte{0x38, 0x24}}, // -37
		{"ES256-P256", P256, []byte{0x26}},             // -7
		{"EdDSA-Ed25519", Ed25519, []byte{0x27}},       // -8
	} {
		b.Run(c.name, func(b *testing.B) {
			key, err := Generate(c.typ)
			if err != nil {
				b.Fatal(err)
			}
			pub := key.Public()
			msg := sigStructure(c.alg, pub.ID())
			sig, err := Sign(key, msg)
			if err != nil {
				b.Fatal(err)
			}
			if err := Verify(pub, msg, sig); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if err := Verify(pub, msg, sig); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
