package wire_test

import (
	"bytes"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"drey/wire"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden and the fuzz seed corpus")

// Every sample survives encoding and decoding unchanged, and its decoding
// encodes to the same bytes: each message has one encoding.
func TestRoundTrip(t *testing.T) {
	for _, s := range samples(t) {
		t.Run(s.name, func(t *testing.T) {
			b, err := wire.Marshal(s.frame)
			if err != nil {
				t.Fatal(err)
			}
			if len(b) > wire.DefaultMaxFrame {
				t.Fatalf("%d bytes: over DefaultMaxFrame", len(b))
			}
			f, n, err := wire.Unmarshal(b, 0)
			if err != nil {
				t.Fatal(err)
			}
			if n != len(b) {
				t.Errorf("Unmarshal took %d of %d bytes", n, len(b))
			}
			if !reflect.DeepEqual(f, s.frame) {
				t.Errorf("decoded\n%#v\nwant\n%#v", f, s.frame)
			}
			again, err := wire.Marshal(f)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(again, b) {
				t.Error("re-encoding differs")
			}
		})
	}
}

// The samples cover every frame type, so a type added without a test
// fails here.
func TestSamplesCoverEveryType(t *testing.T) {
	seen := map[wire.Type]bool{}
	for _, s := range samples(t) {
		seen[s.frame.Type()] = true
	}
	for _, typ := range wire.Types() {
		if !seen[typ] {
			t.Errorf("no sample of %v", typ)
		}
	}
}

// goldens are the frames whose bytes are pinned in testdata: a change to
// any of them is a change of protocol and needs a new version.
var goldens = []string{"hello", "hello-ack", "message", "error"}

func TestGolden(t *testing.T) {
	byName := map[string]wire.Frame{}
	for _, s := range samples(t) {
		byName[s.name] = s.frame
	}
	for _, name := range goldens {
		b, err := wire.Marshal(byName[name])
		if err != nil {
			t.Fatal(err)
		}
		got := hex.Dump(b)
		path := filepath.Join("testdata", name+".golden")
		if *update {
			if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test -update to create it)", err)
		}
		if got != string(want) {
			t.Errorf("%s: the encoding changed; got\n%s", path, got)
		}
	}
}

// docs/protocol.md lists every frame type with its byte and sender in the
// type table, and has a layout section for each.
func TestProtocolDocListsEveryType(t *testing.T) {
	doc, err := os.ReadFile("../docs/protocol.md")
	if err != nil {
		t.Fatal(err)
	}
	direction := map[wire.Side]string{wire.Device: "device → server", wire.Server: "server → device", wire.Both: "both"}
	for _, typ := range wire.Types() {
		row := fmt.Sprintf("| 0x%02x | `%s` | %s |", byte(typ), typ, direction[typ.Sender()])
		if !strings.Contains(string(doc), row) {
			t.Errorf("docs/protocol.md has no type-table row %q", row)
		}
		heading := fmt.Sprintf("### %s (0x%02x)", typ, byte(typ))
		if !strings.Contains(string(doc), heading) {
			t.Errorf("docs/protocol.md has no layout section %q", heading)
		}
	}
}

// Names are what logs and errors print; unknown values print as numbers.
func TestNames(t *testing.T) {
	cases := []struct {
		got  fmt.Stringer
		want string
	}{
		{wire.TypeUpgradeStatus, "UpgradeStatus"},
		{wire.Type(0x7f), "Type(0x7f)"},
		{wire.Both, "both"},
		{wire.ResetBrownout, "brownout"},
		{wire.CloseGoingAway, "going-away"},
		{wire.CloseCode(99), "99"},
		{wire.LogError, "error"},
		{wire.NackBusy, "busy"},
		{wire.UpgradeDemand, "demand"},
		{wire.UpgradeLowBattery, "low-battery"},
		{wire.ShutdownNewCode, "new-code"},
	}
	for _, c := range cases {
		if s := c.got.String(); s != c.want {
			t.Errorf("String() = %q, want %q", s, c.want)
		}
	}
	if got := (&wire.Close{Code: wire.CloseUnauthorized, Reason: "revoked"}).Error(); got != "wire: close: unauthorized: revoked" {
		t.Errorf("Close.Error() = %q", got)
	}
	if got := wire.KeepaliveTimeout(wire.DefaultKeepalive); got != 90*time.Second {
		t.Errorf("KeepaliveTimeout = %v", got)
	}
}
