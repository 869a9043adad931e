package suit

import (
	"crypto/sha256"
	"testing"
)

// dreyManifest returns a manifest of the kind Drey builds for platform
// firmware: one component, the compatibility check, Drey's parameters, a
// fetch and an image match in install, validation and invocation, and
// severed text.
func dreyManifest(image []byte) *Manifest {
	sum := sha256.Sum256(image)
	size := uint64(len(image))
	uri := "https://drey.example/img/imp001-36.10.bin"
	model, slot, version, minBoot := "imp001", SlotImprom, "36.10", "2.3"
	block, mode := uint64(4096), uint64(EncryptionDevice)
	stored := size + 16
	m := &Manifest{
		SequenceNumber: 3610,
		Common: Common{
			Components: []ComponentID{{[]byte("improm")}},
			Shared: Sequence{
				{Code: DirOverride, Params: &Parameters{
					VendorID: exampleVendor, ClassID: exampleClass,
					ImageDigest: &Digest{Algorithm: AlgSHA256, Bytes: sum[:]}, ImageSize: &size,
					DreyModel: &model, DreySlot: &slot, DreyVersion: &version, DreyMinBootrom: &minBoot,
					DreyBlockSize: &block, DreyChainRoot: make32(1), DreyStoredSize: &stored,
					DreyCEKCommitment: make32(2), DreyEncryptionMode: &mode,
				}},
				{Code: CondVendorID, Policy: 15},
				{Code: CondClassID, Policy: 15},
			},
		},
		Install: Sequence{
			{Code: DirOverride, Params: &Parameters{URI: &uri}},
			{Code: DirFetch, Policy: 2},
			{Code: CondImageMatch, Policy: 15},
		},
		Validate: Sequence{{Code: CondImageMatch, Policy: 15}},
		Invoke:   Sequence{{Code: DirInvoke, Policy: 2}},
		Text: Text{"en": LangText{
			Manifest:   map[int64]string{TextManifestDescription: "imp001 improm 36.10"},
			Components: []ComponentText{{ID: ComponentID{[]byte("improm")}, Fields: map[int64]string{TextComponentVersion: "36.10"}}},
		}},
	}
	m.Sever(MemberText)
	return m
}

func make32(seed byte) []byte {
	b := make([]byte, 32)
	for i := range b {
		b[i] = seed + byte(i)
	}
	return b
}

// buildEnvelope marshals m and signs it with signers.
func buildEnvelope(t testing.TB, m *Manifest, signers ...testKey) []byte {
	t.Helper()
	b, severed, err := m.MarshalSevered()
	if err != nil {
		t.Fatalf("MarshalSevered: %v", err)
	}
	env, err := SignSevered(b, severed, signersOf(signers...)...)
	if err != nil {
		t.Fatalf("SignSevered: %v", err)
	}
	return env
}
