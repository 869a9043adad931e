package main

// The HTTP hop between the devices and the server's image URLs. It
// stands in for an ordinary shared HTTP cache (Squid, Varnish, a CDN
// edge), none of which is installed here, and does only what such a
// cache does for these URLs:
//
//   - it keeps a 200 response to a GET whose Cache-Control allows a
//     shared cache to store it (not no-store, private or no-cache;
//     public, max-age or immutable), for max-age;
//   - concurrent misses for one URL make one request to the origin, the
//     others wait for it (Squid's collapsed_forwarding, Varnish's
//     request coalescing);
//   - it serves what it keeps itself, Range (206), If-Range and
//     If-None-Match (304) included, with the origin's ETag and
//     Cache-Control (net/http's ServeContent);
//   - everything else is passed through (net/http/httputil's
//     ReverseProxy).
//
// With caching off it is the same reverse proxy without the store, so
// that both runs have the same hop. It counts the bytes on its
// connections to the origin (what the server sent) and to the devices.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// proxyStats are the proxy's counters.
type proxyStats struct {
	OriginRead     int64          `json:"origin_read"`    // bytes the origin sent on the proxy's connections, headers included
	OriginWritten  int64          `json:"origin_written"` // bytes of requests to the origin
	OriginBody     int64          `json:"origin_body"`    // bytes of response bodies read from the origin
	OriginConns    int64          `json:"origin_conns"`
	OriginRequests int64          `json:"origin_requests"`
	OriginStatus   map[string]int `json:"origin_status"`
	DeviceWritten  int64          `json:"device_written"` // bytes sent to the devices, headers included
	DeviceConns    int64          `json:"device_conns"`
	DeviceRequests int64          `json:"device_requests"`
	DeviceStatus   map[string]int `json:"device_status"`
	Hits           int64          `json:"hits"`      // served from the store
	Misses         int64          `json:"misses"`    // fetched from the origin to fill the store
	Coalesced      int64          `json:"coalesced"` // waited for another request's fill
}

// imageProxy is the hop. Origin is set once, before the first request.
type imageProxy struct {
	caching bool
	origin  atomic.Pointer[url.URL]
	rp      *httputil.ReverseProxy
	client  *http.Client // the same transport, for fills

	originRead, originWritten, originBody, originConns, originRequests atomic.Int64
	deviceWritten, deviceConns, deviceRequests                         atomic.Int64
	hits, misses, coalesced                                            atomic.Int64

	mu           sync.Mutex
	entries      map[string]*entry
	originStatus map[string]int
	deviceStatus map[string]int
}

// entry is one URL in the store; ready is closed once it is filled or
// has failed.
type entry struct {
	ready   chan struct{}
	header  http.Header
	body    []byte
	expires time.Time
	err     error // not storable: pass through
}

var errNotStorable = errors.New("not storable")

func newImageProxy(caching bool) *imageProxy {
	p := &imageProxy{caching: caching, entries: map[string]*entry{}, originStatus: map[string]int{}, deviceStatus: map[string]int{}}
	dialer := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}
	tr := &http.Transport{
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			c, err := dialer.DialContext(ctx, network, addr)
			if err != nil {
				return nil, err
			}
			p.originConns.Add(1)
			return &countingConn{Conn: c, read: &p.originRead, written: &p.originWritten}, nil
		},
		MaxIdleConns:        1024,
		MaxIdleConnsPerHost: 1024,
		IdleConnTimeout:     90 * time.Second,
	}
	rt := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		p.originRequests.Add(1)
		resp, err := tr.RoundTrip(r)
		key := "error"
		if err == nil {
			key = strconv.Itoa(resp.StatusCode)
			resp.Body = &countingBody{ReadCloser: resp.Body, n: &p.originBody}
		}
		p.mu.Lock()
		p.originStatus[key]++
		p.mu.Unlock()
		return resp, err
	})
	p.client = &http.Client{Transport: rt}
	p.rp = &httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) {
			r.SetURL(p.origin.Load())
			r.Out.Host = r.In.Host
		},
		Transport: rt,
	}
	return p
}

