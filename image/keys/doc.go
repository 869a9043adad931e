// Package keys holds Drey's signing and key-agreement keys: generating
// them, keeping private keys encrypted at rest, and the signature
// primitives that both the offline signer and the device-side verifier
// use.
//
// Four key types exist, named as `drey keys gen --type` spells them:
//
//	rsa4096  RSASSA-PSS, SHA-256, MGF1-SHA-256, 32-byte salt  COSE PS256 (-37)
//	ed25519  pure Ed25519                                      COSE EdDSA (-8)
//	p256     ECDSA on P-256 with SHA-256, signature r||s       COSE ES256 (-7)
//	x25519   X25519 key agreement only (per-device key wrap)   no signature algorithm
//
// RSA public keys of 3072 bits or more are accepted when read (their type
// is then "rsa3072", say); smaller ones, and any exponent but 65537, are
// refused with ErrWeakKey (REQ-SEC-1).
//
// Sign and Verify go through go-cose's Signer and Verifier, so the bytes
// checked here are checked exactly as a device checks a COSE signature.
//
// Private keys are stored as PEM "ENCRYPTED PRIVATE KEY": PKCS#8
// EncryptedPrivateKeyInfo with PBES2, scrypt and AES-256-CBC, the format
// of `openssl pkcs8 -topk8 -scrypt` (see pkcs8.go), in files that only
// their owner may read (REQ-SEC-11). Public keys are PEM "PUBLIC KEY"
// (PKIX), and a key's id is the SHA-256 of that PKIX DER.
//
// A PrivateKey never prints its secret: fmt shows only its type and key id.
package keys
