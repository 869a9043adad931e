// Benchmarks of the SQLite store on a file: log appends (each its own
// durable transaction) and the device lookup of every connection.

package store

import (
	"context"
	"path/filepath"
	"sync/atomic"
	"testing"
)

// benchStore opens a store on a temporary file with an owner and n devices.
func benchStore(b *testing.B, n int) (*SQLite, Owner, []Device) {
	b.Helper()
	s, err := OpenSQLite(filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	ctx := context.Background()
	// Setting up need not wait for the disk; the benchmarks do.
	if _, err := s.w.Exec(`PRAGMA synchronous = OFF`); err != nil {
		b.Fatal(err)
	}
	defer s.w.Exec(`PRAGMA synchronous = FULL`)
	o, err := s.CreateOwner(ctx, "bench")
	if err != nil {
		b.Fatal(err)
	}
	ds := make([]Device, n)
	for i := range ds {
		ds[i], err = s.EnrollDevice(ctx, Device{OwnerID: o.ID, Model: "imp001", PublicKey: newKey(b)})
		if err != nil {
			b.Fatal(err)
		}
	}
	return s, o, ds
}

// BenchmarkAppendLog appends log lines from one goroutine, where each line
// is its own durable commit, and from 8 per CPU, as many devices logging at
// once, where the log writer commits them in groups; it reports lines per
// second.
func BenchmarkAppendLog(b *testing.B) {
	line := "temperature 21.5C humidity 40% battery 3.71V"
	b.Run("serial", func(b *testing.B) {
		s, o, ds := benchStore(b, 16)
		ctx := context.Background()
		b.ResetTimer()
		for i := 0; b.Loop(); i++ {
			err := s.AppendLog(ctx, o.ID, LogLine{DeviceID: ds[i%len(ds)].ID, Source: SourceDevice, Level: LevelInfo, Text: line})
			if err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "lines/s")
	})
	b.Run("parallel", func(b *testing.B) {
		s, o, ds := benchStore(b, 16)
		ctx := context.Background()
		var next atomic.Int64
		b.SetParallelism(8)
		b.ResetTimer()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				d := ds[next.Add(1)%int64(len(ds))]
				err := s.AppendLog(ctx, o.ID, LogLine{DeviceID: d.ID, Source: SourceDevice, Level: LevelInfo, Text: line})
				if err != nil {
					b.Error(err)
					return
				}
			}
		})
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "lines/s")
	})
}

// BenchmarkDeviceByPublicKey looks devices up by key among 10,000, as the
// gateway does on every connection, and reports lookups per second.
func BenchmarkDeviceByPublicKey(b *testing.B) {
	s, _, ds := benchStore(b, 10000)
	ctx := context.Background()
	b.Run("serial", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			if _, err := s.DeviceByPublicKey(ctx, ds[i%len(ds)].PublicKey); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "lookups/s")
	})
	b.Run("parallel", func(b *testing.B) {
		var next atomic.Int64
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if _, err := s.DeviceByPublicKey(ctx, ds[next.Add(1)%int64(len(ds))].PublicKey); err != nil {
					b.Error(err)
					return
				}
			}
		})
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "lookups/s")
	})
}

// BenchmarkConnectPath is the store's work when a device connects: its
// lookup, its group's current deployment, its status, and a log line
// ("connected"), run serially as the gateway does for one device.
func BenchmarkConnectPath(b *testing.B) {
	s, o, ds := benchStore(b, 1000)
	ctx := context.Background()
	if _, err := s.w.Exec(`PRAGMA synchronous = OFF`); err != nil { // CPU, not the disk
		b.Fatal(err)
	}
	for i := 0; b.Loop(); i++ {
		d := ds[i%len(ds)]
		if _, err := s.DeviceByPublicKey(ctx, d.PublicKey); err != nil {
			b.Fatal(err)
		}
		if _, err := s.Device(ctx, d.ID); err != nil {
			b.Fatal(err)
		}
		if err := s.UpdateDeviceStatus(ctx, o.ID, d.ID, DeviceStatus{ImpromVersion: "36.10", RootVersion: 1}); err != nil {
			b.Fatal(err)
		}
		if _, err := s.DeviceRollouts(ctx, d.ID); err != nil {
			b.Fatal(err)
		}
	}
}
