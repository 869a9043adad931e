// Package build makes Drey platform images offline: it encrypts the
// payload under a fresh content key, encodes it as a hash chain of
// blocks, writes a SUIT manifest that signs every field a device uses,
// and signs it with release keys. It runs on the operator's offline
// machine; the server never holds a private key (REQ-SEC-10).
package build

import (
	"crypto/ecdh"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/veraison/go-cose"

	"drey/image/chain"
	"drey/image/crypt"
	"drey/image/format"
	"drey/image/suit"
)

// Spec says what image to build.
type Spec struct {
	Model      string // device model, e.g. "imp001"
	Slot       string // suit.SlotBootrom or suit.SlotImprom
	Version    string // dotted decimal, e.g. "36.10"
	Sequence   uint64 // anti-rollback counter
	MinBootrom string // the oldest bootrom that may install the image, or ""
	BlockSize  int    // 0: chain.DefaultBlockSize
	Payload    []byte
	// Encryption is suit.EncryptionNone, EncryptionModel or
	// EncryptionDevice (the default for confidential firmware).
	Encryption uint64
	// ModelKey is the per-model AES key (16 or 32 bytes) for
	// EncryptionModel, and ModelKeyID its identifier.
	ModelKey, ModelKeyID []byte
	// Signers sign the manifest, each with its key id (see suit.WithKeyID).
	Signers []cose.Signer
	// Rand is the source of content keys and IVs (nil: crypto/rand).
	Rand io.Reader
}

// Image is a built image.
type Image struct {
	// File is the image file: header, envelope, stored payload.
	File []byte
	// Envelope is the signed SUIT envelope alone.
	Envelope []byte
	// CEK is the content key (nil without encryption). For per-device
	// encryption it must be kept, secret, to wrap for each device.
	CEK []byte
	// Alg and IV are the content encryption algorithm and IV.
	Alg crypt.Alg
	IV  []byte
}

// Build makes an image.
func Build(s Spec) (*Image, error) {
	if len(s.Payload) == 0 {
		return nil, errors.New("build: empty payload")
	}
	if len(s.Signers) == 0 {
		return nil, errors.New("build: no signing key")
	}
	bs := s.BlockSize
	if bs == 0 {
		bs = chain.DefaultBlockSize
	}
	img := &Image{}
	body := s.Payload
	var encInfo []byte
	var commit []byte
	if s.Encryption != suit.EncryptionNone {
		alg := crypt.A256CTR
		cek, err := crypt.NewCEK(s.Rand)
		if err != nil {
			return nil, err
		}
		iv, err := crypt.NewIV(alg, s.Rand)
		if err != nil {
			return nil, err
		}
		info, err := crypt.NewEncryptionInfo(alg, iv)
		if err != nil {
			return nil, err
		}
		switch s.Encryption {
		case suit.EncryptionModel:
			r, err := crypt.WrapForModel(cek, s.ModelKey, s.ModelKeyID)
			if err != nil {
				return nil, fmt.Errorf("build: model key: %w", err)
			}
			if err := info.AddRecipient(r); err != nil {
				return nil, err
			}
			if encInfo, err = info.Marshal(); err != nil {
				return nil, err
			}
		case suit.EncryptionDevice:
			// Each device receives its own wrap of the key (Wrap); the
			// manifest signs only the commitment to key, algorithm and IV.
		default:
			return nil, fmt.Errorf("build: encryption mode %d", s.Encryption)
		}
		if body, err = info.Seal(cek, s.Payload); err != nil {
			return nil, err
		}
		c := format.CEKCommitment(int64(alg), iv, cek)
		commit = c[:]
		img.CEK, img.Alg, img.IV = cek, alg, iv
	}
	stored, root, err := chain.Encode(body, bs)
	if err != nil {
		return nil, fmt.Errorf("build: %w", err)
	}
	m := manifest(s, bs, int64(len(stored)), root, encInfo, commit)
	mb, err := m.Marshal()
	if err != nil {
		return nil, fmt.Errorf("build: manifest: %w", err)
	}
	env, err := suit.Sign(mb, s.Signers...)
	if err != nil {
		return nil, fmt.Errorf("build: signing: %w", err)
	}
	img.Envelope = env
	img.File = format.AppendHeader(nil, len(env))
	img.File = append(img.File, env...)
	img.File = append(img.File, stored...)
	return img, nil
}

