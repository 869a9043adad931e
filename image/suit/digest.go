package suit

import (
	"crypto/sha256"
	"crypto/subtle"
)

// Digest is a SUIT_Digest: [algorithm-id, digest-bytes] (§10). Only SHA-256
// (COSE algorithm -16) is accepted.
type Digest struct {
	Algorithm int64
	Bytes     []byte
}

// SHA256 returns the SUIT_Digest of data.
func SHA256(data []byte) Digest {
	sum := sha256.Sum256(data)
	return Digest{Algorithm: AlgSHA256, Bytes: sum[:]}
}

// Matches reports, in constant time, whether d is the SHA-256 digest of data.
func (d Digest) Matches(data []byte) bool {
	sum := sha256.Sum256(data)
	return d.Equal(Digest{Algorithm: AlgSHA256, Bytes: sum[:]})
}

// Equal reports, in constant time over the digest bytes, whether d and o
// have the same algorithm and value.
func (d Digest) Equal(o Digest) bool {
	return d.Algorithm == o.Algorithm && subtle.ConstantTimeCompare(d.Bytes, o.Bytes) == 1
}

func decodeDigest(field string, raw []byte) (Digest, error) {
	items, err := readArray(field, raw)
	if err != nil {
		return Digest{}, err
	}
	if len(items) != 2 {
		return Digest{}, fail(ErrUnsupportedElement, field, "digest with %d elements (want [algorithm-id, digest-bytes])", len(items))
	}
	alg, err := readInt(field+" algorithm-id", items[0])
	if err != nil {
		return Digest{}, err
	}
	if alg != AlgSHA256 {
		return Digest{}, fail(ErrUnsupportedElement, field, "digest algorithm %d (only SHA-256, -16)", alg)
	}
	b, err := readBstr(field+" digest-bytes", items[1])
	if err != nil {
		return Digest{}, err
	}
	if len(b) != sha256.Size {
		return Digest{}, fail(ErrMalformed, field, "SHA-256 digest of %d bytes", len(b))
	}
	return Digest{Algorithm: alg, Bytes: b}, nil
}

func (d Digest) encode() []byte {
	return encArray(encInt(d.Algorithm), encBstr(d.Bytes))
}
