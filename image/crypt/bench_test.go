package crypt

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"io"
	"testing"
)

// BenchmarkCTR measures AES-256-CTR decryption of a 1 MB payload, streamed
// through NewCTRReader in 4 KB reads (one flash sector at a time, as a
// bootloader would), next to crypto/cipher's CTR XORing the same megabyte
// in one call. The difference is the cost of streaming.
func BenchmarkCTR(b *testing.B) {
	const size = 1 << 20
	key, iv := bytes.Repeat([]byte{1}, 32), bytes.Repeat([]byte{2}, 16)
	payload := make([]byte, size)
	b.Run("reader-4KB", func(b *testing.B) {
		buf := make([]byte, 4096)
		src := bytes.NewReader(payload)
		b.SetBytes(size)
		b.ReportAllocs()
		for b.Loop() {
			src.Reset(payload)
			r, err := NewCTRReader(key, iv, src)
			if err != nil {
				b.Fatal(err)
			}
			for {
				if _, err := r.Read(buf); err == io.EOF {
					break
				}
			}
		}
	})
	b.Run("raw-XORKeyStream", func(b *testing.B) {
		out := make([]byte, size)
		block, _ := aes.NewCipher(key)
		b.SetBytes(size)
		b.ReportAllocs()
		for b.Loop() {
			cipher.NewCTR(block, iv).XORKeyStream(out, payload)
		}
	})
}

// BenchmarkUnwrapForDevice measures what a device spends recovering the
// CEK: one ECDH, one HKDF and one AES key unwrap.
func BenchmarkUnwrapForDevice(b *testing.B) {
	for _, c := range curves {
		b.Run(curveName(c), func(b *testing.B) {
			dev, _ := c.GenerateKey(nil)
			rec, err := WrapForDevice(make([]byte, 32), dev.PublicKey(), nil, nil)
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if _, err := UnwrapForDevice(rec, dev); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
