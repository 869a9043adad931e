package server

import (
	"bytes"
	"crypto/ecdh"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"drey/cloud/agent"
	"drey/cloud/rollout"
	"drey/image/build"
	"drey/image/suit"
	"drey/image/trust"

	"github.com/veraison/go-cose"
)

// A per-device encrypted release: the operator lists the devices' wrap
// keys, wraps the content key for each offline, and uploads the wrapped
// keys; a device is offered the release only with its own wrapped key,
// over its link, and installs it (REQ-SEP-2, REQ-PRIV-2, REQ-PRIV-3).
func TestPerDeviceRelease(t *testing.T) {
	s := newServiceWith(t, Config{Agents: agent.Limits{}, RolloutInterval: 100 * time.Millisecond, UpgradeGrace: time.Second})
	p := newPlatform(t)
	if _, err := s.data.SetRoot(p.root); err != nil {
		t.Fatal(err)
	}
	c1, c2 := s.enroll("default"), s.enroll("default")
	d1, d2 := s.connectWith(c1, p.root, nil), s.connectWith(c2, p.root, nil)
	s.waitLog(c1.DeviceID, "[status] connected")
	s.waitLog(c2.DeviceID, "[status] connected")

	sg, _ := cose.NewSigner(cose.AlgorithmEdDSA, p.rel)
	k, _ := trust.NewKey(p.rel.Public())
	kid := k.ID()
	img, err := build.Build(build.Spec{Model: "imp001", Slot: "improm", Version: "3.0", Sequence: 9,
		Payload: bytes.Repeat([]byte("secret firmware "), 5000), Encryption: suit.EncryptionDevice, Signers: []cose.Signer{suit.WithKeyID(sg, kid[:])}})
	if err != nil {
		t.Fatal(err)
	}
	rel := releaseOf(t, s, img.File)
	if rel.Encryption != "device" {
		t.Fatalf("release encryption %q", rel.Encryption)
	}
	code, body := api(t, "GET", s.base+"/v1/releases/"+rel.ID+"/recipients", s.operator, nil)
	var rs []Recipient
	json.Unmarshal(body, &rs)
	if code != http.StatusOK || len(rs) != 2 {
		t.Fatalf("recipients: %d %s", code, body)
	}
	// Wrap for the first device only, as drey release wrap does.
	wk := WrappedKeys{Keys: map[string]string{}}
	for _, r := range rs {
		if r.Device != c1.DeviceID {
			continue
		}
		der, _ := base64.StdEncoding.DecodeString(r.WrapKey)
		pk, err := x509.ParsePKIXPublicKey(der)
		if err != nil {
			t.Fatal(err)
		}
		w, err := build.Wrap(img.CEK, img.Alg, img.IV, pk.(*ecdh.PublicKey), nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		wk.Keys[r.Device] = base64.StdEncoding.EncodeToString(w)
	}
	if code, body := api(t, "POST", s.base+"/v1/releases/"+rel.ID+"/keys", s.operator, wk); code != http.StatusOK {
		t.Fatalf("keys: %d %s", code, body)
	}
	if code, _ := api(t, "POST", s.base+"/v1/releases/"+rel.ID+"/keys", s.operator, WrappedKeys{Keys: map[string]string{"nosuch": "AAAA"}}); code != http.StatusNotFound {
		t.Errorf("a key for an unknown device: %d", code)
	}
	var ri RolloutInfo
	code, body = api(t, "POST", s.base+"/v1/rollouts", s.operator, rollout.Spec{ReleaseID: rel.ID, Mode: "request", Emergency: true, Justification: "test"})
	json.Unmarshal(body, &ri)
	if code != http.StatusCreated {
		t.Fatalf("rollout: %d %s", code, body)
	}
	waitFor(t, 30*time.Second, "the device with a wrapped key to upgrade", func() bool {
		v, _ := firmware(d1)
		return v == "3.0"
	})
	time.Sleep(300 * time.Millisecond)
	_, body = api(t, "GET", s.base+"/v1/rollouts/"+ri.ID, s.operator, nil)
	json.Unmarshal(body, &ri)
	if v, _ := firmware(d2); v != "1.0" || ri.Counts["waiting"] != 1 {
		t.Fatalf("the device without a wrapped key: runs %s; rollout counts %v", v, ri.Counts)
	}
}
