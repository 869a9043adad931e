package crypt

import (
	"bytes"
	"crypto/ecdh"
	"crypto/hkdf"
	"crypto/sha256"
	"encoding/asn1"
	"testing"
)

type xdhCase struct {
	wycheproofCase
	Public  string `json:"public"`
	Private string `json:"private"`
	Shared  string `json:"shared"`
}

// TestWycheproofX25519 runs Wycheproof's x25519_test.json through the path
// a device takes: the public key is wrapped in a COSE_Key, parsed by
// parseCOSEKey, and used with crypto/ecdh. Valid cases must give the
// expected secret; acceptable ones (low-order and twist points) may be
// refused, and if accepted must still give the expected secret.
func TestWycheproofX25519(t *testing.T) {
	c := tally{}
	for _, tc := range readWycheproof[xdhCase](t, "x25519_test.json") {
		shared, err := x25519Through(t, unhex(t, tc.Public), unhex(t, tc.Private))
		want := unhex(t, tc.Shared)
		if err == nil && !bytes.Equal(shared, want) {
			t.Errorf("tcId %d (%s): shared %X, want %X", tc.TcID, tc.Comment, shared, want)
		}
		switch {
		case tc.Result == "valid" && err != nil:
			t.Errorf("tcId %d (%s, %v): %v", tc.TcID, tc.Comment, tc.Flags, err)
		case tc.Result == "valid":
			c["valid"]++
		case tc.Result == "invalid":
			t.Errorf("tcId %d: unexpected invalid case in x25519_test.json", tc.TcID)
		case err == nil:
			c["acceptable accepted"]++
		default:
			c["acceptable rejected"]++
		}
	}
	c.log(t, "x25519_test.json")
}

func x25519Through(t *testing.T, pub, priv []byte) ([]byte, error) {
	raw, err := encMode.Marshal(map[int64]any{keyKty: ktyOKP, keyCrv: crvX25519, keyX: pub})
	if err != nil {
		t.Fatal(err)
	}
	p, err := parseCOSEKey(raw, "ephemeral_key")
	if err != nil {
		return nil, err
	}
	k, err := ecdh.X25519().NewPrivateKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return k.ECDH(p)
}

type ecdhCase struct {
	wycheproofCase
	Public  string `json:"public"` // DER SubjectPublicKeyInfo
	Private string `json:"private"`
	Shared  string `json:"shared"`
}

// TestWycheproofECDHP256 runs Wycheproof's ecdh_secp256r1_test.json. Each
// public key comes as an X.509 SubjectPublicKeyInfo; the test unpacks it
// and hands the curve and point to parseCOSEKey as a COSE_Key, so that
// every key COSE can express (other named curves, compressed points,
// points off the curve) is judged by our parse path. Keys with explicit
// curve parameters cannot be expressed in COSE at all and are counted
// apart. Valid cases must give the expected secret; invalid ones must be
// refused.
func TestWycheproofECDHP256(t *testing.T) {
	c := tally{}
	byParser, notCOSE := 0, 0
	for _, tc := range readWycheproof[ecdhCase](t, "ecdh_secp256r1_test.json") {
		coseKey, ok := spkiToCOSEKey(t, unhex(t, tc.Public))
		var shared []byte
		var err error
		if !ok {
			err = errNotCOSE
		} else {
			shared, err = p256Through(t, coseKey, unhex(t, tc.Private))
		}
		if err == nil && !bytes.Equal(shared, unhex(t, tc.Shared)) {
			t.Errorf("tcId %d (%s): shared %X, want %s", tc.TcID, tc.Comment, shared, tc.Shared)
		}
		switch tc.Result {
		case "valid":
			if err != nil {
				t.Errorf("tcId %d (%s, %v): %v", tc.TcID, tc.Comment, tc.Flags, err)
			}
			c["valid"]++
		case "invalid":
			if err == nil {
				t.Errorf("tcId %d (%s, %v): invalid public key accepted", tc.TcID, tc.Comment, tc.Flags)
			} else if err == errNotCOSE {
				notCOSE++
			} else {
				byParser++
			}
			c["invalid"]++
		default:
			if err == nil {
				c["acceptable accepted"]++
			} else {
				c["acceptable rejected"]++
			}
		}
	}
	c.log(t, "ecdh_secp256r1_test.json")
	t.Logf("ecdh_secp256r1_test.json: of the invalid keys, %d rejected by parseCOSEKey, %d not expressible as a COSE_Key (explicit curve parameters, or a named curve COSE has no crv for)", byParser, notCOSE)
}

