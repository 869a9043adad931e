package server

import (
	"bytes"
	"crypto"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"drey/cloud/agent"
	"drey/image/build"
	"drey/image/suit"
	"drey/image/trust"

	"github.com/veraison/go-cose"
)

// platform is a root of trust and a release key, as the operator keeps
// them offline.
type platform struct {
	root []byte
	rel  ed25519.PrivateKey
}

func newPlatform(t *testing.T) platform {
	t.Helper()
	_, rootKey, _ := ed25519.GenerateKey(rand.Reader)
	_, rel, _ := ed25519.GenerateKey(rand.Reader)
	r, err := trust.NewRoot(trust.Spec{Expires: time.Now().Add(24 * time.Hour), RootKeys: []crypto.PublicKey{rootKey.Public()}, RootThreshold: 1, ReleaseKeys: []crypto.PublicKey{rel.Public()}, ReleaseThreshold: 1})
	if err != nil {
		t.Fatal(err)
	}
	root, err := r.Sign(rootKey)
	if err != nil {
		t.Fatal(err)
	}
	return platform{root: root, rel: rel}
}

// image builds a signed improm image for imp001.
func (p platform) image(t *testing.T, ver string, seq uint64) []byte {
	t.Helper()
	return p.imageFor(t, ver, seq, "")
}

// imageFor builds one that needs at least minBootrom.
func (p platform) imageFor(t *testing.T, ver string, seq uint64, minBootrom string) []byte {
	t.Helper()
	s, _ := cose.NewSigner(cose.AlgorithmEdDSA, p.rel)
	k, _ := trust.NewKey(p.rel.Public())
	kid := k.ID()
	img, err := build.Build(build.Spec{Model: "imp001", Slot: "improm", Version: ver, Sequence: seq, MinBootrom: minBootrom,
		Payload: bytes.Repeat([]byte("improm "+ver+" "), 8000), Encryption: suit.EncryptionNone, Signers: []cose.Signer{suit.WithKeyID(s, kid[:])}})
	if err != nil {
		t.Fatal(err)
	}
	return img.File
}

// upload posts an image to the releases endpoint with token.
func upload(t *testing.T, s *service, token string, img []byte) (int, []byte) {
	t.Helper()
	return postRaw(t, s.base+"/v1/releases", token, img)
}

// postRaw posts body as it is with token.
func postRaw(t *testing.T, url, token string, body []byte) (int, []byte) {
	t.Helper()
	req, _ := http.NewRequest("POST", url, bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

// The server accepts only images signed under the platform root, and
// only from the operator; it serves them to devices over plain,
// cacheable HTTP with Range support (REQ-SEC-10: it never signs).
// REQ-OWN-1, REQ-SEC-10, REQ-PRIV-1, REQ-PRIV-2.
func TestReleases(t *testing.T) {
	s := newService(t, agent.Limits{})
	p := newPlatform(t)
	img := p.image(t, "36.10", 12)
	if code, body := upload(t, s, s.operator, img); code != http.StatusConflict || !strings.Contains(string(body), "no platform root") {
		t.Fatalf("upload before a root is installed: %d %s", code, body)
	}
	if _, err := s.data.SetRoot(p.root); err != nil {
		t.Fatal(err)
	}
	if code, _ := upload(t, s, s.token, img); code != http.StatusForbidden {
		t.Fatalf("an owner uploaded a release: %d", code)
	}
	tampered := bytes.Clone(img)
	tampered[len(tampered)-100] ^= 1
	other := newPlatform(t).image(t, "36.10", 12)
	for name, bad := range map[string][]byte{"tampered": tampered, "foreign key": other, "truncated": img[:len(img)/2], "garbage": []byte("not an image")} {
		if code, body := upload(t, s, s.operator, bad); code != http.StatusUnprocessableEntity || !strings.Contains(string(body), "image refused") {
			t.Errorf("%s image: %d %s", name, code, body)
		}
	}
	code, body := upload(t, s, s.operator, img)
	var rel ReleaseInfo
	json.Unmarshal(body, &rel)
	if code != http.StatusCreated || rel.Version != "36.10" || rel.Sequence != 12 || rel.Model != "imp001" || rel.Slot != "improm" {
		t.Fatalf("upload: %d %s", code, body)
	}
	if code, _ := upload(t, s, s.operator, img); code != http.StatusOK {
		t.Errorf("the same image again: %d", code)
	}

	// Delivery.
	resp, err := http.Get(rel.URL)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	etag := resp.Header.Get("ETag")
	if resp.StatusCode != 200 || !bytes.Equal(got, img) || !strings.Contains(resp.Header.Get("Cache-Control"), "immutable") ||
		!strings.Contains(resp.Header.Get("Cache-Control"), "public") || etag == "" {
		t.Fatalf("GET image: %d, %d bytes, headers %v", resp.StatusCode, len(got), resp.Header)
	}
	req, _ := http.NewRequest("GET", rel.URL, nil)
	req.Header.Set("Range", "bytes=100-199")
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	part, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusPartialContent || !bytes.Equal(part, img[100:200]) {
		t.Fatalf("Range: %d, %d bytes", resp.StatusCode, len(part))
	}
	req, _ = http.NewRequest("GET", rel.URL, nil)
	req.Header.Set("If-None-Match", etag)
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match: %d", resp.StatusCode)
	}
	for _, u := range []string{s.base + "/images/" + strings.Repeat("0", 64), s.base + "/images/..%2f..%2fdrey.db"} {
		if code, _ := httpGet(t, "GET", u); code != http.StatusNotFound {
			t.Errorf("GET %s: %d", u, code)
		}
	}

	if code, body := api(t, "POST", s.base+"/v1/releases/"+rel.ID+"/withdraw", s.operator, nil); code != http.StatusOK {
		t.Fatalf("withdraw: %d %s", code, body)
	}
	code, body = api(t, "GET", s.base+"/v1/releases", s.operator, nil)
	if code != http.StatusOK || !strings.Contains(string(body), `"withdrawn"`) {
		t.Fatalf("list: %d %s", code, body)
	}
}

// The service publishes where to report vulnerabilities (REQ-VULN-1).
func TestSecurityTxt(t *testing.T) {
	s := newServiceWith(t, Config{SecurityContact: "mailto:psirt@example.com", SecurityPolicy: "https://example.com/security"})
	code, body := httpGet(t, "GET", s.base+"/.well-known/security.txt")
	for _, want := range []string{"Contact: mailto:psirt@example.com\n", "Expires: ", "Policy: https://example.com/security\n"} {
		if code != http.StatusOK || !strings.Contains(body, want) {
			t.Errorf("security.txt lacks %q: %d\n%s", want, code, body)
		}
	}
}
