package server

import (
	"crypto"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"drey/cloud/agent"
	"drey/cloud/rollout"
	"drey/image/trust"
)

// The key-compromise procedure of docs/key-compromise.md, rehearsed on a
// fleet (REQ-VULN-6). Release key K1 signs release 2.0, which a rollout
// waits to deliver. K1 is then reported stolen: the operator rotates the
// root offline to version 2 (K1 revoked, K2 its successor) and publishes
// it. The service withdraws the release K1 signed and aborts its
// rollout, refuses new images signed by K1, and sends version 2 to
// every connected device at once. A later rotation (version 3, a new
// expiry) is published while some devices are off: when they connect
// they are sent 2 and then 3, in order (REQ-SEC-7). Every device ends
// holding version 3, the fleet status says so, and a release signed by
// K2 rolls out to all of them. A root that does not chain (signed by a
// stranger) is refused by the service and changes nothing
// (REQ-SEC-6, REQ-SEC-8).
func TestKeyCompromiseRehearsal(t *testing.T) {
	s := newServiceWith(t, Config{Agents: agent.Limits{}, RolloutInterval: 100 * time.Millisecond, UpgradeGrace: time.Second})
	_, rootKey, _ := ed25519.GenerateKey(rand.Reader)
	_, k1, _ := ed25519.GenerateKey(rand.Reader)
	_, k2, _ := ed25519.GenerateKey(rand.Reader)
	r1, err := trust.NewRoot(trust.Spec{Expires: time.Now().Add(24 * time.Hour), RootKeys: []crypto.PublicKey{rootKey.Public()}, RootThreshold: 1,
		ReleaseKeys: []crypto.PublicKey{k1.Public()}, ReleaseThreshold: 1})
	if err != nil {
		t.Fatal(err)
	}
	root1, err := r1.Sign(rootKey)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.data.SetRoot(root1); err != nil {
		t.Fatal(err)
	}
	signedBy := func(k ed25519.PrivateKey) platform { return platform{root: root1, rel: k} }

	const online, offline = 4, 2
	creds := s.enrollFleet("default", online+offline)
	s.deploy("default", `server.log("running " + imp.getsoftwareversion())`, ``)
	var devs []*device
	for _, c := range creds[:online] {
		devs = append(devs, s.connectWith(c, root1, nil))
	}
	for _, d := range devs {
		s.waitLog(d.creds.DeviceID, "[status] connected")
	}

	// Release 2.0, signed by K1, in a rollout that waits for approval.
	rel1 := releaseOf(t, s, signedBy(k1).image(t, "2.0", 5))
	var ri RolloutInfo
	code, body := api(t, "POST", s.base+"/v1/rollouts", s.operator, rollout.Spec{ReleaseID: rel1.ID, Mode: "request", Groups: []string{s.groupID("default")}})
	if json.Unmarshal(body, &ri); code != http.StatusCreated {
		t.Fatalf("rollout: %d %s", code, body)
	}

	// K1 is stolen. Version 2 revokes it; only the root key signs roots.
	cur, _ := trust.NewTrusted(root1)
	k1ID := keyID(t, k1)
	_, root2, err := trust.Rotate(cur.Root(), trust.Rotation{Expires: time.Now().Add(48 * time.Hour), ReleaseKeys: []crypto.PublicKey{k2.Public()},
		Revoke: []trust.KeyID{k1ID}}, []crypto.Signer{rootKey}, []crypto.Signer{rootKey})
	if err != nil {
		t.Fatal(err)
	}
	code, body = postRaw(t, s.base+"/v1/roots", s.token, root2)
	if code != http.StatusForbidden {
		t.Fatalf("an owner published a root: %d %s", code, body)
	}
	var pub RootPublished
	code, body = postRaw(t, s.base+"/v1/roots", s.operator, root2)
	if json.Unmarshal(body, &pub); code != http.StatusOK || pub.Version != 2 {
		t.Fatalf("publish version 2: %d %s", code, body)
	}
	if why := pub.Withdrawn[rel1.ID]; !strings.Contains(why, "revoked") || len(pub.Aborted) != 1 || pub.Aborted[0] != ri.ID {
		t.Fatalf("publish version 2: withdrew %v, aborted %v; want release %s (revoked key) and rollout %s", pub.Withdrawn, pub.Aborted, rel1.ID, ri.ID)
	}
	if pub.Pushed != online {
		t.Errorf("sent to %d connected devices, want %d", pub.Pushed, online)
	}
	if code, body := upload(t, s, s.operator, signedBy(k1).image(t, "6.6", 66)); code != http.StatusUnprocessableEntity || !strings.Contains(string(body), "revoked") {
		t.Fatalf("an image signed by the revoked key: %d %s", code, body)
	}
	if code, _ := httpGet(t, "GET", rel1.URL); code != http.StatusGone {
		t.Errorf("the withdrawn image is served: %d", code)
	}
	waitFor(t, 30*time.Second, "the connected devices to hold root version 2", func() bool { return holdAll(devs, 2) })
	for _, d := range devs {
		s.waitLog(d.creds.DeviceID, "[status] root of trust: version 2")
	}

	// A stranger's root, and the same version again with other bytes.
	_, stranger, _ := ed25519.GenerateKey(rand.Reader)
	fake, err := trust.NewRoot(trust.Spec{Version: 3, Expires: time.Now().Add(time.Hour), RootKeys: []crypto.PublicKey{stranger.Public()}, RootThreshold: 1,
		ReleaseKeys: []crypto.PublicKey{k2.Public()}, ReleaseThreshold: 1})
	if err != nil {
		t.Fatal(err)
	}
	fakeSigned, err := fake.Sign(stranger)
	if err != nil {
		t.Fatal(err)
	}
	if code, body := postRaw(t, s.base+"/v1/roots", s.operator, fakeSigned); code != http.StatusUnprocessableEntity {
		t.Fatalf("a stranger's root version 3: %d %s", code, body)
	}

	// Version 3 while two devices are off: they catch up in order.
	cur2, _ := trust.NewTrusted(root2)
	_, root3, err := trust.Rotate(cur2.Root(), trust.Rotation{Expires: time.Now().Add(72 * time.Hour)}, []crypto.Signer{rootKey}, []crypto.Signer{rootKey})
	if err != nil {
		t.Fatal(err)
	}
	if code, body := postRaw(t, s.base+"/v1/roots", s.operator, root3); code != http.StatusOK {
		t.Fatalf("publish version 3: %d %s", code, body)
	}
	for _, c := range creds[online:] {
		devs = append(devs, s.connectWith(c, root1, nil))
	}
	waitFor(t, 30*time.Second, "every device to hold root version 3", func() bool { return holdAll(devs, 3) })
	for _, d := range devs[online:] {
		s.waitLog(d.creds.DeviceID, "[status] root of trust: version 3")
		if l := d.log.String(); strings.Index(l, "root of trust updated to version 2") > strings.Index(l, "root of trust updated to version 3") {
			t.Fatalf("device %s: versions out of order:\n%s", d.creds.DeviceID, l)
		}
	}
	var owned []DeviceInfo
	code, body = api(t, "GET", s.base+"/v1/devices", s.token, nil)
	if json.Unmarshal(body, &owned); code != http.StatusOK || len(owned) != online+offline {
		t.Fatalf("devices: %d %s", code, body)
	}
	for _, d := range owned {
		if d.RootVersion != 3 {
			t.Errorf("owner's view of device %s: root version %d, want 3", d.ID, d.RootVersion)
		}
	}
	var st RootStatus
	code, body = api(t, "GET", s.base+"/v1/roots", s.operator, nil)
	if json.Unmarshal(body, &st); code != http.StatusOK || len(st.Versions) != 3 || st.Devices["3"] != online+offline {
		t.Fatalf("root status: %d %s", code, body)
	}

	if _, m := httpGet(t, "GET", s.base+"/metrics"); !strings.Contains(m, "drey_root_version 3\n") || !strings.Contains(m, "drey_root_expiry_timestamp_seconds ") {
		t.Errorf("metrics lack the root's version and expiry:\n%s", m)
	}

	// The fix, signed by K2, reaches every device.
	rel2 := releaseOf(t, s, signedBy(k2).image(t, "2.1", 6))
	code, body = api(t, "POST", s.base+"/v1/rollouts", s.operator, rollout.Spec{ReleaseID: rel2.ID, Mode: "demand", Emergency: true,
		Justification: "rehearsal: the release after K1's revocation", Groups: []string{s.groupID("default")}})
	if code != http.StatusCreated {
		t.Fatalf("rollout of the K2 release: %d %s", code, body)
	}
	waitFor(t, 60*time.Second, "every device to run 2.1", func() bool {
		for _, d := range devs {
			if v, err := firmware(d); err != nil || v != "2.1" {
				return false
			}
		}
		return true
	})
	_, m := httpGet(t, "GET", s.base+"/metrics")
	if !strings.Contains(m, `drey_rollouts{state="aborted"} 1`+"\n") {
		t.Errorf("metrics lack the aborted rollout:\n%s", m)
	}
	// At least one offer and one flashing report per device (a device
	// whose link drops is offered again).
	for _, name := range []string{`drey_upgrade_reports_total{state="flashing"}`, "drey_upgrade_offers_total"} {
		if n := metric(m, name); n < online+offline {
			t.Errorf("%s = %d, want at least %d:\n%s", name, n, online+offline, m)
		}
	}
}

