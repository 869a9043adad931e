package main

import (
	"bytes"
	"context"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/fxamacker/cbor/v2"

	"drey/image/build"
	"drey/image/format"
	"drey/image/keys"
	"drey/image/suit"
	"drey/image/trust"
	"drey/image/verify"
)

func imageCmd() *command {
	return &command{
		name:    "image",
		summary: "build, sign, wrap, inspect and verify platform firmware images (offline)",
		usage:   "build|verify|inspect|wrap ...",
		help: `Image makes and checks platform firmware images: a SUIT envelope signed by release keys, followed by the payload, encrypted and cut into blocks that each carry the digest of the next (docs/image-format.md). Run build and wrap on the offline signing machine; private keys never reach a server.

image build --model M --slot improm|bootrom --version V --seq N --in PAYLOAD --sign KEY [--sign KEY2] [--encrypt device|model|none] [--model-key FILE --model-key-id ID] [--min-bootrom V] --out IMG
  builds and signs an image. With --encrypt device (the default) the content key is written, sealed under the passphrase, to IMG.cek: image wrap uses it to wrap the key for each device.

image wrap IMG --device-pub KEY.pub --out WRAPPED [--cek IMG.cek]
  wraps the image's content key for one device's x25519 or p256 public key.

image verify IMG --root root.cbor [--model M --slot S --bootrom V --counter N] [--device-key KEY --wrapped WRAPPED]
  checks the signatures against the root of trust, the manifest and every payload block. With a device's model (and its key, for an encrypted image) it installs the image as that device would, into nowhere, and so also checks the decrypted payload.

image inspect IMG [--json]
  prints the header and the envelope in CBOR diagnostic notation (or JSON), without verifying it.

Passphrases come from DREY_PASSPHRASE, or a prompt.`,
		setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			return func(_ context.Context, args []string) error {
				if len(args) == 0 {
					return usageError{"no image subcommand given; want build, verify, inspect or wrap"}
				}
				switch args[0] {
				case "build":
					return imageBuild(e, args[1:])
				case "verify":
					return imageVerify(e, args[1:])
				case "inspect":
					return imageInspect(e, args[1:])
				case "wrap":
					return imageWrap(e, args[1:])
				}
				return usageError{fmt.Sprintf("unknown image subcommand %q; want build, verify, inspect or wrap", args[0])}
			}
		},
	}
}

func subFlags(e *env, name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	return fs
}

