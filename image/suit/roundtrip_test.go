package suit

import (
	"bytes"
	"errors"
	"reflect"
	"testing"
)

// TestMarshalExamples checks that re-encoding each verified example gives
// back the signed manifest and severed members byte for byte: the decoded
// Manifest holds everything that was signed and nothing else (REQ-SEC-2).
func TestMarshalExamples(t *testing.T) {
	for n := 0; n < numExamples; n++ {
		env, m := verifyExample(t, n)
		b, severed, err := m.MarshalSevered()
		if err != nil {
			t.Fatalf("example %d: %v", n, err)
		}
		if !bytes.Equal(b, env.ManifestBytes()) {
			t.Errorf("example %d: Marshal differs from the signed manifest", n)
		}
		if len(severed) != len(env.severed) {
			t.Errorf("example %d: %d severed members, envelope has %d", n, len(severed), len(env.severed))
		}
		for label, body := range severed {
			if !bytes.Equal(encBstr(body), env.severed[label]) {
				t.Errorf("example %d: severed %s differs", n, MemberName(label))
			}
		}
	}
}

// TestSignExamples re-signs each example's manifest with the published key
// and checks that the envelope is the published one but for the ECDSA
// signature, which is randomized, and that it verifies.
func TestSignExamples(t *testing.T) {
	for n := 0; n < numExamples; n++ {
		env, m := verifyExample(t, n)
		b, severed, err := m.MarshalSevered()
		if err != nil {
			t.Fatal(err)
		}
		out, err := SignSevered(b, severed, exampleSigner(t))
		if err != nil {
			t.Fatalf("example %d: %v", n, err)
		}
		got, err := Decode(out)
		if err != nil {
			t.Fatalf("example %d: Decode: %v", n, err)
		}
		if _, err := got.Verify(exampleKeys(t), 1); err != nil {
			t.Fatalf("example %d: Verify: %v", n, err)
		}
		same := bytes.Replace(out, got.Signatures[0].msg.Signature, env.Signatures[0].msg.Signature, 1)
		if !bytes.Equal(same, example(t, n)) {
			t.Errorf("example %d: signed envelope differs from the published one beyond the signature\n got %x\nwant %x", n, same, example(t, n))
		}
	}
}

// TestBuildDreyManifest builds a manifest with every Drey parameter and
// severed text, signs it with a kid, and checks that Verify returns the same
// manifest.
func TestBuildDreyManifest(t *testing.T) {
	k := testKeys(t)[0]
	m := dreyManifest(payload(9, 1000))
	env, err := Decode(buildEnvelope(t, m, k))
	if err != nil {
		t.Fatal(err)
	}
	if len(env.severed) != 1 || env.Signatures[0].KeyID == nil {
		t.Fatalf("severed %v, kid %q", env.severed, env.Signatures[0].KeyID)
	}
	got, err := env.Verify(keySetOf(t, k), 1)
	if err != nil {
		t.Fatal(err)
	}
	m.Severed = map[int64]Digest{MemberText: got.Severed[MemberText]}
	if !reflect.DeepEqual(got, m) {
		t.Errorf("Verify returned\n%+v\nwant\n%+v", got, m)
	}
	p := got.Common.Shared[0].Params
	if *p.DreyModel != "imp001" || *p.DreySlot != SlotImprom || *p.DreyEncryptionMode != EncryptionDevice || len(p.DreyChainRoot) != 32 {
		t.Errorf("Drey parameters %+v", p)
	}
}

// TestMarshalRefusesInvalid checks that Marshal and Sign refuse manifests a
// device would refuse, so that nothing unverifiable is ever signed.
func TestMarshalRefusesInvalid(t *testing.T) {
	bad := "beta"
	tests := map[string]func(m *Manifest){
		"no components": func(m *Manifest) { m.Common.Components = nil },
		"index out of range": func(m *Manifest) {
			m.Invoke = Sequence{{Code: DirSetIndex, Index: &ComponentIndex{Indices: []uint64{3}}}}
		},
		"fetch in shared": func(m *Manifest) { m.Common.Shared = append(m.Common.Shared, Command{Code: DirFetch}) },
		"bad drey slot":   func(m *Manifest) { m.Common.Shared[0].Params.DreySlot = &bad },
		"unsupported command": func(m *Manifest) {
			m.Validate = Sequence{{Code: 31}} // swap
		},
		"text for unknown component": func(m *Manifest) {
			m.Text["en"].Components[0].ID = ComponentID{[]byte("bootrom")}
		},
	}
	for name, mutate := range tests {
		m := dreyManifest(payload(1, 10))
		mutate(m)
		if _, err := m.Marshal(); err == nil {
			t.Errorf("%s: Marshal accepted it", name)
		} else if !errors.Is(err, ErrMalformed) && !errors.Is(err, ErrUnsupportedElement) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := Sign([]byte{0xa0}, testKeys(t)[0].signer); !errors.Is(err, ErrMalformed) {
		t.Errorf("Sign of an empty map: %v", err)
	}
}
