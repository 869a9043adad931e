package server

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"drey/image/trust"
)

// The service keeps every version of the platform's root of trust it has
// been given, so that it can bring a device that missed rotations up to
// date one version at a time (REQ-SEC-7), and the newest as root.cbor,
// against which releases are verified. The service only relays roots:
// they are signed offline (drey keys root), and a device accepts one
// only if its own root's keys signed it.

// ErrRootGap is returned by RootsAfter when the service lacks a version
// between the one a device holds and the newest.
var ErrRootGap = errors.New("the service lacks a root version in between")

// SetRoot installs a version of the platform's root of trust: the next
// version after the newest installed (which it must follow by a signed
// rotation, as on a device), or the version before the oldest held (so
// that history can be filled in for devices made with an older root:
// it must then be followed by the oldest held). The first root installed
// is taken as is. Installing a version already held is a no-op if the
// bytes are the same and an error otherwise. It returns the root's
// version.
func (d *Data) SetRoot(root []byte) (uint64, error) {
	d.rootMu.Lock()
	defer d.rootMu.Unlock()
	t, err := trust.NewTrusted(root)
	if err != nil {
		return 0, fmt.Errorf("root: %w", err)
	}
	v := t.Version()
	have, err := d.rootVersions()
	if err != nil {
		return 0, err
	}
	if len(have) == 0 {
		return v, d.writeRoot(v, root, true)
	}
	oldest, newest := have[0], have[len(have)-1]
	switch {
	case slices.Contains(have, v):
		held, err := d.rootBytes(v)
		if err != nil {
			return 0, err
		}
		if !bytes.Equal(held, root) {
			return 0, fmt.Errorf("root version %d: differs from the version %d already installed", v, v)
		}
		return v, nil
	case v == newest+1:
		cur, err := d.trustedAt(newest)
		if err != nil {
			return 0, err
		}
		if err := cur.UpdateRoot(root); err != nil {
			return 0, fmt.Errorf("root version %d does not follow the installed version %d: %w", v, newest, err)
		}
		return v, d.writeRoot(v, root, true)
	case v+1 == oldest:
		next, err := d.rootBytes(oldest)
		if err != nil {
			return 0, err
		}
		if err := t.UpdateRoot(next); err != nil {
			return 0, fmt.Errorf("root version %d is not followed by the installed version %d: %w", v, oldest, err)
		}
		return v, d.writeRoot(v, root, false)
	}
	return 0, fmt.Errorf("root version %d: the service holds versions %d to %d; install version %d (a rotation of the newest), or %d (history)",
		v, oldest, newest, newest+1, oldest-1)
}

