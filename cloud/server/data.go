// Package server is the Drey cloud service on its embedded defaults: a
// data directory holding the SQLite store, the service CA (used by the
// factory to enroll devices) and the server's TLS certificate; the device
// gateway; and the HTTP API through which owners deploy code and read
// logs. cmd/drey's serve, factory, deploy and logs commands wire it up.
package server

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"drey/cloud/blob"
	"drey/cloud/identity"
	"drey/cloud/store"
)

// Data is a data directory:
//
//	DIR/drey.db                 the store (SQLite)
//	DIR/blobs/sha256/...        the blob store (content-addressed files)
//	DIR/agent.key               the key agent ids are derived from
//	DIR/ca/ca.key, ca.crt       the service CA (key encrypted under the passphrase)
//	DIR/server.key, server.crt  the gateway's TLS certificate, issued by the CA
//	DIR/root.cbor               the platform root of trust, newest version
//	DIR/roots/NNNNNNNNNN.cbor   every version of it the service holds
type Data struct {
	Dir   string
	Store *store.SQLite
	Blobs *blob.FS // DIR/blobs: firmware images and other large blobs

	rootMu sync.Mutex // serialises changes to the roots
	// newestRoot is the newest root version held (0: none), valid once
	// rootsRead, so that a device's connection reads no file when it
	// holds the newest already.
	newestRoot atomic.Uint64
	rootsRead  atomic.Bool
}

// OpenData opens (creating it if new) a data directory's store.
func OpenData(dir string) (*Data, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	st, err := store.OpenSQLite(filepath.Join(dir, "drey.db"))
	if err != nil {
		return nil, err
	}
	blobs, err := blob.NewFS(filepath.Join(dir, "blobs"))
	if err != nil {
		st.Close()
		return nil, err
	}
	return &Data{Dir: dir, Store: st, Blobs: blobs}, nil
}

// AgentKey returns the key agent ids are derived from (agent.AgentID),
// making it on first use: DIR/agent.key, 32 random bytes. Losing it
// changes every agent URL.
func (d *Data) AgentKey() ([]byte, error) {
	p := filepath.Join(d.Dir, "agent.key")
	k, err := os.ReadFile(p)
	if err == nil {
		if len(k) != 32 {
			return nil, fmt.Errorf("%s: %d bytes, want 32", p, len(k))
		}
		return k, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	k = make([]byte, 32)
	rand.Read(k)
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, err
	}
	if _, err := f.Write(k); err != nil {
		f.Close()
		return nil, err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return nil, err
	}
	return k, f.Close()
}

// Close closes the store.
func (d *Data) Close() error { return d.Store.Close() }

func (d *Data) caDir() string { return filepath.Join(d.Dir, "ca") }

// Init makes what a new service needs, once: the CA, the server
// certificate for hosts, and a default owner with a "default" group and
// an API token, whose secret it returns (it is stored only hashed). On an
// initialised directory it does nothing and returns "".
func (d *Data) Init(ctx context.Context, passphrase string, hosts []string) (token string, err error) {
	if _, err := os.Stat(filepath.Join(d.caDir(), "ca.crt")); err == nil {
		return "", nil
	}
	ca, err := identity.NewCA("Drey service CA", 20*365*24*time.Hour)
	if err != nil {
		return "", err
	}
	if err := ca.Save(d.caDir(), passphrase); err != nil {
		return "", err
	}
	cert, err := ca.IssueServer(hosts, 5*365*24*time.Hour)
	if err != nil {
		return "", err
	}
	if err := writeTLS(d.Dir, cert); err != nil {
		return "", err
	}
	owner, err := d.Store.CreateOwner(ctx, "default")
	if err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(d.Dir, "owner"), []byte(owner.ID), 0o600); err != nil {
		return "", err
	}
	if _, err := d.Store.CreateGroup(ctx, store.Group{OwnerID: owner.ID, Name: "default"}); err != nil {
		return "", err
	}
	_, secret, err := d.Store.CreateToken(ctx, owner.ID, "initial")
	return secret, err
}

func writeTLS(dir string, cert tls.Certificate) error {
	keyDER, err := x509.MarshalPKCS8PrivateKey(cert.PrivateKey)
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "server.key"), pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}), 0o600); err != nil {
		return err
	}
	var chain []byte
	for _, c := range cert.Certificate {
		chain = append(chain, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c})...)
	}
	return os.WriteFile(filepath.Join(dir, "server.crt"), chain, 0o644)
}

// ServerTLS returns the gateway's TLS configuration: its certificate, the
// CA that devices' certificates must chain to, and revocation from the
// store, consulted at every handshake.
func (d *Data) ServerTLS() (*tls.Config, error) {
	cert, err := tls.LoadX509KeyPair(filepath.Join(d.Dir, "server.crt"), filepath.Join(d.Dir, "server.key"))
	if err != nil {
		return nil, fmt.Errorf("server certificate: %w (run drey serve once with DREY_PASSPHRASE set to initialise %s)", err, d.Dir)
	}
	caPEM, err := os.ReadFile(filepath.Join(d.caDir(), "ca.crt"))
	if err != nil {
		return nil, err
	}
	b, _ := pem.Decode(caPEM)
	if b == nil {
		return nil, errors.New("ca.crt: no certificate")
	}
	caCert, err := x509.ParseCertificate(b.Bytes)
	if err != nil {
		return nil, err
	}
	isRevoked := func(id string) bool {
		dev, err := d.Store.Device(context.Background(), id)
		// Unknown devices are refused too: a certificate the CA issued but
		// the store never registered does not connect.
		return err != nil || dev.Revoked != nil
	}
	return identity.ServerTLSConfig(cert, caCert, isRevoked), nil
}

// Enroll is the factory: it makes a device's own keys and certificate
// with the CA, registers the device in the store under the default
// owner's group (or the named group), and writes the device's credentials
// to out (REQ-SEP-3). A model whose support period is not published is
// refused (RequireSupport, REQ-LIFE-1).
func (d *Data) Enroll(ctx context.Context, passphrase, model, group, out string) (*identity.Credentials, error) {
	e, err := d.NewEnroller(ctx, passphrase, model, "", group)
	if err != nil {
		return nil, err
	}
	return e.Enroll(ctx, out)
}

// DefaultOwner returns the id of the owner Init made.
func (d *Data) DefaultOwner() (string, error) {
	id, err := os.ReadFile(filepath.Join(d.Dir, "owner"))
	if err != nil {
		return "", fmt.Errorf("data directory %s is not initialised: %w", d.Dir, err)
	}
	return string(id), nil
}

// defaultGroup finds a group of the default owner (the one Init made,
// whose id is in DIR/owner) by name.
func (d *Data) defaultGroup(ctx context.Context, name string) (owner, group string, err error) {
	id, err := d.DefaultOwner()
	if err != nil {
		return "", "", err
	}
	groups, err := d.Store.Groups(ctx, id)
	if err != nil {
		return "", "", err
	}
	for _, g := range groups {
		if g.Name == name {
			return id, g.ID, nil
		}
	}
	return "", "", fmt.Errorf("group %q: %w", name, fs.ErrNotExist)
}
