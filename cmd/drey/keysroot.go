package main

import (
	"crypto"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"drey/image/keys"
	"drey/image/trust"
)

const keysRootUsage = "root init|rotate|show ..."

// keysRoot runs "drey keys root init|rotate|show": the root-of-trust
// metadata that devices hold (image/trust).
func keysRoot(e *env, args []string) error {
	if len(args) == 0 {
		return usageError{"keys root: want init, rotate or show"}
	}
	switch args[0] {
	case "init":
		return keysRootInit(e, args[1:])
	case "rotate":
		return keysRootRotate(e, args[1:])
	case "show":
		return keysRootShow(e, args[1:])
	}
	return usageError{fmt.Sprintf("unknown keys root subcommand %q; want init, rotate or show", args[0])}
}

// keyLoader reads key files, asking for the passphrase once.
type keyLoader struct {
	e    *env
	pass *string
}

func (l *keyLoader) passphrase() (string, error) {
	if l.pass == nil {
		p, err := keys.Passphrase(l.e.getenv, l.e.stderr, l.e.stdin)
		if err != nil {
			return "", err
		}
		l.pass = &p
	}
	return *l.pass, nil
}

// private reads a private key file.
func (l *keyLoader) private(path string) (keys.PrivateKey, error) {
	p, err := l.passphrase()
	if err != nil {
		return keys.PrivateKey{}, err
	}
	return keys.ReadPrivateFile(path, p)
}

// public reads a public key: a PUBLIC KEY file, or the FILE.pub beside a
// private key file, or else the private key itself.
func (l *keyLoader) public(path string) (keys.PublicKey, error) {
	if data, err := os.ReadFile(path); err == nil && strings.Contains(string(data), "BEGIN PUBLIC KEY") {
		return keys.ParsePublicPEM(data)
	}
	if pub, err := keys.ReadPublicFile(path + ".pub"); err == nil {
		return pub, nil
	}
	k, err := l.private(path)
	if err != nil {
		return keys.PublicKey{}, err
	}
	return k.Public(), nil
}

func (l *keyLoader) signers(paths []string) ([]crypto.Signer, error) {
	var out []crypto.Signer
	for _, p := range paths {
		k, err := l.private(p)
		if err != nil {
			return nil, err
		}
		s, err := k.CryptoSigner()
		if err != nil {
			return nil, fmt.Errorf("key %s: %w", p, err)
		}
		out = append(out, s)
	}
	return out, nil
}

func (l *keyLoader) publics(paths []string) ([]crypto.PublicKey, error) {
	var out []crypto.PublicKey
	for _, p := range paths {
		k, err := l.public(p)
		if err != nil {
			return nil, err
		}
		out = append(out, k.Key())
	}
	return out, nil
}

