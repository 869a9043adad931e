package suit

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

// TestProcessRealDigests runs a signed Drey manifest on a simulated device
// whose payload has the real digest the manifest signs, with no test hook:
// the genuine payload installs and boots, and a payload changed by one byte,
// or one byte longer, is refused before anything is invoked (REQ-SEC-2: the
// digest and size that decide are those inside the signature).
func TestProcessRealDigests(t *testing.T) {
	k := testKeys(t)[2]
	image := payload(42, 5000)
	m := dreyManifest(image)
	env, err := Decode(buildEnvelope(t, m, k))
	if err != nil {
		t.Fatal(err)
	}
	got, err := env.Verify(keySetOf(t, k), 1)
	if err != nil {
		t.Fatal(err)
	}
	uri := *m.Install[0].Params.URI
	tampered := slices.Clone(image)
	tampered[100] ^= 0x80
	tests := []struct {
		name    string
		served  []byte
		want    error
		wantLog []string
	}{
		{"genuine", image, nil, []string{"fetch 0 " + uri, "invoke 0"}},
		{"one byte changed", tampered, ErrConditionFailed, []string{"fetch 0 " + uri}},
		{"one byte longer", append(slices.Clone(image), 0), ErrProcessing, nil},
		{"one byte shorter", image[:len(image)-1], ErrConditionFailed, []string{"fetch 0 " + uri}},
	}
	for _, tc := range tests {
		dev := newFakeEnv()
		dev.payloads[uri] = tc.served
		rep, err := Process(got, dev, exampleVendor, exampleClass)
		if !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v\n%s", tc.name, err, tc.want, rep)
		}
		if !slices.Equal(dev.log, tc.wantLog) {
			t.Errorf("%s: device log %q, want %q", tc.name, dev.log, tc.wantLog)
		}
	}
}

// process validates m by marshalling it, then processes it on dev.
func process(t *testing.T, m *Manifest, dev *fakeEnv) (Report, error) {
	t.Helper()
	if _, err := m.Marshal(); err != nil {
		t.Fatalf("Marshal: %v", err)
	}
	return Process(m, dev, exampleVendor, exampleClass)
}

func oneComponent() Common {
	return Common{Components: []ComponentID{{[]byte{0}}}, Shared: identity()}
}

// identity is the compatibility check every shared sequence needs.
func identity() Sequence {
	return Sequence{
		{Code: DirSetIndex, Index: &ComponentIndex{All: true}},
		{Code: DirOverride, Params: &Parameters{VendorID: exampleVendor, ClassID: exampleClass}},
		{Code: CondVendorID},
		{Code: CondClassID},
	}
}

func boolp(b bool) *bool     { return &b }
func uintp(v uint64) *uint64 { return &v }

// TestProcessSoftFailure checks the failure rules of §8.4.8.15: inside
// try-each a failed condition moves on to the next alternative unless the
// alternative turned soft-failure off; a nil alternative succeeds; inside
// run-sequence a failed condition halts the sequence only when soft-failure
// is on; soft-failure cannot be set outside them; directive failures are
// never soft.
func TestProcessSoftFailure(t *testing.T) {
	abort := Command{Code: CondAbort}
	invoke := Command{Code: DirInvoke}
	fetch := Command{Code: DirFetch} // no uri set: a directive failure
	soft := func(v bool) Command { return Command{Code: DirOverride, Params: &Parameters{SoftFailure: boolp(v)}} }
	tests := []struct {
		name    string
		invoke  Sequence
		want    error
		wantLog []string
	}{
		{"try-each falls through to the second", Sequence{{Code: DirTryEach, Sequences: []Sequence{{abort}, {invoke}}}}, nil, []string{"invoke 0"}},
		{"try-each all fail", Sequence{{Code: DirTryEach, Sequences: []Sequence{{abort}, {abort}}}, invoke}, ErrConditionFailed, nil},
		{"try-each nil alternative", Sequence{{Code: DirTryEach, Sequences: []Sequence{{abort}, nil}}, invoke}, nil, []string{"invoke 0"}},
		{"try-each hard failure", Sequence{{Code: DirTryEach, Sequences: []Sequence{{soft(false), abort}, {invoke}}}}, ErrConditionFailed, nil},
		{"try-each directive failure", Sequence{{Code: DirTryEach, Sequences: []Sequence{{fetch}, {invoke}}}}, ErrProcessing, nil},
		{"run-sequence fails by default", Sequence{{Code: DirRunSequence, Sequences: []Sequence{{abort}}}, invoke}, ErrConditionFailed, nil},
		{"run-sequence soft halts", Sequence{{Code: DirRunSequence, Sequences: []Sequence{{soft(true), abort, invoke}}}, invoke}, nil, []string{"invoke 0"}},
		{"soft-failure at top level", Sequence{soft(true), invoke}, ErrProcessing, nil},
	}
	for _, tc := range tests {
		dev := newFakeEnv()
		dev.content[0] = []byte{1}
		m := &Manifest{Common: oneComponent(), Invoke: tc.invoke}
		rep, err := process(t, m, dev)
		if !errors.Is(err, tc.want) || (tc.want == nil && err != nil) {
			t.Errorf("%s: %v, want %v\n%s", tc.name, err, tc.want, rep)
		}
		if !slices.Equal(dev.log, tc.wantLog) {
			t.Errorf("%s: device log %q, want %q", tc.name, dev.log, tc.wantLog)
		}
	}
}

