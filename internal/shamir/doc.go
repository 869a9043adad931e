// Package shamir splits a secret into n shares of which any k recover it
// and any k-1 reveal nothing: Shamir's threshold scheme ("How to share a
// secret", CACM 22(11), 1979) over GF(2^8), one independent polynomial per
// byte of the secret, 2 <= k <= n <= 255.
//
// The field is GF(2)[x]/(x^8 + x^4 + x^3 + x + 1), AES's (gf256.go). A
// share is the point (x, f(x)) of every byte's polynomial f, whose
// constant term f(0) is that byte of the secret; Combine finds f(0) by
// Lagrange interpolation through k points.
//
// Plain Shamir shares combine to *something* whatever they are: shares of
// two different secrets, or a damaged one, silently give a wrong secret.
// So each share here also carries the identifier of its secret and the
// threshold (share.go), and the value shared is the secret followed by a
// 16-byte check, SHA-256 over the identifier, threshold and secret. The
// check is itself secret-shared, so k-1 shares still reveal nothing of the
// secret; Combine recomputes it and refuses, with ErrCorrupt, shares that
// do not reconstruct the secret they claim to belong to. Shares of other
// secrets, the same share twice and too few shares are refused before any
// arithmetic (errors.go).
//
// This package holds the mathematics and the encoding of a share only.
// Keeping shares secret in transit and at rest is the caller's job
// (image/escrow seals each to its custodian's key).
package shamir