// listen serves the proxy on a new loopback port until ctx is done.
func (p *imageProxy) listen(ctx context.Context) (net.Addr, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	srv := &http.Server{Handler: p, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(&countingListener{Listener: l, p: p})
	go func() {
		<-ctx.Done()
		srv.Close()
	}()
	return l.Addr(), nil
}

func (p *imageProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.deviceRequests.Add(1)
	sw := &statusWriter{ResponseWriter: w}
	defer func() {
		p.mu.Lock()
		p.deviceStatus[strconv.Itoa(sw.status())]++
		p.mu.Unlock()
	}()
	if !p.caching || r.Method != http.MethodGet || !strings.HasPrefix(r.URL.Path, "/images/") {
		p.rp.ServeHTTP(sw, r)
		return
	}
	e := p.lookup(r)
	if e.err != nil {
		p.rp.ServeHTTP(sw, r)
		return
	}
	h := sw.Header()
	maps.Copy(h, e.header)
	http.ServeContent(sw, r, "", time.Time{}, bytes.NewReader(e.body))
}

// lookup returns the stored entry for r's URL, filling it from the
// origin if it is missing or stale; concurrent callers share one fill.
func (p *imageProxy) lookup(r *http.Request) *entry {
	key := r.URL.Path
	p.mu.Lock()
	e := p.entries[key]
	if e != nil {
		select {
		case <-e.ready:
			if e.err == nil && time.Now().After(e.expires) {
				e = nil // stale: fetch again
			}
		default:
		}
	}
	if e != nil {
		p.mu.Unlock()
		select {
		case <-e.ready:
			if e.err == nil {
				p.hits.Add(1)
			}
		default:
			p.coalesced.Add(1)
			<-e.ready
		}
		return e
	}
	e = &entry{ready: make(chan struct{})}
	p.entries[key] = e
	p.mu.Unlock()
	p.misses.Add(1)
	p.fill(r.Context(), key, e)
	return e
}

// fill fetches the whole object from the origin and keeps it if its
// headers let a shared cache store it.
func (p *imageProxy) fill(ctx context.Context, key string, e *entry) {
	defer close(e.ready)
	u := *p.origin.Load()
	u.Path = key
	req, err := http.NewRequestWithContext(context.WithoutCancel(ctx), http.MethodGet, u.String(), nil)
	if err != nil {
		p.drop(key, e, err)
		return
	}
	resp, err := p.client.Do(req)
	if err != nil {
		p.drop(key, e, err)
		return
	}
	defer resp.Body.Close()
	age, ok := storable(resp)
	if !ok {
		io.Copy(io.Discard, resp.Body)
		p.drop(key, e, errNotStorable)
		return
	}
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		p.drop(key, e, err)
		return
	}
	e.header = http.Header{}
	for _, k := range []string{"Content-Type", "Cache-Control", "ETag", "Last-Modified"} {
		if v := resp.Header.Values(k); len(v) > 0 {
			e.header[http.CanonicalHeaderKey(k)] = v
		}
	}
	e.body, e.expires = body, time.Now().Add(age)
}

// drop forgets a failed fill, so that the next request tries again.
func (p *imageProxy) drop(key string, e *entry, err error) {
	e.err = err
	p.mu.Lock()
	if p.entries[key] == e {
		delete(p.entries, key)
	}
	p.mu.Unlock()
}

// storable reports whether a shared cache may keep resp, and for how
// long (RFC 9111 §3 and §5.2.2, the parts that apply to a 200 to a GET
// without Authorization).
func storable(resp *http.Response) (time.Duration, bool) {
	if resp.StatusCode != http.StatusOK {
		return 0, false
	}
	var maxAge time.Duration = -1
	public, immutable := false, false
	for _, v := range resp.Header.Values("Cache-Control") {
		for d := range strings.SplitSeq(v, ",") {
			name, arg, _ := strings.Cut(strings.TrimSpace(d), "=")
			switch strings.ToLower(name) {
			case "no-store", "private", "no-cache":
				return 0, false
			case "public":
				public = true
			case "immutable":
				immutable = true
			case "s-maxage", "max-age":
				if n, err := strconv.ParseInt(strings.Trim(arg, `"`), 10, 64); err == nil && (name == "s-maxage" || maxAge < 0) {
					maxAge = time.Duration(n) * time.Second
				}
			}
		}
	}
	if maxAge < 0 {
		if !public && !immutable {
			return 0, false
		}
		maxAge = time.Hour // heuristic freshness, as caches give
	}
	return maxAge, maxAge > 0
}

func (p *imageProxy) stats() proxyStats {
	p.mu.Lock()
	defer p.mu.Unlock()
	return proxyStats{OriginRead: p.originRead.Load(), OriginWritten: p.originWritten.Load(), OriginBody: p.originBody.Load(),
		OriginConns: p.originConns.Load(), OriginRequests: p.originRequests.Load(), OriginStatus: maps.Clone(p.originStatus),
		DeviceWritten: p.deviceWritten.Load(), DeviceConns: p.deviceConns.Load(), DeviceRequests: p.deviceRequests.Load(),
		DeviceStatus: maps.Clone(p.deviceStatus), Hits: p.hits.Load(), Misses: p.misses.Load(), Coalesced: p.coalesced.Load()}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// countingConn counts the bytes read and written on a connection.
type countingConn struct {
	net.Conn
	read, written *atomic.Int64
}

func (c *countingConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.read.Add(int64(n))
	return n, err
}

func (c *countingConn) Write(p []byte) (int, error) {
	n, err := c.Conn.Write(p)
	c.written.Add(int64(n))
	return n, err
}

// countingListener counts the devices' connections and the bytes sent
// on them.
type countingListener struct {
	net.Listener
	p *imageProxy
}

func (l *countingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	l.p.deviceConns.Add(1)
	var discard atomic.Int64
	return &countingConn{Conn: c, read: &discard, written: &l.p.deviceWritten}, nil
}

type countingBody struct {
	io.ReadCloser
	n *atomic.Int64
}

func (b *countingBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	b.n.Add(int64(n))
	return n, err
}

// statusWriter remembers the status a handler wrote.
type statusWriter struct {
	http.ResponseWriter
	code int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(p []byte) (int, error) {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	return w.ResponseWriter.Write(p)
}

func (w *statusWriter) status() int {
	if w.code == 0 {
		return http.StatusOK
	}
	return w.code
}

// Unwrap lets http.ResponseController reach the connection (ReverseProxy
// flushes through it).
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// setOrigin points the proxy at the server's HTTP base URL.
func setOrigin(p *imageProxy, base string) error {
	u, err := url.Parse(base)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return fmt.Errorf("origin %q: want an http:// base URL", base)
	}
	p.origin.Store(u)
	return nil
}
