package crypt

import (
	"bytes"
	"crypto/ecdh"
	"errors"
	"strings"
	"testing"

	"github.com/fxamacker/cbor/v2"
)

// infoParts are the pieces of a SUIT_Encryption_Info, as Go values that a
// test can break one at a time before encoding.
type infoParts struct {
	tag         uint64
	protected   []byte
	unprotected any
	ciphertext  any
	recipients  []any
	extra       []any // appended to the COSE_Encrypt array
}

func (p infoParts) encode(t *testing.T) []byte {
	t.Helper()
	a := append([]any{p.protected, p.unprotected, p.ciphertext, p.recipients}, p.extra...)
	b, err := encMode.Marshal(cbor.Tag{Number: p.tag, Content: a})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func enc(t *testing.T, v any) []byte {
	t.Helper()
	b, err := encMode.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// validParts is a well-formed A128CTR info with one AES-KW recipient; rec
// builds an ES-DH recipient around a given ephemeral COSE_Key.
func validParts(t *testing.T) (infoParts, func(protected []byte, unprotected map[any]any, wrapped []byte) []any) {
	kw := []any{[]byte{}, map[any]any{1: -3, 4: []byte("kid")}, make([]byte, 24)}
	return infoParts{
			tag:         96,
			protected:   []byte{},
			unprotected: map[any]any{1: int64(A128CTR), 5: make([]byte, 16)},
			recipients:  []any{kw},
		}, func(protected []byte, unprotected map[any]any, wrapped []byte) []any {
			return []any{protected, unprotected, wrapped}
		}
}

// TestParseEncryptionInfoRejects breaks a valid SUIT_Encryption_Info one
// field at a time; each must be refused with the right error kind and an
// error that names the field.
//
// REQ-PROC-3: the parser bounds its input and refuses whatever the format
// does not allow before any key is touched.
func TestParseEncryptionInfoRejects(t *testing.T) {
	p256 := deviceKey(t, ecdh.P256()).PublicKey().Bytes()
	x, y := p256[1:33], p256[33:]
	ecProt := enc(t, map[any]any{1: -29})
	ephemeral := func(k map[any]any) []any {
		return []any{ecProt, map[any]any{-1: k}, make([]byte, 24)}
	}
	validEC2 := map[any]any{1: 2, -1: 1, -2: x, -3: y}
	offCurve := map[any]any{1: 2, -1: 1, -2: x, -3: append([]byte{y[0] ^ 1}, y[1:]...)}
	nonCanonical := bytes.Repeat([]byte{0xff}, 32)
	nonCanonical[31] = 0x7f

	for _, tc := range []struct {
		name  string
		edit  func(p *infoParts)
		raw   func([]byte) []byte // applied to the encoding instead of, or after, edit
		want  error
		field string
	}{
		{name: "valid", want: nil},
		{"not a tag", nil, func(b []byte) []byte { return b[2:] }, ErrMalformed, "SUIT_Encryption_Info"},
		{"COSE_Encrypt0", func(p *infoParts) { p.tag = 16 }, nil, ErrMalformed, "tag"},
		{"other tag", func(p *infoParts) { p.tag = 98 }, nil, ErrMalformed, "tag"},
		{"five items", func(p *infoParts) { p.extra = []any{1} }, nil, ErrMalformed, "COSE_Encrypt"},
		{"attached ciphertext", func(p *infoParts) { p.ciphertext = []byte("payload") }, nil, ErrMalformed, "ciphertext"},
		{"trailing bytes", nil, func(b []byte) []byte { return append(b, 0) }, ErrMalformed, "SUIT_Encryption_Info"},
		{"indefinite array", nil, func(b []byte) []byte {
			return append(append([]byte{0xd8, 0x60, 0x9f}, b[3:]...), 0xff)
		}, ErrMalformed, "SUIT_Encryption_Info"},
		{"too large", nil, func(b []byte) []byte { return make([]byte, MaxEncryptionInfoSize+1) }, ErrMalformed, "size"},
		{"protected not bstr", func(p *infoParts) { p.protected = nil }, func(b []byte) []byte {
			return bytes.Replace(b, []byte{0x84, 0x40}, []byte{0x84, 0xa0}, 1)
		}, ErrMalformed, "protected"},
		{"A128CBC", func(p *infoParts) { p.unprotected = map[any]any{1: -65531, 5: make([]byte, 16)} }, nil, ErrUnsupportedAlg, "alg"},
		{"A192GCM", func(p *infoParts) {
			p.protected = enc(t, map[any]any{1: 2})
			p.unprotected = map[any]any{5: make([]byte, 12)}
		}, nil, ErrUnsupportedAlg, "alg"},
		{"alg as text", func(p *infoParts) { p.unprotected = map[any]any{1: "A128CTR", 5: make([]byte, 16)} }, nil, ErrMalformed, "unprotected.alg"},
		{"CTR with protected alg", func(p *infoParts) {
			p.protected = enc(t, map[any]any{1: int64(A128CTR)})
			p.unprotected = map[any]any{5: make([]byte, 16)}
		}, nil, ErrMalformed, "protected"},
		{"GCM alg unprotected", func(p *infoParts) {
			p.unprotected = map[any]any{1: 1, 5: make([]byte, 12)}
		}, nil, ErrMalformed, "protected.alg"},
		{"alg twice", func(p *infoParts) {
			p.protected = enc(t, map[any]any{1: 1})
			p.unprotected = map[any]any{1: 1, 5: make([]byte, 12)}
		}, nil, ErrMalformed, "alg"},
		{"no alg", func(p *infoParts) { p.unprotected = map[any]any{5: make([]byte, 16)} }, nil, ErrMalformed, "alg"},
		{"no IV", func(p *infoParts) { p.unprotected = map[any]any{1: int64(A128CTR)} }, nil, ErrMalformed, "unprotected.iv"},
		{"short IV", func(p *infoParts) { p.unprotected = map[any]any{1: int64(A128CTR), 5: make([]byte, 12)} }, nil, ErrKeySize, "unprotected.iv"},
		{"tagged IV", func(p *infoParts) {
			p.unprotected = map[any]any{1: int64(A128CTR), 5: cbor.Tag{Number: 24, Content: make([]byte, 16)}}
		}, nil, ErrMalformed, "COSE_Encrypt"},
		{"tagged alg", func(p *infoParts) {
			p.unprotected = map[any]any{1: cbor.Tag{Number: 99, Content: int64(A128CTR)}, 5: make([]byte, 16)}
		}, nil, ErrMalformed, "COSE_Encrypt"},
		{"IV not bstr", func(p *infoParts) { p.unprotected = map[any]any{1: int64(A128CTR), 5: "iv"} }, nil, ErrMalformed, "unprotected.iv"},
		{"partial IV", func(p *infoParts) {
			p.unprotected = map[any]any{1: int64(A128CTR), 5: make([]byte, 16), 6: []byte{1}}
		}, nil, ErrMalformed, "label 6"},
		{"text label", func(p *infoParts) {
			p.unprotected = map[any]any{1: int64(A128CTR), 5: make([]byte, 16), "x": 1}
		}, nil, ErrMalformed, "unprotected"},
		{"duplicate label", func(p *infoParts) {
			p.unprotected = cbor.RawMessage(append(unhex(t, "A3013A0000FFFD013A0000FFFD0550"), make([]byte, 16)...))
		}, nil, ErrMalformed, "unprotected"},
		{"no recipients", func(p *infoParts) { p.recipients = []any{} }, nil, ErrMalformed, "recipients"},
		{"nested recipients", func(p *infoParts) {
			p.recipients = []any{[]any{[]byte{}, map[any]any{1: -3}, make([]byte, 24), []any{}}}
		}, nil, ErrMalformed, "recipients[0]"},
		{"A192KW", func(p *infoParts) {
			p.recipients = []any{[]any{[]byte{}, map[any]any{1: -4}, make([]byte, 24)}}
		}, nil, ErrUnsupportedAlg, "recipients[0].alg"},
		{"direct", func(p *infoParts) {
			p.recipients = []any{[]any{[]byte{}, map[any]any{1: -6}, []byte{}}}
		}, nil, ErrUnsupportedAlg, "recipients[0].alg"},
		{"wrapped 32-byte CEK for A128CTR", func(p *infoParts) {
			p.recipients = []any{[]any{[]byte{}, map[any]any{1: -5}, make([]byte, 40)}}
		}, nil, ErrKeySize, "recipients[0].ciphertext"},
		{"wrapped 20 bytes", func(p *infoParts) {
			p.recipients = []any{[]any{[]byte{}, map[any]any{1: -3}, make([]byte, 20)}}
		}, nil, ErrKeySize, "recipients[0].ciphertext"},
		{"AES-KW protected alg", func(p *infoParts) {
			p.recipients = []any{[]any{enc(t, map[any]any{1: -3}), map[any]any{}, make([]byte, 24)}}
		}, nil, ErrMalformed, "recipients[0].protected"},
		{"kid as text", func(p *infoParts) {
			p.recipients = []any{[]any{[]byte{}, map[any]any{1: -3, 4: "kid"}, make([]byte, 24)}}
		}, nil, ErrMalformed, "recipients[0].unprotected.kid"},
		{"ECDH alg unprotected", func(p *infoParts) {
			p.recipients = []any{[]any{[]byte{}, map[any]any{1: -29, -1: validEC2}, make([]byte, 24)}}
		}, nil, ErrMalformed, "recipients[0].protected.alg"},
		{"ECDH no ephemeral", func(p *infoParts) {
			p.recipients = []any{[]any{ecProt, map[any]any{4: []byte("k")}, make([]byte, 24)}}
		}, nil, ErrMalformed, "ephemeral_key"},
		{"ECDH valid", func(p *infoParts) { p.recipients = []any{ephemeral(validEC2)} }, nil, nil, ""},
		{"P-384 ephemeral", func(p *infoParts) {
			p.recipients = []any{ephemeral(map[any]any{1: 2, -1: 2, -2: x, -3: y})}
		}, nil, ErrUnsupportedAlg, "ephemeral_key.crv"},
		{"symmetric ephemeral", func(p *infoParts) {
			p.recipients = []any{ephemeral(map[any]any{1: 4, -1: 1, -2: x})}
		}, nil, ErrUnsupportedAlg, "ephemeral_key.kty"},
		{"compressed point", func(p *infoParts) {
			p.recipients = []any{ephemeral(map[any]any{1: 2, -1: 1, -2: x, -3: true})}
		}, nil, ErrUnsupportedAlg, "ephemeral_key.y"},
		{"short x", func(p *infoParts) {
			p.recipients = []any{ephemeral(map[any]any{1: 2, -1: 1, -2: x[1:], -3: y})}
		}, nil, ErrKeySize, "ephemeral_key.x"},
		{"off curve", func(p *infoParts) { p.recipients = []any{ephemeral(offCurve)} }, nil, ErrMalformed, "ephemeral_key"},
		{"extra key label", func(p *infoParts) {
			p.recipients = []any{ephemeral(map[any]any{1: 2, -1: 1, -2: x, -3: y, 2: []byte("kid")})}
		}, nil, ErrMalformed, "ephemeral_key label 2"},
		{"non-canonical X25519", func(p *infoParts) {
			p.recipients = []any{ephemeral(map[any]any{1: 1, -1: 4, -2: nonCanonical})}
		}, nil, ErrMalformed, "ephemeral_key.x"},
		{"long salt", func(p *infoParts) {
			p.recipients = []any{[]any{ecProt, map[any]any{-1: validEC2, -20: make([]byte, 65)}, make([]byte, 24)}}
		}, nil, ErrKeySize, "salt"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, _ := validParts(t)
			if tc.edit != nil {
				tc.edit(&p)
			}
			b := p.encode(t)
			if tc.raw != nil {
				b = tc.raw(b)
			}
			info, err := ParseEncryptionInfo(b)
			if tc.want == nil {
				if err != nil {
					t.Fatalf("valid input refused: %v", err)
				}
				return
			}
			if info != nil || !errors.Is(err, tc.want) {
				t.Fatalf("got %v, %v; want %v", info, err, tc.want)
			}
			var fe *FieldError
			if !errors.As(err, &fe) || !strings.Contains(fe.Field, tc.field) {
				t.Fatalf("error %q does not name field %q", err, tc.field)
			}
			t.Log(err)
		})
	}
}

// TestEncryptionInfoLimits checks the recipient bound on both the builder
// and the parser, and that an info without recipients is not encoded.
//
// REQ-PROC-3
func TestEncryptionInfoLimits(t *testing.T) {
	info, _ := NewEncryptionInfo(A256CTR, make([]byte, 16))
	if _, err := info.Marshal(); !errors.Is(err, ErrMalformed) {
		t.Errorf("Marshal with no recipients: %v, want ErrMalformed", err)
	}
	rec, _ := WrapForModel(make([]byte, 32), make([]byte, 32), nil)
	for range MaxRecipients {
		if err := info.AddRecipient(rec); err != nil {
			t.Fatal(err)
		}
	}
	if err := info.AddRecipient(rec); !errors.Is(err, ErrMalformed) {
		t.Errorf("recipient %d: %v, want ErrMalformed", MaxRecipients+1, err)
	}
	b, err := info.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ParseEncryptionInfo(b); err != nil {
		t.Fatalf("%d recipients: %v", MaxRecipients, err)
	}
	p, _ := validParts(t)
	p.unprotected = map[any]any{1: int64(A256CTR), 5: make([]byte, 16)}
	p.recipients = make([]any, MaxRecipients+1)
	for i := range p.recipients {
		p.recipients[i] = cbor.RawMessage(rec)
	}
	if _, err := ParseEncryptionInfo(p.encode(t)); !errors.Is(err, ErrMalformed) {
		t.Errorf("%d recipients parsed: %v", MaxRecipients+1, err)
	}
}

// TestFieldErrorMessage checks that errors name field, value and want.
func TestFieldErrorMessage(t *testing.T) {
	err := fieldErr(ErrUnsupportedAlg, "recipients[0].alg", A128GCM, recipAlgs)
	want := "crypt: recipients[0].alg: A128GCM: unsupported algorithm (want " + recipAlgs + ")"
	if err.Error() != want {
		t.Errorf("got  %q\nwant %q", err, want)
	}
	err = fieldErr(ErrKeySize, "unprotected.iv", []byte{1, 2}, "16 bytes")
	if !strings.Contains(err.Error(), "h'0102' (2 bytes)") {
		t.Errorf("byte value not shown: %q", err)
	}
}
