// Package webhook delivers owners' notices to the webhooks they set, as
// signed HTTP POSTs, in the order the notices were added.
//
// The notice feed in the store is the record (REQ-OWN-3); a webhook is
// a prompt to read it. So delivery never holds anything up: the rollout
// engine and the API only add notices and Wake the deliverer, which
// works on its own goroutines. Each notice is tried a bounded number of
// times, with growing pauses; after the last failure it is given up on
// (it stays in the feed) and the next one is tried. Each owner's
// webhook has its cursor in the store, moved on after each notice, so a
// restart resumes where delivery stopped; a notice sent just before a
// stop may be sent again (X-Drey-Notice lets the receiver tell).
//
// Requests go through the SSRF-safe client of package egress: an
// owner's URL cannot make the service reach its own host or private
// networks unless the operator allows them.
//
// Each delivery carries
//
//	Content-Type: application/json
//	X-Drey-Notice: <notice id>
//	X-Drey-Timestamp: <Unix seconds when sent>
//	X-Drey-Signature: sha256=<hex HMAC-SHA256(key, timestamp "." body)>
//
// with the key shown to the owner once when the webhook was set, so
// that the receiver can check the notice came from the service and
// refuse an old one replayed.
package webhook

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"

	"drey/cloud/egress"
	"drey/cloud/store"
)

// The deliverer's defaults.
const (
	DefaultInterval = 10 * time.Second
	DefaultAttempts = 5
	DefaultBackoff  = time.Second
)

// Payload is the body of a delivery: one notice.
type Payload struct {
	ID      int64     `json:"id"`
	Time    time.Time `json:"time"`
	Kind    string    `json:"kind"`
	Subject string    `json:"subject"`
	Text    string    `json:"text"`
}

// Deliverer posts notices to webhooks. Set its fields, then Run it.
type Deliverer struct {
	Store store.NoticeStore
	// Client sends the requests: egress.NewClient, whose policy decides
	// which addresses webhooks may reach and bounds each request (nil:
	// egress.NewClient of the zero Policy, public addresses only).
	Client *http.Client
	Log    *slog.Logger
	// Interval is how often Run looks for undelivered notices when not
	// woken (0: DefaultInterval).
	Interval time.Duration
	// Attempts is how many times a notice is tried (0: DefaultAttempts);
	// Backoff is the pause after the first failure, doubling after each
	// (0: DefaultBackoff).
	Attempts int
	Backoff  time.Duration
	// Now is the clock of the signature's timestamp (nil: time.Now).
	Now func() time.Time

	once sync.Once
	wake chan struct{}
	mu   sync.Mutex
	busy map[string]bool // owners whose webhook a goroutine is delivering to
	wg   sync.WaitGroup
}

func (d *Deliverer) init() {
	d.once.Do(func() {
		d.wake = make(chan struct{}, 1)
		d.busy = map[string]bool{}
		if d.Client == nil {
			d.Client = egress.NewClient(egress.Policy{})
		}
	})
}

func (d *Deliverer) logger() *slog.Logger {
	if d.Log != nil {
		return d.Log
	}
	return slog.New(slog.DiscardHandler)
}

// Wake tells the deliverer there are new notices. It never blocks.
func (d *Deliverer) Wake() {
	d.init()
	select {
	case d.wake <- struct{}{}:
	default:
	}
}

// Run delivers notices until ctx is done, then waits for deliveries in
// progress to stop.
func (d *Deliverer) Run(ctx context.Context) {
	d.init()
	interval := d.Interval
	if interval <= 0 {
		interval = DefaultInterval
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	defer d.wg.Wait()
	for {
		d.round(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-d.wake:
		}
	}
}

// round starts delivering to every webhook not already being served.
func (d *Deliverer) round(ctx context.Context) {
	hooks, err := d.Store.Webhooks(ctx)
	if err != nil {
		if ctx.Err() == nil {
			d.logger().Error("webhooks", "err", err)
		}
		return
	}
	for _, h := range hooks {
		d.mu.Lock()
		if d.busy[h.OwnerID] {
			d.mu.Unlock()
			continue
		}
		d.busy[h.OwnerID] = true
		d.mu.Unlock()
		d.wg.Add(1)
		go func() {
			defer d.wg.Done()
			defer func() {
				d.mu.Lock()
				delete(d.busy, h.OwnerID)
				d.mu.Unlock()
			}()
			d.serve(ctx, h)
		}()
	}
}

// serve delivers an owner's undelivered notices, oldest first, until
// none is left.
func (d *Deliverer) serve(ctx context.Context, h store.Webhook) {
	for cursor := h.Delivered; ; {
		ns, err := d.Store.Notices(ctx, h.OwnerID, cursor, 0)
		if err != nil {
			if ctx.Err() == nil {
				d.logger().Error("notices to deliver", "owner", h.OwnerID, "err", err)
			}
			return
		}
		if len(ns) == 0 {
			return
		}
		slices.Reverse(ns) // oldest first
		for _, n := range ns {
			err := d.deliver(ctx, h, n)
			if ctx.Err() != nil {
				return
			}
			if err != nil {
				d.logger().Warn("webhook delivery given up", "owner", h.OwnerID, "notice", n.ID, "err", err)
			}
			if err := d.Store.MarkDelivered(ctx, h.OwnerID, n.ID); err != nil {
				// The webhook was deleted, or the store is failing: stop,
				// and let the next round look again.
				return
			}
			cursor = n.ID
		}
	}
}

// deliver posts one notice, trying up to Attempts times.
func (d *Deliverer) deliver(ctx context.Context, h store.Webhook, n store.Notice) error {
	body, err := json.Marshal(Payload{ID: n.ID, Time: n.Time, Kind: n.Kind, Subject: n.Subject, Text: n.Text})
	if err != nil {
		return err
	}
	attempts, pause := d.Attempts, d.Backoff
	if attempts <= 0 {
		attempts = DefaultAttempts
	}
	if pause <= 0 {
		pause = DefaultBackoff
	}
	for i := 1; ; i++ {
		err = d.post(ctx, h, n.ID, body)
		if err == nil || i == attempts {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(pause):
		}
		pause *= 2
	}
}

// post sends one signed request; any answer but 2xx is an error.
func (d *Deliverer) post(ctx context.Context, h store.Webhook, id int64, body []byte) error {
	now := time.Now
	if d.Now != nil {
		now = d.Now
	}
	ts := strconv.FormatInt(now().Unix(), 10)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, h.URL, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("webhook url %q: %w", h.URL, err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "drey-webhook")
	req.Header.Set("X-Drey-Notice", strconv.FormatInt(id, 10))
	req.Header.Set("X-Drey-Timestamp", ts)
	req.Header.Set("X-Drey-Signature", Sign(h.Secret, ts, body))
	resp, err := d.Client.Do(req)
	if err != nil {
		return err
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("webhook %s answered %s", req.URL.Redacted(), resp.Status)
	}
	return nil
}

// Sign returns the X-Drey-Signature of a delivery: "sha256=" and the
// hex HMAC-SHA256, under key, of the timestamp, a dot and the body.
func Sign(key []byte, timestamp string, body []byte) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(timestamp))
	m.Write([]byte("."))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// Verify reports whether signature is the X-Drey-Signature of a delivery
// of body at timestamp under key, comparing in constant time. A
// receiver should also refuse a timestamp far from its own clock.
func Verify(key []byte, timestamp string, body []byte, signature string) bool {
	return hmac.Equal([]byte(Sign(key, timestamp, body)), []byte(signature))
}
