package escrow

import (
	"fmt"
	"regexp"
)

// Custodians' and keys' names become file names in the package
// (shares/NAME.share, keys/NAME.sealed), so they are restricted to
// characters that mean the same on every file system and in every shell:
// a letter or digit, then up to 63 letters, digits, '.', '_' or '-'.
var nameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)

// checkName returns an error naming what (such as "custodian") if name
// cannot be used as a name in a package.
func checkName(what, name string) error {
	if !nameRE.MatchString(name) {
		return fmt.Errorf("escrow: %s name %q: want a letter or digit, then up to 63 letters, digits, '.', '_' or '-': %w", what, name, ErrFormat)
	}
	return nil
}
