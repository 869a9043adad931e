package suit

import (
	"fmt"
	"strings"
)

// MaxFetchSize bounds a fetch whose component has no image-size parameter.
const MaxFetchSize = 16 << 20

// Env is the device a manifest is processed on: its component storage and
// the actions directives ask of it. Components are named by their index in
// the manifest's component list, which Components binds first.
type Env interface {
	// Components is called once, before any command runs, with the
	// manifest's component identifiers. It fails if the device lacks any of
	// them (§6.2: a manifest may not name more components than the device
	// has).
	Components(ids []ComponentID) error
	// Fetch retrieves the resource at uri and stores it as the content of
	// component, reading at most max bytes. It returns the number of bytes
	// stored.
	Fetch(component int, uri string, max uint64) (uint64, error)
	// Copy replaces the content of component dst with that of src.
	Copy(dst, src int) error
	// ImageDigest returns the SHA-256 of the content of component and its
	// size in bytes. It fails if the component holds nothing.
	ImageDigest(component int) (sha256 []byte, size uint64, err error)
	// Slot returns the slot index the component occupies (A/B images).
	Slot(component int) (uint64, error)
	// Invoke transfers execution to component.
	Invoke(component int) error
}

// Report records what Process did, one Record per command applied to a
// component, in order.
type Report struct {
	Records []Record
}

// Record is the result of one command on one component.
type Record struct {
	// Sequence is the command sequence that ran it: "shared" for the common
	// sequence, otherwise MemberName of its label.
	Sequence string
	// Command is the draft's name for the command.
	Command string
	// Component is the component index, or -1 for commands that apply to no
	// component (set-component-index).
	Component int
	// Detail says what the command used or chose: a URI, a source component,
	// a try-each alternative.
	Detail string
	// Policy is the command's reporting policy (§8.4.7).
	Policy uint64
	// Err is nil when the command succeeded.
	Err error
}

// String formats r as "sequence command[component] detail: result".
func (r Record) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s", r.Sequence, r.Command)
	if r.Component >= 0 {
		fmt.Fprintf(&b, "[%d]", r.Component)
	}
	if r.Detail != "" {
		fmt.Fprintf(&b, " %s", r.Detail)
	}
	if r.Err != nil {
		fmt.Fprintf(&b, ": %v", r.Err)
	}
	return b.String()
}

// String formats the report one record per line.
func (r Report) String() string {
	lines := make([]string, len(r.Records))
	for i, rec := range r.Records {
		lines[i] = rec.String()
	}
	return strings.Join(lines, "\n")
}
