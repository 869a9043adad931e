// Ids and token secrets. Both come from crypto/rand; every implementation
// of Store uses these so that ids and secrets look the same whichever
// database is underneath.

package store

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
)

// tokenPrefix marks a Drey API token, so that secret scanners and people
// can recognise one that leaked into a log or a repository.
const tokenPrefix = "drey_"

// newID returns a fresh random id: 16 hex digits, the form of an imp's
// device id.
func newID() string {
	var b [8]byte
	rand.Read(b[:]) // never fails (crypto/rand, Go 1.24+)
	return hex.EncodeToString(b[:])
}

// newTokenSecret returns a fresh token secret holding 256 random bits.
func newTokenSecret() string {
	var b [32]byte
	rand.Read(b[:])
	return tokenPrefix + base64.RawURLEncoding.EncodeToString(b[:])
}

// hashToken returns what the store keeps of a token secret. A plain SHA-256
// suffices, without salt or stretching, because the secret is 256 random
// bits, not a password a person chose: there is nothing to guess.
func hashToken(secret string) []byte {
	h := sha256.Sum256([]byte(secret))
	return h[:]
}
