package wire_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"drey/wire"
)

// fuzzSeeds returns the seed corpus of FuzzReadFrame by name: each sample
// frame after the hello of its sender, so that a Conn reaches it, and one
// input per class of malformed frame.
func fuzzSeeds(t testing.TB) map[string][]byte {
	hello := map[wire.Side][]byte{}
	for side, f := range map[wire.Side]wire.Frame{wire.Device: helloSample(), wire.Server: helloAckSample(), wire.Both: helloSample()} {
		b, err := wire.Marshal(f)
		if err != nil {
			t.Fatal(err)
		}
		hello[side] = b
	}
	seeds := map[string][]byte{}
	for _, s := range samples(t) {
		b, err := wire.Marshal(s.frame)
		if err != nil {
			t.Fatal(err)
		}
		if len(b) > 8<<10 {
			continue // the fuzzer makes big frames from small ones
		}
		if s.frame.Type() != wire.TypeHello && s.frame.Type() != wire.TypeHelloAck {
			b = cat(hello[s.frame.Type().Sender()], b)
		}
		seeds[s.name] = b
	}
	h := hello[wire.Device]
	seeds["bad-oversized"] = cat(h, uv(wire.DefaultMaxFrame+1), []byte{byte(wire.TypeLog)})
	seeds["bad-unknown-type"] = cat(h, raw(0x7f, []byte("?")))
	seeds["bad-truncated"] = cat(h, raw(wire.TypeLog, []byte{0}, uv(10), []byte("abc")))
	seeds["bad-trailing"] = cat(h, raw(wire.TypePing, uv(1), []byte{0}))
	seeds["bad-string-bound"] = cat(h, raw(wire.TypeMessage, uv(1), uv(wire.MaxMessageName+1)))
	seeds["bad-enum"] = cat(h, raw(wire.TypeLog, []byte{2}, str("x")))
	seeds["bad-varint-overflow"] = cat(h, raw(wire.TypePing, bytes.Repeat([]byte{0xff}, 10), []byte{0x01}))
	seeds["bad-version"] = raw(wire.TypeHello, uv(2), str("imp001"))
	return seeds
}

// TestFuzzSeeds checks that the committed seed corpus is what fuzzSeeds
// makes, so a change of format cannot quietly turn the seeds into noise;
// run with -update to rewrite it.
func TestFuzzSeeds(t *testing.T) {
	dir := filepath.Join("testdata", "fuzz", "FuzzReadFrame")
	for name, b := range fuzzSeeds(t) {
		path := filepath.Join(dir, name)
		want := fmt.Appendf(nil, "go test fuzz v1\n[]byte(%s)\n", strconv.Quote(string(b)))
		if *update {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, want, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s is missing or stale: run go test -run TestFuzzSeeds -update", path)
		}
	}
}

// allocSlack is what one decode may allocate beyond twice its input: the
// first chunk of a frame buffer and the fixed-size parts of an Error.
const allocSlack = 64 << 10

// FuzzReadFrame reads arbitrary bytes as frames, from a slice with
// Unmarshal (any type in any order) and as a stream through a Conn of
// each side (with the handshake order enforced). Whatever the bytes, it
// must not panic; each read must allocate no more than twice the input
// and allocSlack, whatever the lengths inside claim; every error must be
// one of the package's classes; and every frame accepted must re-encode to
// exactly the bytes it was read from.
func FuzzReadFrame(f *testing.F) {
	for _, b := range fuzzSeeds(f) {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		limit := uint64(2*len(data) + allocSlack)

		for rest := data; len(rest) > 0; {
			var (
				fr  wire.Frame
				n   int
				err error
			)
			if a := allocated(func() { fr, n, err = wire.Unmarshal(rest, 0) }); a > limit {
				t.Fatalf("Unmarshal of %d bytes allocated %d", len(rest), a)
			}
			if err != nil {
				classified(t, err)
				break
			}
			sameBytes(t, fr, rest[:n])
			rest = rest[n:]
		}

		for _, side := range []wire.Side{wire.Device, wire.Server} {
			c, err := wire.NewConn(rw(data), side, wire.Config{})
			if err != nil {
				t.Fatal(err)
			}
			var again []byte
			for {
				var fr wire.Frame
				if a := allocated(func() { fr, err = c.ReadFrame() }); a > limit {
					t.Fatalf("%v: ReadFrame allocated %d bytes from %d", side, a, len(data))
				}
				if err != nil {
					break
				}
				b, err := wire.Marshal(fr)
				if err != nil {
					t.Fatalf("%v: accepted %v does not re-encode: %v", side, fr.Type(), err)
				}
				again = append(again, b...)
			}
			if !bytes.HasPrefix(data, again) {
				t.Fatalf("%v: accepted frames re-encode to other bytes", side)
			}
			if err == io.EOF {
				if len(again) != len(data) {
					t.Fatalf("%v: io.EOF with %d bytes unread", side, len(data)-len(again))
				}
				continue
			}
			classified(t, err)
		}
	})
}

// sameBytes fails unless fr encodes to b.
func sameBytes(t *testing.T, fr wire.Frame, b []byte) {
	t.Helper()
	again, err := wire.Marshal(fr)
	if err != nil {
		t.Fatalf("accepted %v does not re-encode: %v", fr.Type(), err)
	}
	if !bytes.Equal(again, b) {
		t.Fatalf("accepted %v re-encodes to\n% x\nnot\n% x", fr.Type(), again, b)
	}
}

// classified fails the test unless err is a transport end or a
// *FrameError of one of the package's classes that names where it is.
func classified(t *testing.T, err error) {
	t.Helper()
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return
	}
	var fe *wire.FrameError
	if !errors.As(err, &fe) {
		t.Fatalf("unclassified error: %v", err)
	}
	for _, class := range []error{wire.ErrTooLarge, wire.ErrUnknownType, wire.ErrTruncated, wire.ErrTrailing,
		wire.ErrTooLong, wire.ErrBadEnum, wire.ErrOverflow, wire.ErrRange, wire.ErrNonCanonical, wire.ErrUnexpected,
		wire.ErrUnsupportedVersion} {
		if errors.Is(err, class) {
			if fe.Field == "" && class != wire.ErrTrailing && class != wire.ErrUnexpected {
				t.Fatalf("%v: names no field", err)
			}
			return
		}
	}
	t.Fatalf("FrameError of no class: %v", err)
}
