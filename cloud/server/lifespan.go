// Device lifespan (REQ-LIFE-1 to 3): the operator publishes, per device
// model, the last day of security upgrades, before the model is sold,
// and announces its end at least twelve months ahead; anyone may read
// it. Nothing here, or anywhere in the service, disables a device whose
// support has ended (REQ-LIFE-3): the end date is shown, never enforced.

package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"time"

	"drey/cloud/store"
)

// ErrNoSupportDate is the error of enrolling a device of a model whose
// support period is not published (REQ-LIFE-1).
var ErrNoSupportDate = errors.New("no published security support date")

// RequireSupport returns nil if model's support period is published, and
// otherwise an error wrapping ErrNoSupportDate that says how to publish
// one. The factory calls it before making a device: a model may not be
// sold before its buyers can know how long it will be fixed (REQ-LIFE-1).
func (d *Data) RequireSupport(ctx context.Context, model string) error {
	_, err := d.Store.ModelSupport(ctx, model)
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("model %q: %w; publish one first with: drey model support %s --until YYYY-MM-DD (REQ-LIFE-1)", model, ErrNoSupportDate, model)
	}
	if err != nil {
		return fmt.Errorf("model %q: support date: %w", model, err)
	}
	return nil
}

// ModelInfo is a model's published support in GET /v1/models.
type ModelInfo struct {
	Model string `json:"model"`
	// SupportUntil is the last day of security upgrades, YYYY-MM-DD (UTC).
	SupportUntil string `json:"support_until"`
	// Announced is when SupportUntil took its present value.
	Announced time.Time `json:"announced"`
	// Ended says whether SupportUntil has passed. Devices of the model
	// keep working all the same (REQ-LIFE-3).
	Ended bool `json:"ended"`
}

func modelInfo(m store.ModelSupport, now time.Time) ModelInfo {
	return ModelInfo{Model: m.Model, SupportUntil: m.Until.Format(store.DateLayout), Announced: m.Announced, Ended: m.Ended(now)}
}

// SupportRequest is the body of POST /v1/models/{model}/support.
type SupportRequest struct {
	Until string `json:"until"`          // the last day of security upgrades, YYYY-MM-DD
	Note  string `json:"note,omitempty"` // why, for the history
	By    string `json:"by,omitempty"`   // who, for the history (default "operator")
}

// SupportChange is one entry of GET /v1/models/{model}/history.
type SupportChange struct {
	Old  string    `json:"old,omitempty"` // "" for the first publication
	New  string    `json:"new"`
	By   string    `json:"by"`
	Note string    `json:"note,omitempty"`
	At   time.Time `json:"at"`
}

// parseSupportDate reads the until of a SupportRequest.
func parseSupportDate(s string) (time.Time, error) {
	t, err := time.Parse(store.DateLayout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("until %.40q: want a date YYYY-MM-DD", s)
	}
	return t, nil
}

// models lists every published support period. It needs no token: the
// periods are published for buyers and owners alike (REQ-LIFE-1).
func (a *API) models(w http.ResponseWriter, r *http.Request) {
	ms, err := a.Store.ModelSupports(r.Context())
	if err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	now := time.Now()
	out := []ModelInfo{}
	for _, m := range ms {
		out = append(out, modelInfo(m, now))
	}
	writeJSON(w, http.StatusOK, out)
}

