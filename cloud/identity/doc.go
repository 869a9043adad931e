// Package identity gives each Drey device its own credential and lets the
// cloud gateway check it: a certificate authority for the service,
// factory enrolment of per-device key pairs, and the TLS 1.3 configurations
// with which devices and the gateway authenticate each other.
//
// # Trust model
//
// The service has one CA, an ECDSA P-256 key with a self-signed
// certificate. It signs two kinds of leaf certificate and nothing else:
//
//	server  key usage digitalSignature, extended key usage serverAuth,
//	        DNS and IP subject alternative names
//	device  key usage digitalSignature, extended key usage clientAuth,
//	        Subject CN = device id, Subject OU = model,
//	        exactly one URI SAN "drey:device:<id>"
//
// A device id is 128 random bits written as 32 lower-case hex digits. The
// URI has no host, so nothing in a device certificate looks like a
// network name that another verifier might accept.
//
// Each device gets, at enrolment, its own ECDSA P-256 key for TLS and its
// own X25519 key for firmware key wrapping (image/crypt), and pins the CA
// certificate: it trusts no other root, not even the system's. No secret
// is shared between devices, and a device holds no key that can sign for
// another (REQ-SEP-1, REQ-SEP-3). The gateway requires a client
// certificate chaining to the CA and asks, on every handshake, whether
// the device id it names is revoked (REQ-SEP-4).
//
// # Files
//
// A CA directory (see (*CA).Save and LoadCA) holds:
//
//	ca.key  PEM "ENCRYPTED PRIVATE KEY": the CA key, PKCS#8 encrypted under
//	        a passphrase with scrypt and AES-256-CBC by image/keys; mode 0600
//	ca.crt  PEM "CERTIFICATE": the CA certificate, the one devices pin
//
// A device directory (see (*Credentials).Save and LoadCredentials) holds:
//
//	device.key     PEM "PRIVATE KEY": the device's P-256 TLS key, PKCS#8,
//	               unencrypted; mode 0600
//	wrap.key       PEM "PRIVATE KEY": the device's X25519 wrap key, PKCS#8,
//	               unencrypted; mode 0600
//	device.crt     PEM "CERTIFICATE": the device's client certificate
//	ca.crt         PEM "CERTIFICATE": the pinned CA certificate
//	identity.json  device id, model and key ids (see identityFile)
//
// Device keys are stored unencrypted on purpose: the directory stands for
// the device's own flash, and a device must connect unattended after every
// reset, with nobody to type a passphrase and nowhere safer to keep one
// than next to the key. A real device keeps them in protected flash or a
// secure element. The operator's CA key is different: it can mint any
// device's identity, so it is always encrypted at rest (REQ-SEC-11).
package identity
