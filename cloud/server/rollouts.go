package server

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"drey/cloud/rollout"
	"drey/cloud/store"
)

// RolloutInfo is a rollout in the API, with its progress.
type RolloutInfo struct {
	ID               string               `json:"id"`
	Release          string               `json:"release"`
	Mode             string               `json:"mode"`
	Groups           []string             `json:"groups,omitempty"`
	From             string               `json:"from,omitempty"`
	Percent          int                  `json:"percent"`
	Waves            []int                `json:"waves"`
	FailureThreshold float64              `json:"failure_threshold"`
	Justification    string               `json:"justification,omitempty"`
	Emergency        bool                 `json:"emergency"`
	Advisory         string               `json:"advisory,omitempty"`
	State            string               `json:"state"`
	Wave             int                  `json:"wave"` // 1-based, the wave being offered
	Note             string               `json:"note,omitempty"`
	Created          time.Time            `json:"created"`
	CreatedBy        string               `json:"created_by"`
	Counts           map[string]int       `json:"counts,omitempty"`
	Failures         map[string]int       `json:"failures,omitempty"`
	WaveProgress     []rollout.WaveStatus `json:"wave_progress,omitempty"`
	Approvals        []ApprovalInfo       `json:"approvals,omitempty"`
	Devices          []DeviceUpgrade      `json:"devices,omitempty"`
}

// ApprovalInfo is an owner's approval of a rollout.
type ApprovalInfo struct {
	Owner    string     `json:"owner"`
	Approved bool       `json:"approved"`
	By       string     `json:"by,omitempty"`
	At       *time.Time `json:"at,omitempty"`
}

// DeviceUpgrade is one device's place in a rollout.
type DeviceUpgrade struct {
	Device    string    `json:"device"`
	Wave      int       `json:"wave"`
	State     string    `json:"state"`
	Reason    string    `json:"reason,omitempty"`
	Deferrals int       `json:"deferrals,omitempty"`
	Updated   time.Time `json:"updated"`
}

func rolloutInfo(r store.Rollout) RolloutInfo {
	return RolloutInfo{ID: r.ID, Release: r.ReleaseID, Mode: r.Mode, Groups: r.Groups, From: r.FromVersions, Percent: r.Percent,
		Waves: r.Waves, FailureThreshold: r.FailureThreshold, Justification: r.Justification, Emergency: r.Emergency,
		Advisory: r.AdvisoryID, State: r.State, Wave: r.Wave + 1, Note: r.StateNote, Created: r.Created, CreatedBy: r.CreatedBy}
}

// statusInfo is a rollout with its progress; ownerID limits the devices
// listed to one owner's ("" for the operator: all).
func statusInfo(s rollout.Status, ownerID string) RolloutInfo {
	info := rolloutInfo(s.Rollout)
	info.Counts, info.Failures, info.WaveProgress = s.Counts, s.Failures, s.Waves
	at := map[string]store.Approval{}
	for _, a := range s.Approvals {
		at[a.OwnerID] = a
	}
	for owner, ok := range s.Owners {
		if ownerID != "" && owner != ownerID {
			continue
		}
		ai := ApprovalInfo{Owner: owner, Approved: ok}
		if a, found := at[owner]; found {
			t := a.At
			ai.By, ai.At = a.By, &t
		}
		info.Approvals = append(info.Approvals, ai)
	}
	for _, d := range s.Devices {
		if ownerID != "" && d.OwnerID != ownerID {
			continue
		}
		info.Devices = append(info.Devices, DeviceUpgrade{Device: d.DeviceID, Wave: d.Wave + 1, State: d.State, Reason: d.Reason, Deferrals: d.Deferrals, Updated: d.Updated})
	}
	if ownerID != "" {
		// An owner sees its own devices' counts only.
		info.Counts, info.Failures = map[string]int{}, map[string]int{}
		for _, d := range info.Devices {
			info.Counts[d.State]++
			if d.State == store.DeviceFailed {
				info.Failures[d.Reason]++
			}
		}
		info.WaveProgress = nil
	}
	return info
}

