package server

import (
	"context"
	"errors"
	"fmt"

	"drey/cloud/identity"
	"drey/cloud/store"
)

// Enroller enrolls devices of one model into one owner's group, as a
// factory line does: the CA key is decrypted once (an scrypt derivation,
// tens of milliseconds) rather than once per device. Each device gets its
// own keys; nothing is shared between them (REQ-SEP-1).
type Enroller struct {
	d              *Data
	ca             *identity.CA
	model          string
	owner, groupID string
}

// NewEnroller prepares to enroll devices of model into the group of the
// owner named owner ("" for the default owner that Init made). A model
// with no published support date is refused (REQ-LIFE-1), as are an
// unknown owner or group.
func (d *Data) NewEnroller(ctx context.Context, passphrase, model, owner, group string) (*Enroller, error) {
	if err := d.RequireSupport(ctx, model); err != nil {
		return nil, err
	}
	ownerID, err := d.ownerID(ctx, owner)
	if err != nil {
		return nil, err
	}
	groupID, err := d.groupOf(ctx, ownerID, group)
	if err != nil {
		return nil, err
	}
	ca, err := identity.LoadCA(d.caDir(), passphrase)
	if err != nil {
		return nil, err
	}
	return &Enroller{d: d, ca: ca, model: model, owner: ownerID, groupID: groupID}, nil
}

// Enroll makes one device: its own key pair, certificate and key-wrapping
// key; registers it; and writes its credentials to out.
func (e *Enroller) Enroll(ctx context.Context, out string) (*identity.Credentials, error) {
	creds, err := e.Register(ctx)
	if err != nil {
		return nil, err
	}
	if err := creds.Save(out); err != nil {
		return nil, fmt.Errorf("device %s enrolled, but its credentials were not written: %w", creds.DeviceID, err)
	}
	return creds, nil
}

// Register makes and registers one device, as Enroll does, and returns
// its credentials without writing them anywhere. It is safe for
// concurrent use.
func (e *Enroller) Register(ctx context.Context) (*identity.Credentials, error) {
	creds, err := identity.Enroll(e.ca, e.model, nil)
	if err != nil {
		return nil, err
	}
	reg, err := creds.Registration()
	if err != nil {
		return nil, err
	}
	if _, err := e.d.Store.EnrollDevice(ctx, store.Device{ID: reg.DeviceID, OwnerID: e.owner, GroupID: e.groupID, Model: e.model,
		PublicKey: reg.TLSPublicKeyDER, WrapKey: reg.WrapPublicKeyDER}); err != nil {
		return nil, err
	}
	return creds, nil
}

// ownerID returns the id of the owner named name, or of the default
// owner for "".
func (d *Data) ownerID(ctx context.Context, name string) (string, error) {
	if name == "" {
		return d.DefaultOwner()
	}
	o, err := d.Store.OwnerByName(ctx, name)
	if errors.Is(err, store.ErrNotFound) {
		return "", fmt.Errorf("owner %q: no such owner (drey owner create %s)", name, name)
	}
	if err != nil {
		return "", err
	}
	return o.ID, nil
}

// groupOf returns the id of the owner's group named name.
func (d *Data) groupOf(ctx context.Context, ownerID, name string) (string, error) {
	groups, err := d.Store.Groups(ctx, ownerID)
	if err != nil {
		return "", err
	}
	for _, g := range groups {
		if g.Name == name {
			return g.ID, nil
		}
	}
	return "", fmt.Errorf("group %q: the owner has no such group (drey group create %s)", name, name)
}
