package main

import (
	"bytes"
	"context"
	"crypto/ecdh"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"drey/cloud/apiclient"
	"drey/cloud/server"
	"drey/image/build"
	"drey/image/keys"
)

func releaseCmd() *command {
	return &command{
		name:    "release",
		summary: "upload, list and withdraw platform releases (the operator's command)",
		usage:   "upload IMG | wrap ID IMG [--cek FILE] | list | show ID | withdraw ID   [--server URL] [--token T]",
		help: `Release sends a platform image, built and signed offline with drey image build, to the service. The service accepts it only if its signatures verify against the installed platform root (drey serve --root) and every block of its payload matches the signed hash chain; a tampered or unsigned image is refused with the reason. The service never holds a signing key. Accepted images are served to devices at an opaque, content-addressed URL. The operator's token comes from --token or DREY_OPERATOR_TOKEN.

wrap ID IMG is for an image built with --encrypt device (the default): on the operator's machine, it fetches the service's list of the release model's devices and their registered key-wrapping public keys, unseals IMG's content key (IMG.cek, passphrase from DREY_PASSPHRASE or a prompt), wraps it for each device, and uploads the wrapped keys. The content key never leaves this machine; each wrapped key reaches only its device, in its upgrade offer over its TLS link. Devices enrolled later need another wrap.`,
		setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			api := operatorFlags(fs)
			cekFile := fs.String("cek", "", "with wrap: the image's sealed content key `FILE` (default IMG.cek)")
			return func(ctx context.Context, args []string) error {
				rest, err := parseInterspersed(fs, args)
				if err != nil {
					return usageError{err.Error()}
				}
				base, token := api.resolve(e)
				switch {
				case len(rest) == 2 && rest[0] == "upload":
					f, err := os.Open(rest[1])
					if err != nil {
						return err
					}
					defer f.Close()
					out, err := rawCall(ctx, "POST", base+"/v1/releases", token, f)
					if err != nil {
						return fmt.Errorf("%s: %w", rest[1], err)
					}
					var r server.ReleaseInfo
					if err := json.Unmarshal(out, &r); err != nil {
						return err
					}
					fmt.Fprintf(e.stdout, "release %s: %s %s %s (seq %d, %d bytes)\n  devices fetch it from %s\n", r.ID, r.Model, r.Slot, r.Version, r.Sequence, r.Size, r.URL)
					return nil
				case len(rest) == 3 && rest[0] == "wrap":
					return wrapRelease(ctx, e, base, token, rest[1], rest[2], *cekFile)
				case len(rest) == 1 && rest[0] == "list":
					out, err := rawCall(ctx, "GET", base+"/v1/releases", token, nil)
					if err != nil {
						return err
					}
					var rs []server.ReleaseInfo
					if err := json.Unmarshal(out, &rs); err != nil {
						return err
					}
					for _, r := range rs {
						state := ""
						if r.Withdrawn != nil {
							state = "  withdrawn"
						}
						fmt.Fprintf(e.stdout, "%s  %-8s %-8s %-8s seq %-4d %s%s\n", r.ID[:16], r.Model, r.Slot, r.Version, r.Sequence, r.Uploaded.Local().Format("2006-01-02 15:04"), state)
					}
					return nil
				case len(rest) == 2 && rest[0] == "show":
					out, err := rawCall(ctx, "GET", base+"/v1/releases/"+rest[1], token, nil)
					if err != nil {
						return err
					}
					_, err = e.stdout.Write(out)
					return err
				case len(rest) == 2 && rest[0] == "withdraw":
					out, err := rawCall(ctx, "POST", base+"/v1/releases/"+rest[1]+"/withdraw", token, nil)
					if err != nil {
						return err
					}
					var w struct {
						Aborted []string `json:"aborted"`
					}
					if err := json.Unmarshal(out, &w); err != nil {
						return err
					}
					fmt.Fprintf(e.stdout, "withdrew release %s: no rollout offers it any more, and devices can no longer fetch it\n", rest[1])
					for _, id := range w.Aborted {
						fmt.Fprintf(e.stdout, "aborted rollout %s\n", id)
					}
					return nil
				}
				return usageError{"want: release upload IMG | list | show ID | withdraw ID"}
			}
		},
	}
}

// rawCall sends body as it is with the operator's token and returns the
// answer, or the API's error.
func rawCall(ctx context.Context, method, url, token string, body io.Reader) ([]byte, error) {
	if token == "" {
		return nil, usageError{"no operator token: give --token or set DREY_OPERATOR_TOKEN"}
	}
	return send(ctx, method, url, token, body)
}

// send makes one API request and returns the answer's body, or the
// error the API gave. An empty token sends none, for public endpoints.
func send(ctx context.Context, method, url, token string, body io.Reader) ([]byte, error) {
	var b any
	if body != nil {
		b = body
	}
	out, err := apiclient.Do(ctx, method, url, token, b)
	if e, ok := err.(*apiclient.Error); ok {
		return nil, errors.New(e.Message)
	}
	return out, err
}

// wrapRelease wraps an image's content key for every device the service
// lists, here, and uploads the wrapped keys.
func wrapRelease(ctx context.Context, e *env, base, token, id, img, cekFile string) error {
	if cekFile == "" {
		cekFile = img + ".cek"
	}
	out, err := rawCall(ctx, "GET", base+"/v1/releases/"+id+"/recipients", token, nil)
	if err != nil {
		return err
	}
	var rs []server.Recipient
	if err := json.Unmarshal(out, &rs); err != nil {
		return err
	}
	l := &keyLoader{e: e}
	pass, err := l.passphrase()
	if err != nil {
		return err
	}
	secret, err := keys.ReadSecretFile(cekFile, "content-key", pass)
	if err != nil {
		return err
	}
	cek, alg, iv, err := build.DecodeContentKey(secret)
	if err != nil {
		return err
	}
	req := server.WrappedKeys{Keys: map[string]string{}}
	for _, r := range rs {
		der, err := base64.StdEncoding.DecodeString(r.WrapKey)
		if err != nil {
			return fmt.Errorf("device %s: wrap key: %w", r.Device, err)
		}
		pk, err := x509.ParsePKIXPublicKey(der)
		if err != nil {
			return fmt.Errorf("device %s: wrap key: %w", r.Device, err)
		}
		ek, ok := pk.(*ecdh.PublicKey)
		if !ok {
			return fmt.Errorf("device %s: wrap key is a %T, want X25519", r.Device, pk)
		}
		w, err := build.Wrap(cek, alg, iv, ek, nil, nil)
		if err != nil {
			return fmt.Errorf("device %s: %w", r.Device, err)
		}
		req.Keys[r.Device] = base64.StdEncoding.EncodeToString(w)
	}
	b, _ := json.Marshal(req)
	if _, err := rawCall(ctx, "POST", base+"/v1/releases/"+id+"/keys", token, bytes.NewReader(b)); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "wrapped the content key of %s for %d device(s) and uploaded the wrapped keys\n", img, len(req.Keys))
	return nil
}
