package keys

import (
	"fmt"
	"io"
)

// Printing a PrivateKey, by mistake or in a debug line, must not put the
// secret in a log: every fmt verb shows only the type and the key id.

// String returns the key's type and id, such as
// "ed25519 private key 5f0c…", never the secret.
func (k PrivateKey) String() string {
	if k.k == nil {
		return "no private key"
	}
	return k.Type() + " private key " + k.k.pub.ID().String()
}

// GoString is used by %#v; it shows the type and id, never the secret.
func (k PrivateKey) GoString() string {
	if k.k == nil {
		return "keys.PrivateKey{}"
	}
	return fmt.Sprintf("keys.PrivateKey{Type: %q, ID: %q}", k.Type(), k.k.pub.ID().String())
}

// Format implements fmt.Formatter so that every verb (%v, %+v, %s, %x,
// %d, …) prints String, and %#v prints GoString.
func (k PrivateKey) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		io.WriteString(f, k.GoString())
		return
	}
	io.WriteString(f, k.String())
}
