// Package egress is the one way agents reach the Internet: the HTTP
// client behind the agent API's http.get, http.post and friends, and
// the JSON and form codecs that go with it (http.jsonencode,
// http.jsondecode, http.urlencode, http.urldecode).
//
// Agents are customer code running on the operator's servers, so a
// request must not reach the host's own network: loopback, private and
// link-local addresses (among them the cloud metadata service at
// 169.254.169.254), and the other special-purpose ranges listed in
// ranges.go, are refused unless the operator allows them (REQ-SEP-6).
//
// The decision is made where it cannot be bypassed: in the dialer's
// Control function, on the IP address the socket is about to connect
// to, after DNS resolution. A name that resolves to a private address,
// a DNS answer that changes between two lookups (rebinding), a redirect
// to an internal URL and an IPv4 address dressed as IPv6 all end at the
// same check. Proxies from the environment are never used, since a
// proxy would connect on the agent's behalf, out of the check's sight.
//
// The files follow the request: policy.go decides whether an address
// may be reached, ranges.go lists what is blocked and why, client.go
// builds the http.Client that enforces the policy, do.go validates an
// agent's request and reads the response, limit.go bounds response
// bodies, and errors.go names the ways a request can be refused.
// json.go, json_encode.go, json_decode.go and form.go hold the codecs.
package egress
