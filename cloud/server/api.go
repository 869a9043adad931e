package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"time"

	"drey/cloud/agent"
	"drey/cloud/gateway"
	"drey/cloud/rollout"
	"drey/cloud/store"
	"drey/cloud/webhook"
	"drey/squirrel/compile"
)

// API is the owners' HTTP API. Every request but GET /v1/models (public)
// carries an API token (Authorization: Bearer ...), and acts only on that
// token's owner's devices, code and logs: another owner's device reads as
// not found (REQ-SEP-5).
type API struct {
	Store   store.Store
	Gateway *gateway.Gateway
	Agents  *agent.Host // nil: no agents run (deploys store agent code only)
	// Data is the data directory (blobs, platform root).
	Data *Data
	// OperatorHash is the SHA-256 of the operator's token (nil: no
	// operator API).
	OperatorHash []byte
	// PublicURL is the base URL of the HTTP listener as devices see it.
	PublicURL string
	// Rollouts is the rollout engine (nil: no rollouts).
	Rollouts *rollout.Engine
	// Webhooks delivers owners' notices to their webhooks (nil: none are
	// delivered; the notices are still kept).
	Webhooks *webhook.Deliverer
	Log      *slog.Logger
}

// maxBody bounds request bodies: source code for a deploy.
const maxBody = 1 << 20

// Handler returns the API's routes.
func (a *API) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/deploy", a.auth(a.deploy))
	mux.HandleFunc("GET /v1/devices", a.auth(a.devices))
	mux.HandleFunc("GET /v1/devices/{id}/logs", a.auth(a.logs))
	mux.HandleFunc("POST /v1/devices/{id}/revoke", a.auth(a.revoke))
	mux.HandleFunc("GET /v1/deployments", a.auth(a.deployments))
	mux.HandleFunc("POST /v1/rollback", a.auth(a.rollback))
	mux.HandleFunc("POST /v1/devices/{id}/group", a.auth(a.assign))
	mux.HandleFunc("GET /v1/groups", a.auth(a.groups))
	mux.HandleFunc("POST /v1/groups", a.auth(a.createGroup))
	mux.HandleFunc("POST /v1/groups/{name}/maintenance", a.auth(a.setMaintenance))
	mux.HandleFunc("GET /v1/tokens", a.auth(a.tokens))
	mux.HandleFunc("POST /v1/tokens", a.auth(a.createToken))
	mux.HandleFunc("POST /v1/tokens/{id}/revoke", a.auth(a.revokeToken))
	mux.HandleFunc("POST /v1/releases", a.operator(a.uploadRelease))
	mux.HandleFunc("GET /v1/releases", a.operator(a.releases))
	mux.HandleFunc("GET /v1/releases/{id}", a.operator(a.release))
	mux.HandleFunc("POST /v1/releases/{id}/withdraw", a.operator(a.withdrawRelease))
	mux.HandleFunc("GET /v1/releases/{id}/recipients", a.operator(a.recipients))
	mux.HandleFunc("POST /v1/releases/{id}/keys", a.operator(a.putWrappedKeys))
	mux.HandleFunc("POST /v1/rollouts", a.operator(a.createRollout))
	mux.HandleFunc("GET /v1/rollouts", a.operator(a.rollouts))
	mux.HandleFunc("GET /v1/rollouts/{id}", a.operator(a.operatorRollout))
	mux.HandleFunc("POST /v1/rollouts/{id}/{action}", a.operator(a.controlRollout))
	mux.HandleFunc("POST /v1/roots", a.operator(a.publishRoot))
	mux.HandleFunc("GET /v1/roots", a.operator(a.roots))
	mux.HandleFunc("POST /v1/advisories", a.operator(a.createAdvisory))
	mux.HandleFunc("GET /v1/advisories", a.operator(a.advisories))
	mux.HandleFunc("GET /v1/exposure", a.operator(a.exposure))
	mux.HandleFunc("GET /v1/exposure/models", a.operator(a.modelExposure))
	mux.HandleFunc("GET /v1/models", a.models) // public, no token (REQ-LIFE-1)
	mux.HandleFunc("POST /v1/models/{model}/support", a.operator(a.setModelSupport))
	mux.HandleFunc("GET /v1/models/{model}/history", a.operator(a.modelHistory))
	mux.HandleFunc("GET /v1/owner/rollouts/{id}", a.auth(a.ownerRollout))
	mux.HandleFunc("POST /v1/owner/rollouts/{id}/approve", a.auth(a.approveRollout))
	mux.HandleFunc("GET /v1/devices/{id}/upgrades", a.auth(a.upgradeHistory))
	mux.HandleFunc("POST /v1/devices/{id}/transfer", a.operator(a.transfer))
	mux.HandleFunc("GET /v1/notices", a.auth(a.notices))
	mux.HandleFunc("GET /v1/notices/webhook", a.auth(a.webhook))
	mux.HandleFunc("POST /v1/notices/webhook", a.auth(a.setWebhook))
	mux.HandleFunc("DELETE /v1/notices/webhook", a.auth(a.deleteWebhook))
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
	AgentCode  string `json:"agent_code"`
	AgentFile  string `json:"agent_file"`
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
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		httpError(w, http.StatusBadRequest, "body: "+err.Error())
		return
	}
	group, err := a.group(r.Context(), owner, req.Group)
	if err != nil {
		httpError(w, http.StatusNotFound, err.Error())
		return
	}
	// Both programs compile before anything is stored: a compile error
	// deploys nothing and says file:line:col.
	dp, err := compile.Source(orDefault(req.DeviceFile, "device.nut"), []byte(req.DeviceCode), compile.Options{Float32: true})
	if err != nil {
		httpError(w, http.StatusUnprocessableEntity, err.Error())
		return
	}
	ap, err := compile.Source(orDefault(req.AgentFile, "agent.nut"), []byte(req.AgentCode), compile.Options{})
	if err != nil {
		httpError(w, http.StatusUnprocessableEntity, err.Error())
		return
	}
	d, err := a.Store.CreateDeployment(r.Context(), store.Deployment{OwnerID: owner.ID, GroupID: group.ID,
		DeviceCode: dp.Encode(), DeviceSource: req.DeviceCode, AgentCode: ap.Encode(), AgentSource: req.AgentCode})
	if err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	writeJSON(w, http.StatusCreated, a.activate(r.Context(), d))
}

