package server

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"drey/cloud/blob"
	"drey/cloud/store"
	"drey/image/format"
	"drey/image/verify"
)

// MaxImage bounds an uploaded release image.
const MaxImage = 64 << 20

// ReleaseInfo is a release in the API.
type ReleaseInfo struct {
	ID       string `json:"id"`
	Model    string `json:"model"`
	Slot     string `json:"slot"`
	Version  string `json:"version"`
	Sequence int64  `json:"sequence"`
	Size     int64  `json:"size"`
	// Encryption is "none", "model" or "device"; a device-encrypted
	// release is offered to a device only once its wrapped key is uploaded.
	Encryption string     `json:"encryption"`
	URL        string     `json:"url"`
	Uploaded   time.Time  `json:"uploaded"`
	Withdrawn  *time.Time `json:"withdrawn,omitempty"`
}

func (a *API) releaseInfo(r store.Release) ReleaseInfo {
	return ReleaseInfo{ID: r.ID, Model: r.Model, Slot: r.Slot, Version: r.Version, Sequence: r.Sequence, Size: r.Size,
		Encryption: []string{"none", "model", "device"}[min(max(r.Encryption, 0), 2)], URL: a.ImageURL(r.ID), Uploaded: r.Uploaded, Withdrawn: r.Withdrawn}
}

// ImageURL is where devices fetch a release's image: opaque and
// content-addressed, so any HTTP cache may keep it for ever.
func (a *API) ImageURL(id string) string { return a.PublicURL + "/images/" + id }

// uploadRelease accepts an image file only if it is authentic: signed by
// the release keys of the installed platform root, its manifest well
// formed and every block of its payload matching the signed hash chain.
// The server never holds a key that could sign one.
func (a *API) uploadRelease(w http.ResponseWriter, r *http.Request) {
	if _, err := a.Data.Trusted(); err != nil {
		httpError(w, http.StatusConflict, err.Error())
		return
	}
	info, err := a.Data.Blobs.Put(r.Context(), r.Body, MaxImage)
	if errors.Is(err, blob.ErrTooLarge) {
		httpError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("image: over %d bytes", MaxImage))
		return
	}
	if err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	if old, err := a.Store.Release(r.Context(), info.Digest); err == nil {
		writeJSON(w, http.StatusOK, a.releaseInfo(old)) // the same bytes again
		return
	}
	rel, err := a.checkImage(r, info)
	if err != nil {
		a.Data.Blobs.Delete(r.Context(), info.Digest)
		httpError(w, http.StatusUnprocessableEntity, "image refused: "+err.Error())
		return
	}
	rel, err = a.Store.CreateRelease(r.Context(), rel)
	if err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	writeJSON(w, http.StatusCreated, a.releaseInfo(rel))
}

// checkImage verifies a stored image and describes it as a release.
func (a *API) checkImage(r *http.Request, info blob.Info) (store.Release, error) {
	f, _, err := a.Data.Blobs.Open(r.Context(), info.Digest)
	if err != nil {
		return store.Release{}, err
	}
	defer f.Close()
	trusted, err := a.Data.Trusted()
	if err != nil {
		return store.Release{}, err
	}
	s, err := verify.Check(bufio.NewReader(f), trusted, time.Now())
	if err != nil {
		return store.Release{}, err
	}
	// The envelope, as devices are offered it before they fetch the image.
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return store.Release{}, err
	}
	n, err := format.ReadHeader(f)
	if err != nil {
		return store.Release{}, err
	}
	env := make([]byte, n)
	if _, err := io.ReadFull(f, env); err != nil {
		return store.Release{}, err
	}
	return store.Release{ID: info.Digest, Model: s.Model, Slot: s.Slot, Version: s.Version, Sequence: int64(s.Sequence),
		Size: info.Size, Manifest: env, Encryption: int(s.Encryption)}, nil
}

func (a *API) releases(w http.ResponseWriter, r *http.Request) {
	rs, err := a.Store.Releases(r.Context())
	if err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	out := []ReleaseInfo{}
	for _, rel := range rs {
		out = append(out, a.releaseInfo(rel))
	}
	writeJSON(w, http.StatusOK, out)
}

func (a *API) release(w http.ResponseWriter, r *http.Request) {
	rel, err := a.Store.Release(r.Context(), r.PathValue("id"))
	if errors.Is(err, store.ErrNotFound) {
		httpError(w, http.StatusNotFound, "release not found")
		return
	}
	if err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, a.releaseInfo(rel))
}

func (a *API) withdrawRelease(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if err := a.Store.WithdrawRelease(r.Context(), id, time.Time{}); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			httpError(w, http.StatusNotFound, "release not found")
			return
		}
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	out := map[string]any{"withdrawn": id, "aborted": []string{}}
	if a.Rollouts != nil {
		ids, err := a.Rollouts.AbortRelease(r.Context(), id, "release "+id+" withdrawn by the operator")
		if err != nil {
			httpError(w, http.StatusInternalServerError, err.Error())
			return
		}
		if ids != nil {
			out["aborted"] = ids
		}
	}
	writeJSON(w, http.StatusOK, out)
}

// image serves a release's image file to devices over plain HTTP: public,
// immutable, with a strong ETag (its digest) and Range requests, so that
// an ordinary HTTP cache in front of the service serves a whole fleet and
// a dropped download resumes. Only released images are served.
func (a *API) image(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("digest")
	if blob.CheckDigest(id) != nil {
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	if rel, err := a.Store.Release(r.Context(), id); err != nil {
		http.Error(w, "not found", http.StatusNotFound)
		return
	} else if rel.Withdrawn != nil {
		http.Error(w, "release withdrawn", http.StatusGone)
		return
	}
	f, info, err := a.Data.Blobs.Open(r.Context(), id)
	if err != nil {
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	defer f.Close()
	h := w.Header()
	h.Set("Content-Type", "application/octet-stream")
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("ETag", `"sha256-`+info.Digest+`"`)
	http.ServeContent(w, r, "", time.Time{}, f)
}
