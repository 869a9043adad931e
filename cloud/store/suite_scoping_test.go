// Conformance suite: owner scoping (REQ-SEP-5). Owner A, acting with the
// ids of owner B's records, can neither see nor change any of them.

package store

import (
	"bytes"
	"testing"
	"time"
)

func testOwnerScoping(t *testing.T, f fixture) {
	a, b := f.owner("a"), f.owner("b")
	ga, gb := f.group(a.ID, "product"), f.group(b.ID, "product")
	da, db := f.device(a.ID, ga.ID), f.device(b.ID, gb.ID)
	f.deploy(a.ID, ga.ID, "a1")
	depB := f.deploy(b.ID, gb.ID, "b1")
	f.log(a.ID, da.ID, now(), "a's line")
	f.log(b.ID, db.ID, now(), "b's line")
	must(t, "SaveAgentData", f.s.SaveAgentData(f.ctx, b.ID, db.ID, []byte("b's data")))
	tokB, secretB, err := f.s.CreateToken(f.ctx, b.ID, "b")
	must(t, "CreateToken", err)
	_, _, err = f.s.CreateToken(f.ctx, a.ID, "a")
	must(t, "CreateToken", err)

	ctx := f.ctx
	notFound := func(what string, err error) {
		t.Helper()
		wantErr(t, "A: "+what+" of B", err, ErrNotFound)
	}

	// Tokens.
	ts, err := f.s.Tokens(ctx, a.ID)
	must(t, "Tokens", err)
	if len(ts) != 1 || ts[0].OwnerID != a.ID {
		t.Errorf("A's Tokens = %+v", ts)
	}
	notFound("RevokeToken", f.s.RevokeToken(ctx, a.ID, tokB.ID, time.Time{}))
	if o, err := f.s.OwnerForToken(ctx, secretB); err != nil || o.ID != b.ID {
		t.Errorf("B's token after A's attempt: %+v, %v", o, err)
	}

	// Groups.
	_, err = f.s.Group(ctx, a.ID, gb.ID)
	notFound("Group", err)
	gs, err := f.s.Groups(ctx, a.ID)
	must(t, "Groups", err)
	if len(gs) != 1 || gs[0].ID != ga.ID {
		t.Errorf("A's Groups = %+v", gs)
	}

	// Devices.
	_, err = f.s.DeviceForOwner(ctx, a.ID, db.ID)
	notFound("DeviceForOwner", err)
	ds, err := f.s.Devices(ctx, a.ID, "")
	must(t, "Devices", err)
	if len(ds) != 1 || ds[0].ID != da.ID {
		t.Errorf("A's Devices = %+v", ds)
	}
	ds, err = f.s.Devices(ctx, a.ID, gb.ID)
	must(t, "Devices in B's group", err)
	if len(ds) != 0 {
		t.Errorf("A lists B's group: %+v", ds)
	}
	notFound("UpdateDeviceStatus", f.s.UpdateDeviceStatus(ctx, a.ID, db.ID, DeviceStatus{LastSeen: now(), ImpromVersion: "evil"}))
	notFound("RevokeDevice", f.s.RevokeDevice(ctx, a.ID, db.ID, time.Time{}))
	notFound("AssignDevice (B's device)", f.s.AssignDevice(ctx, a.ID, db.ID, ga.ID))
	notFound("AssignDevice (into B's group)", f.s.AssignDevice(ctx, a.ID, da.ID, gb.ID))
	notFound("TransferDevice", f.s.TransferDevice(ctx, a.ID, db.ID, a.ID))
	_, err = f.s.EnrollDevice(ctx, Device{OwnerID: a.ID, GroupID: gb.ID, PublicKey: newKey(t)})
	notFound("EnrollDevice into group", err)
	got, err := f.s.DeviceForOwner(ctx, b.ID, db.ID)
	must(t, "B's DeviceForOwner", err)
	if got.Revoked != nil || got.ImpromVersion != "" || got.GroupID != gb.ID || got.OwnerID != b.ID {
		t.Errorf("A changed B's device: %+v", got)
	}

	// Deployments.
	_, err = f.s.Deployment(ctx, a.ID, gb.ID, 1)
	notFound("Deployment", err)
	_, err = f.s.CurrentDeployment(ctx, a.ID, gb.ID)
	notFound("CurrentDeployment", err)
	deps, err := f.s.Deployments(ctx, a.ID, gb.ID)
	must(t, "Deployments", err)
	if len(deps) != 0 {
		t.Errorf("A lists B's deployments: %+v", deps)
	}
	_, err = f.s.CreateDeployment(ctx, Deployment{OwnerID: a.ID, GroupID: gb.ID, DeviceCode: []byte("evil")})
	notFound("CreateDeployment", err)
	_, err = f.s.RollbackDeployment(ctx, a.ID, gb.ID, 1)
	notFound("RollbackDeployment", err)
	cur, err := f.s.CurrentDeployment(ctx, b.ID, gb.ID)
	must(t, "B's CurrentDeployment", err)
	if !deploymentEqual(cur, depB) {
		t.Errorf("A changed B's deployments: current %+v", cur)
	}

	// Logs.
	_, err = f.s.Logs(ctx, a.ID, db.ID, time.Time{}, 0)
	notFound("Logs", err)
	notFound("AppendLog", f.s.AppendLog(ctx, a.ID, LogLine{DeviceID: db.ID, Source: SourceDevice, Level: LevelInfo, Text: "forged"}))
	ls, err := f.s.Logs(ctx, b.ID, db.ID, time.Time{}, 0)
	must(t, "B's Logs", err)
	if len(ls) != 1 || ls[0].Text != "b's line" {
		t.Errorf("B's logs after A's attempt: %+v", ls)
	}

	// Agent data.
	_, err = f.s.LoadAgentData(ctx, a.ID, db.ID)
	notFound("LoadAgentData", err)
	notFound("SaveAgentData", f.s.SaveAgentData(ctx, a.ID, db.ID, []byte("overwritten")))
	data, err := f.s.LoadAgentData(ctx, b.ID, db.ID)
	must(t, "B's LoadAgentData", err)
	if !bytes.Equal(data, []byte("b's data")) {
		t.Errorf("B's agent data after A's attempt: %q", data)
	}
}