// setModelSupport publishes or changes a model's last day of support,
// refusing less than twelve months' notice of an end (REQ-LIFE-2).
func (a *API) setModelSupport(w http.ResponseWriter, r *http.Request) {
	var req SupportRequest
	if !decode(w, r, &req) {
		return
	}
	until, err := parseSupportDate(req.Until)
	if err != nil {
		httpError(w, http.StatusBadRequest, err.Error())
		return
	}
	by := req.By
	if by == "" {
		by = "operator"
	}
	m, err := a.Store.SetModelSupport(r.Context(), store.ModelSupport{Model: r.PathValue("model"), Until: until, By: by, Note: req.Note})
	var ne *store.NoticeError
	switch {
	case errors.As(err, &ne):
		writeJSON(w, http.StatusUnprocessableEntity, map[string]string{"error": ne.Error(), "earliest": ne.Earliest.Format(store.DateLayout)})
	case errors.Is(err, store.ErrInvalid):
		httpError(w, http.StatusBadRequest, err.Error())
	case err != nil:
		httpError(w, http.StatusInternalServerError, err.Error())
	default:
		writeJSON(w, http.StatusOK, modelInfo(m, time.Now()))
	}
}

// modelHistory lists every change of a model's support period.
func (a *API) modelHistory(w http.ResponseWriter, r *http.Request) {
	model := r.PathValue("model")
	cs, err := a.Store.ModelSupportHistory(r.Context(), model)
	if errors.Is(err, store.ErrNotFound) {
		httpError(w, http.StatusNotFound, fmt.Sprintf("model %q: no support date published", model))
		return
	}
	if err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	out := []SupportChange{}
	for _, c := range cs {
		sc := SupportChange{New: c.New.Format(store.DateLayout), By: c.By, Note: c.Note, At: c.At}
		if c.Old != nil {
			sc.Old = c.Old.Format(store.DateLayout)
		}
		out = append(out, sc)
	}
	writeJSON(w, http.StatusOK, out)
}

// ModelExposure is one model of the fleet in GET /v1/exposure/models:
// how many devices the model has and whether they are still supported.
type ModelExposure struct {
	Model        string         `json:"model"`
	Devices      int            `json:"devices"`                 // not revoked
	ByOwner      map[string]int `json:"by_owner"`                // owner name → devices
	SupportUntil string         `json:"support_until,omitempty"` // "" if none is published
	Ended        bool           `json:"ended"`
}

// modelExposure lists every model that has devices or a published
// support period, with its devices per owner and its support, so the
// operator sees the devices left without security upgrades (REQ-LIFE-3:
// they keep working; they are shown, not stopped).
func (a *API) modelExposure(w http.ResponseWriter, r *http.Request) {
	ms, err := a.Store.ModelSupports(r.Context())
	if err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	devs, err := a.Store.AllDevices(r.Context())
	if err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	now := time.Now()
	byModel := map[string]*ModelExposure{}
	get := func(model string) *ModelExposure {
		e := byModel[model]
		if e == nil {
			e = &ModelExposure{Model: model, ByOwner: map[string]int{}}
			byModel[model] = e
		}
		return e
	}
	for _, m := range ms {
		e := get(m.Model)
		e.SupportUntil, e.Ended = m.Until.Format(store.DateLayout), m.Ended(now)
	}
	names := map[string]string{}
	for _, d := range devs {
		if d.Revoked != nil {
			continue
		}
		name, ok := names[d.OwnerID]
		if !ok {
			name = d.OwnerID
			if o, err := a.Store.Owner(r.Context(), d.OwnerID); err == nil {
				name = o.Name
			}
			names[d.OwnerID] = name
		}
		e := get(d.Model)
		e.Devices++
		e.ByOwner[name]++
	}
	out := []ModelExposure{}
	for _, e := range byModel {
		out = append(out, *e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Model < out[j].Model })
	writeJSON(w, http.StatusOK, out)
}

// supportByModel returns a function giving a model's last day of support
// (YYYY-MM-DD, "" if none is published) and whether it has passed.
func (a *API) supportByModel(ctx context.Context) (func(model string) (until string, ended bool), error) {
	ms, err := a.Store.ModelSupports(ctx)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	byModel := map[string]store.ModelSupport{}
	for _, m := range ms {
		byModel[m.Model] = m
	}
	return func(model string) (string, bool) {
		m, ok := byModel[model]
		if !ok {
			return "", false
		}
		return m.Until.Format(store.DateLayout), m.Ended(now)
	}, nil
}
