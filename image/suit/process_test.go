package suit

import (
	"encoding/hex"
	"errors"
	"slices"
	"strings"
	"testing"
)

// The identity of the examples' device.
var (
	exampleVendor = mustHex("fa6b4a53d5ad5fdfbe9de663e4d41ffe")
	exampleClass  = mustHex("1492af1425695e48bf429b2d51f2ab45")
	// The examples' image digests are sample patterns, not SHA-256 values of
	// any known payload.
	digestA = mustHex("00112233445566778899aabbccddeeff0123456789abcdeffedcba9876543210")
	digestB = mustHex("0123456789abcdeffedcba987654321000112233445566778899aabbccddeeff")
)

const sizeA, sizeB = 34768, 76834

func mustHex(s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}

// TestProcessExamples decodes, verifies and processes examples 0–5 on a
// simulated device and checks what each asks of it, in order (REQ-SEC-3:
// processing starts from the Manifest that Verify returned).
//
// The payloads behind the examples' image digests are unknown (the digests
// are sample patterns such as 00112233…), so no payload can match them.
// The simulated device therefore serves fake payloads of the right size and
// reports, through the claims test hook, the digest (and size) each example
// expects for a component once that component holds content. An image-match
// on an empty component still fails. TestProcessRealDigests covers the same
// path with real digests and no hook.
func TestProcessExamples(t *testing.T) {
	tests := []struct {
		name     string
		n        int
		setup    func(e *fakeEnv)
		want     []string
		wantLog  []string
		wantFail bool
	}{{
		name: "0 secure boot",
		n:    0,
		setup: func(e *fakeEnv) {
			e.content[0] = payload(0, sizeA) // already installed
			e.claims[0] = claim{digestA, sizeA}
		},
		want: []string{
			"shared vendor-identifier[0]", "shared class-identifier[0]",
			"validate image-match[0] sha256 00112233…",
			"shared vendor-identifier[0]", "shared class-identifier[0]",
			"invoke invoke[0]",
		},
		wantLog: []string{"invoke 0"},
	}, {
		name: "1 download and install",
		n:    1,
		setup: func(e *fakeEnv) {
			e.payloads["http://example.com/file.bin"] = payload(1, sizeA)
			e.claims[0] = claim{digestA, sizeA}
		},
		want: []string{
			"shared vendor-identifier[0]", "shared class-identifier[0]",
			"install fetch[0] http://example.com/file.bin",
			"install image-match[0] sha256 00112233…",
			"shared vendor-identifier[0]", "shared class-identifier[0]",
			"validate image-match[0] sha256 00112233…",
		},
		wantLog: []string{"fetch 0 http://example.com/file.bin"},
	}, {
		name: "2 severed install and text",
		n:    2,
		setup: func(e *fakeEnv) {
			e.payloads["http://example.com/very/long/path/to/file/file.bin"] = payload(2, sizeA)
			e.claims[0] = claim{digestA, sizeA}
		},
		want: []string{
			"shared vendor-identifier[0]", "shared class-identifier[0]",
			"install fetch[0] http://example.com/very/long/path/to/file/file.bin",
			"install image-match[0] sha256 00112233…",
			"shared vendor-identifier[0]", "shared class-identifier[0]",
			"validate image-match[0] sha256 00112233…",
			"shared vendor-identifier[0]", "shared class-identifier[0]",
			"invoke invoke[0]",
		},
		wantLog: []string{"fetch 0 http://example.com/very/long/path/to/file/file.bin", "invoke 0"},
	}, {
		name: "3 A/B images, device in slot 0",
		n:    3,
		setup: func(e *fakeEnv) {
			e.slots[0] = 0
			e.payloads["http://example.com/file1.bin"] = payload(3, sizeA)
			e.payloads["http://example.com/file2.bin"] = payload(4, sizeB)
			e.claims[0] = claim{digestA, sizeA}
		},
		want: []string{
			"shared component-slot[0] slot 0", "shared try-each[0] alternative 0",
			"shared vendor-identifier[0]", "shared class-identifier[0]",
			"install component-slot[0] slot 0", "install try-each[0] alternative 0",
			"install fetch[0] http://example.com/file1.bin",
			"install image-match[0] sha256 00112233…",
			"shared component-slot[0] slot 0", "shared try-each[0] alternative 0",
			"shared vendor-identifier[0]", "shared class-identifier[0]",
			"validate image-match[0] sha256 00112233…",
		},
		wantLog: []string{"fetch 0 http://example.com/file1.bin"},
	}, {
		name: "3 A/B images, device in slot 1",
		n:    3,
		setup: func(e *fakeEnv) {
			e.slots[0] = 1
			e.payloads["http://example.com/file1.bin"] = payload(3, sizeA)
			e.payloads["http://example.com/file2.bin"] = payload(4, sizeB)
			e.claims[0] = claim{digestB, sizeB}
		},
		want: []string{
			"shared component-slot[0] slot 0 FAIL", "shared component-slot[0] slot 1", "shared try-each[0] alternative 1",
			"shared vendor-identifier[0]", "shared class-identifier[0]",
			"install component-slot[0] slot 0 FAIL", "install component-slot[0] slot 1", "install try-each[0] alternative 1",
			"install fetch[0] http://example.com/file2.bin",
			"install image-match[0] sha256 01234567…",
			"shared component-slot[0] slot 0 FAIL", "shared component-slot[0] slot 1", "shared try-each[0] alternative 1",
			"shared vendor-identifier[0]", "shared class-identifier[0]",
			"validate image-match[0] sha256 01234567…",
		},
		wantLog: []string{"fetch 0 http://example.com/file2.bin"},
	}, {
		name: "4 load from external storage",
		n:    4,
		setup: func(e *fakeEnv) {
			e.payloads["http://example.com/file.bin"] = payload(5, sizeA)
			e.claims[1] = claim{digestA, sizeA}
			e.claims[0] = claim{digestA, sizeA}
			// The load copies component 0 into component 2 and then expects
			// a different digest and size, as a decompressing or decrypting
			// load would produce; the simulation copies bytes unchanged, so
			// the hook reports what the example expects.
			e.claims[2] = claim{digestB, sizeB}
		},
		want: []string{
			"shared vendor-identifier[0]", "shared class-identifier[0]",
			"payload-fetch fetch[1] http://example.com/file.bin",
			"payload-fetch image-match[1] sha256 00112233…",
			"shared vendor-identifier[0]", "shared class-identifier[0]",
			"install copy[0] from 1",
			"install image-match[0] sha256 00112233…",
			"shared vendor-identifier[0]", "shared class-identifier[0]",
			"validate image-match[0] sha256 00112233…",
			"shared vendor-identifier[0]", "shared class-identifier[0]",
			"load copy[2] from 0",
			"load image-match[2] sha256 01234567…",
			"shared vendor-identifier[0]", "shared class-identifier[0]",
			"invoke invoke[2]",
		},
		wantLog: []string{"fetch 1 http://example.com/file.bin", "copy 0<-1", "copy 2<-0", "invoke 2"},
	}, {
		name: "5 two images",
		n:    5,
		setup: func(e *fakeEnv) {
			e.payloads["http://example.com/file1.bin"] = payload(6, sizeA)
			e.payloads["http://example.com/file2.bin"] = payload(7, sizeB)
			e.claims[0] = claim{digestA, sizeA}
			e.claims[1] = claim{digestB, sizeB}
		},
		want: []string{
			"shared vendor-identifier[0]", "shared class-identifier[0]",
			"install fetch[0] http://example.com/file1.bin",
			"install image-match[0] sha256 00112233…",
			"install fetch[1] http://example.com/file2.bin",
			"install image-match[1] sha256 01234567…",
			"shared vendor-identifier[0]", "shared class-identifier[0]",
			"validate image-match[0] sha256 00112233…",
			"validate image-match[1] sha256 01234567…",
			"shared vendor-identifier[0]", "shared class-identifier[0]",
			"invoke invoke[0]",
		},
		wantLog: []string{"fetch 0 http://example.com/file1.bin", "fetch 1 http://example.com/file2.bin", "invoke 0"},
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, m := verifyExample(t, tc.n)
			env := newFakeEnv()
			tc.setup(env)
			rep, err := Process(m, env, exampleVendor, exampleClass)
			if err != nil {
				t.Fatalf("Process: %v\n%s", err, rep)
			}
			if got := actions(rep); !slices.Equal(got, tc.want) {
				t.Errorf("actions:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
			if !slices.Equal(env.log, tc.wantLog) {
				t.Errorf("device log %q, want %q", env.log, tc.wantLog)
			}
		})
	}
}

// TestProcessExampleWrongDevice checks that the compatibility check stops
// every example before any effect when the device is of another vendor or
// class.
func TestProcessExampleWrongDevice(t *testing.T) {
	other := mustHex("00000000000000000000000000000000")
	for n := 0; n < numExamples; n++ {
		_, m := verifyExample(t, n)
		for _, id := range [][2][]byte{{other, exampleClass}, {exampleVendor, other}} {
			env := newFakeEnv()
			env.slots[0] = 0
			_, err := Process(m, env, id[0], id[1])
			if !errors.Is(err, ErrConditionFailed) {
				t.Errorf("example %d: err %v, want ErrConditionFailed", n, err)
			}
			if len(env.log) != 0 {
				t.Errorf("example %d: device did %q before the identity check failed", n, env.log)
			}
		}
	}
}

// TestProcessExample2Severed checks example 2 as delivered without its
// severable elements: it verifies, Boot runs it, and Process refuses to
// install from it.
func TestProcessExample2Severed(t *testing.T) {
	blocks := exampleHex(t, 2)
	env, err := Decode(blocks[len(blocks)-2]) // with COSE, without severable elements
	if err != nil {
		t.Fatal(err)
	}
	m, err := env.Verify(exampleKeys(t), 1)
	if err != nil {
		t.Fatal(err)
	}
	if m.Install != nil || m.Text != nil || len(m.Severed) != 2 {
		t.Fatalf("install %v text %v severed %v", m.Install, m.Text, m.Severed)
	}
	dev := newFakeEnv()
	if _, err := Process(m, dev, exampleVendor, exampleClass); !errors.Is(err, ErrSevered) {
		t.Errorf("Process: %v, want ErrSevered", err)
	}
	dev.content[0] = payload(0, sizeA)
	dev.claims[0] = claim{digestA, sizeA}
	if _, err := Boot(m, dev, exampleVendor, exampleClass); err != nil {
		t.Errorf("Boot: %v", err)
	}
	if !slices.Equal(dev.log, []string{"invoke 0"}) {
		t.Errorf("device log %q", dev.log)
	}
}
