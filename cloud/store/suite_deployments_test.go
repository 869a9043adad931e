// Conformance suite: deployments, their versions and rollback.

package store

import (
	"fmt"
	"sort"
	"sync"
	"testing"
)

func testDeployments(t *testing.T, f fixture) {
	a := f.owner("a")
	g := f.group(a.ID, "g")
	_, err := f.s.CurrentDeployment(f.ctx, a.ID, g.ID)
	wantErr(t, "CurrentDeployment of empty group", err, ErrNotFound)

	d1 := f.deploy(a.ID, g.ID, "one")
	d2 := f.deploy(a.ID, g.ID, "two")
	if d1.Version != 1 || d2.Version != 2 || d1.ID == d2.ID || d1.RolledBackFrom != nil {
		t.Errorf("versions %d, %d (ids %s, %s)", d1.Version, d2.Version, d1.ID, d2.ID)
	}
	cur, err := f.s.CurrentDeployment(f.ctx, a.ID, g.ID)
	must(t, "CurrentDeployment", err)
	if !deploymentEqual(cur, d2) {
		t.Errorf("CurrentDeployment = %+v, want %+v", cur, d2)
	}
	old, err := f.s.Deployment(f.ctx, a.ID, g.ID, 1)
	must(t, "Deployment 1", err)
	if !deploymentEqual(old, d1) {
		t.Errorf("Deployment 1 = %+v, want %+v", old, d1)
	}
	_, err = f.s.Deployment(f.ctx, a.ID, g.ID, 3)
	wantErr(t, "Deployment 3", err, ErrNotFound)

	list, err := f.s.Deployments(f.ctx, a.ID, g.ID)
	must(t, "Deployments", err)
	if len(list) != 2 || list[0].Version != 2 || list[1].Version != 1 {
		t.Fatalf("Deployments = %+v, want versions 2, 1", list)
	}
	if list[0].DeviceCode != nil || list[0].AgentSource != "" || list[0].Digest != d2.Digest || !list[0].Created.Equal(d2.Created) {
		t.Errorf("Deployments lists %+v, want metadata only", list[0])
	}

	empty, err := f.s.CreateDeployment(f.ctx, Deployment{OwnerID: a.ID, GroupID: g.ID})
	must(t, "CreateDeployment with no code", err)
	if empty.Version != 3 {
		t.Errorf("version %d, want 3", empty.Version)
	}
	_, err = f.s.CreateDeployment(f.ctx, Deployment{OwnerID: a.ID, GroupID: "nope"})
	wantErr(t, "CreateDeployment unknown group", err, ErrNotFound)
}

// deploymentEqual compares deployments field by field.
func deploymentEqual(a, b Deployment) bool {
	return a.ID == b.ID && a.OwnerID == b.OwnerID && a.GroupID == b.GroupID && a.Version == b.Version &&
		string(a.DeviceCode) == string(b.DeviceCode) && string(a.AgentCode) == string(b.AgentCode) &&
		a.DeviceSource == b.DeviceSource && a.AgentSource == b.AgentSource && a.Digest == b.Digest &&
		a.Created.Equal(b.Created) && fmt.Sprint(deref(a.RolledBackFrom)) == fmt.Sprint(deref(b.RolledBackFrom))
}

// deref returns *p, or nil.
func deref(p *int) any {
	if p == nil {
		return nil
	}
	return *p
}

// testDeploymentVersionsConcurrent deploys from 10 goroutines to one group
// and 10 to another at once: each group must get versions 1..10.
func testDeploymentVersionsConcurrent(t *testing.T, f fixture) {
	a := f.owner("a")
	groups := []Group{f.group(a.ID, "g1"), f.group(a.ID, "g2")}
	const n = 10
	versions := make([][]int, len(groups))
	var mu sync.Mutex
	var wg sync.WaitGroup
	for gi, g := range groups {
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				d, err := f.s.CreateDeployment(f.ctx, Deployment{OwnerID: a.ID, GroupID: g.ID, Digest: fmt.Sprint(i)})
				if err != nil {
					t.Errorf("CreateDeployment: %v", err)
					return
				}
				mu.Lock()
				versions[gi] = append(versions[gi], d.Version)
				mu.Unlock()
			}()
		}
	}
	wg.Wait()
	for gi, vs := range versions {
		sort.Ints(vs)
		for i, v := range vs {
			if v != i+1 {
				t.Fatalf("group %d versions %v, want 1..%d each once", gi, vs, n)
			}
		}
		if len(vs) != n {
			t.Fatalf("group %d: %d deployments, want %d", gi, len(vs), n)
		}
	}
}

func testRollback(t *testing.T, f fixture) {
	a := f.owner("a")
	g := f.group(a.ID, "g")
	d1 := f.deploy(a.ID, g.ID, "good")
	f.deploy(a.ID, g.ID, "bad")

	r, err := f.s.RollbackDeployment(f.ctx, a.ID, g.ID, 1)
	must(t, "RollbackDeployment", err)
	if r.Version != 3 || r.RolledBackFrom == nil || *r.RolledBackFrom != 1 || r.ID == d1.ID {
		t.Errorf("rollback = version %d from %v (id %s)", r.Version, deref(r.RolledBackFrom), r.ID)
	}
	if string(r.DeviceCode) != string(d1.DeviceCode) || string(r.AgentCode) != string(d1.AgentCode) ||
		r.DeviceSource != d1.DeviceSource || r.AgentSource != d1.AgentSource || r.Digest != d1.Digest {
		t.Errorf("rollback %+v does not copy version 1 %+v", r, d1)
	}
	cur, err := f.s.CurrentDeployment(f.ctx, a.ID, g.ID)
	must(t, "CurrentDeployment", err)
	if !deploymentEqual(cur, r) {
		t.Errorf("CurrentDeployment = %+v, want the rollback %+v", cur, r)
	}
	list, err := f.s.Deployments(f.ctx, a.ID, g.ID)
	must(t, "Deployments", err)
	if len(list) != 3 || list[0].RolledBackFrom == nil || *list[0].RolledBackFrom != 1 || list[1].RolledBackFrom != nil {
		t.Errorf("Deployments after rollback = %+v", list)
	}
	_, err = f.s.RollbackDeployment(f.ctx, a.ID, g.ID, 9)
	wantErr(t, "RollbackDeployment to a missing version", err, ErrNotFound)
	if d := f.deploy(a.ID, g.ID, "next"); d.Version != 4 || d.RolledBackFrom != nil {
		t.Errorf("deploy after rollback: version %d from %v", d.Version, deref(d.RolledBackFrom))
	}
}