func imageBuild(e *env, args []string) error {
	fs := subFlags(e, "image build")
	model := fs.String("model", "", "device `model`, e.g. imp001")
	slot := fs.String("slot", "", "target `slot`: improm or bootrom")
	version := fs.String("version", "", "firmware `version`, dotted decimal")
	seq := fs.Uint64("seq", 0, "sequence `number` (anti-rollback counter)")
	minBootrom := fs.String("min-bootrom", "", "oldest bootrom `version` that may install it")
	in := fs.String("in", "", "payload `FILE`")
	out := fs.String("out", "", "image `FILE` to write")
	var sign stringList
	fs.Var(&sign, "sign", "release private key `FILE` (repeat for several signatures)")
	encrypt := fs.String("encrypt", "device", "encryption: device, model or none")
	modelKey := fs.String("model-key", "", "per-model AES key `FILE` (sealed secret), for --encrypt model")
	modelKeyID := fs.String("model-key-id", "", "identifier of the model key")
	blockSize := fs.Int("block-size", 0, "payload block `bytes` (default 4096)")
	if rest, err := parseInterspersed(fs, args); err != nil {
		return usageError{err.Error()}
	} else if len(rest) != 0 || *model == "" || *slot == "" || *version == "" || *in == "" || *out == "" || len(sign) == 0 {
		return usageError{"image build needs --model, --slot, --version, --seq, --in, --sign and --out"}
	}
	payload, err := os.ReadFile(*in)
	if err != nil {
		return err
	}
	l := &keyLoader{e: e}
	spec := build.Spec{Model: *model, Slot: *slot, Version: *version, Sequence: *seq, MinBootrom: *minBootrom, BlockSize: *blockSize, Payload: payload}
	for _, p := range sign {
		k, err := l.private(p)
		if err != nil {
			return err
		}
		s, err := k.Signer()
		if err != nil {
			return fmt.Errorf("key %s: %w", p, err)
		}
		id := k.Public().ID()
		spec.Signers = append(spec.Signers, suit.WithKeyID(s, id[:]))
	}
	switch *encrypt {
	case "device":
		spec.Encryption = suit.EncryptionDevice
	case "model":
		spec.Encryption = suit.EncryptionModel
		if *modelKey == "" {
			return usageError{"--encrypt model needs --model-key"}
		}
		pass, err := l.passphrase()
		if err != nil {
			return err
		}
		if spec.ModelKey, err = keys.ReadSecretFile(*modelKey, "model-key", pass); err != nil {
			return err
		}
		spec.ModelKeyID = []byte(*modelKeyID)
	case "none":
		spec.Encryption = suit.EncryptionNone
	default:
		return usageError{fmt.Sprintf("--encrypt %q: want device, model or none", *encrypt)}
	}
	img, err := build.Build(spec)
	if err != nil {
		return err
	}
	if err := os.WriteFile(*out, img.File, 0o644); err != nil {
		return err
	}
	if spec.Encryption == suit.EncryptionDevice {
		pass, err := l.passphrase()
		if err != nil {
			return err
		}
		if err := keys.WriteSecretFile(*out+".cek", img.EncodeContentKey(), "content-key", pass, keys.Overwrite()); err != nil {
			return err
		}
		fmt.Fprintf(e.stderr, "wrote %s.cek (the content key, sealed; keep it with the release)\n", *out)
	}
	fmt.Fprintf(e.stdout, "%s: %s %s %s seq %d, %d-byte payload, %d-byte image, encryption %s, %d signature(s)\n",
		*out, *model, *slot, *version, *seq, len(payload), len(img.File), *encrypt, len(spec.Signers))
	return nil
}

func loadTrusted(path string) (*trust.Trusted, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	t, err := trust.NewTrusted(data)
	if err != nil {
		return nil, fmt.Errorf("root %s: %w", path, err)
	}
	return t, nil
}

func imageVerify(e *env, args []string) error {
	fs := subFlags(e, "image verify")
	rootFile := fs.String("root", "", "trusted root metadata `FILE`")
	model := fs.String("model", "", "verify as a device of this `model` would install it")
	slot := fs.String("slot", "improm", "the slot such a device writes")
	bootrom := fs.String("bootrom", "0", "that device's bootrom `version`")
	counter := fs.Uint64("counter", 0, "that device's highest accepted sequence `number`")
	deviceKey := fs.String("device-key", "", "that device's x25519 private key `FILE`, for a per-device encrypted image")
	wrapped := fs.String("wrapped", "", "the content key wrapped for that device (from image wrap)")
	rest, err := parseInterspersed(fs, args)
	if err != nil {
		return usageError{err.Error()}
	}
	if len(rest) != 1 || *rootFile == "" {
		return usageError{"image verify takes one IMG and --root"}
	}
	t, err := loadTrusted(*rootFile)
	if err != nil {
		return err
	}
	f, err := os.Open(rest[0])
	if err != nil {
		return err
	}
	defer f.Close()
	if *model == "" {
		s, err := verify.Check(f, t, time.Now())
		if err != nil {
			return fmt.Errorf("%s: %w", rest[0], err)
		}
		fmt.Fprintf(e.stdout, "%s: authentic: %s %s %s seq %d, %d-byte payload in %d-byte blocks, encryption mode %d\n",
			rest[0], s.Model, s.Slot, s.Version, s.Sequence, s.Size, s.BlockSize, s.Encryption)
		return nil
	}
	dev := &verify.Device{Model: *model, Slots: map[string]int64{*slot: 1 << 40}, Bootrom: *bootrom, Counter: *counter, Trust: t, Now: time.Now()}
	var delivered []byte
	if *deviceKey != "" {
		l := &keyLoader{e: e}
		k, err := l.private(*deviceKey)
		if err != nil {
			return err
		}
		if dev.DeviceKey, err = k.ECDH(); err != nil {
			return err
		}
		if delivered, err = os.ReadFile(*wrapped); err != nil {
			return err
		}
	}
	res, err := verify.Install(f, dev, delivered, discardTarget{})
	if err != nil {
		return fmt.Errorf("%s: %w", rest[0], err)
	}
	fmt.Fprintf(e.stdout, "%s: installs on %s: %s %s seq %d, %d bytes, sha256 %x\n", rest[0], *model, res.Slot, res.Version, res.Sequence, res.Size, res.Digest)
	return nil
}