func ptr[T any](v T) *T { return &v }

// manifest writes the profile of SUIT manifest Drey images use: one
// component (the slot), every parameter in the shared sequence, checked
// by the vendor and class conditions; install fetches the payload that
// follows the envelope and checks its digest.
func manifest(s Spec, bs int, storedSize int64, root [32]byte, encInfo, commit []byte) *suit.Manifest {
	digest := sha256.Sum256(s.Payload)
	p := &suit.Parameters{
		VendorID:           format.VendorID,
		ClassID:            format.ClassID(s.Model),
		ImageDigest:        &suit.Digest{Algorithm: suit.AlgSHA256, Bytes: digest[:]},
		ImageSize:          ptr(uint64(len(s.Payload))),
		URI:                ptr(PayloadURI),
		DreyModel:          ptr(s.Model),
		DreySlot:           ptr(s.Slot),
		DreyVersion:        ptr(s.Version),
		DreyBlockSize:      ptr(uint64(bs)),
		DreyChainRoot:      root[:],
		DreyStoredSize:     ptr(uint64(storedSize)),
		DreyEncryptionMode: ptr(s.Encryption),
		EncryptionInfo:     encInfo,
		DreyCEKCommitment:  commit,
	}
	if s.MinBootrom != "" {
		p.DreyMinBootrom = ptr(s.MinBootrom)
	}
	return &suit.Manifest{
		SequenceNumber: s.Sequence,
		Common: suit.Common{
			Components: []suit.ComponentID{format.Component(s.Slot)},
			Shared: suit.Sequence{
				{Code: suit.DirOverride, Params: p},
				{Code: suit.CondVendorID, Policy: 15},
				{Code: suit.CondClassID, Policy: 15},
			},
		},
		Install: suit.Sequence{
			{Code: suit.DirFetch, Policy: 2},
			{Code: suit.CondImageMatch, Policy: 15},
		},
		Validate: suit.Sequence{
			{Code: suit.CondImageMatch, Policy: 15},
		},
	}
}

// PayloadURI is the URI a Drey manifest's fetch names: the payload that
// follows the envelope in the same file.
const PayloadURI = "#payload"

// Wrap wraps an image's content key for one device: the recipient a
// device with that X25519 or P-256 key unwraps (per-device encryption).
// It returns the SUIT encryption info to deliver beside the image.
func Wrap(cek []byte, alg crypt.Alg, iv []byte, device *ecdh.PublicKey, kid []byte, rand io.Reader) ([]byte, error) {
	info, err := crypt.NewEncryptionInfo(alg, iv)
	if err != nil {
		return nil, err
	}
	r, err := crypt.WrapForDevice(cek, device, kid, rand)
	if err != nil {
		return nil, err
	}
	if err := info.AddRecipient(r); err != nil {
		return nil, err
	}
	return info.Marshal()
}

// contentKeyVersion starts the encoding of a content key file.
const contentKeyVersion = 1

// EncodeContentKey encodes what wrapping an image's key for a device
// needs (the key, its algorithm and IV) for keeping in a sealed secret
// file beside the image.
func (img *Image) EncodeContentKey() []byte {
	b := []byte{contentKeyVersion}
	b = binary.BigEndian.AppendUint64(b, uint64(int64(img.Alg)))
	b = append(b, byte(len(img.IV)))
	b = append(b, img.IV...)
	return append(b, img.CEK...)
}

// DecodeContentKey reverses EncodeContentKey.
func DecodeContentKey(b []byte) (cek []byte, alg crypt.Alg, iv []byte, err error) {
	if len(b) < 10 || b[0] != contentKeyVersion {
		return nil, 0, nil, errors.New("content key: unknown version or too short")
	}
	alg = crypt.Alg(int64(binary.BigEndian.Uint64(b[1:9])))
	n := int(b[9])
	if len(b) < 10+n+16 {
		return nil, 0, nil, errors.New("content key: too short")
	}
	return b[10+n:], alg, b[10 : 10+n], nil
}
