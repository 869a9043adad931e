package agent

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base32"
	"strings"
)

// AgentIDLen is the length of an agent id: 16 base32 characters, 80 bits.
const AgentIDLen = 16

// AgentID derives the agent id of a device: the public name of its agent
// URL. It is an HMAC of the device id under the service's agent key, so
// it is stable across restarts, reveals nothing of the device id, and
// cannot be guessed from it by anyone without the key.
func AgentID(key []byte, deviceID string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("drey agent id\x00" + deviceID))
	s := base32.StdEncoding.EncodeToString(m.Sum(nil))
	return strings.ToLower(s[:AgentIDLen])
}
