// The encoding of root metadata: the payload that root keys sign.
//
//	root-metadata = {
//	    1: "drey-root",          ; type: refuses any other document
//	    2: uint,                 ; version, from 1; a rotation adds exactly 1
//	    3: uint,                 ; expires: Unix seconds, UTC
//	    4: [1*16 key],           ; root keys
//	    5: uint,                 ; root threshold, 1..len(root keys)
//	    6: [1*16 key],           ; release keys (sign firmware images)
//	    7: uint,                 ; release threshold, 1..len(release keys)
//	    8: [0*256 kid],          ; revoked key ids, in either role; never shrinks
//	}
//	key = {
//	    1: kid,                  ; SHA-256 of the public key's PKIX DER
//	    2: int,                  ; COSE alg: -37 PS256, -7 ES256, -8 EdDSA
//	    3: bstr,                 ; public key, PKIX (SubjectPublicKeyInfo) DER
//	}
//	kid = bstr .size 32
//
// Every field is required (8 may be an empty array), no other key may
// appear, and the bytes must be the CBOR core deterministic encoding of what
// they hold (RFC 8949 §4.2.1: shortest forms, definite lengths, sorted map
// keys, no tags). Decoding re-encodes and compares, so a root has exactly
// one encoding and a signature covers exactly one meaning. The signed
// envelope around these bytes is documented in envelope.go.

package trust

import (
	"bytes"
	"fmt"
	"math"
	"time"

	"github.com/fxamacker/cbor/v2"
)

// rootType is field 1 of every root.
const rootType = "drey-root"

// rootWire is root-metadata as CBOR sees it.
type rootWire struct {
	Type             string    `cbor:"1,keyasint"`
	Version          uint64    `cbor:"2,keyasint"`
	Expires          uint64    `cbor:"3,keyasint"`
	RootKeys         []keyWire `cbor:"4,keyasint"`
	RootThreshold    uint64    `cbor:"5,keyasint"`
	ReleaseKeys      []keyWire `cbor:"6,keyasint"`
	ReleaseThreshold uint64    `cbor:"7,keyasint"`
	Revoked          [][]byte  `cbor:"8,keyasint"`
}

// keyWire is key as CBOR sees it.
type keyWire struct {
	ID     []byte `cbor:"1,keyasint"`
	Alg    int64  `cbor:"2,keyasint"`
	Public []byte `cbor:"3,keyasint"`
}

var (
	// metaEnc writes the core deterministic encoding.
	metaEnc = mustEncMode(coreDetNilEmpty())
	// metaDec refuses anything outside the grammar above before it
	// allocates for it: bounded arrays, maps and nesting, no duplicate or
	// unknown keys, no indefinite lengths, no tags.
	metaDec = mustDecMode(cbor.DecOptions{
		DupMapKey:         cbor.DupMapKeyEnforcedAPF,
		MaxNestedLevels:   4,
		MaxArrayElements:  MaxRevoked,
		MaxMapPairs:       16,
		IndefLength:       cbor.IndefLengthForbidden,
		TagsMd:            cbor.TagsForbidden,
		ExtraReturnErrors: cbor.ExtraDecErrorUnknownField,
		UTF8:              cbor.UTF8RejectInvalid,
	})
)

// encodeRoot validates r and returns its root-metadata encoding.
func encodeRoot(r *Root) ([]byte, error) {
	if err := r.Validate(); err != nil {
		return nil, err
	}
	w := rootWire{
		Type:             rootType,
		Version:          r.Version,
		Expires:          uint64(r.Expires.Unix()),
		RootKeys:         keysToWire(r.RootKeys),
		RootThreshold:    uint64(r.RootThreshold),
		ReleaseKeys:      keysToWire(r.ReleaseKeys),
		ReleaseThreshold: uint64(r.ReleaseThreshold),
		Revoked:          make([][]byte, 0, len(r.Revoked)),
	}
	for _, id := range r.Revoked {
		w.Revoked = append(w.Revoked, id[:])
	}
	return metaEnc.Marshal(w)
}

func keysToWire(keys []Key) []keyWire {
	out := make([]keyWire, 0, len(keys))
	for _, k := range keys {
		out = append(out, keyWire{ID: k.id[:], Alg: int64(k.alg), Public: k.der})
	}
	return out
}

// decodeRoot parses and validates root-metadata. It does not look at
// signatures: the caller decides which keys must have signed.
func decodeRoot(b []byte) (*Root, error) {
	var w rootWire
	if err := metaDec.Unmarshal(b, &w); err != nil {
		return nil, fmt.Errorf("root metadata: %v: %w", err, ErrMalformed)
	}
	again, err := metaEnc.Marshal(w)
	if err != nil || !bytes.Equal(again, b) {
		return nil, fmt.Errorf("root metadata: not in core deterministic encoding or missing a field: %w", ErrMalformed)
	}
	if w.Type != rootType {
		return nil, fmt.Errorf("root metadata type %q, want %q: %w", w.Type, rootType, ErrMalformed)
	}
	if w.Expires > math.MaxInt64 || w.RootThreshold > MaxKeys || w.ReleaseThreshold > MaxKeys {
		return nil, fmt.Errorf("root metadata: expiry or threshold out of range: %w", ErrMalformed)
	}
	r := &Root{
		Version:          w.Version,
		Expires:          time.Unix(int64(w.Expires), 0).UTC(),
		RootThreshold:    int(w.RootThreshold),
		ReleaseThreshold: int(w.ReleaseThreshold),
	}
	if r.RootKeys, err = keysFromWire("root", w.RootKeys); err != nil {
		return nil, err
	}
	if r.ReleaseKeys, err = keysFromWire("release", w.ReleaseKeys); err != nil {
		return nil, err
	}
	for i, id := range w.Revoked {
		if len(id) != len(KeyID{}) {
			return nil, fmt.Errorf("revoked key id %d of %d bytes, want %d: %w", i, len(id), len(KeyID{}), ErrMalformed)
		}
		r.Revoked = append(r.Revoked, KeyID(id))
	}
	if err := r.Validate(); err != nil {
		return nil, err
	}
	return r, nil
}

func keysFromWire(role string, ws []keyWire) ([]Key, error) {
	if len(ws) > MaxKeys {
		return nil, fmt.Errorf("%d %s keys, limit %d: %w", len(ws), role, MaxKeys, ErrMalformed)
	}
	keys := make([]Key, 0, len(ws))
	for i, w := range ws {
		k, err := parseKey(w.ID, w.Alg, w.Public)
		if err != nil {
			return nil, fmt.Errorf("%s key %d: %w", role, i, err)
		}
		keys = append(keys, k)
	}
	return keys, nil
}

// coreDetNilEmpty is the core deterministic encoding with nil slices written
// as empty ones, so that a decoded null (or an absent field) never
// re-encodes to the bytes it came from.
func coreDetNilEmpty() cbor.EncOptions {
	o := cbor.CoreDetEncOptions()
	o.NilContainers = cbor.NilContainerAsEmpty
	return o
}

func mustEncMode(o cbor.EncOptions) cbor.EncMode {
	m, err := o.EncMode()
	if err != nil {
		panic(err)
	}
	return m
}

func mustDecMode(o cbor.DecOptions) cbor.DecMode {
	m, err := o.DecMode()
	if err != nil {
		panic(err)
	}
	return m
}
