// Conformance suite: owners' notice feeds and webhooks, advisories'
// confirmation dates, and a transferred device's open rollouts.

package store

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"time"
)

// testNotices checks the feed: newest first, a cursor, idempotent
// notices, one owner's feed invisible to another (REQ-OWN-3).
func testNotices(t *testing.T, f fixture) {
	a, b := f.owner("a"), f.owner("b")
	added, err := f.s.AddNotices(f.ctx, []Notice{
		{OwnerID: a.ID, Time: at(0), Kind: NoticeEmergency, Subject: "r1", Text: "emergency r1", Dedupe: "r1:emergency"},
		{OwnerID: a.ID, Time: at(1), Kind: NoticeRolloutPaused, Subject: "r1", Text: "r1 paused"},
		{OwnerID: b.ID, Kind: NoticeApprovalNeeded, Subject: "r2", Text: "approve r2"},
	})
	must(t, "AddNotices", err)
	if len(added) != 3 || added[0].ID <= 0 || added[1].ID <= added[0].ID || added[2].Time.IsZero() {
		t.Fatalf("AddNotices = %+v", added)
	}
	again, err := f.s.AddNotices(f.ctx, []Notice{
		{OwnerID: a.ID, Kind: NoticeEmergency, Subject: "r1", Text: "emergency r1, again", Dedupe: "r1:emergency"},
		{OwnerID: b.ID, Kind: NoticeEmergency, Subject: "r1", Text: "emergency r1 for b", Dedupe: "r1:emergency"},
	})
	must(t, "AddNotices again", err)
	if len(again) != 1 || again[0].OwnerID != b.ID {
		t.Errorf("AddNotices with a Dedupe already in a's feed added %+v, want only b's", again)
	}

	feed, err := f.s.Notices(f.ctx, a.ID, 0, 0)
	must(t, "Notices", err)
	if !reflect.DeepEqual(feed, []Notice{added[1], added[0]}) {
		t.Errorf("a's Notices = %+v, want its two, newest first", feed)
	}
	feed, err = f.s.Notices(f.ctx, a.ID, added[0].ID, 0)
	must(t, "Notices since", err)
	if len(feed) != 1 || feed[0].ID != added[1].ID {
		t.Errorf("Notices since %d = %+v", added[0].ID, feed)
	}
	feed, err = f.s.Notices(f.ctx, a.ID, 0, 1)
	must(t, "Notices limit", err)
	if len(feed) != 1 || feed[0].ID != added[1].ID {
		t.Errorf("Notices limit 1 = %+v, want the newest", feed)
	}
	feed, err = f.s.Notices(f.ctx, b.ID, 0, 0)
	must(t, "b's Notices", err)
	for _, n := range feed {
		if n.OwnerID != b.ID || strings.Contains(n.Text, "paused") {
			t.Errorf("b's feed has %+v", n)
		}
	}
	if len(feed) != 2 {
		t.Errorf("b's Notices = %+v, want 2", feed)
	}

	_, err = f.s.AddNotices(f.ctx, []Notice{{OwnerID: "nobody", Kind: NoticeEmergency, Text: "x"}})
	wantErr(t, "AddNotices for an unknown owner", err, ErrNotFound)
	_, err = f.s.AddNotices(f.ctx, []Notice{
		{OwnerID: a.ID, Kind: NoticeEmergency, Text: "kept?"},
		{OwnerID: a.ID, Kind: "", Text: "no kind"},
	})
	wantErr(t, "AddNotices without a kind", err, ErrInvalid)
	_, err = f.s.AddNotices(f.ctx, []Notice{{OwnerID: a.ID, Kind: NoticeEmergency, Text: " "}})
	wantErr(t, "AddNotices without text", err, ErrInvalid)
	if feed, _ := f.s.Notices(f.ctx, a.ID, 0, 0); len(feed) != 2 {
		t.Errorf("refused AddNotices added something: %+v", feed)
	}
}

