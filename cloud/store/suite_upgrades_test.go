// Conformance suite: releases and advisories, the fixture helpers of the
// upgrade tests, and every rule an upgrade record can break.

package store

import (
	"crypto/sha256"
	"encoding/hex"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"
)

// upgradeT0 is the base of the times the upgrade tests set explicitly.
var upgradeT0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// at returns upgradeT0 plus n seconds.
func at(n int) time.Time { return upgradeT0.Add(time.Duration(n) * time.Second) }

// digest returns a release id made from word.
func digest(word string) string {
	h := sha256.Sum256([]byte(word))
	return hex.EncodeToString(h[:])
}

// newRelease returns a valid release named by word, uploaded at uploaded.
func newRelease(word string, uploaded time.Time) Release {
	return Release{ID: digest(word), Model: "imp001", Slot: "improm", Version: "36." + word,
		Sequence: 7, Size: 4096, Manifest: []byte("suit:" + word), Uploaded: uploaded}
}

// release records newRelease(word, uploaded).
func (f fixture) release(word string, uploaded time.Time) Release {
	f.t.Helper()
	r, err := f.s.CreateRelease(f.ctx, newRelease(word, uploaded))
	if err != nil {
		f.t.Fatalf("CreateRelease(%q): %v", word, err)
	}
	return r
}

// newRollout returns a valid request rollout of releaseID, in three waves.
func newRollout(releaseID string) Rollout {
	return Rollout{ReleaseID: releaseID, Mode: "request", Percent: 100, Waves: []int{10, 50, 100},
		FailureThreshold: 0.1, CreatedBy: "operator"}
}

// rollout records r with devs.
func (f fixture) rollout(r Rollout, devs ...RolloutDevice) Rollout {
	f.t.Helper()
	r, err := f.s.CreateRollout(f.ctx, r, devs)
	if err != nil {
		f.t.Fatalf("CreateRollout: %v", err)
	}
	return r
}

// invalidCase is a record that breaks a rule, and what the error must say.
type invalidCase[T any] struct {
	name   string
	change func(*T)
	want   string // a substring of the error: the field and the value
}

// checkInvalid applies each case to a fresh valid record and checks that
// create refuses it with ErrInvalid and an error containing c.want.
func checkInvalid[T any](t *testing.T, valid func() T, create func(T) error, cases []invalidCase[T]) {
	t.Helper()
	for _, c := range cases {
		v := valid()
		c.change(&v)
		err := create(v)
		wantErr(t, c.name, err, ErrInvalid)
		if err != nil && !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %q does not say %q", c.name, err, c.want)
		}
	}
}

func testReleases(t *testing.T, f fixture) {
	r1 := f.release("1", at(0))
	r2 := f.release("2", at(1))
	if want := newRelease("1", at(0)); !reflect.DeepEqual(r1, want) {
		t.Errorf("CreateRelease = %+v, want %+v", r1, want)
	}
	got, err := f.s.Release(f.ctx, r1.ID)
	must(t, "Release", err)
	if !reflect.DeepEqual(got, r1) {
		t.Errorf("Release = %+v, want %+v", got, r1)
	}
	_, err = f.s.Release(f.ctx, digest("missing"))
	wantErr(t, "Release unknown", err, ErrNotFound)
	_, err = f.s.CreateRelease(f.ctx, newRelease("1", at(5)))
	wantErr(t, "CreateRelease again", err, ErrConflict)

	list, err := f.s.Releases(f.ctx)
	must(t, "Releases", err)
	m1, m2 := r1, r2
	m1.Manifest, m2.Manifest = nil, nil
	if !reflect.DeepEqual(list, []Release{m2, m1}) {
		t.Errorf("Releases = %+v, want newest first without manifests", list)
	}

	must(t, "WithdrawRelease", f.s.WithdrawRelease(f.ctx, r1.ID, at(10)))
	must(t, "WithdrawRelease again", f.s.WithdrawRelease(f.ctx, r1.ID, at(20)))
	got, err = f.s.Release(f.ctx, r1.ID)
	must(t, "Release", err)
	if got.Withdrawn == nil || !got.Withdrawn.Equal(at(10)) {
		t.Errorf("Withdrawn = %v, want the first time %v", got.Withdrawn, at(10))
	}
	must(t, "WithdrawRelease now", f.s.WithdrawRelease(f.ctx, r2.ID, time.Time{}))
	if got, err := f.s.Release(f.ctx, r2.ID); err != nil || got.Withdrawn == nil || got.Withdrawn.IsZero() {
		t.Errorf("Release after withdrawing now = %+v, %v", got, err)
	}
	wantErr(t, "WithdrawRelease unknown", f.s.WithdrawRelease(f.ctx, digest("missing"), time.Time{}), ErrNotFound)
}

func testReleaseInvalid(t *testing.T, f fixture) {
	checkInvalid(t, func() Release { return newRelease("1", time.Time{}) },
		func(r Release) error { _, err := f.s.CreateRelease(f.ctx, r); return err },
		[]invalidCase[Release]{
			{"upper-case id", func(r *Release) { r.ID = strings.ToUpper(r.ID) }, "release id"},
			{"short id", func(r *Release) { r.ID = "abc" }, `"abc"`},
			{"no model", func(r *Release) { r.Model = "" }, "model"},
			{"slot", func(r *Release) { r.Slot = "flash" }, `slot "flash"`},
			{"no version", func(r *Release) { r.Version = "" }, "version"},
			{"sequence", func(r *Release) { r.Sequence = -1 }, "sequence -1"},
			{"size", func(r *Release) { r.Size = 0 }, "size 0"},
			{"no manifest", func(r *Release) { r.Manifest = nil }, "manifest"},
		})
	if list, err := f.s.Releases(f.ctx); err != nil || len(list) != 0 {
		t.Errorf("Releases after invalid creates = %+v, %v", list, err)
	}
}

