package server

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"

	"drey/image/trust"
)

// The operator runs the service and the platform: it uploads releases and
// makes rollouts. Its API token is separate from every owner's, and only
// its SHA-256 hash is kept, in DIR/operator.hash.

// EnsureOperator makes the operator's API token if the data directory
// has none, and returns its secret (shown once); "" if it already exists.
func (d *Data) EnsureOperator() (string, error) {
	p := filepath.Join(d.Dir, "operator.hash")
	if _, err := os.Stat(p); err == nil {
		return "", nil
	}
	b := make([]byte, 24)
	rand.Read(b)
	secret := "drey_op_" + base64.RawURLEncoding.EncodeToString(b)
	h := sha256.Sum256([]byte(secret))
	if err := os.WriteFile(p, h[:], 0o600); err != nil {
		return "", err
	}
	return secret, nil
}

// operatorHash returns the hash of the operator's token.
func (d *Data) operatorHash() ([]byte, error) {
	h, err := os.ReadFile(filepath.Join(d.Dir, "operator.hash"))
	if err != nil {
		return nil, err
	}
	if len(h) != sha256.Size {
		return nil, fmt.Errorf("operator.hash: %d bytes, want %d", len(h), sha256.Size)
	}
	return h, nil
}

// Trusted returns the installed platform root, or an error saying how
// to install one.
func (d *Data) Trusted() (*trust.Trusted, error) {
	b, err := os.ReadFile(filepath.Join(d.Dir, "root.cbor"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, errors.New("no platform root installed: run drey serve --root root.cbor")
	}
	if err != nil {
		return nil, err
	}
	return trust.NewTrusted(b)
}

// operator wraps a handler for the operator's token only.
func (a *API) operator(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		const prefix = "Bearer "
		tok := r.Header.Get("Authorization")
		if a.OperatorHash == nil || len(tok) <= len(prefix) || tok[:len(prefix)] != prefix {
			httpError(w, http.StatusUnauthorized, "missing operator token (Authorization: Bearer ...)")
			return
		}
		got := sha256.Sum256([]byte(tok[len(prefix):]))
		if subtle.ConstantTimeCompare(got[:], a.OperatorHash) != 1 {
			httpError(w, http.StatusForbidden, "not the operator's token")
			return
		}
		h(w, r)
	}
}
