package server

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"drey/cloud/store"
	"drey/image/trust"
	"drey/image/verify"
	"drey/wire"
)

// RootPublished is the answer to a root publication.
type RootPublished struct {
	Version uint64 `json:"version"`
	// Withdrawn lists the releases that no longer verify under the new
	// root (signed by a key it revokes or no longer names), each with
	// why; Aborted the rollouts of them that had not ended.
	Withdrawn map[string]string `json:"withdrawn"`
	Aborted   []string          `json:"aborted"`
	// Pushed is how many connected devices were sent the new root at
	// once; the others get it when they next connect.
	Pushed int `json:"pushed"`
}

// RootStatus is the service's roots and the fleet's: which version each
// device holds, as it last said.
type RootStatus struct {
	Versions []RootVersion `json:"versions"`
	// Devices counts devices (not revoked) by the root version they
	// hold; "0" for devices that have not connected since it was
	// recorded.
	Devices map[string]int `json:"devices"`
}

// publishRoot installs a new version of the platform root (REQ-VULN-6):
// signed offline, it must follow the newest installed. Releases that do
// not verify under it are withdrawn and their rollouts aborted, and
// connected devices are sent it at once.
func (a *API) publishRoot(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, wire.MaxRoot+1))
	if err != nil || len(body) > wire.MaxRoot {
		httpError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("root: over %d bytes", wire.MaxRoot))
		return
	}
	v, err := a.Data.SetRoot(body)
	if err != nil {
		httpError(w, http.StatusUnprocessableEntity, err.Error())
		return
	}
	out := RootPublished{Version: v, Withdrawn: map[string]string{}, Aborted: []string{}}
	t, err := a.Data.Trusted()
	if err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	if t.Version() == v {
		if err := a.recheckReleases(r.Context(), t, &out); err != nil {
			httpError(w, http.StatusInternalServerError, err.Error())
			return
		}
		if a.Gateway != nil {
			out.Pushed = a.Gateway.PushRoots()
		}
	}
	writeJSON(w, http.StatusOK, out)
}

// recheckReleases verifies every release not withdrawn under the root t
// and withdraws those that fail, aborting their rollouts.
func (a *API) recheckReleases(ctx context.Context, t *trust.Trusted, out *RootPublished) error {
	rels, err := a.Store.Releases(ctx)
	if err != nil {
		return err
	}
	for _, rel := range rels {
		if rel.Withdrawn != nil {
			continue
		}
		cerr := a.checkRelease(ctx, rel, t)
		if cerr == nil {
			continue
		}
		why := fmt.Sprintf("does not verify under root version %d: %v", t.Version(), cerr)
		if err := a.Store.WithdrawRelease(ctx, rel.ID, time.Time{}); err != nil {
			return err
		}
		out.Withdrawn[rel.ID] = why
		if a.Rollouts != nil {
			ids, err := a.Rollouts.AbortRelease(ctx, rel.ID, "release "+rel.ID+" withdrawn: "+why)
			out.Aborted = append(out.Aborted, ids...)
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// checkRelease verifies a stored release's image under the root t, as a
// device holding t would before installing it.
func (a *API) checkRelease(ctx context.Context, rel store.Release, t *trust.Trusted) error {
	f, _, err := a.Data.Blobs.Open(ctx, rel.ID)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = verify.Check(bufio.NewReader(f), t, time.Now())
	return err
}

// roots lists the root versions the service holds and how many devices
// hold each.
func (a *API) roots(w http.ResponseWriter, r *http.Request) {
	vs, err := a.Data.Roots()
	if err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	devs, err := a.Store.AllDevices(r.Context())
	if err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	out := RootStatus{Versions: vs, Devices: map[string]int{}}
	for _, d := range devs {
		if d.Revoked == nil {
			out.Devices[strconv.FormatUint(d.RootVersion, 10)]++
		}
	}
	writeJSON(w, http.StatusOK, out)
}
