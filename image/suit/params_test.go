package suit

import (
	"bytes"
	"encoding/hex"
	"errors"
	"strings"
	"testing"
)

// encryptionInfoAESKW is SUIT_Encryption_Info from the SUIT firmware
// encryption examples (suit-encryption-info-aes-kw-aes-gcm.hex): a
// COSE_Encrypt (tag 96) with AES-GCM content and an AES-KW recipient.
const encryptionInfoAESKW = "D8608443A10101A1054CF14AAB9D81D51F7AD943FE87F6818340A2012204" +
	"456B69642D31581875603FFC9518D794713C8CA8A115A7FB32565A6D5953" +
	"4D62"

// TestDreyParameters checks that each of Drey's parameters and the
// standard encryption-info parameter survive signing and verification
// unchanged and under their own labels (REQ-SEC-2: the processing fields
// are inside the signed manifest).
func TestDreyParameters(t *testing.T) {
	k := testKeys(t)[0]
	m := dreyManifest(payload(1, 100))
	info := mustHex(encryptionInfoAESKW)
	m.Common.Shared[0].Params.EncryptionInfo = info
	env, err := Decode(buildEnvelope(t, m, k))
	if err != nil {
		t.Fatal(err)
	}
	got, err := env.Verify(keySetOf(t, k), 1)
	if err != nil {
		t.Fatal(err)
	}
	p := got.Common.Shared[0].Params
	if !bytes.Equal(p.EncryptionInfo, info) {
		t.Errorf("encryption-info %x", p.EncryptionInfo)
	}
	labels := p.Labels()
	for _, want := range []int64{ParamEncryptionInfo, ParamDreyModel, ParamDreySlot, ParamDreyVersion, ParamDreyMinBootrom, ParamDreyBlockSize, ParamDreyChainRoot, ParamDreyStoredSize, ParamDreyCEKCommitment, ParamDreyEncryptionMode} {
		found := false
		for _, l := range labels {
			found = found || l == want
		}
		if !found {
			t.Errorf("label %d (%s) missing from %v", want, ParameterName(want), labels)
		}
	}
	// The labels are on the wire as negative integers: -257 is 0x39 0x01
	// 0x00, -265 is 0x39 0x01 0x08.
	shared := p.encode()
	for _, b := range [][]byte{{0x39, 0x01, 0x00}, {0x39, 0x01, 0x08}, {0x13}} {
		if !bytes.Contains(shared, b) {
			t.Errorf("encoded parameters %x lack key bytes %x", shared, b)
		}
	}
}

// TestDreyParameterValues checks that a malformed value of each Drey
// parameter is refused at decoding, naming the parameter and the value.
func TestDreyParameterValues(t *testing.T) {
	k := testKeys(t)[0]
	trusted := keySetOf(t, k)
	tests := []struct {
		label int64
		value []byte
		want  string
	}{
		{ParamDreyModel, encTstr("IMP001"), `model "IMP001"`},
		{ParamDreyModel, encBstr([]byte("imp001")), "want tstr"},
		{ParamDreySlot, encTstr("bootloader"), `slot "bootloader"`},
		{ParamDreyVersion, encTstr("36.x"), `version "36.x"`},
		{ParamDreyVersion, encTstr("036.10"), `version "036.10"`},
		{ParamDreyVersion, encTstr(""), `version ""`},
		{ParamDreyMinBootrom, encTstr("1.2.3.4.5"), `version "1.2.3.4.5"`},
		{ParamDreyBlockSize, encUint(0), "block size 0"},
		{ParamDreyBlockSize, encInt(-4096), "want uint"},
		{ParamDreyChainRoot, encBstr(make([]byte, 31)), "31 bytes (want 32)"},
		{ParamDreyStoredSize, encTstr("10"), "want uint"},
		{ParamDreyCEKCommitment, encBstr(make([]byte, 33)), "33 bytes (want 32)"},
		{ParamDreyEncryptionMode, encUint(3), "encryption mode 3"},
		{ParamEncryptionInfo, encBstr(nil), "empty byte string"},
	}
	for _, tc := range tests {
		m := rawManifest(override(encPair{encInt(tc.label), tc.value}))
		env, err := Decode(signRaw(t, m, nil, k.signer))
		if err != nil {
			t.Fatal(err)
		}
		_, err = env.Verify(trusted, 1)
		if !errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), ParameterName(tc.label)) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s = %x: %v, want ErrMalformed naming %q", ParameterName(tc.label), tc.value, err, tc.want)
		}
	}
	for _, v := range []string{"0", "36.10", "1.2.3.4"} {
		if err := checkVersion(v); err != nil {
			t.Errorf("checkVersion(%q): %v", v, err)
		}
	}
}

// TestParametersMerge checks that override-parameters replaces only the
// parameters its argument sets.
func TestParametersMerge(t *testing.T) {
	a, b := uint64(1), uint64(2)
	uri := "x"
	p := Parameters{ImageSize: &a, VendorID: []byte("v")}
	p.Merge(&Parameters{ImageSize: &b, URI: &uri})
	if *p.ImageSize != 2 || *p.URI != "x" || string(p.VendorID) != "v" {
		t.Errorf("%+v", p)
	}
	if hex.EncodeToString(p.encode()) != "a3"+"014176"+"0e02"+"156178" {
		t.Errorf("encode %x", p.encode())
	}
}
