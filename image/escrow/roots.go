package escrow

// A device that was switched off through several root rotations must be
// given every version it missed, in order (REQ-SEC-7), and the service
// that relays them keeps them all. If the operator's service is gone, the
// package is where they survive: root.cbor holds the current version and
// roots/V.cbor each earlier version V that the operator gave Seal. A
// successor's service starts from root.cbor and is given the earlier
// versions newest first (`drey root publish` fills in history backwards).

import (
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"

	"drey/image/trust"
)

// historyPath is where root version v of the history is kept.
func historyPath(v uint64) string { return "roots/" + strconv.FormatUint(v, 10) + ".cbor" }

// checkChain checks that history (oldest first) and then current are
// consecutive versions, each following the one before as a device would
// accept it, and returns the current root and the version of each
// history entry.
func checkChain(history [][]byte, current []byte) (*trust.Root, []uint64, error) {
	if len(history) == 0 {
		t, err := trust.NewTrusted(current)
		if err != nil {
			return nil, nil, fmt.Errorf("escrow: root: %w", err)
		}
		return t.Root(), nil, nil
	}
	t, err := trust.NewTrusted(history[0])
	if err != nil {
		return nil, nil, fmt.Errorf("escrow: root history, first version: %w", err)
	}
	versions := []uint64{t.Version()}
	for i, next := range append(slices.Clone(history[1:]), current) {
		prev := t.Version()
		if err := t.UpdateRoot(next); err != nil {
			what := "the current root"
			if i < len(history)-1 {
				what = "the next root of the history"
			}
			return nil, nil, fmt.Errorf("escrow: %s does not follow root version %d: %w", what, prev, err)
		}
		if i < len(history)-1 {
			versions = append(versions, t.Version())
		}
	}
	return t.Root(), versions, nil
}

// readHistory returns the history files MANIFEST lists, oldest first,
// checking that each is named for its version.
func readHistory(files []FileEntry, read func(rel string) ([]byte, error)) ([][]byte, error) {
	type entry struct {
		v    uint64
		data []byte
	}
	var entries []entry
	for _, f := range files {
		if !strings.HasPrefix(f.Path, "roots/") {
			continue
		}
		data, err := read(f.Path)
		if err != nil {
			return nil, err
		}
		t, err := trust.NewTrusted(data)
		if err != nil {
			return nil, fmt.Errorf("escrow: %s: %w", f.Path, err)
		}
		if want := historyPath(t.Version()); f.Path != want {
			return nil, fmt.Errorf("escrow: %s holds root version %d, which belongs in %s: %w", f.Path, t.Version(), path.Base(want), ErrFormat)
		}
		entries = append(entries, entry{t.Version(), data})
	}
	slices.SortFunc(entries, func(a, b entry) int { return int(a.v - b.v) })
	var out [][]byte
	for _, e := range entries {
		out = append(out, e.data)
	}
	return out, nil
}
