package suit

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// sentinels are the errors Decode and Verify may return, for classifying
// rejections.
var sentinels = []error{
	ErrMalformed, ErrBadSignature, ErrUnknownKey, ErrTooFewSignatures,
	ErrDigestMismatch, ErrUnsupportedVersion, ErrUnsupportedElement,
}

func sentinelOf(err error) error {
	for _, s := range sentinels {
		if errors.Is(err, s) {
			return s
		}
	}
	return nil
}

// TestBitFlips flips every bit of every example envelope, one at a time,
// and requires Decode and Verify to reject each result with one of their
// typed errors (REQ-SEC-2: changing any byte the device reads must make
// verification fail).
//
// Bits outside the signed manifest are included: the tag, the map and
// array heads, the digest, the COSE protected and unprotected headers, the
// signature, and example 2's severed members. If a flip in such a place
// ever verified, the test would instead require the manifest returned, its
// encoding, and the actions processing takes to be identical to the
// original's, so that the unauthenticated bit provably changed nothing.
func TestBitFlips(t *testing.T) {
	keys := exampleKeys(t)
	total, accepted := 0, 0
	bySentinel := map[string]int{}
	for n := 0; n < numExamples; n++ {
		orig := example(t, n)
		_, want := verifyExample(t, n)
		wantBytes, wantSevered, err := want.MarshalSevered()
		if err != nil {
			t.Fatal(err)
		}
		wantReport := processForFlip(want)
		for i := 0; i < len(orig)*8; i++ {
			data := bytes.Clone(orig)
			data[i/8] ^= 0x80 >> (i % 8)
			total++
			env, err := Decode(data)
			var m *Manifest
			if err == nil {
				m, err = env.Verify(keys, 1)
			}
			if err != nil {
				s := sentinelOf(err)
				if s == nil {
					t.Errorf("example %d bit %d: untyped error %v", n, i, err)
				}
				bySentinel[fmt.Sprint(s)]++
				continue
			}
			accepted++
			t.Logf("example %d: flipping bit %d (byte %d) still verifies", n, i, i/8)
			gotBytes, gotSevered, err := m.MarshalSevered()
			if err != nil || !bytes.Equal(gotBytes, wantBytes) || !reflect.DeepEqual(gotSevered, wantSevered) || !reflect.DeepEqual(m, want) {
				t.Errorf("example %d bit %d: verified but the manifest changed", n, i)
			}
			if got := processForFlip(m); got != wantReport {
				t.Errorf("example %d bit %d: verified but processing changed:\n%s\nwant\n%s", n, i, got, wantReport)
			}
		}
	}
	var lines []string
	for s, c := range bySentinel {
		lines = append(lines, fmt.Sprintf("%s: %d", s, c))
	}
	sort.Strings(lines)
	t.Logf("%d flips, %d verified; rejections: %s", total, accepted, strings.Join(lines, ", "))
}

// processForFlip processes m on a device prepared for any example and
// returns the report and device log as text.
func processForFlip(m *Manifest) string {
	dev := newFakeEnv()
	for c := 0; c < 3; c++ {
		dev.content[c] = payload(byte(c), 10)
		dev.claims[c] = claim{digestA, sizeA}
	}
	for _, uri := range []string{"http://example.com/file.bin", "http://example.com/file1.bin", "http://example.com/file2.bin", "http://example.com/very/long/path/to/file/file.bin"} {
		dev.payloads[uri] = payload(9, 100)
	}
	rep, err := Process(m, dev, exampleVendor, exampleClass)
	return fmt.Sprintf("%s\nerr %v\nlog %q", rep, err, dev.log)
}
