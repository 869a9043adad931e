package server

import (
	"context"
	"errors"
	"net/http"
	"time"

	"drey/cloud/store"
	"drey/cloud/vuln"
	"drey/internal/version"
)

// AdvisoryInfo is an advisory in the API. In POST /v1/advisories,
// Confirmed is when the vulnerability was confirmed (default: now), and
// the fields after it are ignored; GET /v1/advisories fills them in.
type AdvisoryInfo struct {
	ID        string    `json:"id"`
	Severity  string    `json:"severity"`
	Summary   string    `json:"summary"`
	Model     string    `json:"model"`
	Affected  string    `json:"affected"`
	Fixed     string    `json:"fixed"`
	Created   time.Time `json:"created"`
	Confirmed time.Time `json:"confirmed"`
	// Target is the date by which the fix must be deployed to every
	// supported device (REQ-VULN-5); nil for a severity without one.
	Target *time.Time `json:"target,omitempty"`
	// Status is "open", "overdue" or "fixed" (no supported device runs
	// an affected version); Exposed counts the supported devices that do.
	Status  string `json:"status,omitempty"`
	Exposed int    `json:"exposed"`
}

func advisoryInfo(a store.Advisory) AdvisoryInfo {
	return AdvisoryInfo{ID: a.ID, Severity: a.Severity, Summary: a.Summary, Model: a.Model, Affected: a.Affected, Fixed: a.Fixed,
		Created: a.Created, Confirmed: a.Confirmed}
}

// withTarget adds an advisory's fix target and status to its info.
func withTarget(info AdvisoryInfo, e vuln.Exposure) AdvisoryInfo {
	if !e.Due.IsZero() {
		due := e.Due
		info.Target = &due
	}
	info.Status, info.Exposed = e.Status, e.Supported
	return info
}

// clockSkew is how far in the future a confirmation date may be, for
// the clocks of the operator's machine and the service to differ.
const clockSkew = 5 * time.Minute

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
	now := time.Now()
	if req.Confirmed.After(now.Add(clockSkew)) {
		httpError(w, http.StatusBadRequest, "confirmed "+req.Confirmed.Format(time.RFC3339)+": in the future")
		return
	}
	if !req.Confirmed.IsZero() && req.Confirmed.After(now) {
		req.Confirmed = now
	}
	adv, err := a.Store.CreateAdvisory(r.Context(), store.Advisory{ID: req.ID, Severity: req.Severity, Summary: req.Summary, Model: req.Model,
		Affected: req.Affected, Fixed: req.Fixed, Created: now, Confirmed: req.Confirmed})
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

// advisories lists the advisories, newest first, each with its fix
// target and status.
func (a *API) advisories(w http.ResponseWriter, r *http.Request) {
	es, _, err := a.assess(r.Context())
	if err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	out := []AdvisoryInfo{}
	for _, e := range es {
		out = append(out, withTarget(advisoryInfo(e.Advisory), e))
	}
	writeJSON(w, http.StatusOK, out)
}

// assess measures every advisory against the fleet now (vuln.Assess),
// counting towards fix targets the devices whose model's support has not
// ended. It also returns the support lookup it used.
func (a *API) assess(ctx context.Context) ([]vuln.Exposure, func(model string) (string, bool), error) {
	as, err := a.Store.Advisories(ctx)
	if err != nil {
		return nil, nil, err
	}
	devs, err := a.Store.AllDevices(ctx)
	if err != nil {
		return nil, nil, err
	}
	support, err := a.supportByModel(ctx)
	if err != nil {
		return nil, nil, err
	}
	supported := func(d store.Device) bool { _, ended := support(d.Model); return !ended }
	return vuln.Assess(as, devs, time.Now(), supported), support, nil
}

// Exposure is how many devices still run firmware an advisory affects,
// and how that stands against the advisory's fix target (REQ-VULN-4,
// REQ-VULN-5).
type Exposure struct {
	Advisory string         `json:"advisory"`
	Severity string         `json:"severity"`
	Model    string         `json:"model"`
	Devices  int            `json:"devices"`
	ByOwner  map[string]int `json:"by_owner"` // owner name → devices
	// SupportUntil and SupportEnded are the model's published support
	// period (REQ-LIFE-3); SupportUntil is "" if none is published.
	SupportUntil string `json:"support_until,omitempty"`
	SupportEnded bool   `json:"support_ended,omitempty"`
	// Supported counts the exposed devices still supported: those the
	// fix target is for.
	Supported int       `json:"supported"`
	Confirmed time.Time `json:"confirmed"`
	// DaysSinceConfirmed is whole days since the vulnerability was
	// confirmed; Target the date its fix must be deployed by (nil: none
	// for this severity); Overdue whether that date has passed with
	// supported devices still exposed.
	DaysSinceConfirmed int        `json:"days_since_confirmed"`
	Target             *time.Time `json:"target,omitempty"`
	Overdue            bool       `json:"overdue"`
	Status             string     `json:"status"` // open, overdue or fixed
}

// exposure counts, for every advisory, the devices (per owner) of its
// model whose improm version is in its affected range, and measures them
// against its fix target: overdue advisories first, then open, then
// fixed.
func (a *API) exposure(w http.ResponseWriter, r *http.Request) {
	es, support, err := a.assess(r.Context())
	if err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	vuln.ByUrgency(es)
	names := map[string]string{}
	out := []Exposure{}
	for _, e := range es {
		adv := e.Advisory
		x := Exposure{Advisory: adv.ID, Severity: adv.Severity, Model: adv.Model, Devices: e.Devices, ByOwner: map[string]int{},
			Supported: e.Supported, Confirmed: adv.Confirmed, DaysSinceConfirmed: e.DaysSinceConfirmed, Overdue: e.Overdue, Status: e.Status}
		x.SupportUntil, x.SupportEnded = support(adv.Model)
		if !e.Due.IsZero() {
			due := e.Due
			x.Target = &due
		}
		for owner, n := range e.ByOwner {
			name, ok := names[owner]
			if !ok {
				name = owner
				if o, err := a.Store.Owner(r.Context(), owner); err == nil {
					name = o.Name
				}
				names[owner] = name
			}
			x.ByOwner[name] += n
		}
		out = append(out, x)
	}
	writeJSON(w, http.StatusOK, out)
}
