package server

import (
	"errors"
	"net/http"
	"sort"
	"time"

	"drey/cloud/store"
	"drey/internal/version"
)

// AdvisoryInfo is an advisory in the API.
type AdvisoryInfo struct {
	ID       string    `json:"id"`
	Severity string    `json:"severity"`
	Summary  string    `json:"summary"`
	Model    string    `json:"model"`
	Affected string    `json:"affected"`
	Fixed    string    `json:"fixed"`
	Created  time.Time `json:"created"`
}

func advisoryInfo(a store.Advisory) AdvisoryInfo {
	return AdvisoryInfo{a.ID, a.Severity, a.Summary, a.Model, a.Affected, a.Fixed, a.Created}
}

func (a *API) createAdvisory(w http.ResponseWriter, r *http.Request) {
	var req AdvisoryInfo
	if !decode(w, r, &req) {
		return
	}
	if _, err := version.ParseRange(req.Affected); err != nil || req.Affected == "" {
		httpError(w, http.StatusBadRequest, "affected "+req.Affected+": want a version range such as '>=36.0 <36.10'")
		return
	}
	if _, err := version.Compare(req.Fixed, req.Fixed); err != nil {
		httpError(w, http.StatusBadRequest, "fixed: "+err.Error())
		return
	}
	adv, err := a.Store.CreateAdvisory(r.Context(), store.Advisory{ID: req.ID, Severity: req.Severity, Summary: req.Summary, Model: req.Model, Affected: req.Affected, Fixed: req.Fixed})
	switch {
	case errors.Is(err, store.ErrConflict):
		httpError(w, http.StatusConflict, "id "+req.ID+": an advisory with that id exists")
	case errors.Is(err, store.ErrInvalid):
		httpError(w, http.StatusBadRequest, err.Error())
	case err != nil:
		httpError(w, http.StatusInternalServerError, err.Error())
	default:
		writeJSON(w, http.StatusCreated, advisoryInfo(adv))
	}
}

func (a *API) advisories(w http.ResponseWriter, r *http.Request) {
	as, err := a.Store.Advisories(r.Context())
	if err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	out := []AdvisoryInfo{}
	for _, adv := range as {
		out = append(out, advisoryInfo(adv))
	}
	writeJSON(w, http.StatusOK, out)
}

// Exposure is how many devices still run firmware an advisory affects.
type Exposure struct {
	Advisory string         `json:"advisory"`
	Severity string         `json:"severity"`
	Model    string         `json:"model"`
	Devices  int            `json:"devices"`
	ByOwner  map[string]int `json:"by_owner"` // owner name → devices
}

// exposure counts, for every advisory, the devices (per owner) of its
// model whose improm version is in its affected range.
func (a *API) exposure(w http.ResponseWriter, r *http.Request) {
	as, err := a.Store.Advisories(r.Context())
	if err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	devs, err := a.Store.AllDevices(r.Context())
	if err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	names := map[string]string{}
	out := []Exposure{}
	for _, adv := range as {
		rng, err := version.ParseRange(adv.Affected)
		if err != nil {
			continue
		}
		e := Exposure{Advisory: adv.ID, Severity: adv.Severity, Model: adv.Model, ByOwner: map[string]int{}}
		for _, d := range devs {
			if d.Revoked != nil || d.Model != adv.Model || d.ImpromVersion == "" || !rng.Contains(d.ImpromVersion) {
				continue
			}
			name, ok := names[d.OwnerID]
			if !ok {
				if o, err := a.Store.Owner(r.Context(), d.OwnerID); err == nil {
					name = o.Name
				} else {
					name = d.OwnerID
				}
				names[d.OwnerID] = name
			}
			e.Devices++
			e.ByOwner[name]++
		}
		out = append(out, e)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Devices > out[j].Devices })
	writeJSON(w, http.StatusOK, out)
}
