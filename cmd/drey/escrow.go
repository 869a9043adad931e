package main

import (
	"context"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"text/tabwriter"
	"time"

	"drey/image/escrow"
	"drey/image/keys"
)

// escrowUsage is the usage line of each escrow subcommand.
var escrowUsage = map[string]string{
	"seal":   "seal --key FILE... --root root.cbor --custodian NAME=FILE.pub... --threshold K --out DIR [--source DIR [--require-source]] [--file FILE]...",
	"verify": "verify DIR [--manifest-sha256 HEX]",
	"open":   "open DIR --custodian-key NAME=FILE... [--share FILE]... [--manifest-sha256 HEX] --out OUTDIR",
}

func escrowCmd() *command {
	return &command{
		name:    "escrow",
		summary: "place the signing keys, root and source in escrow under a k-of-n threshold of custodians, and open it (offline)",
		usage:   escrowUsage["seal"] + " | " + escrowUsage["verify"] + " | " + escrowUsage["open"],
		help: `Escrow places in escrow the means to keep producing signed upgrades, for named beneficiaries should the operator stop supporting its devices before the date it declared (REQ-LIFE-4, docs/escrow.md). Run seal and open on the offline signing machine.

escrow seal --key FILE... --root root.cbor --custodian NAME=FILE.pub... --threshold K --out DIR makes a fresh 256-bit escrow key, encrypts each private key under it with AES-256-GCM (decrypted first with its passphrase, so that opening needs no passphrase of the operator's), and splits the escrow key with Shamir's scheme so that any K of the custodians open the escrow and fewer learn nothing. Each custodian's share is sealed to their x25519 public key (drey keys gen --type x25519) in DIR/shares/NAME.share. The keys must include a threshold of the root's root keys and of its release keys. DIR also gets root.cbor (and, given --root more than once, oldest first, the earlier versions that devices which missed a rotation need), a git bundle of --source (git must be installed; without it, or if --source is not a checkout, seal says so and goes on, unless --require-source), --file copies, BUILD.md (how to build and run drey and sign with the keys) and MANIFEST (every file's SHA-256 and size). Seal prints MANIFEST's SHA-256: record it in the escrow contract.

escrow verify DIR [--manifest-sha256 HEX] checks every file of DIR against MANIFEST, and MANIFEST against the digest from the contract, without any secret.

escrow open DIR --custodian-key NAME=FILE... --out OUTDIR checks DIR as verify does, opens the shares of at least K custodians with their x25519 private keys (--share FILE uses a custodian's own copy of their share), recovers the escrow key, and writes each escrowed key to OUTDIR (mode 0600), encrypted under a new passphrase, with its public key beside it.

Passphrases come from DREY_PASSPHRASE, or else are read after a prompt naming each key file; the new passphrase of recovered keys is asked for twice.`,
		setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			return func(ctx context.Context, args []string) error {
				if len(args) == 0 {
					return usageError{"no escrow subcommand given; want seal, verify or open"}
				}
				switch args[0] {
				case "seal":
					return escrowSeal(ctx, e, args[1:])
				case "verify":
					return escrowVerify(e, args[1:])
				case "open":
					return escrowOpen(e, args[1:])
				}
				return usageError{fmt.Sprintf("unknown escrow subcommand %q; want seal, verify or open", args[0])}
			}
		},
	}
}

// escrowFlags parses the flags of escrow subcommand sub, which may come
// before or after its arguments. It returns done when -h was given and
// help has been printed.
func escrowFlags(e *env, fs *flag.FlagSet, sub string, args []string) (rest []string, done bool, err error) {
	fs.SetOutput(io.Discard)
	rest, err = parseInterspersed(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprintf(e.stderr, "Usage: drey escrow %s\n\nFlags:\n", escrowUsage[sub])
		fs.SetOutput(e.stderr)
		fs.PrintDefaults()
		return nil, true, nil
	}
	if err != nil {
		return nil, false, usageError{err.Error()}
	}
	return rest, false, nil
}