func (a *API) createRollout(w http.ResponseWriter, r *http.Request) {
	var spec rollout.Spec
	if !decode(w, r, &spec) {
		return
	}
	// The operator's token is shared, so who made the rollout is as the
	// caller names it (drey rollout create --by, default $USER), marked
	// as the operator's (REQ-OWN-3).
	by := strings.TrimSpace(spec.CreatedBy)
	if len(by) > 64 {
		httpError(w, http.StatusBadRequest, "by: want at most 64 characters")
		return
	}
	spec.CreatedBy = strings.TrimSpace("operator " + by)
	ro, err := a.Rollouts.Create(r.Context(), spec)
	switch {
	case errors.Is(err, store.ErrNotFound):
		httpError(w, http.StatusNotFound, err.Error())
		return
	case errors.Is(err, store.ErrInvalid), errors.Is(err, rollout.ErrNoDevices), errors.Is(err, rollout.ErrWithdrawn), errors.Is(err, rollout.ErrMismatch):
		httpError(w, http.StatusUnprocessableEntity, err.Error())
		return
	case err != nil:
		httpError(w, http.StatusBadRequest, err.Error())
		return
	}
	a.rolloutStatus(w, r, ro.ID, "", http.StatusCreated)
}

func (a *API) rolloutStatus(w http.ResponseWriter, r *http.Request, id, ownerID string, code int) {
	s, err := a.Rollouts.Status(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		httpError(w, http.StatusNotFound, "rollout not found")
		return
	}
	if err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	if _, touches := s.Owners[ownerID]; ownerID != "" && !touches {
		httpError(w, http.StatusNotFound, "rollout not found")
		return
	}
	writeJSON(w, code, statusInfo(s, ownerID))
}

func (a *API) rollouts(w http.ResponseWriter, r *http.Request) {
	rs, err := a.Store.Rollouts(r.Context())
	if err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	out := []RolloutInfo{}
	for _, ro := range rs {
		out = append(out, rolloutInfo(ro))
	}
	writeJSON(w, http.StatusOK, out)
}

func (a *API) operatorRollout(w http.ResponseWriter, r *http.Request) {
	a.rolloutStatus(w, r, r.PathValue("id"), "", http.StatusOK)
}

// controlRollout is pause, resume and abort.
func (a *API) controlRollout(w http.ResponseWriter, r *http.Request) {
	id, action := r.PathValue("id"), r.PathValue("action")
	var err error
	switch action {
	case "pause":
		err = a.Rollouts.Pause(r.Context(), id, "paused by the operator")
	case "resume":
		err = a.Rollouts.Resume(r.Context(), id, "resumed by the operator")
	case "abort":
		err = a.Rollouts.Abort(r.Context(), id, "aborted by the operator")
	default:
		httpError(w, http.StatusNotFound, "action "+action+": want pause, resume or abort")
		return
	}
	switch {
	case errors.Is(err, store.ErrNotFound):
		httpError(w, http.StatusNotFound, "rollout not found")
	case errors.Is(err, rollout.ErrState):
		httpError(w, http.StatusConflict, err.Error())
	case err != nil:
		httpError(w, http.StatusInternalServerError, err.Error())
	default:
		a.rolloutStatus(w, r, id, "", http.StatusOK)
	}
}

// ownerRollout shows an owner a rollout that touches its devices, with
// only its own devices.
func (a *API) ownerRollout(w http.ResponseWriter, r *http.Request, owner store.Owner) {
	a.rolloutStatus(w, r, r.PathValue("id"), owner.ID, http.StatusOK)
}

// approveRollout records the owner's approval (who and when).
func (a *API) approveRollout(w http.ResponseWriter, r *http.Request, owner store.Owner) {
	id := r.PathValue("id")
	by := "owner " + owner.Name
	if err := a.Rollouts.Approve(r.Context(), id, owner.ID, by); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			httpError(w, http.StatusNotFound, "rollout not found")
			return
		}
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	a.rolloutStatus(w, r, id, owner.ID, http.StatusOK)
}

// upgradeHistory is a device's upgrade history, for its owner.
func (a *API) upgradeHistory(w http.ResponseWriter, r *http.Request, owner store.Owner) {
	evs, err := a.Store.UpgradeHistory(r.Context(), owner.ID, r.PathValue("id"))
	if errors.Is(err, store.ErrNotFound) {
		httpError(w, http.StatusNotFound, "device not found")
		return
	}
	if err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	type event struct {
		Time      time.Time `json:"time"`
		Rollout   string    `json:"rollout"`
		State     string    `json:"state"`
		Reason    string    `json:"reason,omitempty"`
		BatteryMV int       `json:"battery_mv,omitempty"`
	}
	out := []event{}
	for _, e := range evs {
		out = append(out, event{e.Time, e.RolloutID, e.State, e.Reason, e.BatteryMV})
	}
	writeJSON(w, http.StatusOK, out)
}