var errNotCOSE = &FieldError{Field: "SubjectPublicKeyInfo", Value: "not expressible as a COSE_Key", Err: ErrMalformed}

var (
	oidECPublicKey = asn1.ObjectIdentifier{1, 2, 840, 10045, 2, 1}
	// COSE crv values of the named curves Wycheproof uses, by OID.
	coseCurves = map[string]int64{
		"1.2.840.10045.3.1.7": crvP256,
		"1.3.132.0.34":        2, // P-384
		"1.3.132.0.35":        3, // P-521
		"1.3.132.0.10":        8, // secp256k1
	}
)

// spkiToCOSEKey turns a DER SubjectPublicKeyInfo into the EC2 COSE_Key a
// sender would have written for it, or reports that COSE has no way to say
// it. A compressed point becomes a COSE_Key whose y is the sign bit.
func spkiToCOSEKey(t *testing.T, der []byte) ([]byte, bool) {
	var spki struct {
		Algorithm struct {
			Algorithm  asn1.ObjectIdentifier
			Parameters asn1.RawValue
		}
		PublicKey asn1.BitString
	}
	rest, err := asn1.Unmarshal(der, &spki)
	if err != nil || len(rest) != 0 || !spki.Algorithm.Algorithm.Equal(oidECPublicKey) {
		return nil, false
	}
	var curve asn1.ObjectIdentifier
	if _, err := asn1.Unmarshal(spki.Algorithm.Parameters.FullBytes, &curve); err != nil {
		return nil, false // explicit parameters: an "unnamed curve"
	}
	crv, ok := coseCurves[curve.String()]
	if !ok {
		return nil, false
	}
	pt := spki.PublicKey.RightAlign()
	key := map[int64]any{keyKty: ktyEC2, keyCrv: crv}
	switch {
	case len(pt) > 0 && pt[0] == 4 && len(pt)%2 == 1:
		n := len(pt) / 2
		key[keyX], key[keyY] = pt[1:1+n], pt[1+n:]
	case len(pt) > 0 && (pt[0] == 2 || pt[0] == 3):
		key[keyX], key[keyY] = pt[1:], pt[0] == 3
	default:
		key[keyX], key[keyY] = pt, []byte{}
	}
	b, err := encMode.Marshal(key)
	if err != nil {
		t.Fatal(err)
	}
	return b, true
}

func p256Through(t *testing.T, coseKey, d []byte) ([]byte, error) {
	pub, err := parseCOSEKey(coseKey, "ephemeral_key")
	if err != nil {
		return nil, err
	}
	d = bytes.TrimLeft(d, "\x00")
	priv, err := ecdh.P256().NewPrivateKey(append(make([]byte, 32-len(d)), d...))
	if err != nil {
		t.Fatalf("private key: %v", err)
	}
	return priv.ECDH(pub)
}

type hkdfCase struct {
	wycheproofCase
	IKM  string `json:"ikm"`
	Salt string `json:"salt"`
	Info string `json:"info"`
	Size int    `json:"size"`
	OKM  string `json:"okm"`
}

// TestWycheproofHKDF runs Wycheproof's hkdf_sha256_test.json through
// crypto/hkdf.Key called exactly as deriveKEK calls it; outputs longer
// than 255 hashes must be refused.
func TestWycheproofHKDF(t *testing.T) {
	c := tally{}
	for _, tc := range readWycheproof[hkdfCase](t, "hkdf_sha256_test.json") {
		okm, err := hkdf.Key(sha256.New, unhex(t, tc.IKM), unhex(t, tc.Salt), string(unhex(t, tc.Info)), tc.Size)
		switch tc.Result {
		case "valid":
			if err != nil || !bytes.Equal(okm, unhex(t, tc.OKM)) {
				t.Errorf("tcId %d (%s): %X, %v; want %s", tc.TcID, tc.Comment, okm, err, tc.OKM)
			}
			c["valid"]++
		case "invalid":
			if err == nil {
				t.Errorf("tcId %d (%s): size %d accepted", tc.TcID, tc.Comment, tc.Size)
			}
			c["invalid"]++
		}
	}
	c.log(t, "hkdf_sha256_test.json")
}
