package egress

import "io"

// limitedBody reads at most limit bytes of a response body and fails
// with ErrResponseTooLarge, rather than truncating silently, when the
// body holds more.
type limitedBody struct {
	rc    io.ReadCloser
	left  int64 // bytes still allowed; negative once the limit is passed
	limit int64
}

// Read reads from the body, reading one byte past the limit to tell a
// body of exactly limit bytes from a longer one.
func (b *limitedBody) Read(p []byte) (int, error) {
	if b.left < 0 {
		return 0, tooLarge(b.limit)
	}
	if int64(len(p)) > b.left+1 {
		p = p[:b.left+1]
	}
	n, err := b.rc.Read(p)
	if int64(n) > b.left {
		n = int(b.left)
		b.left = -1
		return n, tooLarge(b.limit)
	}
	b.left -= int64(n)
	return n, err
}

// Close closes the body.
func (b *limitedBody) Close() error { return b.rc.Close() }
