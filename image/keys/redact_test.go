package keys

import (
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"math/big"
	"strings"
	"testing"
)

// secretBytes returns the secret numbers of key, to look for in output.
func secretBytes(t *testing.T, key PrivateKey) [][]byte {
	t.Helper()
	switch k := key.key().(type) {
	case *rsa.PrivateKey:
		return [][]byte{k.D.Bytes(), k.Primes[0].Bytes(), k.Primes[1].Bytes()}
	case ed25519.PrivateKey:
		return [][]byte{k.Seed()}
	case *ecdsa.PrivateKey:
		b, err := k.Bytes()
		if err != nil {
			t.Fatal(err)
		}
		return [][]byte{b}
	case *ecdh.PrivateKey:
		return [][]byte{k.Bytes()}
	}
	t.Fatalf("no secret for %T", key.key())
	return nil
}

// leaks returns the renderings of secret that fmt or a careless encoder
// could produce: hex, base64, decimal, and Go's []byte list.
func leaks(secret []byte) []string {
	head := secret[:8]
	n := new(big.Int).SetBytes(secret)
	return []string{
		hex.EncodeToString(head),
		strings.ToUpper(hex.EncodeToString(head)),
		base64.StdEncoding.EncodeToString(secret)[:10],
		n.String()[:20],
		strings.TrimSuffix(fmt.Sprint(head), "]"),
		strings.TrimSuffix(fmt.Sprintf("%#v", head), "}"),
	}
}

// TestPrivateKeyDoesNotLeak prints keys every way fmt allows, directly and
// inside other values, and checks the secret never appears (REQ-SEC-11).
func TestPrivateKeyDoesNotLeak(t *testing.T) {
	type exported struct{ Key PrivateKey }
	type unexported struct{ key PrivateKey }
	for _, tt := range typeTests {
		key := testKey(t, tt.typ)
		id := key.Public().ID().String()
		direct := map[string]string{}
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%10.3v"} {
			direct[verb] = fmt.Sprintf(verb, key)
		}
		direct["Sprint"] = fmt.Sprint(key)
		direct["Sprintln"] = fmt.Sprintln(key)
		direct["pointer"] = fmt.Sprintf("%v", &key)
		direct["String"] = key.String()
		direct["Errorf"] = fmt.Errorf("signing with %v failed", key).Error()
		wrapped := map[string]string{
			"exported field":   fmt.Sprintf("%+v", exported{key}),
			"exported #v":      fmt.Sprintf("%#v", exported{key}),
			"unexported field": fmt.Sprintf("%+v", unexported{key}),
			"unexported #v":    fmt.Sprintf("%#v", unexported{key}),
			"slice":            fmt.Sprintf("%v", []PrivateKey{key}),
			"map":              fmt.Sprintf("%v", map[string]PrivateKey{"k": key}),
		}
		var secrets []string
		for _, s := range secretBytes(t, key) {
			secrets = append(secrets, leaks(s)...)
		}
		check := func(how, out string, wantID bool) {
			for _, s := range secrets {
				if strings.Contains(out, s) {
					t.Errorf("%s: %s leaks the secret (%q found) in %q", tt.typ, how, s, out)
				}
			}
			if wantID && !strings.Contains(out, id) {
				t.Errorf("%s: %s = %q, want the key id %s", tt.typ, how, out, id)
			}
		}
		for how, out := range direct {
			check(how, out, true)
		}
		for how, out := range wrapped {
			check(how, out, false)
		}
		if got, want := direct["%#v"], `keys.PrivateKey{Type: "`+tt.typ+`", ID: "`+id+`"}`; got != want {
			t.Errorf("%%#v = %q, want %q", got, want)
		}
		if got, want := direct["%v"], tt.typ+" private key "+id; got != want {
			t.Errorf("%%v = %q, want %q", got, want)
		}
	}
	// The test's own detector must see a leak when there is one.
	raw := fmt.Sprintf("%v", testKey(t, Ed25519).key())
	found := false
	for _, s := range leaks(secretBytes(t, testKey(t, Ed25519))[0]) {
		found = found || strings.Contains(raw, s)
	}
	if !found {
		t.Error("leak detector does not recognise a printed ed25519.PrivateKey")
	}
	if s := fmt.Sprint(PrivateKey{}); s != "no private key" {
		t.Errorf("zero PrivateKey prints %q", s)
	}
}
