// Package escrow places the means to keep producing signed upgrades in
// escrow, and gets them out again (REQ-LIFE-4): the operator's private
// keys, under a k-of-n threshold of named custodians, with the root of
// trust, the source code and the instructions to build and run it all.
//
// # What a package holds
//
// Seal writes an escrow directory:
//
//	MANIFEST              every other file's SHA-256 and size (manifest.go)
//	BUILD.md              how to build drey and use the keys (build.go)
//	root.cbor             the signed root metadata the keys belong to
//	source.bundle         a git bundle of the source, when one was given (source.go)
//	keys/NAME.sealed      each private key, under the escrow key (keyfile.go)
//	shares/NAME.share     each custodian's share of the escrow key, sealed
//	                      to that custodian's X25519 key (custodian.go)
//	files/NAME            other public files given to Seal, verbatim
//
// The escrow key is 256 fresh random bits. It encrypts every private key
// with AES-256-GCM and is then split k-of-n with Shamir's scheme
// (internal/shamir); it is never written anywhere whole. Whoever holds
// the directory alone, the escrow agent say, holds only ciphertext; any k
// custodians together, each with their own X25519 private key, recover
// the escrow key and so the private keys; k-1 of them learn nothing.
//
// # Integrity
//
// Every ciphertext is authenticated and bound to the escrow's identifier,
// and to its custodian's or key's name, so no part can be moved to another
// escrow or another name. The public parts (root, source, BUILD.md) are
// covered by MANIFEST, whose own SHA-256 Seal returns for the operator to
// record in the escrow contract: Verify checks every file against
// MANIFEST, and the caller checks MANIFEST against the recorded digest.
// MANIFEST is deliberately not signed with an escrowed key: root keys sign
// only root metadata (REQ-SEC-4), and a signature checked with a public
// key that comes from the package itself would prove nothing about the
// package (docs/escrow.md, "Design").
//
// # Reading order
//
// names.go and errors.go are shared; custodian.go, keyfile.go and
// manifest.go are the three file formats, each documented where it is
// written; seal.go writes a package and open.go checks and opens one;
// source.go and build.go make the source bundle and BUILD.md.
package escrow