// newAdvisory returns a valid advisory with id, created at created.
func newAdvisory(id string, created time.Time) Advisory {
	return Advisory{ID: id, Severity: "high", Summary: "TLS record overflow", Model: "imp001",
		Affected: ">=36.0 <36.10", Fixed: "36.10", Created: created, Confirmed: created}
}

func testAdvisories(t *testing.T, f fixture) {
	a1, err := f.s.CreateAdvisory(f.ctx, newAdvisory("DREY-2026-0001", at(0)))
	must(t, "CreateAdvisory", err)
	a2, err := f.s.CreateAdvisory(f.ctx, newAdvisory("DREY-2026-0002", time.Time{}))
	must(t, "CreateAdvisory now", err)
	if a2.Created.IsZero() || !reflect.DeepEqual(a1, newAdvisory("DREY-2026-0001", at(0))) {
		t.Errorf("CreateAdvisory = %+v, %+v", a1, a2)
	}
	got, err := f.s.Advisory(f.ctx, a1.ID)
	must(t, "Advisory", err)
	if !reflect.DeepEqual(got, a1) {
		t.Errorf("Advisory = %+v, want %+v", got, a1)
	}
	_, err = f.s.Advisory(f.ctx, "DREY-2026-9999")
	wantErr(t, "Advisory unknown", err, ErrNotFound)
	_, err = f.s.CreateAdvisory(f.ctx, newAdvisory(a1.ID, at(3)))
	wantErr(t, "CreateAdvisory again", err, ErrConflict)
	list, err := f.s.Advisories(f.ctx)
	must(t, "Advisories", err)
	if !reflect.DeepEqual(list, []Advisory{a2, a1}) {
		t.Errorf("Advisories = %+v, want newest first", list)
	}

	checkInvalid(t, func() Advisory { return newAdvisory("DREY-2026-0003", time.Time{}) },
		func(a Advisory) error { _, err := f.s.CreateAdvisory(f.ctx, a); return err },
		[]invalidCase[Advisory]{
			{"no id", func(a *Advisory) { a.ID = "" }, "advisory id"},
			{"severity", func(a *Advisory) { a.Severity = "severe" }, `severity "severe"`},
			{"no model", func(a *Advisory) { a.Model = "" }, "model"},
			{"no affected", func(a *Advisory) { a.Affected = "" }, "affected"},
		})
}

func testRolloutInvalid(t *testing.T, f fixture) {
	o := f.owner("a")
	d := f.device(o.ID, "")
	rel := f.release("1", time.Time{})
	type rd = struct {
		r    Rollout
		devs []RolloutDevice
	}
	valid := func() rd {
		return rd{newRollout(rel.ID), []RolloutDevice{{DeviceID: d.ID, OwnerID: o.ID, Wave: 2}}}
	}
	checkInvalid(t, valid, func(v rd) error { _, err := f.s.CreateRollout(f.ctx, v.r, v.devs); return err },
		[]invalidCase[rd]{
			{"no release", func(v *rd) { v.r.ReleaseID = "" }, "release id"},
			{"mode", func(v *rd) { v.r.Mode = "push" }, `mode "push"`},
			{"percent 0", func(v *rd) { v.r.Percent = 0 }, "percent 0"},
			{"percent 101", func(v *rd) { v.r.Percent = 101 }, "percent 101"},
			{"no waves", func(v *rd) { v.r.Waves = nil }, "waves"},
			{"waves decreasing", func(v *rd) { v.r.Waves = []int{10, 5, 100} }, "[10 5 100]"},
			{"waves repeating", func(v *rd) { v.r.Waves = []int{50, 50, 100} }, "[50 50 100]"},
			{"waves from 0", func(v *rd) { v.r.Waves = []int{0, 100} }, "[0 100]"},
			{"waves past 100", func(v *rd) { v.r.Waves = []int{10, 200} }, "[10 200]"},
			{"waves short of 100", func(v *rd) { v.r.Waves = []int{10, 50, 90} }, "do not end at 100"},
			{"threshold negative", func(v *rd) { v.r.FailureThreshold = -0.1 }, "threshold -0.1"},
			{"threshold over 1", func(v *rd) { v.r.FailureThreshold = 1.5 }, "threshold 1.5"},
			{"threshold NaN", func(v *rd) { v.r.FailureThreshold = math.NaN() }, "threshold NaN"},
			{"demand unjustified", func(v *rd) { v.r.Mode, v.r.Justification = "demand", " " }, "justification"},
			{"emergency unjustified", func(v *rd) { v.r.Emergency = true }, "emergency"},
			{"no operator", func(v *rd) { v.r.CreatedBy = "" }, "CreatedBy"},
			{"state", func(v *rd) { v.r.State = "started" }, `state "started"`},
			{"wave", func(v *rd) { v.r.Wave = 3 }, "wave 3"},
			{"group twice", func(v *rd) { v.r.Groups = []string{"g", "g"} }, `group "g"`},
			{"device state", func(v *rd) { v.devs[0].State = "installing" }, `state "installing"`},
			{"device wave", func(v *rd) { v.devs[0].Wave = 3 }, "wave 3"},
			{"device deferrals", func(v *rd) { v.devs[0].Deferrals = -1 }, "deferrals -1"},
			{"device twice", func(v *rd) { v.devs = append(v.devs, v.devs[0]) }, "twice"},
			{"device id", func(v *rd) { v.devs[0].DeviceID = "" }, "device id"},
		})
	if list, err := f.s.Rollouts(f.ctx); err != nil || len(list) != 0 {
		t.Errorf("Rollouts after invalid creates = %+v, %v", list, err)
	}
}
