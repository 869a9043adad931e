package verify

import (
	"bytes"
	"testing"

	"drey/image/suit"
)

// FuzzInstall feeds arbitrary image files to the verifier of a fixed
// device: it refuses them or installs exactly a signed payload, never
// panicking, hanging or allocating without bound.
func FuzzInstall(f *testing.F) {
	fx := newFixture(f, 1, 1)
	s := fx.spec(f)
	s.Payload = payloadOf(9000)
	s.Encryption = suit.EncryptionNone
	file, _ := fx.image(f, s, nil)
	f.Add(file)
	f.Add(file[:600])
	f.Fuzz(func(t *testing.T, data []byte) {
		var sl slot
		res, err := Install(bytes.NewReader(data), fx.device(), nil, &sl)
		if err == nil && (res == nil || sl.buf.Len() != int(res.Size)) {
			t.Fatal("accepted without a consistent result")
		}
		if sl.buf.Len() > 640<<10 {
			t.Fatalf("wrote %d bytes", sl.buf.Len())
		}
	})
}