// TestProcessComponentIndex checks set-component-index with true and with
// a list: commands then apply to each listed component in order.
func TestProcessComponentIndex(t *testing.T) {
	dev := newFakeEnv()
	for i := 0; i < 3; i++ {
		dev.content[i] = []byte{byte(i)}
	}
	m := &Manifest{
		Common: Common{Components: []ComponentID{{[]byte{0}}, {[]byte{1}}, {[]byte{2}}}, Shared: identity()},
		Invoke: Sequence{
			{Code: DirSetIndex, Index: &ComponentIndex{All: true}},
			{Code: DirInvoke},
			{Code: DirSetIndex, Index: &ComponentIndex{List: true, Indices: []uint64{2, 0}}},
			{Code: DirOverride, Params: &Parameters{SourceComponent: uintp(1)}},
			{Code: DirCopy},
		},
	}
	if _, err := process(t, m, dev); err != nil {
		t.Fatal(err)
	}
	want := []string{"invoke 0", "invoke 1", "invoke 2", "copy 2<-1", "copy 0<-1"}
	if !slices.Equal(dev.log, want) {
		t.Errorf("device log %q, want %q", dev.log, want)
	}
	dev.capacity = 2
	if _, err := process(t, m, dev); !errors.Is(err, ErrProcessing) {
		t.Errorf("three components on a two-component device: %v", err)
	}
}

// TestProcessNeedsIdentity checks that a manifest whose shared sequence does
// not check the vendor and class is not processed: it would fit any device.
func TestProcessNeedsIdentity(t *testing.T) {
	for _, drop := range []int64{CondVendorID, CondClassID} {
		dev := newFakeEnv()
		dev.content[0] = []byte{1}
		shared := slices.DeleteFunc(identity(), func(c Command) bool { return c.Code == drop })
		m := &Manifest{Common: Common{Components: []ComponentID{{[]byte{0}}}, Shared: shared}, Invoke: Sequence{{Code: DirInvoke}}}
		if _, err := process(t, m, dev); !errors.Is(err, ErrProcessing) || len(dev.log) != 0 {
			t.Errorf("without %s: %v, device log %q", CommandName(drop), err, dev.log)
		}
	}
}

// TestProcessStepLimit checks that nested run-sequences over every
// component, which multiply the work, stop at the step limit.
func TestProcessStepLimit(t *testing.T) {
	var ids []ComponentID
	dev := newFakeEnv()
	dev.capacity = MaxComponents
	for i := 0; i < MaxComponents; i++ {
		ids = append(ids, ComponentID{[]byte{byte(i)}})
		dev.content[i] = []byte{1}
	}
	all := Command{Code: DirSetIndex, Index: &ComponentIndex{All: true}}
	inner := Sequence{all, {Code: DirInvoke}}
	for i := 0; i < MaxSequenceDepth; i++ {
		inner = Sequence{all, {Code: DirRunSequence, Sequences: []Sequence{inner}}}
	}
	m := &Manifest{Common: Common{Components: ids, Shared: identity()}, Invoke: inner}
	_, err := process(t, m, dev)
	if !errors.Is(err, ErrProcessing) || !strings.Contains(err.Error(), "commands") {
		t.Errorf("%v", err)
	}
}
