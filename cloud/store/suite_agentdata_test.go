// Conformance suite: agent saved data.

package store

import (
	"bytes"
	"testing"
)

func testAgentData(t *testing.T, f fixture) {
	a := f.owner("a")
	d := f.device(a.ID, "")
	data, err := f.s.LoadAgentData(f.ctx, a.ID, d.ID)
	must(t, "LoadAgentData before any save", err)
	if data != nil {
		t.Errorf("LoadAgentData before any save = %q, want nil", data)
	}

	big := bytes.Repeat([]byte{0, 1, 2, 0xff}, 16<<10) // 64 KiB, with NULs
	for _, want := range [][]byte{[]byte("first"), big, []byte("second"), {}} {
		must(t, "SaveAgentData", f.s.SaveAgentData(f.ctx, a.ID, d.ID, want))
		got, err := f.s.LoadAgentData(f.ctx, a.ID, d.ID)
		must(t, "LoadAgentData", err)
		if !bytes.Equal(got, want) || got == nil {
			t.Errorf("LoadAgentData = %d bytes, want the %d just saved (not nil)", len(got), len(want))
		}
	}

	other := f.device(a.ID, "")
	got, err := f.s.LoadAgentData(f.ctx, a.ID, other.ID)
	must(t, "LoadAgentData of another device", err)
	if got != nil {
		t.Errorf("another device reads %q", got)
	}
	wantErr(t, "SaveAgentData unknown device", f.s.SaveAgentData(f.ctx, a.ID, "nope", []byte("x")), ErrNotFound)
	_, err = f.s.LoadAgentData(f.ctx, a.ID, "nope")
	wantErr(t, "LoadAgentData unknown device", err, ErrNotFound)
}