// activate restarts the group's agents with d's code and sends its device
// code to the group's connected devices.
func (a *API) activate(ctx context.Context, d store.Deployment) DeployResponse {
	if a.Agents != nil {
		a.Agents.Deploy(ctx, d)
	}
	pushed := 0
	if a.Gateway != nil {
		pushed = a.Gateway.Push(ctx, d)
	}
	return DeployResponse{ID: d.ID, Version: d.Version, Pushed: pushed}
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// DeploymentInfo is one version in GET /v1/deployments.
type DeploymentInfo struct {
	ID             string    `json:"id"`
	Version        int       `json:"version"`
	Created        time.Time `json:"created"`
	RolledBackFrom *int      `json:"rolled_back_from,omitempty"`
}

func (a *API) deployments(w http.ResponseWriter, r *http.Request, owner store.Owner) {
	group, err := a.group(r.Context(), owner, r.URL.Query().Get("group"))
	if err != nil {
		httpError(w, http.StatusNotFound, err.Error())
		return
	}
	ds, err := a.Store.Deployments(r.Context(), owner.ID, group.ID)
	if err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	out := []DeploymentInfo{}
	for _, d := range ds {
		out = append(out, DeploymentInfo{ID: d.ID, Version: d.Version, Created: d.Created, RolledBackFrom: d.RolledBackFrom})
	}
	writeJSON(w, http.StatusOK, out)
}

// RollbackRequest is the body of POST /v1/rollback: make the code of an
// earlier version the group's current code again, as a new version.
type RollbackRequest struct {
	Group   string `json:"group"`
	Version int    `json:"version"`
}

func (a *API) rollback(w http.ResponseWriter, r *http.Request, owner store.Owner) {
	var req RollbackRequest
	if !decode(w, r, &req) {
		return
	}
	group, err := a.group(r.Context(), owner, req.Group)
	if err != nil {
		httpError(w, http.StatusNotFound, err.Error())
		return
	}
	d, err := a.Store.RollbackDeployment(r.Context(), owner.ID, group.ID, req.Version)
	if errors.Is(err, store.ErrNotFound) {
		httpError(w, http.StatusNotFound, fmt.Sprintf("version: %d not found in group %q", req.Version, group.Name))
		return
	}
	if err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	writeJSON(w, http.StatusCreated, a.activate(r.Context(), d))
}

// revoke revokes one of the owner's devices: its link is closed, its
// agent stopped, and it can no longer connect (REQ-SEP-4).
func (a *API) revoke(w http.ResponseWriter, r *http.Request, owner store.Owner) {
	id := r.PathValue("id")
	if err := a.Store.RevokeDevice(r.Context(), owner.ID, id, time.Time{}); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			httpError(w, http.StatusNotFound, "device not found")
			return
		}
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	if a.Gateway != nil {
		a.Gateway.Disconnect(id, "device revoked")
	}
	if a.Agents != nil {
		a.Agents.Stop(id)
	}
	a.Store.AppendLog(r.Context(), owner.ID, store.LogLine{DeviceID: id, Source: store.SourceStatus, Level: store.LevelInfo, Text: "revoked"})
	writeJSON(w, http.StatusOK, map[string]string{"revoked": id})
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
	AgentURL  string    `json:"agent_url,omitempty"`
	Model     string    `json:"model"`
	Connected bool      `json:"connected"`
	LastSeen  time.Time `json:"last_seen"`
	Improm    string    `json:"improm"`
	Bootrom   string    `json:"bootrom"`
	// RootVersion is the version of the platform root of trust the
	// device holds, as it last said (0: not heard from since recorded).
	RootVersion uint64 `json:"root_version"`
	Revoked     bool   `json:"revoked"`
}

func (a *API) devices(w http.ResponseWriter, r *http.Request, owner store.Owner) {
	devs, err := a.Store.Devices(r.Context(), owner.ID, "")
	if err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	out := []DeviceInfo{}
	for _, d := range devs {
		var url string
		if a.Agents != nil && a.Agents.ForDevice(d.ID) != nil {
			url = a.Agents.URL(d.ID, d.OwnerID)
		}
		out = append(out, DeviceInfo{ID: d.ID, AgentURL: url, Model: d.Model, Connected: a.Gateway != nil && a.Gateway.Connected(d.ID),
			LastSeen: d.LastSeen, Improm: d.ImpromVersion, Bootrom: d.BootromVersion, RootVersion: d.RootVersion, Revoked: d.Revoked != nil})
	}
	writeJSON(w, http.StatusOK, out)
}