// namedFile splits a NAME=FILE flag value.
func namedFile(flagName, v string) (name, file string, err error) {
	name, file, ok := strings.Cut(v, "=")
	if !ok || name == "" || file == "" {
		return "", "", usageError{fmt.Sprintf("--%s %q: want NAME=FILE", flagName, v)}
	}
	return name, file, nil
}

// keyFilePassphrase returns the passphrase of the private key file path:
// DREY_PASSPHRASE if set, else a line typed after a prompt that names the
// file, since custodians' keys each have their own passphrase.
func keyFilePassphrase(e *env, path string) (string, error) {
	if e.getenv(keys.PassphraseEnv) == "" {
		fmt.Fprintf(e.stderr, "%s: ", path)
	}
	return keys.Passphrase(e.getenv, e.stderr, e.stdin)
}

func escrowSeal(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("drey escrow seal", flag.ContinueOnError)
	var keyFiles, custodians, files stringList
	fs.Var(&keyFiles, "key", "a private key `FILE` to escrow: a threshold of root keys and of release keys at least (repeat)")
	var roots stringList
	fs.Var(&roots, "root", "the signed root metadata `FILE` the keys belong to, as devices hold it; repeat to add earlier versions, oldest first, the current one last")
	fs.Var(&custodians, "custodian", "a custodian, as `NAME=FILE.pub` with their x25519 public key (repeat)")
	threshold := fs.Int("threshold", 0, "how many custodians together open the escrow, `K`")
	out := fs.String("out", "", "write the escrow package to `DIR`, which must not exist")
	source := fs.String("source", "", "a git checkout `DIR` of the source code, to bundle")
	requireSource := fs.Bool("require-source", false, "fail, rather than seal without it, if --source cannot be bundled")
	fs.Var(&files, "file", "a public `FILE` to escrow too, such as the service CA certificate (repeat)")
	rest, done, err := escrowFlags(e, fs, "seal", args)
	if done || err != nil {
		return err
	}
	switch {
	case len(rest) != 0:
		return usageError{fmt.Sprintf("escrow seal takes no arguments, got %q", rest[0])}
	case len(keyFiles) == 0 || len(roots) == 0 || len(custodians) == 0 || *threshold == 0 || *out == "":
		return usageError{"escrow seal needs --key, --root, --custodian, --threshold and --out"}
	}
	spec := escrow.Spec{Threshold: *threshold, Source: *source, RequireSource: *requireSource}
	for _, r := range roots {
		data, err := os.ReadFile(r)
		if err != nil {
			return err
		}
		spec.History = append(spec.History, data)
	}
	spec.Root, spec.History = spec.History[len(spec.History)-1], spec.History[:len(spec.History)-1]
	for _, c := range custodians {
		name, file, err := namedFile("custodian", c)
		if err != nil {
			return err
		}
		pub, err := keys.ReadPublicFile(file)
		if err != nil {
			return fmt.Errorf("--custodian %s: %w", name, err)
		}
		spec.Custodians = append(spec.Custodians, escrow.Custodian{Name: name, Key: pub})
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		spec.Files = append(spec.Files, escrow.File{Name: filepath.Base(f), Data: data})
	}
	// Fail before asking for passphrases; Seal checks again.
	if _, err := os.Lstat(*out); err == nil {
		return fmt.Errorf("%s already exists; seal into a new directory", *out)
	}
	for _, f := range keyFiles {
		pass, err := keyFilePassphrase(e, f)
		if err != nil {
			return err
		}
		k, err := keys.ReadPrivateFile(f, pass)
		if err != nil {
			return err
		}
		spec.Keys = append(spec.Keys, escrow.Key{Name: filepath.Base(f), Key: k})
	}
	module, version, rev, _ := buildInfo()
	spec.Build = escrow.BuildInfo{Module: module, Version: version, Revision: rev, GoVersion: runtime.Version()}

	s, err := escrow.Seal(ctx, *out, spec)
	if err != nil {
		return err
	}
	m := s.Manifest
	switch {
	case s.Source != nil && s.Source.Dirty:
		fmt.Fprintf(e.stderr, "warning: %s has uncommitted changes; the bundle holds its commits only (HEAD %s)\n", s.Source.Dir, s.Source.Commit)
	case s.Source == nil:
		fmt.Fprintf(e.stderr, "warning: source not included: %v\n", s.SourceErr)
	}
	fmt.Fprintf(e.stdout, "sealed escrow %s in %s: %d keys, opened by %d of %d custodians\n", m.Escrow, s.Dir, len(m.Keys), m.Threshold, len(m.Custodians))
	tw := tabwriter.NewWriter(e.stdout, 0, 8, 2, ' ', 0)
	for _, k := range m.Keys {
		fmt.Fprintf(tw, "  key\t%s\t%s\t%s\t%s\n", k.Name, s.Roles[k.Name], k.Type, k.ID)
	}
	for _, c := range m.Custodians {
		fmt.Fprintf(tw, "  custodian\t%s\tshares/%s.share\t\t%s\n", c.Name, c.Name, c.KeyID)
	}
	tw.Flush()
	if s.Source != nil {
		fmt.Fprintf(e.stdout, "source: source.bundle, HEAD %s\n", s.Source.Commit)
	}
	fmt.Fprintf(e.stdout, "MANIFEST SHA-256 %x\nRecord it in the escrow contract; drey escrow verify %s --manifest-sha256 %x checks the package against it.\n", s.ManifestSHA256, s.Dir, s.ManifestSHA256)
	return nil
}

