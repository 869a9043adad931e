package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"drey/cloud/gateway"
	"drey/cloud/store"
	"drey/squirrel/compile"
)

// API is the owners' HTTP API. Every request carries an API token
// (Authorization: Bearer ...), and acts only on that token's owner's
// devices, code and logs: another owner's device reads as not found
// (REQ-SEP-5).
type API struct {
	Store   store.Store
	Gateway *gateway.Gateway
}

// maxBody bounds request bodies: source code for a deploy.
const maxBody = 1 << 20

// Handler returns the API's routes.
func (a *API) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/deploy", a.auth(a.deploy))
	mux.HandleFunc("GET /v1/devices", a.auth(a.devices))
	mux.HandleFunc("GET /v1/devices/{id}/logs", a.auth(a.logs))
	return mux
}

type handler func(w http.ResponseWriter, r *http.Request, owner store.Owner)

func (a *API) auth(h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		const prefix = "Bearer "
		tok := r.Header.Get("Authorization")
		if len(tok) <= len(prefix) || tok[:len(prefix)] != prefix {
			httpError(w, http.StatusUnauthorized, "missing API token (Authorization: Bearer ...)")
			return
		}
		owner, err := a.Store.OwnerForToken(r.Context(), tok[len(prefix):])
		if err != nil {
			httpError(w, http.StatusUnauthorized, "invalid API token")
			return
		}
		h(w, r, owner)
	}
}

func httpError(w http.ResponseWriter, code int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(map[string]string{"error": msg})
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(v)
}

// DeployRequest is the body of POST /v1/deploy.
type DeployRequest struct {
	Group      string `json:"group"`
	DeviceCode string `json:"device_code"`
	DeviceFile string `json:"device_file"` // for error positions
}

// DeployResponse answers it.
type DeployResponse struct {
	ID      string `json:"id"`
	Version int    `json:"version"`
	Pushed  int    `json:"pushed"` // devices that got it now; the rest on reconnect
}

func (a *API) deploy(w http.ResponseWriter, r *http.Request, owner store.Owner) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil || len(body) > maxBody {
		httpError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("request body over %d bytes", maxBody))
		return
	}
	var req DeployRequest
	if err := json.Unmarshal(body, &req); err != nil {
		httpError(w, http.StatusBadRequest, "body: "+err.Error())
		return
	}
	group, err := a.group(r.Context(), owner, req.Group)
	if err != nil {
		httpError(w, http.StatusNotFound, err.Error())
		return
	}
	file := req.DeviceFile
	if file == "" {
		file = "device.nut"
	}
	p, err := compile.Source(file, []byte(req.DeviceCode), compile.Options{Float32: true})
	if err != nil {
		// A compile error deploys nothing and says file:line:col.
		httpError(w, http.StatusUnprocessableEntity, err.Error())
		return
	}
	d, err := a.Store.CreateDeployment(r.Context(), store.Deployment{OwnerID: owner.ID, GroupID: group.ID, DeviceCode: p.Encode(), DeviceSource: req.DeviceCode})
	if err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	pushed := 0
	if a.Gateway != nil {
		pushed = a.Gateway.Push(r.Context(), d)
	}
	writeJSON(w, http.StatusCreated, DeployResponse{ID: d.ID, Version: d.Version, Pushed: pushed})
}

func (a *API) group(ctx context.Context, owner store.Owner, name string) (store.Group, error) {
	if name == "" {
		name = "default"
	}
	groups, err := a.Store.Groups(ctx, owner.ID)
	if err != nil {
		return store.Group{}, err
	}
	for _, g := range groups {
		if g.Name == name {
			return g, nil
		}
	}
	return store.Group{}, fmt.Errorf("group %q not found", name)
}

// DeviceInfo is one device in GET /v1/devices.
type DeviceInfo struct {
	ID        string    `json:"id"`
	Model     string    `json:"model"`
	Connected bool      `json:"connected"`
	LastSeen  time.Time `json:"last_seen"`
	Improm    string    `json:"improm"`
	Revoked   bool      `json:"revoked"`
}

func (a *API) devices(w http.ResponseWriter, r *http.Request, owner store.Owner) {
	devs, err := a.Store.Devices(r.Context(), owner.ID, "")
	if err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	out := []DeviceInfo{}
	for _, d := range devs {
		out = append(out, DeviceInfo{ID: d.ID, Model: d.Model, Connected: a.Gateway != nil && a.Gateway.Connected(d.ID),
			LastSeen: d.LastSeen, Improm: d.ImpromVersion, Revoked: d.Revoked != nil})
	}
	writeJSON(w, http.StatusOK, out)
}

// LogEntry is one line of GET /v1/devices/{id}/logs.
type LogEntry struct {
	Time   time.Time `json:"time"`
	Source string    `json:"source"`
	Level  string    `json:"level"`
	Text   string    `json:"text"`
}

func (a *API) logs(w http.ResponseWriter, r *http.Request, owner store.Owner) {
	id := r.PathValue("id")
	if _, err := a.Store.DeviceForOwner(r.Context(), owner.ID, id); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			httpError(w, http.StatusNotFound, "device not found")
			return
		}
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	lines, err := a.Store.Logs(r.Context(), owner.ID, id, time.Time{}, 1000)
	if err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	out := []LogEntry{}
	for _, l := range lines {
		out = append(out, LogEntry{Time: l.Time, Source: string(l.Source), Level: string(l.Level), Text: l.Text})
	}
	writeJSON(w, http.StatusOK, out)
}
