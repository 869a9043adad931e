package suit

import (
	"crypto/sha256"
	"fmt"
	"strings"
)

// fakeEnv is a simulated device: component storage in memory, payloads
// served by URI, and a log of the actions directives asked of it.
type fakeEnv struct {
	capacity int
	payloads map[string][]byte // what Fetch serves, by URI
	content  map[int][]byte    // what each component holds
	slots    map[int]uint64    // the slot each component occupies
	// claims is the test hook for payloads whose bytes are unknown: when a
	// component holds content, ImageDigest reports the claimed digest and
	// size instead of computing them. See TestProcessExamples.
	claims map[int]claim
	log    []string
}

type claim struct {
	digest []byte
	size   uint64
}

func newFakeEnv() *fakeEnv {
	return &fakeEnv{
		capacity: 4,
		payloads: map[string][]byte{},
		content:  map[int][]byte{},
		slots:    map[int]uint64{},
		claims:   map[int]claim{},
	}
}

func (e *fakeEnv) Components(ids []ComponentID) error {
	if len(ids) > e.capacity {
		return fmt.Errorf("device has %d components, manifest lists %d", e.capacity, len(ids))
	}
	return nil
}

func (e *fakeEnv) Fetch(c int, uri string, max uint64) (uint64, error) {
	p, ok := e.payloads[uri]
	if !ok {
		return 0, fmt.Errorf("404 %s", uri)
	}
	if uint64(len(p)) > max {
		return 0, fmt.Errorf("%s: more than %d bytes", uri, max)
	}
	e.content[c] = p
	e.log = append(e.log, fmt.Sprintf("fetch %d %s", c, uri))
	return uint64(len(p)), nil
}

func (e *fakeEnv) Copy(dst, src int) error {
	p, ok := e.content[src]
	if !ok {
		return fmt.Errorf("component %d is empty", src)
	}
	e.content[dst] = p
	e.log = append(e.log, fmt.Sprintf("copy %d<-%d", dst, src))
	return nil
}

func (e *fakeEnv) ImageDigest(c int) ([]byte, uint64, error) {
	p, ok := e.content[c]
	if !ok {
		return nil, 0, fmt.Errorf("component %d is empty", c)
	}
	if cl, ok := e.claims[c]; ok {
		return cl.digest, cl.size, nil
	}
	sum := sha256.Sum256(p)
	return sum[:], uint64(len(p)), nil
}

func (e *fakeEnv) Slot(c int) (uint64, error) { return e.slots[c], nil }

func (e *fakeEnv) Invoke(c int) error {
	if _, ok := e.content[c]; !ok {
		return fmt.Errorf("component %d is empty", c)
	}
	e.log = append(e.log, fmt.Sprintf("invoke %d", c))
	return nil
}

// actions lists the conditions and directives with effects in a report,
// leaving out parameter setting and index selection.
func actions(r Report) []string {
	var out []string
	for _, rec := range r.Records {
		if rec.Command == CommandName(DirOverride) || rec.Command == CommandName(DirSetIndex) {
			continue
		}
		s := fmt.Sprintf("%s %s[%d]", rec.Sequence, strings.TrimPrefix(strings.TrimPrefix(rec.Command, "condition-"), "directive-"), rec.Component)
		if rec.Detail != "" {
			s += " " + rec.Detail
		}
		if rec.Err != nil {
			s += " FAIL"
		}
		out = append(out, s)
	}
	return out
}

// payload returns n bytes of a fake payload, different for each seed.
func payload(seed byte, n int) []byte {
	p := make([]byte, n)
	for i := range p {
		p[i] = seed + byte(i*7)
	}
	return p
}
