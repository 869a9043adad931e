// The conformance suite: every Store implementation runs testStore, so the
// SQLite default and a PostgreSQL store at scale answer the same way.

package store

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"errors"
	"testing"
	"time"
)

// testStore runs the conformance suite. open must return a new, empty
// store each time it is called; testStore closes it, twice, at the end of
// each test.
func testStore(t *testing.T, open func(t *testing.T) Store) {
	cases := []struct {
		name string
		run  func(t *testing.T, f fixture)
	}{
		{"Owners", testOwners},
		{"Tokens", testTokens},
		{"Groups", testGroups},
		{"GroupMaintenance", testGroupMaintenance},
		{"EnrollDevice", testEnrollDevice},
		{"DeviceList", testDeviceList},
		{"DeviceStatus", testDeviceStatus},
		{"RevokedDevice", testRevokedDevice},
		{"AssignDevice", testAssignDevice},
		{"TransferDevice", testTransferDevice},
		{"Deployments", testDeployments},
		{"DeploymentVersionsConcurrent", testDeploymentVersionsConcurrent},
		{"Rollback", testRollback},
		{"Logs", testLogs},
		{"LogsConcurrent", testLogsConcurrent},
		{"PruneLogs", testPruneLogs},
		{"AgentData", testAgentData},
		{"Releases", testReleases},
		{"ReleaseInvalid", testReleaseInvalid},
		{"WrappedKeys", testWrappedKeys},
		{"Advisories", testAdvisories},
		{"ModelSupport", testModelSupport},
		{"ModelSupportNotice", testModelSupportNotice},
		{"Rollouts", testRollouts},
		{"RolloutInvalid", testRolloutInvalid},
		{"RolloutApprovals", testRolloutApprovals},
		{"DeviceRollouts", testDeviceRollouts},
		{"UpgradeHistory", testUpgradeHistory},
		{"PruneUpgradeHistory", testPruneUpgradeHistory},
		{"OwnerScoping", testOwnerScoping},
		{"Notices", testNotices},
		{"NoticeWebhooks", testNoticeWebhooks},
		{"AdvisoryConfirmed", testAdvisoryConfirmed},
		{"TransferOpenRollouts", testTransferOpenRollouts},
		{"ContextCanceled", testContextCanceled},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := open(t)
			t.Cleanup(func() {
				if err := s.Close(); err != nil {
					t.Errorf("Close: %v", err)
				}
				if err := s.Close(); err != nil {
					t.Errorf("Close again: %v", err)
				}
			})
			c.run(t, fixture{t: t, s: s, ctx: context.Background()})
		})
	}
}

// fixture makes the records a test needs, failing the test if it cannot.
type fixture struct {
	t   *testing.T
	s   Store
	ctx context.Context
}

// owner creates an owner.
func (f fixture) owner(name string) Owner {
	f.t.Helper()
	o, err := f.s.CreateOwner(f.ctx, name)
	if err != nil {
		f.t.Fatalf("CreateOwner(%q): %v", name, err)
	}
	return o
}

// group creates a group of ownerID.
func (f fixture) group(ownerID, name string) Group {
	f.t.Helper()
	g, err := f.s.CreateGroup(f.ctx, Group{OwnerID: ownerID, Name: name})
	if err != nil {
		f.t.Fatalf("CreateGroup(%q): %v", name, err)
	}
	return g
}

// device enrols a device of ownerID in groupID with a fresh key.
func (f fixture) device(ownerID, groupID string) Device {
	f.t.Helper()
	d, err := f.s.EnrollDevice(f.ctx, Device{OwnerID: ownerID, GroupID: groupID, Model: "imp001", PublicKey: newKey(f.t)})
	if err != nil {
		f.t.Fatalf("EnrollDevice: %v", err)
	}
	return d
}

// deploy creates a deployment of groupID whose code is the text code.
func (f fixture) deploy(ownerID, groupID, code string) Deployment {
	f.t.Helper()
	d, err := f.s.CreateDeployment(f.ctx, Deployment{
		OwnerID: ownerID, GroupID: groupID,
		DeviceCode: []byte("dev:" + code), AgentCode: []byte("agent:" + code),
		DeviceSource: "// device " + code, AgentSource: "// agent " + code,
		Digest: "sha256:" + code,
	})
	if err != nil {
		f.t.Fatalf("CreateDeployment(%q): %v", code, err)
	}
	return d
}

// log appends a line to a device's log.
func (f fixture) log(ownerID, deviceID string, at time.Time, text string) {
	f.t.Helper()
	err := f.s.AppendLog(f.ctx, ownerID, LogLine{DeviceID: deviceID, Time: at, Source: SourceDevice, Level: LevelInfo, Text: text})
	if err != nil {
		f.t.Fatalf("AppendLog(%q): %v", text, err)
	}
}

// newKey returns a fresh P-256 public key in DER, as a device has.
func newKey(t testing.TB) []byte {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKIXPublicKey(&k.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	return der
}

// must fails the test if err is not nil.
func must(t *testing.T, what string, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// wantErr fails the test unless err wraps target.
func wantErr(t *testing.T, what string, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Errorf("%s: error %v, want %v", what, err, target)
	}
}

// testContextCanceled checks that a canceled context stops a call.
func testContextCanceled(t *testing.T, f fixture) {
	ctx, cancel := context.WithCancel(f.ctx)
	cancel()
	_, err := f.s.CreateOwner(ctx, "late")
	wantErr(t, "CreateOwner with canceled context", err, context.Canceled)
	_, err = f.s.Owner(ctx, "x")
	wantErr(t, "Owner with canceled context", err, context.Canceled)
}