// checkDigest compares MANIFEST's digest with the one the contract
// records, if given.
func checkDigest(p *escrow.Package, want string) error {
	if want == "" {
		return nil
	}
	b, err := hex.DecodeString(want)
	if err != nil || len(b) != 32 {
		return usageError{fmt.Sprintf("--manifest-sha256 %q: want 64 hex digits", want)}
	}
	if got := p.ManifestSHA256; string(got[:]) != string(b) {
		return fmt.Errorf("%s/MANIFEST has SHA-256 %x, the contract records %s: this is not the package that was sealed: %w", p.Dir, got, want, escrow.ErrTampered)
	}
	return nil
}

func escrowVerify(e *env, args []string) error {
	fs := flag.NewFlagSet("drey escrow verify", flag.ContinueOnError)
	digest := fs.String("manifest-sha256", "", "the `HEX` digest of MANIFEST recorded in the escrow contract")
	rest, done, err := escrowFlags(e, fs, "verify", args)
	if done || err != nil {
		return err
	}
	if len(rest) != 1 {
		return usageError{"escrow verify takes one DIR"}
	}
	p, err := escrow.Verify(rest[0])
	if err != nil {
		return err
	}
	if err := checkDigest(p, *digest); err != nil {
		return err
	}
	m := p.Manifest
	var names []string
	for _, c := range m.Custodians {
		names = append(names, c.Name)
	}
	fmt.Fprintf(e.stdout, "escrow %s in %s: all %d files match MANIFEST\n", m.Escrow, p.Dir, len(m.Files))
	fmt.Fprintf(e.stdout, "MANIFEST SHA-256 %x", p.ManifestSHA256)
	if *digest != "" {
		fmt.Fprint(e.stdout, ", as the contract records")
	} else {
		fmt.Fprint(e.stdout, " (compare it with the contract's: --manifest-sha256)")
	}
	fmt.Fprintf(e.stdout, "\nsealed %s; opened by %d of %d custodians: %s\n", m.Sealed.Format(time.RFC3339), m.Threshold, len(m.Custodians), strings.Join(names, ", "))
	fmt.Fprintf(e.stdout, "root version %d, expires %s", p.Root.Version, p.Root.Expires.UTC().Format(time.RFC3339))
	if p.History > 0 {
		fmt.Fprintf(e.stdout, "; with the %d versions before it", p.History)
	}
	fmt.Fprintln(e.stdout)
	tw := tabwriter.NewWriter(e.stdout, 0, 8, 2, ' ', 0)
	for _, k := range m.Keys {
		fmt.Fprintf(tw, "  key\t%s\t%s\t%s\t%s\n", k.Name, p.Role(k.ID), k.Type, k.ID)
	}
	for _, c := range m.Custodians {
		fmt.Fprintf(tw, "  custodian\t%s\t\tx25519\t%s\n", c.Name, c.KeyID)
	}
	return tw.Flush()
}

