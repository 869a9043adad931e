package store

import (
	"bytes"
	"testing"
)

// A device's wrap key is kept from enrolment; a release's wrapped keys
// are stored per device, replaced on a second put, and refused for an
// unknown release or device with nothing stored.
func testWrappedKeys(t *testing.T, f fixture) {
	a := f.owner("a")
	d, err := f.s.EnrollDevice(f.ctx, Device{OwnerID: a.ID, Model: "imp001", PublicKey: []byte("tls-key"), WrapKey: []byte("wrap-key")})
	must(t, "EnrollDevice", err)
	got, err := f.s.Device(f.ctx, d.ID)
	must(t, "Device", err)
	if !bytes.Equal(got.WrapKey, []byte("wrap-key")) {
		t.Errorf("WrapKey = %q", got.WrapKey)
	}
	r := newRelease("1", at(0))
	r.Encryption = 2
	r, err = f.s.CreateRelease(f.ctx, r)
	must(t, "CreateRelease", err)
	if back, _ := f.s.Release(f.ctx, r.ID); back.Encryption != 2 {
		t.Errorf("Encryption = %d, want 2", back.Encryption)
	}
	_, err = f.s.WrappedKey(f.ctx, r.ID, d.ID)
	wantErr(t, "WrappedKey before any", err, ErrNotFound)
	must(t, "PutWrappedKeys", f.s.PutWrappedKeys(f.ctx, r.ID, map[string][]byte{d.ID: []byte("w1")}))
	must(t, "PutWrappedKeys again", f.s.PutWrappedKeys(f.ctx, r.ID, map[string][]byte{d.ID: []byte("w2")}))
	k, err := f.s.WrappedKey(f.ctx, r.ID, d.ID)
	must(t, "WrappedKey", err)
	if string(k) != "w2" {
		t.Errorf("WrappedKey = %q, want the second", k)
	}
	wantErr(t, "PutWrappedKeys unknown device", f.s.PutWrappedKeys(f.ctx, r.ID, map[string][]byte{d.ID: []byte("w3"), "nosuch": []byte("x")}), ErrNotFound)
	if k, _ := f.s.WrappedKey(f.ctx, r.ID, d.ID); string(k) != "w2" {
		t.Errorf("a refused put changed a key: %q", k)
	}
	wantErr(t, "PutWrappedKeys unknown release", f.s.PutWrappedKeys(f.ctx, digest("nope"), map[string][]byte{d.ID: []byte("x")}), ErrNotFound)
	wantErr(t, "PutWrappedKeys empty key", f.s.PutWrappedKeys(f.ctx, r.ID, map[string][]byte{d.ID: nil}), ErrInvalid)
}

// A group's maintenance window is kept, changed and cleared, only by its
// owner.
func testGroupMaintenance(t *testing.T, f fixture) {
	a, b := f.owner("a"), f.owner("b")
	g, err := f.s.CreateGroup(f.ctx, Group{OwnerID: a.ID, Name: "night", TimeZone: "Europe/Paris", Maintenance: "02:00-05:00"})
	must(t, "CreateGroup", err)
	got, err := f.s.Group(f.ctx, a.ID, g.ID)
	must(t, "Group", err)
	if got.Maintenance != "02:00-05:00" {
		t.Errorf("Maintenance = %q", got.Maintenance)
	}
	must(t, "SetGroupMaintenance", f.s.SetGroupMaintenance(f.ctx, a.ID, g.ID, "22:00-01:00"))
	wantErr(t, "SetGroupMaintenance by another owner", f.s.SetGroupMaintenance(f.ctx, b.ID, g.ID, ""), ErrNotFound)
	gs, err := f.s.Groups(f.ctx, a.ID)
	must(t, "Groups", err)
	if len(gs) != 1 || gs[0].Maintenance != "22:00-01:00" {
		t.Errorf("Groups = %+v", gs)
	}
}
