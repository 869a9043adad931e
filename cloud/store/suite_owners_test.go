// Conformance suite: owners, tokens and groups.

package store

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func testOwners(t *testing.T, f fixture) {
	a := f.owner("acme")
	if len(a.ID) != 16 || a.Name != "acme" || a.Created.IsZero() {
		t.Errorf("CreateOwner = %+v", a)
	}
	got, err := f.s.Owner(f.ctx, a.ID)
	must(t, "Owner", err)
	if got != a {
		t.Errorf("Owner = %+v, want %+v", got, a)
	}
	_, err = f.s.CreateOwner(f.ctx, "acme")
	wantErr(t, "CreateOwner duplicate", err, ErrConflict)
	_, err = f.s.CreateOwner(f.ctx, "")
	wantErr(t, "CreateOwner empty", err, ErrInvalid)
	_, err = f.s.Owner(f.ctx, "0000000000000000")
	wantErr(t, "Owner unknown", err, ErrNotFound)
}

func testTokens(t *testing.T, f fixture) {
	a := f.owner("acme")
	tok, secret, err := f.s.CreateToken(f.ctx, a.ID, "ci")
	must(t, "CreateToken", err)
	if !strings.HasPrefix(secret, tokenPrefix) || len(secret) < 40 {
		t.Errorf("secret %q: want %s and 256 bits", secret, tokenPrefix)
	}
	if tok.OwnerID != a.ID || tok.Name != "ci" || tok.Revoked != nil {
		t.Errorf("CreateToken = %+v", tok)
	}
	_, secret2, err := f.s.CreateToken(f.ctx, a.ID, "laptop")
	must(t, "CreateToken", err)
	if secret2 == secret {
		t.Fatal("two tokens share a secret")
	}

	o, err := f.s.OwnerForToken(f.ctx, secret)
	must(t, "OwnerForToken", err)
	if o != a {
		t.Errorf("OwnerForToken = %+v, want %+v", o, a)
	}
	_, err = f.s.OwnerForToken(f.ctx, secret+"x")
	wantErr(t, "OwnerForToken wrong secret", err, ErrNotFound)
	_, err = f.s.OwnerForToken(f.ctx, "")
	wantErr(t, "OwnerForToken empty", err, ErrNotFound)
	if err != nil && strings.Contains(err.Error(), secret) {
		t.Errorf("error %q contains the secret", err)
	}

	ts, err := f.s.Tokens(f.ctx, a.ID)
	must(t, "Tokens", err)
	if len(ts) != 2 || ts[0].ID != tok.ID || ts[1].Name != "laptop" {
		t.Errorf("Tokens = %+v", ts)
	}

	when := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	must(t, "RevokeToken", f.s.RevokeToken(f.ctx, a.ID, tok.ID, when))
	must(t, "RevokeToken again", f.s.RevokeToken(f.ctx, a.ID, tok.ID, when.Add(time.Hour)))
	_, err = f.s.OwnerForToken(f.ctx, secret)
	wantErr(t, "OwnerForToken revoked", err, ErrRevoked)
	if _, err := f.s.OwnerForToken(f.ctx, secret2); err != nil {
		t.Errorf("the other token stopped working: %v", err)
	}
	ts, err = f.s.Tokens(f.ctx, a.ID)
	must(t, "Tokens", err)
	if ts[0].Revoked == nil || !ts[0].Revoked.Equal(when) {
		t.Errorf("revoked at %v, want the first revocation %v", ts[0].Revoked, when)
	}

	wantErr(t, "RevokeToken unknown", f.s.RevokeToken(f.ctx, a.ID, "nope", time.Time{}), ErrNotFound)
	_, _, err = f.s.CreateToken(f.ctx, "no-such-owner", "x")
	wantErr(t, "CreateToken for unknown owner", err, ErrNotFound)
	_, _, err = f.s.CreateToken(f.ctx, a.ID, "")
	wantErr(t, "CreateToken empty name", err, ErrInvalid)
	if !bytes.Equal(hashToken(secret), hashToken(secret)) || bytes.Equal(hashToken(secret), hashToken(secret2)) {
		t.Error("hashToken is not a function of the secret")
	}
}

func testGroups(t *testing.T, f fixture) {
	a, b := f.owner("a"), f.owner("b")
	g2 := f.group(a.ID, "thermostat")
	g1, err := f.s.CreateGroup(f.ctx, Group{OwnerID: a.ID, Name: "lamp", TimeZone: "Europe/London"})
	must(t, "CreateGroup", err)
	if g2.TimeZone != "UTC" || g1.TimeZone != "Europe/London" {
		t.Errorf("time zones %q, %q", g2.TimeZone, g1.TimeZone)
	}
	_, err = f.s.CreateGroup(f.ctx, Group{OwnerID: a.ID, Name: "lamp"})
	wantErr(t, "CreateGroup duplicate name", err, ErrConflict)
	f.group(b.ID, "lamp") // another owner may use the name
	_, err = f.s.CreateGroup(f.ctx, Group{OwnerID: "no-such-owner", Name: "x"})
	wantErr(t, "CreateGroup unknown owner", err, ErrNotFound)
	_, err = f.s.CreateGroup(f.ctx, Group{OwnerID: a.ID})
	wantErr(t, "CreateGroup empty name", err, ErrInvalid)

	gs, err := f.s.Groups(f.ctx, a.ID)
	must(t, "Groups", err)
	if len(gs) != 2 || gs[0] != g1 || gs[1] != g2 {
		t.Errorf("Groups = %+v, want [%+v %+v]", gs, g1, g2)
	}
	got, err := f.s.Group(f.ctx, a.ID, g1.ID)
	must(t, "Group", err)
	if got != g1 {
		t.Errorf("Group = %+v, want %+v", got, g1)
	}
}
