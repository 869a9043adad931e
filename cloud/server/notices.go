package server

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"drey/cloud/egress"
	"drey/cloud/store"
	"drey/cloud/webhook"
)

// NoticeInfo is one notice in GET /v1/notices: something the service did
// to the owner's devices that the owner did not ask for (REQ-OWN-3).
type NoticeInfo struct {
	ID      int64     `json:"id"` // increasing: the ?since= cursor
	Time    time.Time `json:"time"`
	Kind    string    `json:"kind"`
	Subject string    `json:"subject"` // the rollout or device it is about
	Text    string    `json:"text"`
}

// noticeInfo returns a notice as the API shows it.
func noticeInfo(n store.Notice) NoticeInfo {
	return NoticeInfo{ID: n.ID, Time: n.Time, Kind: n.Kind, Subject: n.Subject, Text: n.Text}
}

// The bounds of GET /v1/notices?limit=.
const (
	defaultNotices = 100
	maxNotices     = 1000
)

// notices lists the owner's own notices, newest first: those after
// ?since=ID if given, at most ?limit= of them (the newest).
func (a *API) notices(w http.ResponseWriter, r *http.Request, owner store.Owner) {
	q := r.URL.Query()
	var since int64
	if s := q.Get("since"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 0 {
			httpError(w, http.StatusBadRequest, "since "+strconv.Quote(s)+": want a notice id, a whole number from 0")
			return
		}
		since = n
	}
	limit := defaultNotices
	if s := q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > maxNotices {
			httpError(w, http.StatusBadRequest, "limit "+strconv.Quote(s)+": want 1 to "+strconv.Itoa(maxNotices))
			return
		}
		limit = n
	}
	ns, err := a.Store.Notices(r.Context(), owner.ID, since, limit)
	if err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	out := []NoticeInfo{}
	for _, n := range ns {
		out = append(out, noticeInfo(n))
	}
	writeJSON(w, http.StatusOK, out)
}

func (a *API) logger() *slog.Logger {
	if a.Log != nil {
		return a.Log
	}
	return slog.New(slog.DiscardHandler)
}

// notify adds notices to their owners' feeds and wakes the webhook
// deliverer. A notice that cannot be written is logged: the change it
// reports has already happened.
func (a *API) notify(ctx context.Context, ns []store.Notice) {
	added, err := a.Store.AddNotices(ctx, ns)
	if err != nil {
		a.logger().Error("writing owners' notices", "err", err)
		return
	}
	if len(added) > 0 && a.Webhooks != nil {
		a.Webhooks.Wake()
	}
}

// WebhookInfo is the owner's webhook in the API. Its secret, the key of
// the HMAC that signs deliveries, is shown once, when the webhook is set.
type WebhookInfo struct {
	URL     string    `json:"url"`
	Created time.Time `json:"created"`
	Secret  string    `json:"secret,omitempty"`
}

// setWebhook sets the owner's webhook, with a new signing key.
func (a *API) setWebhook(w http.ResponseWriter, r *http.Request, owner store.Owner) {
	var req WebhookInfo
	if !decode(w, r, &req) {
		return
	}
	key := make([]byte, 32)
	rand.Read(key)
	hook, err := a.Store.SetWebhook(r.Context(), store.Webhook{OwnerID: owner.ID, URL: req.URL, Secret: key})
	if errors.Is(err, store.ErrInvalid) {
		httpError(w, http.StatusBadRequest, err.Error())
		return
	}
	if err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	writeJSON(w, http.StatusCreated, WebhookInfo{URL: hook.URL, Created: hook.Created, Secret: base64.RawURLEncoding.EncodeToString(key)})
}

// webhook shows the owner's webhook, without its secret.
func (a *API) webhook(w http.ResponseWriter, r *http.Request, owner store.Owner) {
	h, err := a.Store.Webhook(r.Context(), owner.ID)
	if errors.Is(err, store.ErrNotFound) {
		httpError(w, http.StatusNotFound, "no webhook set")
		return
	}
	if err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, WebhookInfo{URL: h.URL, Created: h.Created})
}

// deleteWebhook removes the owner's webhook.
func (a *API) deleteWebhook(w http.ResponseWriter, r *http.Request, owner store.Owner) {
	err := a.Store.DeleteWebhook(r.Context(), owner.ID)
	if errors.Is(err, store.ErrNotFound) {
		httpError(w, http.StatusNotFound, "no webhook set")
		return
	}
	if err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"deleted": "webhook"})
}

// newDeliverer returns the webhook deliverer of a service whose webhooks
// may reach what policy allows, each request bounded to 10 s unless the
// policy says otherwise.
func newDeliverer(d *Data, policy egress.Policy, log *slog.Logger) *webhook.Deliverer {
	if policy.Timeout == 0 {
		policy.Timeout = 10 * time.Second
	}
	return &webhook.Deliverer{Store: d.Store, Client: egress.NewClient(policy), Log: log}
}