type discardTarget struct{}

func (discardTarget) Open(string, int64) (io.Writer, error) { return io.Discard, nil }

func imageWrap(e *env, args []string) error {
	fs := subFlags(e, "image wrap")
	devicePub := fs.String("device-pub", "", "the device's public key `FILE` (x25519 or p256)")
	out := fs.String("out", "", "write the wrapped key to `FILE`")
	cekFile := fs.String("cek", "", "the image's sealed content key (default IMG.cek)")
	rest, err := parseInterspersed(fs, args)
	if err != nil {
		return usageError{err.Error()}
	}
	if len(rest) != 1 || *devicePub == "" || *out == "" {
		return usageError{"image wrap takes one IMG, --device-pub and --out"}
	}
	if *cekFile == "" {
		*cekFile = rest[0] + ".cek"
	}
	l := &keyLoader{e: e}
	pass, err := l.passphrase()
	if err != nil {
		return err
	}
	secret, err := keys.ReadSecretFile(*cekFile, "content-key", pass)
	if err != nil {
		return err
	}
	cek, alg, iv, err := build.DecodeContentKey(secret)
	if err != nil {
		return err
	}
	pub, err := keys.ReadPublicFile(*devicePub)
	if err != nil {
		return err
	}
	ek, err := ecdhPublic(pub)
	if err != nil {
		return err
	}
	w, err := build.Wrap(cek, alg, iv, ek, nil, nil)
	if err != nil {
		return err
	}
	if err := os.WriteFile(*out, w, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s: content key of %s wrapped for key %s\n", *out, rest[0], pub.ID())
	return nil
}

func imageInspect(e *env, args []string) error {
	fs := subFlags(e, "image inspect")
	asJSON := fs.Bool("json", false, "print JSON")
	rest, err := parseInterspersed(fs, args)
	if err != nil {
		return usageError{err.Error()}
	}
	if len(rest) != 1 {
		return usageError{"image inspect takes one IMG"}
	}
	data, err := os.ReadFile(rest[0])
	if err != nil {
		return err
	}
	r := bytes.NewReader(data)
	n, err := format.ReadHeader(r)
	if err != nil {
		return fmt.Errorf("%s: %w", rest[0], err)
	}
	env := make([]byte, n)
	if _, err := io.ReadFull(r, env); err != nil {
		return fmt.Errorf("%s: envelope truncated", rest[0])
	}
	dm, err := cbor.DiagOptions{ByteStringEmbeddedCBOR: true, ByteStringHexWhitespace: false}.DiagMode()
	if err != nil {
		return err
	}
	diag, err := dm.Diagnose(env)
	if err != nil {
		return fmt.Errorf("%s: envelope: %w", rest[0], err)
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetEscapeHTML(false)
		return enc.Encode(map[string]any{
			"file": rest[0], "framing_version": format.Version, "envelope_bytes": n,
			"stored_payload_bytes": r.Len(), "envelope_sha256": hex.EncodeToString(sha256Of(env)),
			"envelope_diagnostic": diag, "verified": false,
		})
	}
	fmt.Fprintf(e.stdout, "%s (NOT VERIFIED: use image verify)\nframing version %d, envelope %d bytes, stored payload %d bytes\n%s\n", rest[0], format.Version, n, r.Len(), diag)
	return nil
}

func sha256Of(b []byte) []byte {
	s := sha256.Sum256(b)
	return s[:]
}

// ecdhPublic returns a key-wrapping public key as crypto/ecdh wants it.
func ecdhPublic(pub keys.PublicKey) (*ecdh.PublicKey, error) {
	switch k := pub.Key().(type) {
	case *ecdh.PublicKey:
		return k, nil
	case *ecdsa.PublicKey:
		return k.ECDH()
	}
	return nil, fmt.Errorf("key %s is a %s key; wrapping needs x25519 or p256", pub.ID(), pub.Type())
}
