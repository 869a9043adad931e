package verify

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"testing"

	"github.com/veraison/go-cose"

	"drey/image/build"
	"drey/image/chain"
	"drey/image/suit"
	"drey/image/trust"
)

// benchSizes are the payloads the throughput benchmarks stream: the
// imp's 640 KB improm slot, and a 16 MB image where the per-image costs
// (signature, key unwrap) no longer count.
var benchSizes = []struct {
	name string
	size int
}{
	{"640KB", 640 << 10},
	{"16MB", 16 << 20},
}

// benchInstall measures Install of a payload of each benchSize in the
// given encryption mode, in MB/s of payload (SetBytes), everything the
// device does included: header, signature, manifest checks, key unwrap,
// hash chain, decryption and the image digest.
func benchInstall(b *testing.B, mode uint64) {
	f := newFixture(b, 1, 1)
	for _, bs := range benchSizes {
		b.Run(bs.name, func(b *testing.B) {
			s := f.spec(b)
			s.Payload = payloadOf(bs.size)
			s.Encryption = mode
			file, wrapped := f.image(b, s, f.deviceKey)
			dev := f.device()
			dev.Slots["improm"] = int64(bs.size)
			r := bytes.NewReader(file)
			b.SetBytes(int64(bs.size))
			b.ReportAllocs()
			for b.Loop() {
				r.Reset(file)
				if _, err := Install(r, dev, wrapped, discardSlot{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkInstall is the device's streaming verify, decrypt and hash of
// a per-device encrypted image. Compare it with BenchmarkRawCTRSHA256
// from the same run: the target is at least 90% of its throughput.
func BenchmarkInstall(b *testing.B) { benchInstall(b, suit.EncryptionDevice) }

// BenchmarkInstallNoEncryption is Install of an unencrypted image: the
// hash chain and the image digest alone.
func BenchmarkInstallNoEncryption(b *testing.B) { benchInstall(b, suit.EncryptionNone) }

// BenchmarkRawCTRSHA256 is the reference for BenchmarkInstall: crypto/aes
// AES-256-CTR XORKeyStream and crypto/sha256 over the same number of
// bytes, 4 KB at a time (one chain block), with nothing else: no reader,
// no chain, no signature.
func BenchmarkRawCTRSHA256(b *testing.B) {
	key, iv := bytes.Repeat([]byte{1}, 32), bytes.Repeat([]byte{2}, 16)
	for _, bs := range benchSizes {
		b.Run(bs.name, func(b *testing.B) {
			src := payloadOf(bs.size)
			buf := make([]byte, chain.DefaultBlockSize)
			var sum [sha256.Size]byte
			b.SetBytes(int64(bs.size))
			b.ReportAllocs()
			for b.Loop() {
				block, err := aes.NewCipher(key)
				if err != nil {
					b.Fatal(err)
				}
				ctr := cipher.NewCTR(block, iv)
				h := sha256.New()
				for p := src; len(p) > 0; {
					n := min(len(p), len(buf))
					ctr.XORKeyStream(buf[:n], p[:n])
					h.Write(buf[:n])
					p = p[n:]
				}
				h.Sum(sum[:0])
			}
		})
	}
}

// BenchmarkRawChainCTRSHA256 is BenchmarkRawCTRSHA256 plus the work the
// image format itself requires of any verifier: the chain digest of each
// stored 4 KB block (SHA-256 of 0x00, the block and the next block's
// digest) before it is decrypted. It is the floor of what Install can
// cost with SHA-256 chaining and a separate image digest; the difference
// between it and BenchmarkRawCTRSHA256 is not overhead of the verifier's
// code but of the design.
func BenchmarkRawChainCTRSHA256(b *testing.B) {
	key, iv := bytes.Repeat([]byte{1}, 32), bytes.Repeat([]byte{2}, 16)
	const bsz = chain.DefaultBlockSize
	for _, bs := range benchSizes {
		b.Run(bs.name, func(b *testing.B) {
			src := payloadOf(bs.size)
			buf := make([]byte, bsz)
			var sum, d [sha256.Size]byte
			b.SetBytes(int64(bs.size))
			b.ReportAllocs()
			for b.Loop() {
				block, err := aes.NewCipher(key)
				if err != nil {
					b.Fatal(err)
				}
				ctr := cipher.NewCTR(block, iv)
				h, ch := sha256.New(), sha256.New()
				for p := src; len(p) > 0; {
					n := min(len(p), bsz)
					ch.Reset()
					ch.Write(interiorTag)
					ch.Write(p[:n])
					ch.Write(d[:]) // stands in for the next block's digest
					ch.Sum(d[:0])
					ctr.XORKeyStream(buf[:n], p[:n])
					h.Write(buf[:n])
					p = p[n:]
				}
				h.Sum(sum[:0])
			}
		})
	}
}

var interiorTag = []byte{0}

// BenchmarkBuild measures building a 640 KB image with per-device
// encryption (content key, IV, AES-256-CTR, hash chain, manifest) signed
// by one release key: Ed25519, and RSA-4096 PS256. Keys are made before
// the timer starts; wrapping the key for each device (build.Wrap) is not
// included.
func BenchmarkBuild(b *testing.B) {
	f := newFixture(b, 1, 1)
	rsaKey, err := rsa.GenerateKey(rand.Reader, 4096)
	if err != nil {
		b.Fatal(err)
	}
	rsaSigner := func(b *testing.B) cose.Signer {
		s, err := cose.NewSigner(cose.AlgorithmPS256, rsaKey)
		if err != nil {
			b.Fatal(err)
		}
		id, err := trust.NewKey(rsaKey.Public())
		if err != nil {
			b.Fatal(err)
		}
		kid := id.ID()
		return suit.WithKeyID(s, kid[:])
	}
	payload := payloadOf(640 << 10)
	for _, c := range []struct {
		name   string
		signer func(*testing.B) cose.Signer
	}{
		{"Ed25519", func(b *testing.B) cose.Signer { return signer(b, f.release[0]) }},
		{"RSA4096", rsaSigner},
	} {
		b.Run(c.name, func(b *testing.B) {
			s := f.spec(b)
			s.Payload = payload
			s.Signers = []cose.Signer{c.signer(b)}
			b.SetBytes(int64(len(payload)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := build.Build(s); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
