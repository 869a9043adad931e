// Conformance suite: devices, their status, revocation and transfer.

package store

import (
	"reflect"
	"testing"
	"time"
)

func testEnrollDevice(t *testing.T, f fixture) {
	a := f.owner("a")
	g := f.group(a.ID, "lamp")
	key := newKey(t)
	at := time.Date(2026, 1, 2, 3, 4, 5, 6789, time.UTC)
	d, err := f.s.EnrollDevice(f.ctx, Device{OwnerID: a.ID, GroupID: g.ID, Model: "imp001", PublicKey: key, Enrolled: at})
	must(t, "EnrollDevice", err)
	if len(d.ID) != 16 || !d.Enrolled.Equal(at.Truncate(time.Microsecond)) || d.Revoked != nil || !d.LastSeen.IsZero() {
		t.Errorf("EnrollDevice = %+v", d)
	}
	for name, get := range map[string]func() (Device, error){
		"Device":            func() (Device, error) { return f.s.Device(f.ctx, d.ID) },
		"DeviceForOwner":    func() (Device, error) { return f.s.DeviceForOwner(f.ctx, a.ID, d.ID) },
		"DeviceByPublicKey": func() (Device, error) { return f.s.DeviceByPublicKey(f.ctx, key) },
	} {
		got, err := get()
		must(t, name, err)
		if !reflect.DeepEqual(got, d) {
			t.Errorf("%s = %+v, want %+v", name, got, d)
		}
	}

	named, err := f.s.EnrollDevice(f.ctx, Device{ID: "0c2a5f7e1b3d4a69", OwnerID: a.ID, Model: "imp003", PublicKey: newKey(t)})
	must(t, "EnrollDevice with id", err)
	if named.ID != "0c2a5f7e1b3d4a69" || named.GroupID != "" {
		t.Errorf("EnrollDevice with id = %+v", named)
	}
	_, err = f.s.EnrollDevice(f.ctx, Device{ID: named.ID, OwnerID: a.ID, PublicKey: newKey(t)})
	wantErr(t, "EnrollDevice duplicate id", err, ErrConflict)
	_, err = f.s.EnrollDevice(f.ctx, Device{OwnerID: a.ID, PublicKey: key})
	wantErr(t, "EnrollDevice duplicate key", err, ErrConflict)
	_, err = f.s.EnrollDevice(f.ctx, Device{OwnerID: a.ID})
	wantErr(t, "EnrollDevice without key", err, ErrInvalid)
	_, err = f.s.EnrollDevice(f.ctx, Device{OwnerID: a.ID, GroupID: "no-such-group", PublicKey: newKey(t)})
	wantErr(t, "EnrollDevice unknown group", err, ErrNotFound)
	_, err = f.s.EnrollDevice(f.ctx, Device{OwnerID: "no-such-owner", PublicKey: newKey(t)})
	wantErr(t, "EnrollDevice unknown owner", err, ErrNotFound)
	_, err = f.s.Device(f.ctx, "ffffffffffffffff")
	wantErr(t, "Device unknown", err, ErrNotFound)
	_, err = f.s.DeviceByPublicKey(f.ctx, newKey(t))
	wantErr(t, "DeviceByPublicKey unknown", err, ErrNotFound)
}

func testDeviceList(t *testing.T, f fixture) {
	a := f.owner("a")
	g1, g2 := f.group(a.ID, "g1"), f.group(a.ID, "g2")
	in1 := []Device{f.device(a.ID, g1.ID), f.device(a.ID, g1.ID)}
	in2 := f.device(a.ID, g2.ID)
	none := f.device(a.ID, "")

	all, err := f.s.Devices(f.ctx, a.ID, "")
	must(t, "Devices all", err)
	if len(all) != 4 {
		t.Errorf("Devices all: %d devices, want 4", len(all))
	}
	for i := 1; i < len(all); i++ {
		if all[i-1].ID >= all[i].ID {
			t.Errorf("Devices not ordered by id: %s before %s", all[i-1].ID, all[i].ID)
		}
	}
	ids := func(ds []Device) map[string]bool {
		m := map[string]bool{}
		for _, d := range ds {
			m[d.ID] = true
		}
		return m
	}
	got, err := f.s.Devices(f.ctx, a.ID, g1.ID)
	must(t, "Devices g1", err)
	if m := ids(got); len(m) != 2 || !m[in1[0].ID] || !m[in1[1].ID] {
		t.Errorf("Devices g1 = %v", m)
	}
	got, err = f.s.Devices(f.ctx, a.ID, g2.ID)
	must(t, "Devices g2", err)
	if len(got) != 1 || got[0].ID != in2.ID {
		t.Errorf("Devices g2 = %+v", got)
	}
	if m := ids(all); !m[none.ID] {
		t.Errorf("Devices all misses the device in no group")
	}
	// AllDevices, for the system, sees every owner's devices.
	b := f.owner("b")
	other := f.device(b.ID, "")
	every, err := f.s.AllDevices(f.ctx)
	must(t, "AllDevices", err)
	if m := ids(every); len(m) != 5 || !m[other.ID] || !m[none.ID] {
		t.Errorf("AllDevices = %v, want the 4 devices of a and the one of b", m)
	}
}