func escrowOpen(e *env, args []string) error {
	fs := flag.NewFlagSet("drey escrow open", flag.ContinueOnError)
	var custodianKeys, shareFiles stringList
	fs.Var(&custodianKeys, "custodian-key", "a custodian's x25519 private key, as `NAME=FILE` (repeat, for at least K custodians)")
	fs.Var(&shareFiles, "share", "a custodian's own copy of their share `FILE`, used instead of the package's (repeat)")
	digest := fs.String("manifest-sha256", "", "the `HEX` digest of MANIFEST recorded in the escrow contract")
	out := fs.String("out", "", "write the recovered keys to `DIR`")
	rest, done, err := escrowFlags(e, fs, "open", args)
	if done || err != nil {
		return err
	}
	switch {
	case len(rest) != 1:
		return usageError{"escrow open takes one DIR"}
	case len(custodianKeys) == 0 || *out == "":
		return usageError{"escrow open needs --custodian-key and --out"}
	}
	p, err := escrow.Verify(rest[0])
	if err != nil {
		return err
	}
	if err := checkDigest(p, *digest); err != nil {
		return err
	}
	for _, f := range shareFiles {
		data, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		s, err := escrow.ParseSealedShare(data, f)
		if err != nil {
			return err
		}
		if err := p.UseShare(s, f); err != nil {
			return err
		}
	}
	var names, files []string
	for _, c := range custodianKeys {
		name, file, err := namedFile("custodian-key", c)
		if err != nil {
			return err
		}
		names, files = append(names, name), append(files, file)
	}
	// Refuse too few custodians, and files in the way, before anyone
	// types a passphrase.
	if err := p.CheckCustodians(names); err != nil {
		return err
	}
	for _, k := range p.Manifest.Keys {
		for _, path := range []string{filepath.Join(*out, k.Name), filepath.Join(*out, k.Name+".pub")} {
			if _, err := os.Lstat(path); err == nil {
				return fmt.Errorf("%s already exists; open into a new directory", path)
			}
		}
	}
	var ck []escrow.CustodianKey
	for i, name := range names {
		pass, err := keyFilePassphrase(e, files[i])
		if err != nil {
			return err
		}
		k, err := keys.ReadPrivateFile(files[i], pass)
		if err != nil {
			return fmt.Errorf("--custodian-key %s: %w", name, err)
		}
		ck = append(ck, escrow.CustodianKey{Name: name, Key: k})
	}
	recovered, err := p.Open(ck)
	if err != nil {
		return err
	}
	if e.getenv(keys.PassphraseEnv) == "" {
		fmt.Fprintln(e.stderr, "The recovered keys are written encrypted under a new passphrase.")
	}
	pass, err := newPassphrase(e)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(*out, 0o700); err != nil {
		return err
	}
	for _, r := range recovered {
		path := filepath.Join(*out, r.Name)
		if err := keys.WritePrivateFile(path, r.Key, pass); err != nil {
			return err
		}
		if err := keys.WritePublicFile(path+".pub", r.Key.Public()); err != nil {
			return err
		}
	}
	fmt.Fprintf(e.stdout, "opened escrow %s with the shares of %s; recovered %d keys into %s (encrypted, mode 0600):\n", p.Manifest.Escrow, strings.Join(names, ", "), len(recovered), *out)
	tw := tabwriter.NewWriter(e.stdout, 0, 8, 2, ' ', 0)
	for _, r := range recovered {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", r.Name, r.Role, r.Key.Type(), r.Key.Public().ID())
	}
	return tw.Flush()
}
