package sim

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/veraison/go-cose"

	"drey/device/power"
	"drey/image/build"
	"drey/image/suit"
	"drey/image/trust"
)

// A device made from a state directory survives a restart: its flash,
// identity and firmware are where it left them; an image applied from a
// file installs through the bootrom and the new improm runs, printing the
// serial console's boot log; a refused image leaves it on its firmware.
func TestDeviceLifecycle(t *testing.T) {
	_, rootKey, _ := ed25519.GenerateKey(rand.Reader)
	_, rel, _ := ed25519.GenerateKey(rand.Reader)
	r, err := trust.NewRoot(trust.Spec{Expires: time.Now().Add(time.Hour * 24 * 365), RootKeys: []crypto.PublicKey{rootKey.Public()}, RootThreshold: 1, ReleaseKeys: []crypto.PublicKey{rel.Public()}, ReleaseThreshold: 1})
	if err != nil {
		t.Fatal(err)
	}
	root, err := r.Sign(rootKey)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var log bytes.Buffer
	d, err := Open(Config{Model: "imp001", Dir: filepath.Join(dir, "dev"), Root: root, Log: &log})
	if err != nil {
		t.Fatal(err)
	}
	pub := d.Boot.Key.PublicKey()
	d.Close()

	// The image, encrypted for this device.
	s, _ := cose.NewSigner(cose.AlgorithmEdDSA, rel)
	k, _ := trust.NewKey(rel.Public())
	kid := k.ID()
	img, err := build.Build(build.Spec{Model: "imp001", Slot: "improm", Version: "36.10", Sequence: 3,
		Payload: bytes.Repeat([]byte("firmware"), 40000), Encryption: suit.EncryptionDevice, Signers: []cose.Signer{suit.WithKeyID(s, kid[:])}})
	if err != nil {
		t.Fatal(err)
	}
	wrapped, err := build.Wrap(img.CEK, img.Alg, img.IV, pub, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	imgPath := filepath.Join(dir, "img.suit")
	os.WriteFile(imgPath, img.File, 0o644)
	bad := bytes.Clone(img.File)
	bad[len(bad)-1000] ^= 1
	badPath := filepath.Join(dir, "bad.suit")
	os.WriteFile(badPath, bad, 0o644)

	d, err = Open(Config{Model: "imp001", Dir: filepath.Join(dir, "dev"), Log: &log})
	if err != nil {
		t.Fatal(err)
	}
	if !d.Boot.Key.PublicKey().Equal(pub) {
		t.Fatal("the device's identity changed across a restart")
	}
	if v, err := d.Apply(badPath, wrapped); err == nil || v != FactoryImprom {
		t.Fatalf("tampered image: running %s, error %v", v, err)
	}
	v, err := d.Apply(imgPath, wrapped)
	if err != nil || v != "36.10" {
		t.Fatalf("apply: running %s, error %v", v, err)
	}
	d.Close()
	d, err = Open(Config{Model: "imp001", Dir: filepath.Join(dir, "dev"), Log: &log})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	_, st, err := d.Start()
	if err != nil || st.Improm.Version != "36.10" || st.Counter != 3 {
		t.Fatalf("after restart: %v %+v", err, st)
	}
	for _, want := range []string{"improm: invalidated for an upgrade", "preboot: improm not valid, jumping to the bootrom", "bootrom: improm 36.10 valid, rebooting", "improm 36.10 running"} {
		if !strings.Contains(log.String(), want) {
			t.Errorf("boot log lacks %q:\n%s", want, log.String())
		}
	}
}

// The imp003 model boots with its larger map, and flash work drains the
// battery.
func TestImp003AndBattery(t *testing.T) {
	_, rootKey, _ := ed25519.GenerateKey(rand.Reader)
	_, rel, _ := ed25519.GenerateKey(rand.Reader)
	r, err := trust.NewRoot(trust.Spec{Expires: time.Now().Add(time.Hour), RootKeys: []crypto.PublicKey{rootKey.Public()}, RootThreshold: 1, ReleaseKeys: []crypto.PublicKey{rel.Public()}, ReleaseThreshold: 1})
	if err != nil {
		t.Fatal(err)
	}
	root, err := r.Sign(rootKey)
	if err != nil {
		t.Fatal(err)
	}
	supply := power.Battery(3.2, 1, 1) // a tiny battery, so the drain shows
	v0 := supply.Voltage()
	d, err := Open(Config{Model: "imp003", Root: root, Memory: true, Supply: supply})
	if err != nil {
		t.Fatal(err)
	}
	if d.Boot.Map.Improm.Size != 1<<20 {
		t.Fatalf("imp003 improm slot %d bytes", d.Boot.Map.Improm.Size)
	}
	stage, _, err := d.Start()
	if err != nil || stage.String() != "improm" {
		t.Fatalf("boot: %v %v", stage, err)
	}
	if v := supply.Voltage(); v >= v0 {
		t.Fatalf("voltage %.4f after provisioning, was %.4f: flash work did not load the battery", v, v0)
	}
}

// An image applied from an HTTP URL installs even when the connection
// drops during the download: the bootrom resumes with Range requests
// (REQ-PROC-16).
func TestApplyOverFlakyHTTP(t *testing.T) {
	_, rootKey, _ := ed25519.GenerateKey(rand.Reader)
	_, rel, _ := ed25519.GenerateKey(rand.Reader)
	r, _ := trust.NewRoot(trust.Spec{Expires: time.Now().Add(time.Hour), RootKeys: []crypto.PublicKey{rootKey.Public()}, RootThreshold: 1, ReleaseKeys: []crypto.PublicKey{rel.Public()}, ReleaseThreshold: 1})
	root, _ := r.Sign(rootKey)
	d, err := Open(Config{Model: "imp001", Root: root, Memory: true})
	if err != nil {
		t.Fatal(err)
	}
	s, _ := cose.NewSigner(cose.AlgorithmEdDSA, rel)
	k, _ := trust.NewKey(rel.Public())
	kid := k.ID()
	img, err := build.Build(build.Spec{Model: "imp001", Slot: "improm", Version: "2.0", Sequence: 1,
		Payload: bytes.Repeat([]byte("fw"), 100000), Encryption: suit.EncryptionNone, Signers: []cose.Signer{suit.WithKeyID(s, kid[:])}})
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	drops := 4
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		w.Header().Set("ETag", `"img-2.0"`)
		w.Header().Set("Cache-Control", "public, immutable")
		mu.Lock()
		drop := drops > 0 && req.Header.Get("Range") == ""
		if drop {
			drops--
		}
		mu.Unlock()
		if drop {
			http.ServeContent(&shortWriter{ResponseWriter: w, left: 50000}, req, "", time.Time{}, bytes.NewReader(img.File))
			if hj, ok := w.(http.Hijacker); ok {
				if c, _, err := hj.Hijack(); err == nil {
					c.Close()
				}
			}
			return
		}
		http.ServeContent(w, req, "", time.Time{}, bytes.NewReader(img.File))
	}))
	defer srv.Close()
	v, err := d.Apply(srv.URL+"/img.suit", nil)
	if err != nil || v != "2.0" {
		t.Fatalf("running %s, error %v", v, err)
	}
}

