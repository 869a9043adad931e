package identity

// The names that go into certificates: CA names, models and host names.
// They are checked before signing so that a certificate never carries a
// name that some other parser would read differently.

import (
	"fmt"
	"strings"
)

// maxNameLen bounds CA names and models: X.509's upper bound for a
// common name.
const maxNameLen = 64

// maxHostLen bounds a DNS name in a server certificate.
const maxHostLen = 253

// checkModel accepts a model name such as "imp001": 1 to 64 ASCII letters,
// digits, '.', '-' or '_'.
func checkModel(model string) error {
	if !nameChars(model, maxNameLen, "._-") {
		return fmt.Errorf("model %.80q: want 1 to %d letters, digits, '.', '-' or '_'", model, maxNameLen)
	}
	return nil
}

// checkHostName accepts a DNS name for a server certificate: letters,
// digits, '.', '-', and a leading "*." wildcard.
func checkHostName(h string) error {
	if !nameChars(h, maxHostLen, ".-*") || strings.Contains(strings.TrimPrefix(h, "*."), "*") {
		return fmt.Errorf("server host %.80q: want an IP address or a DNS name", h)
	}
	return nil
}

// nameChars reports whether s is 1 to limit bytes of ASCII letters, digits
// and the bytes in extra.
func nameChars(s string, limit int, extra string) bool {
	if s == "" || len(s) > limit {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		ok := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
		for j := 0; !ok && j < len(extra); j++ {
			ok = c == extra[j]
		}
		if !ok {
			return false
		}
	}
	return true
}