// testNoticeWebhooks checks webhooks: one per owner, its cursor starting
// at the owner's newest notice and only ever moving forward.
func testNoticeWebhooks(t *testing.T, f fixture) {
	a, b := f.owner("a"), f.owner("b")
	old, err := f.s.AddNotices(f.ctx, []Notice{{OwnerID: a.ID, Kind: NoticeEmergency, Text: "before the webhook"}})
	must(t, "AddNotices", err)
	key := bytes.Repeat([]byte{7}, 32)
	w, err := f.s.SetWebhook(f.ctx, Webhook{OwnerID: a.ID, URL: "https://hooks.example.com/drey", Secret: key})
	must(t, "SetWebhook", err)
	if w.Delivered != old[0].ID || w.Created.IsZero() {
		t.Errorf("SetWebhook = %+v, want Delivered %d", w, old[0].ID)
	}
	w2, err := f.s.SetWebhook(f.ctx, Webhook{OwnerID: a.ID, URL: "https://hooks.example.com/v2", Secret: key, Created: at(0)})
	must(t, "SetWebhook again", err)
	ws, err := f.s.Webhooks(f.ctx)
	must(t, "Webhooks", err)
	if !reflect.DeepEqual(ws, []Webhook{w2}) {
		t.Errorf("Webhooks = %+v, want only %+v", ws, w2)
	}
	got, err := f.s.Webhook(f.ctx, a.ID)
	must(t, "Webhook", err)
	if !reflect.DeepEqual(got, w2) {
		t.Errorf("Webhook = %+v, want %+v", got, w2)
	}
	_, err = f.s.Webhook(f.ctx, b.ID)
	wantErr(t, "Webhook of an owner without one", err, ErrNotFound)
	must(t, "MarkDelivered", f.s.MarkDelivered(f.ctx, a.ID, old[0].ID+5))
	must(t, "MarkDelivered back", f.s.MarkDelivered(f.ctx, a.ID, old[0].ID+1))
	if ws, _ := f.s.Webhooks(f.ctx); len(ws) != 1 || ws[0].Delivered != old[0].ID+5 {
		t.Errorf("after MarkDelivered: %+v, want Delivered %d", ws, old[0].ID+5)
	}
	wantErr(t, "MarkDelivered without a webhook", f.s.MarkDelivered(f.ctx, b.ID, 1), ErrNotFound)
	wantErr(t, "DeleteWebhook without a webhook", f.s.DeleteWebhook(f.ctx, b.ID), ErrNotFound)
	must(t, "DeleteWebhook", f.s.DeleteWebhook(f.ctx, a.ID))
	if ws, _ := f.s.Webhooks(f.ctx); len(ws) != 0 {
		t.Errorf("Webhooks after DeleteWebhook = %+v", ws)
	}
	_, err = f.s.SetWebhook(f.ctx, Webhook{OwnerID: "nobody", URL: "https://x.example", Secret: key})
	wantErr(t, "SetWebhook for an unknown owner", err, ErrNotFound)
	checkInvalid(t, func() Webhook { return Webhook{OwnerID: a.ID, URL: "https://hooks.example.com/", Secret: key} },
		func(w Webhook) error { _, err := f.s.SetWebhook(f.ctx, w); return err },
		[]invalidCase[Webhook]{
			{"no owner", func(w *Webhook) { w.OwnerID = "" }, "owner"},
			{"relative url", func(w *Webhook) { w.URL = "/hook" }, `"/hook"`},
			{"other scheme", func(w *Webhook) { w.URL = "ftp://x.example/" }, `"ftp://x.example/"`},
			{"credentials", func(w *Webhook) { w.URL = "https://u:p@x.example/" }, "credentials"},
			{"short secret", func(w *Webhook) { w.Secret = key[:8] }, "8 bytes"},
		})
}

// testAdvisoryConfirmed checks an advisory's confirmation date, from
// which its fix target runs (REQ-VULN-5).
func testAdvisoryConfirmed(t *testing.T, f fixture) {
	a := newAdvisory("DREY-2026-0010", at(100))
	a.Confirmed = at(-86400)
	got, err := f.s.CreateAdvisory(f.ctx, a)
	must(t, "CreateAdvisory", err)
	if !got.Confirmed.Equal(at(-86400)) {
		t.Errorf("Confirmed = %v, want %v", got.Confirmed, at(-86400))
	}
	read, err := f.s.Advisory(f.ctx, a.ID)
	must(t, "Advisory", err)
	if !reflect.DeepEqual(read, got) {
		t.Errorf("Advisory = %+v, want %+v", read, got)
	}
	now, err := f.s.CreateAdvisory(f.ctx, Advisory{ID: "DREY-2026-0011", Severity: "low", Model: "imp001", Affected: "<2", Fixed: "2"})
	must(t, "CreateAdvisory now", err)
	if now.Confirmed.IsZero() || !now.Confirmed.Equal(now.Created) {
		t.Errorf("default Confirmed = %v, want Created %v", now.Confirmed, now.Created)
	}
	late := newAdvisory("DREY-2026-0012", at(0))
	late.Confirmed = at(1)
	_, err = f.s.CreateAdvisory(f.ctx, late)
	wantErr(t, "CreateAdvisory confirmed after recorded", err, ErrInvalid)
	if err != nil && !strings.Contains(err.Error(), "confirmed at "+at(1).Format(time.RFC3339)) {
		t.Errorf("error %q does not name the date", err)
	}
}

// testTransferOpenRollouts checks that a transferred device's place in
// open rollouts goes to its new owner, and in finished ones stays
// (REQ-OWN-4, REQ-OWN-2).
func testTransferOpenRollouts(t *testing.T, f fixture) {
	w := makeTwoOwners(f)
	open := f.rollout(newRollout(w.rel.ID), RolloutDevice{DeviceID: w.da1.ID})
	done := f.rollout(newRollout(w.rel.ID), RolloutDevice{DeviceID: w.da1.ID})
	must(t, "SetRolloutState", f.s.SetRolloutState(f.ctx, done.ID, RolloutDone, 2, "every device finished"))
	must(t, "TransferDevice", f.s.TransferDevice(f.ctx, w.a.ID, w.da1.ID, w.b.ID))
	for _, c := range []struct {
		r     Rollout
		owner string
	}{{open, w.b.ID}, {done, w.a.ID}} {
		ds, err := f.s.RolloutDevices(f.ctx, c.r.ID)
		must(t, "RolloutDevices", err)
		if len(ds) != 1 || ds[0].OwnerID != c.owner {
			t.Errorf("rollout %s (%s) devices after transfer = %+v, want owner %s", c.r.ID, c.r.State, ds, c.owner)
		}
	}
}