func keysRootInit(e *env, args []string) error {
	fs := flag.NewFlagSet("keys root init", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	var rootKeys, releaseKeys stringList
	fs.Var(&rootKeys, "root-key", "a root private key `FILE` (repeat for several)")
	fs.Var(&releaseKeys, "release-key", "a release key `FILE`, public or private (repeat for several)")
	threshold := fs.Int("threshold", 1, "root keys needed to sign root metadata")
	releaseThreshold := fs.Int("release-threshold", 1, "release keys needed to sign an image")
	expires := fs.Duration("expires", 365*24*time.Hour, "validity of the root metadata")
	out := fs.String("out", "", "write the signed root metadata to `FILE`")
	if rest, err := parseInterspersed(fs, args); err != nil {
		return usageError{err.Error()}
	} else if len(rest) != 0 || *out == "" || len(rootKeys) == 0 || len(releaseKeys) == 0 {
		return usageError{"keys root init needs --root-key, --release-key and --out, and no other arguments"}
	}
	l := &keyLoader{e: e}
	signers, err := l.signers(rootKeys)
	if err != nil {
		return err
	}
	var rootPubs []crypto.PublicKey
	for _, s := range signers {
		rootPubs = append(rootPubs, s.Public())
	}
	releasePubs, err := l.publics(releaseKeys)
	if err != nil {
		return err
	}
	root, err := trust.NewRoot(trust.Spec{Expires: time.Now().Add(*expires), RootKeys: rootPubs, RootThreshold: *threshold, ReleaseKeys: releasePubs, ReleaseThreshold: *releaseThreshold})
	if err != nil {
		return err
	}
	signed, err := root.Sign(signers...)
	if err != nil {
		return err
	}
	if err := os.WriteFile(*out, signed, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "wrote %s\n", *out)
	return describeRoot(e.stdout, root)
}

func keysRootRotate(e *env, args []string) error {
	fs := flag.NewFlagSet("keys root rotate", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	var oldKeys, rootKeys, releaseKeys, revoke stringList
	current := fs.String("current", "", "the current signed root metadata `FILE`")
	fs.Var(&oldKeys, "old-root-key", "a current root private key `FILE` that signs the change (repeat)")
	fs.Var(&rootKeys, "root-key", "a new root private key `FILE` (repeat; default: keep the current root keys, signed with --old-root-key)")
	fs.Var(&releaseKeys, "release-key", "a new release key `FILE` (repeat; default: keep the current ones)")
	fs.Var(&revoke, "revoke", "a key to revoke: its `ID` (hex) or its public key file (repeat)")
	threshold := fs.Int("threshold", 0, "new root threshold (default: keep)")
	releaseThreshold := fs.Int("release-threshold", 0, "new release threshold (default: keep)")
	expires := fs.Duration("expires", 365*24*time.Hour, "validity of the new root metadata")
	out := fs.String("out", "", "write the new signed root metadata to `FILE`")
	if rest, err := parseInterspersed(fs, args); err != nil {
		return usageError{err.Error()}
	} else if len(rest) != 0 || *out == "" || *current == "" || len(oldKeys) == 0 {
		return usageError{"keys root rotate needs --current, --old-root-key and --out"}
	}
	data, err := os.ReadFile(*current)
	if err != nil {
		return err
	}
	t, err := trust.NewTrusted(data)
	if err != nil {
		return fmt.Errorf("%s: %w", *current, err)
	}
	l := &keyLoader{e: e}
	oldSigners, err := l.signers(oldKeys)
	if err != nil {
		return err
	}
	newSigners := oldSigners
	change := trust.Rotation{Expires: time.Now().Add(*expires), RootThreshold: *threshold, ReleaseThreshold: *releaseThreshold}
	if len(rootKeys) > 0 {
		if newSigners, err = l.signers(rootKeys); err != nil {
			return err
		}
		for _, s := range newSigners {
			change.RootKeys = append(change.RootKeys, s.Public())
		}
	}
	if len(releaseKeys) > 0 {
		if change.ReleaseKeys, err = l.publics(releaseKeys); err != nil {
			return err
		}
	}
	for _, r := range revoke {
		id, err := l.keyID(r)
		if err != nil {
			return err
		}
		change.Revoke = append(change.Revoke, id)
	}
	root, signed, err := trust.Rotate(t.Root(), change, oldSigners, newSigners)
	if err != nil {
		return err
	}
	if err := os.WriteFile(*out, signed, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "wrote %s\n", *out)
	return describeRoot(e.stdout, root)
}

func keysRootShow(e *env, args []string) error {
	if len(args) != 1 {
		return usageError{"keys root show takes one FILE"}
	}
	data, err := os.ReadFile(args[0])
	if err != nil {
		return err
	}
	t, err := trust.NewTrusted(data)
	if err != nil {
		return fmt.Errorf("%s: %w", args[0], err)
	}
	return describeRoot(e.stdout, t.Root())
}

func describeRoot(w io.Writer, r *trust.Root) error {
	fmt.Fprintf(w, "version\t%d\nexpires\t%s\n", r.Version, r.Expires.Format(time.RFC3339))
	fmt.Fprintf(w, "root keys\t%d of %d\n", r.RootThreshold, len(r.RootKeys))
	for _, k := range r.RootKeys {
		fmt.Fprintf(w, "  %s %s\n", k.Algorithm(), k.ID())
	}
	fmt.Fprintf(w, "release keys\t%d of %d\n", r.ReleaseThreshold, len(r.ReleaseKeys))
	for _, k := range r.ReleaseKeys {
		fmt.Fprintf(w, "  %s %s\n", k.Algorithm(), k.ID())
	}
	for _, id := range r.Revoked {
		fmt.Fprintf(w, "revoked\t%s\n", id)
	}
	return nil
}

// keyID reads a key id given as 64 hex digits, or as the file of a
// public (or private) key.
func (l *keyLoader) keyID(arg string) (trust.KeyID, error) {
	var id trust.KeyID
	if b, err := hex.DecodeString(arg); err == nil && len(b) == len(id) {
		copy(id[:], b)
		return id, nil
	}
	if _, err := os.Stat(arg); err != nil {
		return id, usageError{fmt.Sprintf("--revoke %q: want a 64-digit hex key id or a key file", arg)}
	}
	pubs, err := l.publics([]string{arg})
	if err != nil {
		return id, err
	}
	k, err := trust.NewKey(pubs[0])
	if err != nil {
		return id, fmt.Errorf("--revoke %s: %w", arg, err)
	}
	return k.ID(), nil
}