func testDeviceStatus(t *testing.T, f fixture) {
	a := f.owner("a")
	d := f.device(a.ID, "")
	st := DeviceStatus{
		LastSeen:      time.Date(2026, 5, 6, 7, 8, 9, 123456789, time.FixedZone("x", 3600)),
		ImpromVersion: "42.1", BootromVersion: "7.0", Counter: 1 << 40, RootVersion: 3,
	}
	must(t, "UpdateDeviceStatus", f.s.UpdateDeviceStatus(f.ctx, a.ID, d.ID, st))
	got, err := f.s.DeviceForOwner(f.ctx, a.ID, d.ID)
	must(t, "DeviceForOwner", err)
	want := st
	want.LastSeen = norm(st.LastSeen)
	if got.DeviceStatus != want || got.LastSeen.Location() != time.UTC {
		t.Errorf("status = %+v, want %+v", got.DeviceStatus, want)
	}
	wantErr(t, "UpdateDeviceStatus unknown", f.s.UpdateDeviceStatus(f.ctx, a.ID, "nope", st), ErrNotFound)
}

func testRevokedDevice(t *testing.T, f fixture) {
	a := f.owner("a")
	d := f.device(a.ID, "")
	when := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	must(t, "RevokeDevice", f.s.RevokeDevice(f.ctx, a.ID, d.ID, when))
	must(t, "RevokeDevice again", f.s.RevokeDevice(f.ctx, a.ID, d.ID, when.Add(time.Hour)))

	got, err := f.s.DeviceByPublicKey(f.ctx, d.PublicKey)
	wantErr(t, "DeviceByPublicKey revoked", err, ErrRevoked)
	if got.ID != d.ID || got.Revoked == nil || !got.Revoked.Equal(when) {
		t.Errorf("DeviceByPublicKey revoked = %+v, want device %s revoked at %v", got, d.ID, when)
	}
	got, err = f.s.DeviceForOwner(f.ctx, a.ID, d.ID)
	must(t, "DeviceForOwner revoked", err)
	if got.Revoked == nil || !got.Revoked.Equal(when) {
		t.Errorf("DeviceForOwner revoked at %v, want %v", got.Revoked, when)
	}
	got, err = f.s.Device(f.ctx, d.ID)
	must(t, "Device revoked", err)
	if got.Revoked == nil {
		t.Error("Device does not show the revocation")
	}
	err = f.s.UpdateDeviceStatus(f.ctx, a.ID, d.ID, DeviceStatus{LastSeen: now()})
	wantErr(t, "UpdateDeviceStatus revoked", err, ErrRevoked)
	_, err = f.s.EnrollDevice(f.ctx, Device{OwnerID: a.ID, PublicKey: d.PublicKey})
	wantErr(t, "re-enrolling a revoked key", err, ErrConflict)
	wantErr(t, "RevokeDevice unknown", f.s.RevokeDevice(f.ctx, a.ID, "nope", when), ErrNotFound)
}

func testAssignDevice(t *testing.T, f fixture) {
	a := f.owner("a")
	g := f.group(a.ID, "g")
	d := f.device(a.ID, "")
	must(t, "AssignDevice", f.s.AssignDevice(f.ctx, a.ID, d.ID, g.ID))
	got, err := f.s.DeviceForOwner(f.ctx, a.ID, d.ID)
	must(t, "DeviceForOwner", err)
	if got.GroupID != g.ID {
		t.Errorf("group %q, want %q", got.GroupID, g.ID)
	}
	must(t, "AssignDevice out", f.s.AssignDevice(f.ctx, a.ID, d.ID, ""))
	got, err = f.s.DeviceForOwner(f.ctx, a.ID, d.ID)
	must(t, "DeviceForOwner", err)
	if got.GroupID != "" {
		t.Errorf("group %q, want none", got.GroupID)
	}
	wantErr(t, "AssignDevice unknown group", f.s.AssignDevice(f.ctx, a.ID, d.ID, "nope"), ErrNotFound)
}

func testTransferDevice(t *testing.T, f fixture) {
	a, b := f.owner("a"), f.owner("b")
	d := f.device(a.ID, f.group(a.ID, "g").ID)
	f.log(a.ID, d.ID, now(), "private to a")
	must(t, "SaveAgentData", f.s.SaveAgentData(f.ctx, a.ID, d.ID, []byte("a's secrets")))

	wantErr(t, "TransferDevice to unknown owner", f.s.TransferDevice(f.ctx, a.ID, d.ID, "nope"), ErrNotFound)
	must(t, "TransferDevice", f.s.TransferDevice(f.ctx, a.ID, d.ID, b.ID))

	_, err := f.s.DeviceForOwner(f.ctx, a.ID, d.ID)
	wantErr(t, "old owner's DeviceForOwner", err, ErrNotFound)
	_, err = f.s.Logs(f.ctx, a.ID, d.ID, time.Time{}, 0)
	wantErr(t, "old owner's Logs", err, ErrNotFound)
	got, err := f.s.DeviceForOwner(f.ctx, b.ID, d.ID)
	must(t, "new owner's DeviceForOwner", err)
	if got.OwnerID != b.ID || got.GroupID != "" {
		t.Errorf("transferred device = %+v", got)
	}
	logs, err := f.s.Logs(f.ctx, b.ID, d.ID, time.Time{}, 0)
	must(t, "new owner's Logs", err)
	data, err := f.s.LoadAgentData(f.ctx, b.ID, d.ID)
	must(t, "new owner's LoadAgentData", err)
	if len(logs) != 0 || data != nil {
		t.Errorf("the new owner sees the old owner's logs %v or agent data %q", logs, data)
	}
	wantErr(t, "TransferDevice by old owner", f.s.TransferDevice(f.ctx, a.ID, d.ID, a.ID), ErrNotFound)
}
