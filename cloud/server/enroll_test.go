package server

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"drey/cloud/store"
)

// A factory line enrolls devices for any owner, into one of its groups,
// each with its own keys (REQ-SEP-1, REQ-SEP-3); an unknown owner or
// group is refused before the CA key is touched, and so is a model with
// no published support date (REQ-LIFE-1).
func TestEnroller(t *testing.T) {
	ctx := t.Context()
	dir := t.TempDir()
	d, err := OpenData(filepath.Join(dir, "data"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if _, err := d.Init(ctx, testPass, []string{"127.0.0.1"}); err != nil {
		t.Fatal(err)
	}
	publishSupport(t, d, "imp001")
	acme, err := d.Store.CreateOwner(ctx, "acme")
	if err != nil {
		t.Fatal(err)
	}
	g, err := d.Store.CreateGroup(ctx, store.Group{OwnerID: acme.ID, Name: "sensors"})
	if err != nil {
		t.Fatal(err)
	}
	e, err := d.NewEnroller(ctx, testPass, "imp001", "acme", "sensors")
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]bool{}
	for i := range 3 {
		out := filepath.Join(dir, "dev", string(rune('a'+i)))
		c, err := e.Enroll(ctx, out)
		if err != nil {
			t.Fatal(err)
		}
		dev, err := d.Store.DeviceForOwner(ctx, acme.ID, c.DeviceID)
		if err != nil || dev.GroupID != g.ID || dev.Model != "imp001" {
			t.Fatalf("device %s: %+v %v", c.DeviceID, dev, err)
		}
		if keys[string(dev.PublicKey)] || keys[string(dev.WrapKey)] {
			t.Fatalf("device %s shares a key with another", c.DeviceID)
		}
		keys[string(dev.PublicKey)], keys[string(dev.WrapKey)] = true, true
		if _, err := os.Stat(out); err != nil {
			t.Fatalf("credentials of %s: %v", c.DeviceID, err)
		}
	}
	for _, c := range []struct{ model, owner, group, want string }{
		{"imp001", "nobody", "sensors", `owner "nobody": no such owner`},
		{"imp001", "acme", "nothing", `group "nothing": the owner has no such group`},
		{"imp001", "", "sensors", `group "sensors": the owner has no such group`}, // the default owner's
		{"imp003", "acme", "sensors", "imp003"},
	} {
		// A wrong passphrase too: these must fail before the CA key.
		if _, err := d.NewEnroller(ctx, "wrong", c.model, c.owner, c.group); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("NewEnroller(%s, %q, %q) = %v, want an error with %q", c.model, c.owner, c.group, err, c.want)
		}
	}
	if _, err := d.NewEnroller(ctx, "wrong", "imp001", "acme", "sensors"); err == nil {
		t.Error("a wrong CA passphrase was accepted")
	}
}

// BenchmarkEnroll compares enrolling one device per call (Data.Enroll:
// the CA key decrypted each time) with a factory line's Enroller.
func BenchmarkEnroll(b *testing.B) {
	ctx := b.Context()
	dir := b.TempDir()
	d, err := OpenData(filepath.Join(dir, "data"))
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	if _, err := d.Init(ctx, testPass, []string{"127.0.0.1"}); err != nil {
		b.Fatal(err)
	}
	publishSupport(b, d, "imp001")
	b.Run("one-by-one", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			if _, err := d.Enroll(ctx, testPass, "imp001", "default", filepath.Join(dir, "a", strconv.Itoa(i))); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("enroller", func(b *testing.B) {
		e, err := d.NewEnroller(ctx, testPass, "imp001", "", "default")
		if err != nil {
			b.Fatal(err)
		}
		for i := 0; b.Loop(); i++ {
			if _, err := e.Enroll(ctx, filepath.Join(dir, "b", strconv.Itoa(i))); err != nil {
				b.Fatal(err)
			}
		}
	})
}