// RootsAfter returns the signed roots a device holding version v needs,
// in the order it must apply them; none if it holds the newest. If the
// service lacks a version in between, the error wraps ErrRootGap.
func (d *Data) RootsAfter(v uint64) ([][]byte, error) {
	if d.rootsRead.Load() && v >= d.newestRoot.Load() {
		return nil, nil // the common case, on every connection: no I/O
	}
	d.rootMu.Lock()
	defer d.rootMu.Unlock()
	have, err := d.rootVersions()
	if err != nil || len(have) == 0 || have[len(have)-1] <= v {
		return nil, err
	}
	if have[0] > v+1 {
		return nil, fmt.Errorf("device holds root version %d, the oldest the service holds is %d: install version %d with drey root publish: %w",
			v, have[0], have[0]-1, ErrRootGap)
	}
	var out [][]byte
	for _, w := range have {
		if w <= v {
			continue
		}
		b, err := d.rootBytes(w)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, nil
}

// RootVersion is one version of the root of trust the service holds.
type RootVersion struct {
	Version          uint64    `json:"version"`
	Expires          time.Time `json:"expires"`
	Installed        time.Time `json:"installed"`
	RootKeys         []string  `json:"root_keys"`
	RootThreshold    int       `json:"root_threshold"`
	ReleaseKeys      []string  `json:"release_keys"`
	ReleaseThreshold int       `json:"release_threshold"`
	Revoked          []string  `json:"revoked,omitempty"`
}

// Roots describes every version of the root the service holds, oldest
// first.
func (d *Data) Roots() ([]RootVersion, error) {
	d.rootMu.Lock()
	defer d.rootMu.Unlock()
	have, err := d.rootVersions()
	if err != nil {
		return nil, err
	}
	out := []RootVersion{}
	for _, v := range have {
		t, err := d.trustedAt(v)
		if err != nil {
			return nil, err
		}
		r := t.Root()
		rv := RootVersion{Version: v, Expires: r.Expires, RootThreshold: r.RootThreshold, ReleaseThreshold: r.ReleaseThreshold}
		if fi, err := os.Stat(d.rootPath(v)); err == nil {
			rv.Installed = fi.ModTime().UTC()
		}
		for _, k := range r.RootKeys {
			rv.RootKeys = append(rv.RootKeys, k.ID().String())
		}
		for _, k := range r.ReleaseKeys {
			rv.ReleaseKeys = append(rv.ReleaseKeys, k.ID().String())
		}
		for _, id := range r.Revoked {
			rv.Revoked = append(rv.Revoked, id.String())
		}
		out = append(out, rv)
	}
	return out, nil
}

func (d *Data) rootPath(v uint64) string {
	return filepath.Join(d.Dir, "roots", fmt.Sprintf("%010d.cbor", v))
}

// rootVersions lists the versions held, ascending. A data directory from
// before the archive has only root.cbor: it is archived first.
func (d *Data) rootVersions() ([]uint64, error) {
	ents, err := os.ReadDir(filepath.Join(d.Dir, "roots"))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	var out []uint64
	for _, e := range ents {
		name, ok := strings.CutSuffix(e.Name(), ".cbor")
		if !ok {
			continue
		}
		v, err := strconv.ParseUint(name, 10, 64)
		if err != nil {
			continue
		}
		out = append(out, v)
	}
	if len(out) > 0 {
		slices.Sort(out)
		d.newestRoot.Store(out[len(out)-1])
		d.rootsRead.Store(true)
		return out, nil
	}
	old, err := os.ReadFile(filepath.Join(d.Dir, "root.cbor"))
	if errors.Is(err, fs.ErrNotExist) {
		d.rootsRead.Store(true) // none: newestRoot stays 0
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	t, err := trust.NewTrusted(old)
	if err != nil {
		return nil, fmt.Errorf("installed root.cbor: %w", err)
	}
	if err := d.writeRoot(t.Version(), old, false); err != nil {
		return nil, err
	}
	d.newestRoot.Store(t.Version())
	d.rootsRead.Store(true)
	return []uint64{t.Version()}, nil
}

func (d *Data) rootBytes(v uint64) ([]byte, error) {
	return os.ReadFile(d.rootPath(v))
}

func (d *Data) trustedAt(v uint64) (*trust.Trusted, error) {
	b, err := d.rootBytes(v)
	if err != nil {
		return nil, err
	}
	t, err := trust.NewTrusted(b)
	if err != nil {
		return nil, fmt.Errorf("root version %d held: %w", v, err)
	}
	return t, nil
}

// writeRoot archives version v, and makes it root.cbor if newest.
func (d *Data) writeRoot(v uint64, root []byte, newest bool) error {
	if err := os.MkdirAll(filepath.Join(d.Dir, "roots"), 0o755); err != nil {
		return err
	}
	if err := writeFileAtomic(d.rootPath(v), root); err != nil {
		return err
	}
	if !newest {
		return nil
	}
	if err := writeFileAtomic(filepath.Join(d.Dir, "root.cbor"), root); err != nil {
		return err
	}
	d.newestRoot.Store(v)
	return nil
}

// writeFileAtomic writes b to p through a temporary file and a rename,
// so that a crash leaves the old file or the new one.
func writeFileAtomic(p string, b []byte) error {
	tmp := p + ".tmp"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, p)
}
