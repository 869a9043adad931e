// Package crypt encrypts platform firmware images and distributes their
// content encryption keys, after draft-ietf-suit-firmware-encryption
// ("Encrypted Payloads in SUIT Manifests").
//
// Every image gets a fresh random content encryption key (CEK). The payload
// is encrypted once, so its ciphertext is the same for every device and can
// be cached anywhere; only the CEK is delivered per recipient, wrapped in a
// COSE_recipient inside the SUIT_Encryption_Info (a COSE_Encrypt with
// detached ciphertext, see encinfo.go for its grammar).
//
// Two key distribution modes exist:
//
//   - per device (the default): ECDH-ES+A128KW / ECDH-ES+A256KW with the
//     device's own P-256 or X25519 key ([WrapForDevice], [UnwrapForDevice]);
//   - per model (compatibility): AES Key Wrap under one AES key shared by
//     every device of a model ([WrapForModel], [UnwrapForModel]).
//
// Content is encrypted with AES-CTR, streamed through [NewCTRReader] with
// bounded memory, or with AES-GCM, opened whole. Neither replaces the
// signature over the manifest: CTR is malleable and must be checked against
// the signed image digest, and a valid GCM tag only proves that someone
// holding the CEK produced the ciphertext.
//
// The layers depend on each other in one direction only: keywrap.go, ctr.go
// and gcm.go are primitives; kdf.go, cosekey.go and recipient*.go build
// COSE_recipients from them; encinfo.go parses and writes the whole
// SUIT_Encryption_Info; content.go joins the two for callers.
package crypt
