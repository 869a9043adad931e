// Package vuln is the operator's side of vulnerability handling (the
// ISO/IEC 30111 process in SECURITY.md): the fix target each severity
// sets, and how far the fleet is from meeting it for each advisory —
// which devices still run an affected version, how long since the
// vulnerability was confirmed, and whether the target has passed
// (REQ-VULN-4, REQ-VULN-5).
//
// It decides from what the store holds and does no I/O of its own: the
// server reads the advisories and devices, Assess measures them.
package vuln
