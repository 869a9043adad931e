package crypt

import (
	"bytes"
	"crypto/ecdh"
	"errors"
	"testing"
)

// Keys and plaintext of the draft-ietf-suit-firmware-encryption examples
// (section "Content Encryption", the AES-GCM and AES-CTR examples).
var (
	suitPlaintext = []byte("This is a real firmware image.")
	// suitKEK is the AES-KW key 'aaaaaaaaaaaaaaaa', kid 'kid-1'.
	suitKEK = []byte("aaaaaaaaaaaaaaaa")
	suitKID = []byte("kid-1")
	// suitReceiverD is the receiver's P-256 private key d (kid 'kid-2');
	// its public key is x = 5886CD61…, y = 9EED8125….
	suitReceiverD = "60FE6DD6D85D5740A5349B6F91267EEAC5BA81B8CB53EE249E4B4EB102C476B3"
	suitReceiverX = "5886CD61DD875862E5AAA820E7A15274C968A9BC96048DDCACE32F50C3651BA3"
	suitReceiverY = "9EED8125E932CD60C0EAD3650D0A485CF726D378D1B016ED4298B2961E258F1B"
	// The CEKs the draft lists for each content algorithm.
	suitCEKCTR = "261DE6165070FB8951EC5D7B92A065FE"
	suitCEKGCM = "15F785B5C931414411B4B71373A9C0F7"
)

func suitReceiver(t *testing.T) *ecdh.PrivateKey {
	t.Helper()
	priv, err := ecdh.P256().NewPrivateKey(unhex(t, suitReceiverD))
	if err != nil {
		t.Fatal(err)
	}
	want := unhex(t, "04"+suitReceiverX+suitReceiverY)
	if !bytes.Equal(priv.PublicKey().Bytes(), want) {
		t.Fatal("the draft's receiver d does not match its x, y")
	}
	return priv
}

// TestSUITExamples decrypts each example of the SUIT encryption draft to
// its expected plaintext: parse the SUIT_Encryption_Info, unwrap the CEK
// with the example key (AES-KW or ECDH-ES+A128KW on P-256), check it is
// the CEK the draft lists, and decrypt the detached payload both whole and,
// for AES-CTR, streamed. Re-encoding the parsed info must give back the
// example's bytes.
func TestSUITExamples(t *testing.T) {
	for _, tc := range []struct {
		name    string
		alg     Alg
		cek     string
		kw      Alg
		device  bool
		hasKID  bool
		example string
	}{
		{"aes-kw-aes-ctr", A128CTR, suitCEKCTR, A128KW, false, true, "aes-kw-aes-ctr"},
		{"aes-kw-aes-gcm", A128GCM, suitCEKGCM, A128KW, false, true, "aes-kw-aes-gcm"},
		{"es-ecdh-aes-ctr", A128CTR, suitCEKCTR, ECDHESA128KW, true, false, "es-ecdh-aes-ctr"},
		{"es-ecdh-aes-gcm", A128GCM, suitCEKGCM, ECDHESA128KW, true, false, "es-ecdh-aes-gcm"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			infoBytes := readHexVector(t, "suit-encryption", "suit-encryption-info-"+tc.example+".hex")
			payload := readHexVector(t, "suit-encryption", "encrypted-payload-"+tc.example+".hex")
			info, err := ParseEncryptionInfo(infoBytes)
			if err != nil {
				t.Fatalf("ParseEncryptionInfo: %v", err)
			}
			if info.Alg() != tc.alg || len(info.Recipients()) != 1 || info.Recipients()[0].Alg() != tc.kw {
				t.Fatalf("parsed alg %v, recipients %v; want %v with one %v recipient", info.Alg(), info.Recipients(), tc.alg, tc.kw)
			}
			if got := info.Recipients()[0].KID(); tc.hasKID != (got != nil) || tc.hasKID && !bytes.Equal(got, suitKID) {
				t.Errorf("kid = %q", got)
			}

			var cek []byte
			if tc.device {
				cek, err = info.DeviceCEK(suitReceiver(t), nil)
			} else {
				cek, err = info.ModelCEK(suitKEK, suitKID)
			}
			if err != nil {
				t.Fatalf("unwrapping the CEK: %v", err)
			}
			if !bytes.Equal(cek, unhex(t, tc.cek)) {
				t.Fatalf("CEK = %X, want %s", cek, tc.cek)
			}

			plain, err := info.Open(cek, payload)
			if err != nil || !bytes.Equal(plain, suitPlaintext) {
				t.Fatalf("Open = %q, %v; want %q", plain, err, suitPlaintext)
			}
			if tc.alg.isCTR() {
				r, err := info.NewReader(cek, bytes.NewReader(payload))
				if err != nil {
					t.Fatal(err)
				}
				if got := readAll(t, r); !bytes.Equal(got, suitPlaintext) {
					t.Fatalf("streamed plaintext %q", got)
				}
			}

			again, err := info.Marshal()
			if err != nil || !bytes.Equal(again, infoBytes) {
				t.Fatalf("Marshal = %X, %v\nwant      %X", again, err, infoBytes)
			}
			t.Logf("%s: %v + %v, CEK %X, plaintext %q", tc.name, tc.kw, tc.alg, cek, plain)
		})
	}
}

