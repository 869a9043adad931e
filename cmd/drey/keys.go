package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"text/tabwriter"

	"drey/image/keys"
)

// keysUsage is the usage line of each keys subcommand.
var keysUsage = map[string]string{
	"gen":  "gen --type " + strings.Join(keys.Types(), "|") + " --out FILE [--force]",
	"show": "show FILE.pub",
}

func keysCmd() *command {
	return &command{
		name:    "keys",
		summary: "generate offline signing and key-wrapping keys, and show public keys",
		usage:   keysUsage["gen"] + " | " + keysUsage["show"] + " | " + keysRootUsage,
		help: `Keys manages the operator's offline keys. Run it on the offline signing machine, never on a server (REQ-SEC-10).

keys gen --type TYPE --out FILE makes a new key: ed25519 (EdDSA), rsa4096 (RSASSA-PSS with SHA-256, COSE PS256) or p256 (ECDSA, ES256) for signing, x25519 for per-device key wrapping. It writes the private key to FILE, encrypted under a passphrase (PKCS#8 with scrypt and AES-256-CBC, readable by openssl) with mode 0600, and the public key to FILE.pub, and prints the key id (the SHA-256 of the public key's DER). It never prints the private key. It refuses to replace existing files unless given --force.

The passphrase comes from the DREY_PASSPHRASE environment variable, or else is read from standard input after a prompt, twice; typed input is not hidden.

keys show FILE.pub prints a public key's type, COSE algorithm and key id.

keys root init --root-key FILE... --release-key FILE... [--threshold k] [--release-threshold k] --out root.cbor makes the factory root of trust: signed metadata naming the root keys (which sign root metadata) and the release keys (which sign images), with their thresholds. keys root rotate --current root.cbor --old-root-key FILE... [--root-key FILE...] [--release-key FILE...] [--revoke ID...] --out next.cbor makes the next version, signed by a threshold of the old and of the new root keys. keys root show FILE prints one.`,
		setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			return func(_ context.Context, args []string) error {
				if len(args) == 0 {
					return usageError{"no keys subcommand given; want gen or show"}
				}
				switch args[0] {
				case "gen":
					return keysGen(e, args[1:])
				case "show":
					return keysShow(e, args[1:])
				case "root":
					return keysRoot(e, args[1:])
				default:
					return usageError{fmt.Sprintf("unknown keys subcommand %q; want gen, show or root", args[0])}
				}
			}
		},
	}
}

// parseSubcommand parses the flags of keys subcommand sub. Go's flag
// package stops at the first non-flag argument, so the top-level parse
// leaves the subcommand and its flags for this one. It returns done when
// -h was given and help has been printed.
func parseSubcommand(e *env, fs *flag.FlagSet, sub string, args []string) (done bool, err error) {
	fs.SetOutput(io.Discard) // run reports the error with the usage line
	err = fs.Parse(args)
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprintf(e.stderr, "Usage: drey keys %s\n", keysUsage[sub])
		hasFlags := false
		fs.VisitAll(func(*flag.Flag) { hasFlags = true })
		if hasFlags {
			fmt.Fprint(e.stderr, "\nFlags:\n")
			fs.SetOutput(e.stderr)
			fs.PrintDefaults()
		}
		return true, nil
	}
	if err != nil {
		return false, usageError{err.Error()}
	}
	return false, nil
}

func keysGen(e *env, args []string) error {
	fs := flag.NewFlagSet("drey keys gen", flag.ContinueOnError)
	typ := fs.String("type", "", "key `type`: "+strings.Join(keys.Types(), ", "))
	out := fs.String("out", "", "write the encrypted private key to `FILE` and the public key to FILE.pub")
	force := fs.Bool("force", false, "replace FILE and FILE.pub if they exist")
	if done, err := parseSubcommand(e, fs, "gen", args); done || err != nil {
		return err
	}
	switch {
	case fs.NArg() != 0:
		return usageError{fmt.Sprintf("keys gen takes no arguments, got %q", fs.Arg(0))}
	case *typ == "":
		return usageError{"keys gen needs --type"}
	case !slices.Contains(keys.Types(), *typ):
		return usageError{fmt.Sprintf("--type %q: want %s", *typ, strings.Join(keys.Types(), ", "))}
	case *out == "":
		return usageError{"keys gen needs --out FILE"}
	}
	pubPath := *out + ".pub"
	var opts []keys.Option
	if *force {
		opts = append(opts, keys.Overwrite())
	} else {
		// Fail before asking for a passphrase; the writes check again.
		for _, p := range []string{*out, pubPath} {
			if _, err := os.Lstat(p); err == nil {
				return fmt.Errorf("%s already exists; use --force to replace it", p)
			}
		}
	}
	pass, err := newPassphrase(e)
	if err != nil {
		return err
	}
	key, err := keys.Generate(*typ)
	if err != nil {
		return err
	}
	if err := keys.WritePrivateFile(*out, key, pass, opts...); err != nil {
		return err
	}
	if err := keys.WritePublicFile(pubPath, key.Public(), opts...); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "wrote %s (private key, encrypted, mode 0600) and %s (public key)\n", *out, pubPath)
	return describeKey(e.stdout, key.Public())
}

// newPassphrase gets the passphrase for a new key; a typed one is asked
// for twice, since a typo would lock the key away for good.
func newPassphrase(e *env) (string, error) {
	pass, err := keys.Passphrase(e.getenv, e.stderr, e.stdin)
	if err != nil {
		return "", err
	}
	if e.getenv(keys.PassphraseEnv) != "" {
		return pass, nil
	}
	fmt.Fprint(e.stderr, "Repeat it. ")
	again, err := keys.Passphrase(e.getenv, e.stderr, e.stdin)
	if err != nil {
		return "", err
	}
	if again != pass {
		return "", errors.New("the passphrases differ")
	}
	return pass, nil
}

func keysShow(e *env, args []string) error {
	fs := flag.NewFlagSet("drey keys show", flag.ContinueOnError)
	if done, err := parseSubcommand(e, fs, "show", args); done || err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError{"keys show takes one FILE.pub"}
	}
	pub, err := keys.ReadPublicFile(fs.Arg(0))
	if err != nil {
		return err
	}
	return describeKey(e.stdout, pub)
}

// describeKey prints what identifies a public key: type, COSE algorithm
// and key id. `keys gen` and `keys show` print the same lines.
func describeKey(w io.Writer, pub keys.PublicKey) error {
	alg := "none (key agreement only)"
	if a := pub.Alg(); a != 0 {
		alg = fmt.Sprintf("%s (%d)", a, int64(a))
	}
	tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	fmt.Fprintf(tw, "type\t%s\n", pub.Type())
	fmt.Fprintf(tw, "alg\t%s\n", alg)
	fmt.Fprintf(tw, "id\t%s\n", pub.ID())
	return tw.Flush()
}
