package chain

import (
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
)

// A Reader reads a stored payload and returns its blocks only after
// checking each against the chain, one block at a time: what Read
// returns has been authenticated. It reads exactly the stored size from
// the underlying reader, never more, and holds one block in memory.
type Reader struct {
	r       io.Reader
	bs      int
	size    int64 // payload bytes
	done    int64 // payload bytes authenticated so far
	block   int64 // index of the next block
	nblocks int64
	want    [DigestSize]byte // digest the next block must have
	buf     []byte           // the current block and the next digest
	pending []byte           // authenticated bytes not yet returned
	err     error
}

// NewReader returns a Reader for a payload of size bytes in blocks of bs
// bytes whose chain root is root.
func NewReader(r io.Reader, root [DigestSize]byte, size int64, bs int) (*Reader, error) {
	if err := CheckBlockSize(bs); err != nil {
		return nil, err
	}
	if size <= 0 {
		return nil, fmt.Errorf("chain: payload size %d", size)
	}
	return &Reader{r: r, bs: bs, size: size, nblocks: NumBlocks(size, bs), want: root, buf: make([]byte, bs+DigestSize)}, nil
}

// Block returns the index of the next block to be read; after an error,
// the index of the block that failed.
func (c *Reader) Block() int64 { return c.block }

// Read returns authenticated payload bytes. At the end of the payload it
// returns io.EOF; a bad block gives an error wrapping ErrBlockDigest, a
// short stream one wrapping ErrTruncated.
func (c *Reader) Read(p []byte) (int, error) {
	for len(c.pending) == 0 {
		if c.err != nil {
			return 0, c.err
		}
		if c.block == c.nblocks {
			c.err = io.EOF
			return 0, io.EOF
		}
		c.err = c.next()
	}
	n := copy(p, c.pending)
	c.pending = c.pending[n:]
	return n, nil
}

// next reads and checks one block.
func (c *Reader) next() error {
	n := int64(c.bs)
	if rest := c.size - c.done; rest < n {
		n = rest
	}
	last := c.block == c.nblocks-1
	need := int(n)
	if !last {
		need += DigestSize
	}
	buf := c.buf[:need]
	if _, err := io.ReadFull(c.r, buf); err != nil {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return fmt.Errorf("block %d of %d: %w", c.block, c.nblocks, ErrTruncated)
		}
		return fmt.Errorf("block %d: %w", c.block, err)
	}
	data := buf[:n]
	var d [DigestSize]byte
	var next []byte
	if last {
		d = digest(data, nil)
	} else {
		next = buf[n:]
		d = digest(data, next)
	}
	if subtle.ConstantTimeCompare(d[:], c.want[:]) != 1 {
		return fmt.Errorf("block %d of %d: %w", c.block, c.nblocks, ErrBlockDigest)
	}
	if !last {
		copy(c.want[:], next)
	}
	c.block++
	c.done += n
	c.pending = data
	return nil
}
