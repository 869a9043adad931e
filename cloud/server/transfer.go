package server

import (
	"errors"
	"fmt"
	"net/http"

	"drey/cloud/store"
)

// TransferRequest is the body of POST /v1/devices/{id}/transfer, the
// operator's action when a device is sold or its owner acquired.
type TransferRequest struct {
	To    string `json:"to"`    // the new owner, by id or name
	Group string `json:"group"` // a group of the new owner to put the device in; empty: none
}

// TransferResponse answers it.
type TransferResponse struct {
	Device string `json:"device"`
	From   string `json:"from"` // owner ids
	To     string `json:"to"`
	Group  string `json:"group,omitempty"`
}

// transfer gives a device to another owner (REQ-OWN-4). The store moves
// it, out of any group, and deletes its logs and agent data in one
// transaction, so from then on the old owner's token finds neither the
// device nor its logs. Then the device's link is closed, so that it
// reconnects as the new owner's device; its agent is stopped (its agent
// URL, derived from the device and its owner, changes with the owner and
// the old one stops answering); and, if a group was named, the device
// joins it: it gets that group's code when it reconnects and its agent
// starts afresh with that group's agent code and no saved data. Without
// a group it runs no code of the new owner's, and keeps the old code in
// its flash, until the new owner moves it into a group. Both owners get
// a notice, and the new owner hears of the open rollouts the device is in.
func (a *API) transfer(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id := r.PathValue("id")
	var req TransferRequest
	if !decode(w, r, &req) {
		return
	}
	dev, err := a.Store.Device(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		httpError(w, http.StatusNotFound, "device "+id+" not found")
		return
	}
	if err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	if dev.Revoked != nil {
		httpError(w, http.StatusConflict, "device "+id+" is revoked: it cannot connect for any owner")
		return
	}
	to, err := a.ownerByIDOrName(r, req.To)
	if err != nil {
		httpError(w, http.StatusNotFound, err.Error())
		return
	}
	if to.ID == dev.OwnerID {
		httpError(w, http.StatusConflict, fmt.Sprintf("to %q: device %s already belongs to that owner", req.To, id))
		return
	}
	var group store.Group
	if req.Group != "" {
		if group, err = a.group(ctx, to, req.Group); err != nil {
			httpError(w, http.StatusNotFound, "group: "+err.Error()+" for owner "+to.Name)
			return
		}
	}
	if err := a.Store.TransferDevice(ctx, dev.OwnerID, id, to.ID); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			httpError(w, http.StatusConflict, "device "+id+" changed owner meanwhile: try again")
			return
		}
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	from := dev.OwnerID
	dev.OwnerID, dev.GroupID = to.ID, ""
	if a.Gateway != nil {
		a.Gateway.Disconnect(id, "transferred to another owner")
	}
	if a.Agents != nil {
		a.Agents.Stop(id)
	}
	where := "in no group: it runs none of your code until you move it into one (drey group move " + id + " GROUP)"
	if group.ID != "" {
		if err := a.Store.AssignDevice(ctx, to.ID, id, group.ID); err != nil {
			httpError(w, http.StatusInternalServerError, "device transferred, but not put in group "+group.Name+": "+err.Error())
			return
		}
		dev.GroupID = group.ID
		where = "in your group " + group.Name
		if d, err := a.Store.CurrentDeployment(ctx, to.ID, group.ID); err == nil && a.Agents != nil {
			a.Agents.Restart(dev, d)
		}
	}
	a.Store.AppendLog(ctx, to.ID, store.LogLine{DeviceID: id, Source: store.SourceStatus, Level: store.LevelInfo, Text: "transferred to this owner"})
	a.notify(ctx, []store.Notice{
		{OwnerID: from, Kind: store.NoticeTransferredOut, Subject: id,
			Text: fmt.Sprintf("Device %s (%s) was transferred to another owner by the operator. You no longer have access to it, its logs or its agent; its logs and agent data were deleted.", id, dev.Model)},
		{OwnerID: to.ID, Kind: store.NoticeTransferredIn, Subject: id,
			Text: fmt.Sprintf("Device %s (%s) was transferred to you by the operator, %s. It starts with no logs and no agent data.", id, dev.Model, where)},
	})
	if a.Rollouts != nil {
		if err := a.Rollouts.NotifyOwners(ctx); err != nil {
			a.logger().Error("notices of open rollouts after a transfer", "device", id, "err", err)
		}
	}
	writeJSON(w, http.StatusOK, TransferResponse{Device: id, From: from, To: to.ID, Group: group.Name})
}

// ownerByIDOrName finds an owner by its id, or else by its name.
func (a *API) ownerByIDOrName(r *http.Request, s string) (store.Owner, error) {
	if s == "" {
		return store.Owner{}, errors.New(`to: the new owner is empty`)
	}
	o, err := a.Store.Owner(r.Context(), s)
	if errors.Is(err, store.ErrNotFound) {
		o, err = a.Store.OwnerByName(r.Context(), s)
	}
	if err != nil {
		return store.Owner{}, fmt.Errorf("to %q: no owner with that id or name", s)
	}
	return o, nil
}
