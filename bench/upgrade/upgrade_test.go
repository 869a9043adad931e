package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// inProcess runs the fleet process as goroutines of the test, joined by
// pipes as a real one is by its standard input and output.
func inProcess(ctx context.Context) (io.WriteCloser, io.Reader, func() error, error) {
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	done := make(chan error, 1)
	go func() {
		err := runChild(ctx, inR, outW)
		outW.CloseWithError(io.EOF)
		inR.Close()
		done <- err
	}()
	return inW, outR, func() error { return <-done }, nil
}

// TestSmallRollout upgrades 5 devices through the pass-through hop and
// 5 through the cache, in one process.
func TestSmallRollout(t *testing.T) {
	if testing.Short() {
		t.Skip("runs for about 5 s")
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for _, c := range []bool{false, true} {
		var out bytes.Buffer
		o := options{Devices: 5, Payload: 64 << 10, Waves: []int{50, 100}, Cache: c, Interval: 100 * time.Millisecond, Rate: 100,
			Timeout: 30 * time.Second, Out: &out}
		res, err := run(ctx, o, inProcess)
		if err != nil {
			t.Fatalf("cache %v: %v\n%s", c, err, out.String())
		}
		report(&out, o, res)
		t.Log(out.String())
		if !res.ok() || len(res.Total) != 5 || res.Wall <= 0 {
			t.Errorf("cache %v: %d succeeded, %d boot the release, %d timed: want 5 of each", c, res.Succeeded, res.Child.Upgraded, len(res.Total))
		}
		px := res.Child.Proxy
		if px.DeviceRequests == 0 || px.OriginRead == 0 {
			t.Errorf("cache %v: proxy counted %d device requests, %d bytes from the origin", c, px.DeviceRequests, px.OriginRead)
		}
		if c && (px.OriginRequests != 1 || px.Hits+px.Coalesced != px.DeviceRequests-1) {
			t.Errorf("cache: %d requests to the origin, %d hits, %d coalesced, of %d: want one fill", px.OriginRequests, px.Hits, px.Coalesced, px.DeviceRequests)
		}
		if !c && px.OriginRequests != px.DeviceRequests {
			t.Errorf("pass-through: %d requests to the origin for %d from devices", px.OriginRequests, px.DeviceRequests)
		}
	}
}

// TestCacheServesRanges checks the cache against an origin like the
// server's /images/: one fill, then Range, If-Range and If-None-Match
// from the store, and an uncacheable answer passed through.
func TestCacheServesRanges(t *testing.T) {
	body := bytes.Repeat([]byte("0123456789"), 1000)
	var hits int
	origin := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits++
		if !strings.HasPrefix(r.URL.Path, "/images/") {
			w.Header().Set("Cache-Control", "no-store")
			io.WriteString(w, "api")
			return
		}
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		w.Header().Set("ETag", `"sha256-x"`)
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
	}))
	defer origin.Close()
	p := newImageProxy(true)
	if err := setOrigin(p, origin.URL); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	addr, err := p.listen(ctx)
	if err != nil {
		t.Fatal(err)
	}
	get := func(path string, h map[string]string) (*http.Response, []byte) {
		req, _ := http.NewRequest("GET", "http://"+addr.String()+path, nil)
		for k, v := range h {
			req.Header.Set(k, v)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, b
	}
	if resp, b := get("/images/x", nil); resp.StatusCode != 200 || !bytes.Equal(b, body) || resp.Header.Get("ETag") != `"sha256-x"` {
		t.Fatalf("first GET: %s, %d bytes, ETag %q", resp.Status, len(b), resp.Header.Get("ETag"))
	}
	if resp, b := get("/images/x", map[string]string{"Range": "bytes=9990-", "If-Range": `"sha256-x"`}); resp.StatusCode != 206 || string(b) != "0123456789" {
		t.Errorf("range: %s, %d bytes", resp.Status, len(b))
	}
	if resp, _ := get("/images/x", map[string]string{"If-None-Match": `"sha256-x"`}); resp.StatusCode != 304 {
		t.Errorf("If-None-Match: %s", resp.Status)
	}
	if resp, b := get("/v1/x", nil); resp.StatusCode != 200 || string(b) != "api" {
		t.Errorf("pass-through: %s %q", resp.Status, b)
	}
	if hits != 2 {
		t.Errorf("the origin had %d requests, want 2 (one fill, one pass-through)", hits)
	}
}
