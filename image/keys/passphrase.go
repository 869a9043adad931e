package keys

import (
	"errors"
	"fmt"
	"io"
	"strings"
)

// PassphraseEnv is the environment variable Passphrase reads first.
const PassphraseEnv = "DREY_PASSPHRASE"

// maxPassphrase bounds the line Passphrase reads.
const maxPassphrase = 1024

// Passphrase returns the passphrase for a private key: the value of
// DREY_PASSPHRASE when it is set and not empty, otherwise one line read
// from in after writing a prompt to prompt. The line is read a byte at a
// time so nothing after it is consumed, and without its line ending.
//
// Typed input is not hidden: the terminal echoes it. Set DREY_PASSPHRASE
// (from a password manager, say) where that matters. An empty passphrase
// is refused with ErrEmptyPassphrase.
func Passphrase(getenv func(string) string, prompt io.Writer, in io.Reader) (string, error) {
	if p := getenv(PassphraseEnv); p != "" {
		return p, nil
	}
	fmt.Fprintf(prompt, "Passphrase (input is echoed; or set %s): ", PassphraseEnv)
	var line []byte
	b := make([]byte, 1)
	for {
		n, err := in.Read(b)
		if n == 1 {
			if b[0] == '\n' {
				break
			}
			if len(line) == maxPassphrase {
				return "", fmt.Errorf("passphrase longer than %d bytes", maxPassphrase)
			}
			line = append(line, b[0])
		}
		if errors.Is(err, io.EOF) {
			if len(line) == 0 {
				return "", fmt.Errorf("no passphrase: %s is not set and input ended: %w", PassphraseEnv, ErrEmptyPassphrase)
			}
			break
		}
		if err != nil {
			return "", fmt.Errorf("read passphrase: %w", err)
		}
	}
	p := strings.TrimSuffix(string(line), "\r")
	if p == "" {
		return "", ErrEmptyPassphrase
	}
	return p, nil
}
