package escrow

// BUILD.md tells the beneficiaries, who may never have seen Drey, how to
// get from the package to a signed upgrade on the service: build drey
// from the bundled source, check the package and recover the keys, run
// the service, sign and upload an image, and renew the root before it
// expires. Its commands name this package's own files and keys.

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"drey/image/trust"
)

// BuildInfo says which drey sealed a package, for BUILD.md.
type BuildInfo struct {
	Module    string // the Go module path, "drey"
	Version   string // drey's module version; "(devel)" for a build from a checkout
	Revision  string // the VCS revision drey was built from, if known
	GoVersion string // the Go release that built drey, runtime.Version()
}

// buildDoc is what Seal knows when it writes BUILD.md.
type buildDoc struct {
	pkg       string // the package directory's name, as the commands use it
	manifest  *Manifest
	root      *trust.Root
	history   []uint64          // versions of the earlier roots in roots/
	roles     map[string]string // key name -> role
	info      BuildInfo
	source    *Source
	sourceErr error // why there is no source.bundle, if there is none
	files     []string
}

func (d *buildDoc) render() []byte {
	m, r := d.manifest, d.root
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	var names []string
	for _, c := range m.Custodians {
		names = append(names, c.Name)
	}
	w("# Escrow %s: building Drey and signing upgrades\n\n", m.Escrow)
	rev := ""
	if d.info.Revision != "" {
		rev = ", revision " + d.info.Revision
	}
	w("Sealed %s by drey %s%s, module %s, built with %s.\n", m.Sealed.UTC().Format(time.RFC3339), d.info.Version, rev, d.info.Module, d.info.GoVersion)
	w("MANIFEST lists every other file of this package with its SHA-256 and\nsize; the SHA-256 of MANIFEST itself is recorded in the escrow contract.\n\n")

	w("## What is here\n\n")
	w("- `root.cbor`: the root of trust, version %d, expiring %s: %d of its %d root keys sign a new root, %d of its %d release keys sign an image.\n",
		r.Version, r.Expires.UTC().Format(time.RFC3339), r.RootThreshold, len(r.RootKeys), r.ReleaseThreshold, len(r.ReleaseKeys))
	if len(d.history) > 0 {
		w("- `roots/`: the earlier versions of the root, %s, which devices that missed a rotation need in order.\n", versionList(d.history))
	}
	w("- `keys/`: %d private keys, encrypted under an escrow key that any %d of the %d custodians (%s) recover together:\n", len(m.Keys), m.Threshold, len(m.Custodians), strings.Join(names, ", "))
	for _, k := range m.Keys {
		w("  - `%s`: %s key, %s, id %s\n", k.Name, d.roles[k.Name], k.Type, k.ID)
	}
	w("- `shares/`: each custodian's share of the escrow key, which only that custodian's x25519 private key opens.\n")
	if d.source != nil {
		w("- `source.bundle`: a git bundle of every branch and tag of the source, HEAD at %s.\n", d.source.Commit)
		if d.source.Dirty {
			w("  The checkout it came from had uncommitted changes; they are not in the bundle.\n")
		}
	} else {
		w("- No source: %v. Obtain the source of drey %s%s elsewhere.\n", d.sourceErr, d.info.Version, rev)
	}
	for _, f := range d.files {
		w("- `files/%s`: given by the operator.\n", f)
	}

	w("\n## 1. Build drey\n\nInstall Go %s or later (https://go.dev/dl/) and git, then:\n\n", strings.TrimPrefix(d.info.GoVersion, "go"))
	if d.source != nil {
		w("    git clone %s/source.bundle drey-src\n", d.pkg)
		w("    (cd drey-src && git checkout %s && go build -o ../drey ./cmd/drey)\n", d.source.Commit)
	} else {
		w("    # in a checkout of drey %s%s, obtained elsewhere: this package holds no source\n", d.info.Version, rev)
		w("    go build -o drey ./cmd/drey\n")
	}
	w("    ./drey version\n\n")
	w("The build fetches the module's dependencies from the Go module proxy\nand checks them against go.sum.\n\n")

	w("## 2. Check the package and recover the keys\n\n")
	w("On an offline machine, with %d custodians present, each with the x25519\nprivate key their share is sealed to. Compare MANIFEST with the digest\nin the contract first; open refuses a package whose files differ from\nMANIFEST.\n\n", m.Threshold)
	w("    ./drey escrow verify %s --manifest-sha256 DIGEST-FROM-THE-CONTRACT\n", d.pkg)
	var ck []string
	for _, c := range m.Custodians[:m.Threshold] {
		ck = append(ck, fmt.Sprintf("--custodian-key %s=%s.key", c.Name, c.Name))
	}
	w("    ./drey escrow open %s %s --out recovered\n\n", d.pkg, strings.Join(ck, " "))
	w("Any %d custodians will do. Each types the passphrase of their own key;\nthen a new passphrase protects the recovered keys, which are written to\n`recovered/` with mode 0600. DREY_PASSPHRASE, if set, serves for all.\n\n", m.Threshold)

	w("## 3. Run the service\n\n")
	w("    ./drey serve --data drey-data --root %s/root.cbor\n\n", d.pkg)
	w("The first start prints the operator's API token; export it as\nDREY_OPERATOR_TOKEN for the commands below. Devices pin the certificate\nof the service CA they were enrolled with (docs/escrow.md, \"What the\nescrow does not hold\").\n\n")
	if len(d.history) > 0 {
		w("Then give the service the earlier roots, newest first, for devices\nthat missed a rotation:\n\n")
		for i := len(d.history) - 1; i >= 0; i-- {
			w("    ./drey root publish %s/%s --server http://127.0.0.1:8080\n", d.pkg, historyPath(d.history[i]))
		}
		w("\n")
	}

	w("## 4. Sign and release an upgrade\n\n")
	var sign []string
	for _, k := range m.Keys {
		if d.roles[k.Name] == "release" && len(sign) < r.ReleaseThreshold {
			sign = append(sign, "--sign recovered/"+k.Name)
		}
	}
	w("    ./drey image build --model MODEL --slot improm --version VERSION --seq SEQ --in firmware.bin %s --out upgrade.suit\n", strings.Join(sign, " "))
	w("    ./drey image verify upgrade.suit --root %s/root.cbor\n", d.pkg)
	w("    ./drey release upload upgrade.suit --server http://127.0.0.1:8080\n\n")
	w("SEQ must be above every sequence number the operator used (devices\nrefuse a lower one); MODEL is the device model, e.g. imp001. If the\nroot has expired, renew it first (step 5) and use root2.cbor.\n\n")

	w("## 5. Renew the root before %s\n\n", r.Expires.UTC().Format(time.DateOnly))
	var old []string
	for _, k := range m.Keys {
		if d.roles[k.Name] == "root" && len(old) < r.RootThreshold {
			old = append(old, "--old-root-key recovered/"+k.Name)
		}
	}
	w("Devices refuse every image once their root has expired. Rotate it,\nkeeping its keys, to extend it:\n\n")
	w("    ./drey keys root rotate --current %s/root.cbor %s --out root2.cbor\n", d.pkg, strings.Join(old, " "))
	w("    ./drey root publish root2.cbor --server http://127.0.0.1:8080\n\n")
	w("The same command replaces keys (`--root-key`, `--release-key`) and\nrevokes them (`--revoke`); see `drey help keys` and\ndocs/key-compromise.md. Then seal a new escrow for the successor.\n")
	return []byte(b.String())
}

// versionList writes versions as "1, 2 and 3".
func versionList(vs []uint64) string {
	var s []string
	for _, v := range vs {
		s = append(s, strconv.FormatUint(v, 10))
	}
	if len(s) == 1 {
		return "version " + s[0]
	}
	return "versions " + strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}
