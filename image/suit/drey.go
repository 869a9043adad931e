// This file checks the values of Drey's own manifest parameters, so that a
// manifest with a malformed one is refused at decoding rather than
// misread later.

package suit

import (
	"fmt"
	"strings"
)

// Values of the drey-slot parameter.
const (
	SlotBootrom = "bootrom"
	SlotImprom  = "improm"
)

// Values of the drey-encryption-mode parameter.
const (
	EncryptionNone   = 0 // payload stored in clear
	EncryptionModel  = 1 // one content key per model (the seed platform's scheme)
	EncryptionDevice = 2 // content key wrapped per device (REQ-SEP-2)
)

func checkModel(v any) error {
	s := v.(string)
	if s == "" || len(s) > 64 {
		return fmt.Errorf("model %q: want 1 to 64 characters", s)
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return fmt.Errorf("model %q: want lower-case letters, digits, '-' and '_'", s)
		}
	}
	return nil
}

func checkSlot(v any) error {
	if s := v.(string); s != SlotBootrom && s != SlotImprom {
		return fmt.Errorf("slot %q: want %q or %q", s, SlotBootrom, SlotImprom)
	}
	return nil
}

// checkVersion accepts dotted decimal versions such as "36.10": one to four
// numbers of one to nine digits, without leading zeros.
func checkVersion(v any) error {
	s := v.(string)
	parts := strings.Split(s, ".")
	if len(parts) > 4 {
		return fmt.Errorf("version %q: more than 4 numbers", s)
	}
	for _, p := range parts {
		if p == "" || len(p) > 9 || (len(p) > 1 && p[0] == '0') || strings.Trim(p, "0123456789") != "" {
			return fmt.Errorf("version %q: want dotted decimal numbers such as 36.10", s)
		}
	}
	return nil
}

func checkBlockSize(v any) error {
	if v.(uint64) == 0 {
		return fmt.Errorf("block size 0")
	}
	return nil
}

func checkEncryptionMode(v any) error {
	if m := v.(uint64); m > EncryptionDevice {
		return fmt.Errorf("encryption mode %d: want 0 (none), 1 (model) or 2 (device)", m)
	}
	return nil
}
