package server

import (
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"drey/cloud/egress"
	"drey/cloud/rollout"
	"drey/cloud/store"
	"drey/cloud/webhook"
)

// otherOwner makes a second owner with a "default" group, as drey owner
// create does, and returns it with its API token.
func (s *service) otherOwner(name string) (store.Owner, string) {
	s.t.Helper()
	ctx := s.t.Context()
	o, err := s.data.Store.CreateOwner(ctx, name)
	if err != nil {
		s.t.Fatal(err)
	}
	if _, err := s.data.Store.CreateGroup(ctx, store.Group{OwnerID: o.ID, Name: "default"}); err != nil {
		s.t.Fatal(err)
	}
	_, tok, err := s.data.Store.CreateToken(ctx, o.ID, "initial")
	if err != nil {
		s.t.Fatal(err)
	}
	return o, tok
}

// notices reads an owner's notice feed through the API.
func (s *service) notices(token, query string) []NoticeInfo {
	s.t.Helper()
	code, body := api(s.t, "GET", s.base+"/v1/notices"+query, token, nil)
	if code != http.StatusOK {
		s.t.Fatalf("GET /v1/notices%s: %d %s", query, code, body)
	}
	var ns []NoticeInfo
	if err := json.Unmarshal(body, &ns); err != nil {
		s.t.Fatalf("notices: %v: %s", err, body)
	}
	return ns
}

// An emergency rollout that overrides owner approval is recorded with its
// justification and who made it, and its owner is notified: owner A,
// whose device it touches, finds it in its notice feed, with the
// justification and who, and gets it at its webhook, signed with the key
// shown when it was set; owner B, untouched, gets nothing and cannot read
// A's; the notice survives a restart of the service, and is not written
// twice.
// REQ-OWN-3.
func TestEmergencyNotifiesOwner(t *testing.T) {
	var mu sync.Mutex
	var hooked []webhook.Payload
	var key []byte
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		defer mu.Unlock()
		if !webhook.Verify(key, r.Header.Get("X-Drey-Timestamp"), body, r.Header.Get("X-Drey-Signature")) {
			t.Errorf("a webhook delivery with a bad signature: %s", body)
		}
		var p webhook.Payload
		json.Unmarshal(body, &p)
		hooked = append(hooked, p)
	}))
	defer hook.Close()
	s := newServiceWith(t, Config{Webhooks: egress.Policy{Allow: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}}})
	p := newPlatform(t)
	if _, err := s.data.SetRoot(p.root); err != nil {
		t.Fatal(err)
	}
	c := s.enroll("default")
	s.deploy("default", `server.log("up")`, ``)
	s.connect(c)
	s.waitLog(c.DeviceID, "[status] connected")
	_, tokenB := s.otherOwner("globex")
	_, groupA, err := s.data.defaultGroup(t.Context(), "default")
	if err != nil {
		t.Fatal(err)
	}

	code, body := api(t, "POST", s.base+"/v1/notices/webhook", s.token, WebhookInfo{URL: hook.URL + "/drey"})
	var wh WebhookInfo
	json.Unmarshal(body, &wh)
	if code != http.StatusCreated || wh.Secret == "" {
		t.Fatalf("set webhook: %d %s", code, body)
	}
	mu.Lock()
	key, _ = base64.RawURLEncoding.DecodeString(wh.Secret)
	mu.Unlock()
	if _, body := api(t, "GET", s.base+"/v1/notices/webhook", s.token, nil); strings.Contains(string(body), wh.Secret) {
		t.Errorf("the webhook's secret shown again: %s", body)
	}

	rel := releaseOf(t, s, p.image(t, "2.0", 5))
	spec := rollout.Spec{ReleaseID: rel.ID, Mode: "demand", Justification: "DREY-2026-0007: exploited in the wild", Emergency: true,
		Groups: []string{groupA}, Waves: []int{100}, FailureThreshold: 0.5, CreatedBy: "alice"}
	code, body = api(t, "POST", s.base+"/v1/rollouts", s.operator, spec)
	var ri RolloutInfo
	json.Unmarshal(body, &ri)
	if code != http.StatusCreated || ri.State != "running" || ri.CreatedBy != "operator alice" || ri.Justification != spec.Justification {
		t.Fatalf("emergency rollout: %d %s", code, body)
	}

	check := func(when string) {
		t.Helper()
		ns := s.notices(s.token, "")
		var found []NoticeInfo
		for _, n := range ns {
			if n.Kind == store.NoticeEmergency {
				found = append(found, n)
			}
		}
		if len(found) != 1 || found[0].Subject != ri.ID || !strings.Contains(found[0].Text, spec.Justification) ||
			!strings.Contains(found[0].Text, ri.CreatedBy) || !strings.Contains(found[0].Text, "1 of your devices") {
			t.Fatalf("%s: owner A's notices %+v, want one emergency notice for %s with its justification and who", when, ns, ri.ID)
		}
		if ns := s.notices(tokenB, ""); len(ns) != 0 {
			t.Fatalf("%s: owner B, untouched, has notices %+v", when, ns)
		}
		if ns := s.notices(tokenB, "?since=0&limit=1000"); len(ns) != 0 {
			t.Fatalf("%s: owner B reads %+v", when, ns)
		}
		for _, n := range s.notices(s.token, "?since="+strconv.FormatInt(found[0].ID, 10)) {
			if n.ID <= found[0].ID {
				t.Fatalf("%s: ?since=%d returned notice %d", when, found[0].ID, n.ID)
			}
		}
	}
	check("before the restart")
	waitFor(t, 10*time.Second, "the webhook delivery", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(hooked) > 0
	})
	mu.Lock()
	if len(hooked) != 1 || hooked[0].Kind != store.NoticeEmergency || hooked[0].Subject != ri.ID {
		t.Errorf("webhook got %+v, want the one emergency notice", hooked)
	}
	mu.Unlock()
	if code, _ := api(t, "GET", s.base+"/v1/notices", s.operator, nil); code != http.StatusUnauthorized {
		t.Errorf("the operator's token read an owner's notices: %d", code)
	}
	for _, q := range []string{"?since=x", "?since=-1", "?limit=0", "?limit=100000"} {
		if code, _ := api(t, "GET", s.base+"/v1/notices"+q, s.token, nil); code != http.StatusBadRequest {
			t.Errorf("GET /v1/notices%s: %d, want 400", q, code)
		}
	}
	s.restart()
	check("after the restart")
}