type shortWriter struct {
	http.ResponseWriter
	left int
}

func (s *shortWriter) Write(p []byte) (int, error) {
	if s.left <= 0 {
		return 0, io.ErrClosedPipe
	}
	if len(p) > s.left {
		p = p[:s.left]
	}
	s.left -= len(p)
	return s.ResponseWriter.Write(p)
}

// Customer code installed on the device runs in the improm's VM, reads
// the battery through hardware.voltage(), and survives a restart of the
// device (its bytecode is in flash).
func TestRunCode(t *testing.T) {
	_, rootKey, _ := ed25519.GenerateKey(rand.Reader)
	_, rel, _ := ed25519.GenerateKey(rand.Reader)
	r, _ := trust.NewRoot(trust.Spec{Expires: time.Now().Add(time.Hour), RootKeys: []crypto.PublicKey{rootKey.Public()}, RootThreshold: 1, ReleaseKeys: []crypto.PublicKey{rel.Public()}, ReleaseThreshold: 1})
	root, _ := r.Sign(rootKey)
	dir := filepath.Join(t.TempDir(), "dev")
	var log bytes.Buffer
	d, err := Open(Config{Model: "imp001", Dir: dir, Root: root, Log: &log, Supply: power.Battery(3.0, 2000, 1)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.RunCode(context.Background(), time.Minute); !errors.Is(err, ErrNoCode) {
		t.Fatalf("no code: %v", err)
	}
	src := `imp.wakeup(30, function() { server.log(format("battery %.1f V", hardware.voltage())) })`
	if err := d.InstallCode("device.nut", []byte(src)); err != nil {
		t.Fatal(err)
	}
	d.Close()
	d, err = Open(Config{Model: "imp001", Dir: dir, Log: &log, Supply: power.Battery(3.0, 2000, 1)})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if _, err := d.RunCode(context.Background(), time.Minute); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(log.String(), "[Device] battery 3.0 V") {
		t.Fatalf("log:\n%s", log.String())
	}
}
