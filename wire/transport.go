package wire

import (
	"crypto/tls"
	"net"
)

// DropOnWriteError is a link's TLS connection that closes the TCP
// connection under it when a write fails, a WriteTimeout included: the
// link's reader then ends at once, instead of waiting for its idle
// timeout, and the link is made again. (A failed TLS write leaves the
// stream unusable anyway.)
type DropOnWriteError struct {
	*tls.Conn
	TCP net.Conn // the connection under Conn
}

// Write writes b, and closes the TCP connection if it cannot.
func (c DropOnWriteError) Write(b []byte) (int, error) {
	n, err := c.Conn.Write(b)
	if err != nil {
		c.TCP.Close()
	}
	return n, err
}
