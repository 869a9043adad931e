package server

import (
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"

	"drey/cloud/store"
	"drey/wire"
)

// Recipient is a device a per-device encrypted release must be wrapped
// for: its id and its X25519 key-wrapping public key (PKIX DER, base64).
type Recipient struct {
	Device  string `json:"device"`
	WrapKey string `json:"wrap_key"`
}

// recipients lists the devices of a release's model with a registered
// wrap key, for the operator to wrap the content key for, offline.
func (a *API) recipients(w http.ResponseWriter, r *http.Request) {
	rel, err := a.Store.Release(r.Context(), r.PathValue("id"))
	if errors.Is(err, store.ErrNotFound) {
		httpError(w, http.StatusNotFound, "release not found")
		return
	}
	if err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	devs, err := a.Store.AllDevices(r.Context())
	if err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	out := []Recipient{}
	for _, d := range devs {
		if d.Revoked == nil && d.Model == rel.Model && len(d.WrapKey) > 0 {
			out = append(out, Recipient{Device: d.ID, WrapKey: base64.StdEncoding.EncodeToString(d.WrapKey)})
		}
	}
	writeJSON(w, http.StatusOK, out)
}

// WrappedKeys is the body of POST /v1/releases/{id}/keys: the release's
// content key wrapped for each device (device id → base64 of what drey
// image wrap makes). The service cannot unwrap them; each goes only to
// its device, in its offer over its TLS link (REQ-PRIV-3).
type WrappedKeys struct {
	Keys map[string]string `json:"keys"`
}

func (a *API) putWrappedKeys(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	var req WrappedKeys
	if !decode(w, r, &req) {
		return
	}
	keys := make(map[string][]byte, len(req.Keys))
	for dev, k := range req.Keys {
		b, err := base64.StdEncoding.DecodeString(k)
		if err != nil || len(b) == 0 || len(b) > wire.MaxWrappedKey {
			httpError(w, http.StatusBadRequest, fmt.Sprintf("keys[%s]: want base64 of 1 to %d bytes", dev, wire.MaxWrappedKey))
			return
		}
		keys[dev] = b
	}
	if err := a.Store.PutWrappedKeys(r.Context(), id, keys); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			httpError(w, http.StatusNotFound, err.Error())
			return
		}
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, map[string]int{"keys": len(keys)})
}
