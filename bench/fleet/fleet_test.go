package main

import (
	"bytes"
	"context"
	"io"
	"testing"
	"time"

	"drey/squirrel"
	"drey/squirrel/msg"
)

// inProcess runs fleet processes as goroutines of the test, joined by
// pipes as a real one is by its standard input and output.
func inProcess(ctx context.Context, k int) (io.WriteCloser, io.Reader, int, func() error, error) {
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	done := make(chan error, 1)
	go func() {
		err := runChild(ctx, inR, outW)
		outW.CloseWithError(io.EOF)
		inR.Close()
		done <- err
	}()
	return inW, outR, 0, func() error { return <-done }, nil
}

// TestSmallFleet runs the whole harness with 20 devices in two fleet
// "processes" for a few seconds.
func TestSmallFleet(t *testing.T) {
	if testing.Short() {
		t.Skip("runs for about 6 s")
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var out bytes.Buffer
	o := options{Devices: 20, PerChild: 10, Duration: 2 * time.Second, Interval: time.Second, Warmup: 1500 * time.Millisecond,
		Rate: 200, Concurrency: 8, SlowEnroll: 1, Out: &out}
	res, err := run(ctx, o, inProcess)
	if err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	report(&out, o, res)
	t.Log(out.String())
	if res.Connected != 20 || res.Failed != 0 || res.ConnectedAtEnd != 20 || res.Running != 20 {
		t.Errorf("connected %d (server %d), failed %d, agents %d; want 20 connected and 20 agents",
			res.Connected, res.ConnectedAtEnd, res.Failed, res.Running)
	}
	if res.Sent < 20 || res.Pongs != res.Sent || res.Acked != res.Sent {
		t.Errorf("pings sent %d, acked %d, pongs %d: want every ping answered", res.Sent, res.Acked, res.Pongs)
	}
	if res.RTT.N != res.Pongs || res.RTT.quantile(0.5) <= 0 {
		t.Errorf("round-trip histogram holds %d samples, median %v", res.RTT.N, res.RTT.quantile(0.5))
	}
	if len(res.Drops) != 0 {
		t.Errorf("links lost: %v", res.Drops)
	}
}

// TestHistogram checks that buckets are contiguous and a quantile is
// within the bucket precision.
func TestHistogram(t *testing.T) {
	for v := uint64(0); v < 1<<20; v++ {
		b := bucket(v)
		if upper(b) < v || (b > 0 && upper(b-1) >= v) {
			t.Fatalf("value %d in bucket %d of upper bound %d (previous %d)", v, b, upper(b), upper(b-1))
		}
	}
	h := newHist()
	for i := 1; i <= 1000; i++ {
		h.add(time.Duration(i) * time.Millisecond)
	}
	for _, c := range []struct {
		q    float64
		want time.Duration
	}{{0.5, 500 * time.Millisecond}, {0.99, 990 * time.Millisecond}, {1, time.Second}} {
		got := h.quantile(c.q)
		if got < c.want || float64(got) > float64(c.want)*1.016 {
			t.Errorf("quantile %v = %v, want %v to +1.6%%", c.q, got, c.want)
		}
	}
}

// TestPayload checks the hand-made ping payload against squirrel/msg.
func TestPayload(t *testing.T) {
	for _, seq := range []uint32{0, 1, 63, 64, 1 << 20, 1<<31 - 1, 1 << 31, 1<<32 - 1} {
		want, err := msg.Encode(squirrel.Int(int32(seq)), 0)
		if err != nil || !bytes.Equal(pingPayload(seq), want) {
			t.Errorf("seq %d: payload % x, msg.Encode gives % x (%v)", seq, pingPayload(seq), want, err)
		}
		got, ok := pongSeq(pingPayload(seq))
		if !ok || got != seq {
			t.Errorf("seq %d came back as %d, %v", seq, got, ok)
		}
	}
}
