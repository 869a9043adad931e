package webhook

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"sync"
	"testing"
	"time"

	"drey/cloud/egress"
	"drey/cloud/store"
)

// receiver is an owner's webhook endpoint that checks signatures and
// fails the first fails requests.
type receiver struct {
	t     *testing.T
	key   []byte
	mu    sync.Mutex
	fails int
	got   []Payload
	tries int
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.tries++
	if !Verify(rc.key, r.Header.Get("X-Drey-Timestamp"), body, r.Header.Get("X-Drey-Signature")) {
		rc.t.Errorf("bad signature %q on %s", r.Header.Get("X-Drey-Signature"), body)
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	if rc.fails > 0 {
		rc.fails--
		w.WriteHeader(http.StatusServiceUnavailable)
		return
	}
	var p Payload
	json.Unmarshal(body, &p)
	rc.got = append(rc.got, p)
}

func (rc *receiver) received() ([]Payload, int) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]Payload(nil), rc.got...), rc.tries
}

func setup(t *testing.T) (*store.SQLite, store.Owner) {
	t.Helper()
	st, err := store.OpenSQLite(":memory:")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	o, err := st.CreateOwner(context.Background(), "acme")
	if err != nil {
		t.Fatal(err)
	}
	return st, o
}

func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if ok() {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}

// Notices reach the owner's webhook in order, signed with its key, once
// each, retried after a failure; notices from before the webhook was set
// are not sent.
// REQ-OWN-3.
func TestDeliver(t *testing.T) {
	st, o := setup(t)
	ctx := context.Background()
	st.AddNotices(ctx, []store.Notice{{OwnerID: o.ID, Kind: store.NoticeEmergency, Text: "before the webhook"}})
	rc := &receiver{t: t, key: []byte("0123456789abcdef0123456789abcdef"), fails: 2}
	srv := httptest.NewServer(rc)
	defer srv.Close()
	if _, err := st.SetWebhook(ctx, store.Webhook{OwnerID: o.ID, URL: srv.URL + "/hook", Secret: rc.key}); err != nil {
		t.Fatal(err)
	}
	d := &Deliverer{Store: st, Client: egress.NewClient(egress.Policy{Allow: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}}),
		Interval: time.Hour, Backoff: time.Millisecond}
	rctx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { defer close(done); d.Run(rctx) }()
	defer func() { stop(); <-done }()

	st.AddNotices(ctx, []store.Notice{
		{OwnerID: o.ID, Kind: store.NoticeEmergency, Subject: "r1", Text: "first"},
		{OwnerID: o.ID, Kind: store.NoticeRolloutAborted, Subject: "r1", Text: "second"},
	})
	d.Wake()
	waitFor(t, "two deliveries", func() bool { got, _ := rc.received(); return len(got) == 2 })
	got, tries := rc.received()
	if got[0].Text != "first" || got[1].Text != "second" || got[0].Subject != "r1" || tries != 4 {
		t.Errorf("received %+v in %d tries, want first and second after 2 failures", got, tries)
	}
	waitFor(t, "the cursor to move", func() bool {
		h, _ := st.Webhook(ctx, o.ID)
		return h.Delivered == got[1].ID
	})
}

// A webhook that keeps failing is tried a bounded number of times per
// notice, and then the next notice is tried; a webhook pointing at a
// private address is refused by the default policy, never reached.
// REQ-OWN-3, REQ-SEP-6.
func TestDeliverBounded(t *testing.T) {
	st, o := setup(t)
	ctx := context.Background()
	rc := &receiver{t: t, key: []byte("0123456789abcdef0123456789abcdef"), fails: 1000}
	srv := httptest.NewServer(rc)
	defer srv.Close()
	st.SetWebhook(ctx, store.Webhook{OwnerID: o.ID, URL: srv.URL, Secret: rc.key})
	added, _ := st.AddNotices(ctx, []store.Notice{
		{OwnerID: o.ID, Kind: store.NoticeEmergency, Text: "one"},
		{OwnerID: o.ID, Kind: store.NoticeEmergency, Text: "two"},
	})
	d := &Deliverer{Store: st, Client: egress.NewClient(egress.Policy{Allow: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}}),
		Attempts: 3, Backoff: time.Millisecond}
	d.init()
	d.serve(ctx, store.Webhook{OwnerID: o.ID, URL: srv.URL, Secret: rc.key})
	if _, tries := rc.received(); tries != 6 {
		t.Errorf("%d tries for 2 notices, want 3 each", tries)
	}
	if h, _ := st.Webhook(ctx, o.ID); h.Delivered != added[1].ID {
		t.Errorf("cursor %d after giving up, want %d", h.Delivered, added[1].ID)
	}

	rc2 := &receiver{t: t, key: rc.key}
	srv2 := httptest.NewServer(rc2)
	defer srv2.Close()
	h, _ := st.SetWebhook(ctx, store.Webhook{OwnerID: o.ID, URL: srv2.URL, Secret: rc.key})
	st.AddNotices(ctx, []store.Notice{{OwnerID: o.ID, Kind: store.NoticeEmergency, Text: "three"}})
	safe := &Deliverer{Store: st, Attempts: 2, Backoff: time.Millisecond} // the default client: public addresses only
	safe.init()
	safe.serve(ctx, h)
	if _, tries := rc2.received(); tries != 0 {
		t.Errorf("the default policy let a webhook reach 127.0.0.1 (%d requests)", tries)
	}
}
