package keys

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// wycheproofDir holds C2SP/wycheproof's testvectors_v1, shared by the
// project's repositories.
const wycheproofDir = "../../../shared/vectors/wycheproof"

// wycheproofFile is the part of a Wycheproof signature-verification file
// (rsassa_pss_verify_schema_v1, eddsa_verify_schema_v1) these tests use.
type wycheproofFile struct {
	Algorithm     string `json:"algorithm"`
	NumberOfTests int    `json:"numberOfTests"`
	TestGroups    []struct {
		Type         string `json:"type"`
		PublicKeyDer string `json:"publicKeyDer"` // hex PKIX
		KeySize      int    `json:"keySize"`
		Sha          string `json:"sha"`
		Mgf          string `json:"mgf"`
		MgfSha       string `json:"mgfSha"`
		SLen         int    `json:"sLen"`
		Tests        []struct {
			TcID    int      `json:"tcId"`
			Comment string   `json:"comment"`
			Flags   []string `json:"flags"`
			Msg     string   `json:"msg"`    // hex
			Sig     string   `json:"sig"`    // hex
			Result  string   `json:"result"` // valid, invalid or acceptable
		} `json:"tests"`
	} `json:"testGroups"`
}

func loadWycheproof(t *testing.T, name string) *wycheproofFile {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(wycheproofDir, name))
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("%s not found: the shared test vectors are not checked out next to this repository", name)
	}
	if err != nil {
		t.Fatal(err)
	}
	var f wycheproofFile
	if err := json.Unmarshal(data, &f); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return &f
}

// runWycheproof runs every case of f through Verify, the device's path:
// valid signatures must verify, invalid ones must not, and each
// "acceptable" one (legal but discouraged) gets the same answer every time
// it is asked; what we answer is logged by flag.
func runWycheproof(t *testing.T, f *wycheproofFile, wantType string) {
	var valid, invalid, total int
	acceptable := map[string][2]int{} // flag → [accepted, rejected]
	for _, g := range f.TestGroups {
		der, err := hex.DecodeString(g.PublicKeyDer)
		if err != nil {
			t.Fatal(err)
		}
		pub, err := ParsePublicDER(der)
		if err != nil {
			t.Fatalf("group key: %v", err)
		}
		if pub.Type() != wantType {
			t.Fatalf("group key is %v, want %s", pub, wantType)
		}
		for _, tc := range g.Tests {
			total++
			msg, err1 := hex.DecodeString(tc.Msg)
			sig, err2 := hex.DecodeString(tc.Sig)
			if err1 != nil || err2 != nil {
				t.Fatalf("tcId %d: bad hex", tc.TcID)
			}
			err := Verify(pub, msg, sig)
			if err != nil && !errors.Is(err, ErrBadSignature) {
				t.Errorf("tcId %d: %v, want nil or ErrBadSignature", tc.TcID, err)
			}
			switch tc.Result {
			case "valid":
				valid++
				if err != nil {
					t.Errorf("tcId %d (%s, %v): valid signature refused: %v", tc.TcID, tc.Comment, tc.Flags, err)
				}
			case "invalid":
				invalid++
				if err == nil {
					t.Errorf("tcId %d (%s, %v): invalid signature accepted", tc.TcID, tc.Comment, tc.Flags)
				}
			case "acceptable":
				again := Verify(pub, msg, sig)
				if (err == nil) != (again == nil) {
					t.Errorf("tcId %d: acceptable case answered %v then %v", tc.TcID, err, again)
				}
				key := strings.Join(tc.Flags, "+")
				c := acceptable[key]
				if err == nil {
					c[0]++
				} else {
					c[1]++
				}
				acceptable[key] = c
			default:
				t.Fatalf("tcId %d: result %q", tc.TcID, tc.Result)
			}
		}
	}
	if total != f.NumberOfTests {
		t.Errorf("ran %d cases, the file declares %d", total, f.NumberOfTests)
	}
	t.Logf("%s: %d cases: %d valid, %d invalid, %d acceptable", f.Algorithm, total, valid, invalid, total-valid-invalid)
	flags := make([]string, 0, len(acceptable))
	for k := range acceptable {
		flags = append(flags, k)
	}
	sort.Strings(flags)
	for _, k := range flags {
		t.Logf("acceptable %s: %d accepted, %d refused", k, acceptable[k][0], acceptable[k][1])
	}
}

// TestWycheproofRSAPSS runs Wycheproof's RSASSA-PSS-4096 vectors with
// SHA-256, MGF1-SHA-256 and a 32-byte salt — exactly COSE PS256 (REQ-SEC-1)
// — through Verify, as a device verifies.
func TestWycheproofRSAPSS(t *testing.T) {
	f := loadWycheproof(t, "rsa_pss_4096_sha256_mgf1_32_test.json")
	for _, g := range f.TestGroups {
		if g.KeySize != 4096 || g.Sha != "SHA-256" || g.Mgf != "MGF1" || g.MgfSha != "SHA-256" || g.SLen != 32 {
			t.Fatalf("group is %d bits, %s, %s-%s, salt %d: not PS256", g.KeySize, g.Sha, g.Mgf, g.MgfSha, g.SLen)
		}
	}
	runWycheproof(t, f, RSA4096)
}

// TestWycheproofEd25519 runs Wycheproof's Ed25519 vectors through Verify
// (COSE EdDSA, REQ-SEC-1).
func TestWycheproofEd25519(t *testing.T) {
	runWycheproof(t, loadWycheproof(t, "ed25519_test.json"), Ed25519)
}
