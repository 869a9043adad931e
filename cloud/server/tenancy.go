package server

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"time"

	"drey/cloud/rollout"
	"drey/cloud/store"
)

// GroupInfo is one device group (product) in the API.
type GroupInfo struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	TimeZone string `json:"time_zone"`
	// Maintenance is the daily window, "HH:MM-HH:MM" in TimeZone, in which
	// platform upgrades are offered to the group's devices ("" any time;
	// emergencies ignore it).
	Maintenance string `json:"maintenance"`
}

func (a *API) groups(w http.ResponseWriter, r *http.Request, owner store.Owner) {
	gs, err := a.Store.Groups(r.Context(), owner.ID)
	if err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	out := []GroupInfo{}
	for _, g := range gs {
		out = append(out, GroupInfo{ID: g.ID, Name: g.Name, TimeZone: g.TimeZone, Maintenance: g.Maintenance})
	}
	writeJSON(w, http.StatusOK, out)
}

// decode reads a JSON request body into v, answering 400 naming the
// problem if it cannot.
func decode(w http.ResponseWriter, r *http.Request, v any) bool {
	d := json.NewDecoder(io.LimitReader(r.Body, maxBody))
	d.DisallowUnknownFields()
	if err := d.Decode(v); err != nil {
		httpError(w, http.StatusBadRequest, "body: "+err.Error())
		return false
	}
	return true
}

func (a *API) createGroup(w http.ResponseWriter, r *http.Request, owner store.Owner) {
	var req GroupInfo
	if !decode(w, r, &req) {
		return
	}
	if req.Name == "" || len(req.Name) > 64 {
		httpError(w, http.StatusBadRequest, "name: want 1 to 64 characters")
		return
	}
	if req.TimeZone != "" {
		if _, err := time.LoadLocation(req.TimeZone); err != nil {
			httpError(w, http.StatusBadRequest, "time_zone "+req.TimeZone+": not an IANA time zone")
			return
		}
	}
	if _, err := rollout.ParseWindow(req.Maintenance); err != nil {
		httpError(w, http.StatusBadRequest, "maintenance: "+err.Error())
		return
	}
	g, err := a.Store.CreateGroup(r.Context(), store.Group{OwnerID: owner.ID, Name: req.Name, TimeZone: req.TimeZone, Maintenance: req.Maintenance})
	if errors.Is(err, store.ErrConflict) {
		httpError(w, http.StatusConflict, "name "+req.Name+": a group of that name exists")
		return
	}
	if err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	writeJSON(w, http.StatusCreated, GroupInfo{ID: g.ID, Name: g.Name, TimeZone: g.TimeZone, Maintenance: g.Maintenance})
}

// setMaintenance sets one of the owner's groups' maintenance window.
func (a *API) setMaintenance(w http.ResponseWriter, r *http.Request, owner store.Owner) {
	var req GroupInfo
	if !decode(w, r, &req) {
		return
	}
	if _, err := rollout.ParseWindow(req.Maintenance); err != nil {
		httpError(w, http.StatusBadRequest, "maintenance: "+err.Error())
		return
	}
	g, err := a.group(r.Context(), owner, r.PathValue("name"))
	if err != nil {
		httpError(w, http.StatusNotFound, err.Error())
		return
	}
	if err := a.Store.SetGroupMaintenance(r.Context(), owner.ID, g.ID, req.Maintenance); err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	g.Maintenance = req.Maintenance
	writeJSON(w, http.StatusOK, GroupInfo{ID: g.ID, Name: g.Name, TimeZone: g.TimeZone, Maintenance: g.Maintenance})
}

// AssignRequest is the body of POST /v1/devices/{id}/group.
type AssignRequest struct {
	Group string `json:"group"` // a group name; empty takes the device out of any group
}

// assign moves one of the owner's devices into one of its groups: the
// device gets that group's code, and its agent that group's agent code.
func (a *API) assign(w http.ResponseWriter, r *http.Request, owner store.Owner) {
	id := r.PathValue("id")
	var req AssignRequest
	if !decode(w, r, &req) {
		return
	}
	dev, err := a.Store.DeviceForOwner(r.Context(), owner.ID, id)
	if err != nil {
		httpError(w, http.StatusNotFound, "device not found")
		return
	}
	groupID := ""
	if req.Group != "" {
		g, err := a.group(r.Context(), owner, req.Group)
		if err != nil {
			httpError(w, http.StatusNotFound, err.Error())
			return
		}
		groupID = g.ID
	}
	if err := a.Store.AssignDevice(r.Context(), owner.ID, id, groupID); err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	if a.Gateway != nil {
		// The device picks up its new group's code when it reconnects.
		a.Gateway.Disconnect(id, "moved to group "+req.Group)
	}
	if a.Agents != nil {
		a.Agents.Stop(id)
		if groupID != "" {
			if d, err := a.Store.CurrentDeployment(r.Context(), owner.ID, groupID); err == nil {
				dev.GroupID = groupID
				a.Agents.Restart(dev, d)
			}
		}
	}
	writeJSON(w, http.StatusOK, map[string]string{"device": id, "group": req.Group})
}

// TokenInfo is one API token in the API; its secret is shown only when it
// is made.
type TokenInfo struct {
	ID      string     `json:"id"`
	Name    string     `json:"name"`
	Created time.Time  `json:"created"`
	Revoked *time.Time `json:"revoked,omitempty"`
	Secret  string     `json:"secret,omitempty"`
}

func (a *API) tokens(w http.ResponseWriter, r *http.Request, owner store.Owner) {
	ts, err := a.Store.Tokens(r.Context(), owner.ID)
	if err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	out := []TokenInfo{}
	for _, t := range ts {
		out = append(out, TokenInfo{ID: t.ID, Name: t.Name, Created: t.Created, Revoked: t.Revoked})
	}
	writeJSON(w, http.StatusOK, out)
}

func (a *API) createToken(w http.ResponseWriter, r *http.Request, owner store.Owner) {
	var req TokenInfo
	if !decode(w, r, &req) {
		return
	}
	if req.Name == "" || len(req.Name) > 64 {
		httpError(w, http.StatusBadRequest, "name: want 1 to 64 characters")
		return
	}
	t, secret, err := a.Store.CreateToken(r.Context(), owner.ID, req.Name)
	if err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	writeJSON(w, http.StatusCreated, TokenInfo{ID: t.ID, Name: t.Name, Created: t.Created, Secret: secret})
}

func (a *API) revokeToken(w http.ResponseWriter, r *http.Request, owner store.Owner) {
	id := r.PathValue("id")
	if err := a.Store.RevokeToken(r.Context(), owner.ID, id, time.Time{}); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			httpError(w, http.StatusNotFound, "token not found")
			return
		}
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"revoked": id})
}