// TestSUITExamplesRebuilt builds the two AES-KW examples from their keys:
// AES-KW is deterministic, so WrapForModel, NewEncryptionInfo and Seal must
// reproduce the draft's SUIT_Encryption_Info and payload byte for byte.
func TestSUITExamplesRebuilt(t *testing.T) {
	for _, tc := range []struct {
		example string
		alg     Alg
		cek     string
		iv      string
	}{
		{"aes-kw-aes-ctr", A128CTR, suitCEKCTR, "DAE613B2E0DC55F4322BE38BDBA9DC68"},
		{"aes-kw-aes-gcm", A128GCM, suitCEKGCM, "F14AAB9D81D51F7AD943FE87"},
	} {
		t.Run(tc.example, func(t *testing.T) {
			wantInfo := readHexVector(t, "suit-encryption", "suit-encryption-info-"+tc.example+".hex")
			wantPayload := readHexVector(t, "suit-encryption", "encrypted-payload-"+tc.example+".hex")
			cek := unhex(t, tc.cek)
			rec, err := WrapForModel(cek, suitKEK, suitKID)
			if err != nil {
				t.Fatal(err)
			}
			info, err := NewEncryptionInfo(tc.alg, unhex(t, tc.iv))
			if err != nil {
				t.Fatal(err)
			}
			if err := info.AddRecipient(rec); err != nil {
				t.Fatal(err)
			}
			got, err := info.Marshal()
			if err != nil || !bytes.Equal(got, wantInfo) {
				t.Errorf("SUIT_Encryption_Info = %X, %v\nwant %X", got, err, wantInfo)
			}
			ct, err := info.Seal(cek, suitPlaintext)
			if err != nil || !bytes.Equal(ct, wantPayload) {
				t.Errorf("payload = %X, %v\nwant %X", ct, err, wantPayload)
			}
		})
	}
}

// TestSUITKDFContext checks our COSE_KDF_Context against the draft's
// a128kw_kdf_context.diag, whose encoding is
//
//	84                          array(4)
//	   22                       AlgorithmID -3 (A128KW)
//	   83 F6 F6 F6              PartyUInfo [null, null, null]
//	   83 F6 F6 F6              PartyVInfo [null, null, null]
//	   83                       SuppPubInfo
//	      18 80                 keyDataLength 128
//	      44 A1 01 38 1C        protected << {1: -29} >>
//	      57 5355…6E            other 'SUIT Payload Encryption'
func TestSUITKDFContext(t *testing.T) {
	want := unhex(t, "842283F6F6F683F6F6F6831880"+"44A101381C"+"57"+"5355495420506179"+"6C6F616420456E63"+"72797074696F6E")
	got, err := kdfContext(A128KW, unhex(t, "A101381C"))
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("kdfContext = %X, %v\nwant %X", got, err, want)
	}
}

// TestSUITExampleTampered alters the draft's ES-DH example: a changed
// wrapped CEK, ephemeral point or protected header must make the unwrap
// fail (the protected header is bound by the KDF context).
func TestSUITExampleTampered(t *testing.T) {
	orig := readHexVector(t, "suit-encryption", "suit-encryption-info-es-ecdh-aes-gcm.hex")
	priv := suitReceiver(t)
	for _, tc := range []struct {
		name     string
		from, to string
		want     error
	}{
		{"wrapped CEK", "A06B8E65", "A06B8E64", ErrUnwrap},
		{"ephemeral x", "73024F41", "73024F40", ErrMalformed},    // no longer on the curve
		{"recipient alg", "44A101381C", "44A101381E", ErrUnwrap}, // ECDH-ES+A256KW: another context, another KEK
	} {
		bad := bytes.Replace(orig, unhex(t, tc.from), unhex(t, tc.to), 1)
		if bytes.Equal(bad, orig) {
			t.Fatalf("%s: pattern %s not found", tc.name, tc.from)
		}
		info, err := ParseEncryptionInfo(bad)
		if err == nil {
			_, err = info.DeviceCEK(priv, nil)
		}
		if !errors.Is(err, tc.want) {
			t.Errorf("%s tampered: %v, want %v", tc.name, err, tc.want)
		}
	}
}
