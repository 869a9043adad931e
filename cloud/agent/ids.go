package agent

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base32"
	"strings"
)

// AgentIDLen is the length of an agent id: 16 base32 characters, 80 bits.
const AgentIDLen = 16

// AgentID derives the agent id of a device owned by ownerID: the public
// name of its agent URL. It is an HMAC of the device id and the owner id
// under the service's agent key, so it is stable across restarts, reveals
// nothing of the device id, and cannot be guessed from it by anyone
// without the key; and it changes when the device changes owner, so that
// the URL the previous owner knew stops reaching the device's agent
// (REQ-OWN-4).
func AgentID(key []byte, deviceID, ownerID string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("drey agent id\x00" + deviceID + "\x00" + ownerID))
	s := base32.StdEncoding.EncodeToString(m.Sum(nil))
	return strings.ToLower(s[:AgentIDLen])
}