// metric returns the value of a metric line "name value" in a /metrics
// page, or -1 if there is none.
func metric(page, name string) int {
	for _, l := range strings.Split(page, "\n") {
		if v, ok := strings.CutPrefix(l, name+" "); ok {
			if n, err := strconv.Atoi(v); err == nil {
				return n
			}
		}
	}
	return -1
}

// holdAll reports whether every device holds root version v.
func holdAll(devs []*device, v uint64) bool {
	for _, d := range devs {
		if got, err := d.sim.Boot.RootVersion(); err != nil || got != v {
			return false
		}
	}
	return true
}

func keyID(t *testing.T, k ed25519.PrivateKey) trust.KeyID {
	t.Helper()
	key, err := trust.NewKey(k.Public())
	if err != nil {
		t.Fatal(err)
	}
	return key.ID()
}

// groupID returns the id of the default owner's group name.
func (s *service) groupID(name string) string {
	s.t.Helper()
	owner, err := s.data.DefaultOwner()
	if err != nil {
		s.t.Fatal(err)
	}
	gs, err := s.data.Store.Groups(s.t.Context(), owner)
	if err != nil {
		s.t.Fatal(err)
	}
	for _, g := range gs {
		if g.Name == name {
			return g.ID
		}
	}
	s.t.Fatalf("no group %s", name)
	return ""
}
