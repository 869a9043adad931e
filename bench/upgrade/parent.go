package main

// The parent process: it makes a service and a platform root, enrols the
// fleet, runs the server in this process, uploads a release, rolls it
// out, and measures the server while the fleet process upgrades.

import (
	"context"
	"crypto"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"drey/bench/internal/logcount"
	"drey/bench/internal/procstat"
	"drey/cloud/apiclient"
	"drey/cloud/rollout"
	"drey/cloud/server"
	"drey/cloud/store"
	"drey/image/build"
	"drey/image/suit"
	"drey/image/trust"

	"github.com/veraison/go-cose"
)

const (
	model          = "imp001"
	releaseVersion = "2.0" // the factory improm is sim.FactoryImprom, 1.0
	releaseSeq     = 5
)

// options are the harness's flags, for one run.
type options struct {
	Devices      int
	Payload      int
	Waves        []int
	Cache        bool
	FlashScale   float64
	Interval     time.Duration
	Rate         float64
	Timeout      time.Duration
	CPUProfile   string
	MutexProfile string
	Verbose      bool
	Out          io.Writer
}

// spawnFunc starts the fleet process: it returns its standard input and
// output and a function that waits for it to end.
type spawnFunc func(ctx context.Context) (in io.WriteCloser, out io.Reader, wait func() error, err error)

// execSpawn starts the fleet process as this program with -child.
func execSpawn(ctx context.Context) (io.WriteCloser, io.Reader, func() error, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, nil, nil, err
	}
	cmd := exec.CommandContext(ctx, exe, "-child")
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, nil, nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, nil, nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, nil, nil, err
	}
	return in, out, cmd.Wait, nil
}

// result is what a run measured.
type result struct {
	Devices   int
	Cache     bool
	Release   string
	Version   string
	ImageSize int64
	Rollout   string

	Enroll      time.Duration
	Connected   int
	ConnectTime time.Duration

	State, Note       string
	Succeeded, Failed int
	Failures          map[string]int

	Wall       time.Duration // create request → the last succeeded
	DoneSeen   time.Duration // create request → the API said done
	FirstOffer time.Duration // create request → the first offered
	LastOffer  time.Duration // create request → the last first offer of a device

	// Per device, sorted: offered (first) → succeeded, and its phases.
	Total, ToDownload, ToFlash, ToSuccess []time.Duration
	// The same span cut where the device saw it, from the fleet
	// process's times (same machine, same clock): the server's offer to
	// the device's console line; the device's own work before it
	// flashes (its code asked, the image downloaded and verified); the
	// install, restart and reconnection; and the new hello to the
	// server's record of success.
	Delivery, DeviceWork, InstallBack, Recording []time.Duration
	OffersPerDevice                              map[int]int // offers → devices that had that many
	// Gaps counts the devices whose history lacks a status the device
	// sent (downloading or flashing), with one such history.
	Gaps       int
	GapExample string

	ServerCPU time.Duration // this process, create request → done
	Child     event         // the fleet process's report
	ServerLog map[string]int
}

// ok reports whether every device upgraded.
func (r *result) ok() bool {
	return r.Succeeded == r.Devices && r.Child.Upgraded == r.Devices
}

// run runs one rollout on a fresh service and fleet.
func run(ctx context.Context, o options, spawn spawnFunc) (*result, error) {
	say := func(format string, a ...any) {
		fmt.Fprintf(o.Out, "%s "+format+"\n", append([]any{time.Now().Format("15:04:05")}, a...)...)
	}
	res := &result{Devices: o.Devices, Cache: o.Cache, Version: releaseVersion, OffersPerDevice: map[int]int{}}

	dir, err := os.MkdirTemp("", "drey-upgrade-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	d, err := server.OpenData(dir)
	if err != nil {
		return nil, err
	}
	defer d.Close()
	pass := randomText()
	if _, err := d.Init(ctx, pass, []string{"127.0.0.1"}); err != nil {
		return nil, err
	}
	// The factory refuses a model with no published support period
	// (REQ-LIFE-1): publish one, as the operator does before a first sale.
	if _, err := d.Store.SetModelSupport(ctx, store.ModelSupport{Model: model, Until: store.Date(time.Now().AddDate(5, 0, 0)), By: "bench"}); err != nil {
		return nil, err
	}
	opToken, err := d.EnsureOperator()
	if err != nil {
		return nil, err
	}
	p, err := newPlatform()
	if err != nil {
		return nil, err
	}
	if _, err := d.SetRoot(p.root); err != nil {
		return nil, err
	}
	img, err := p.image(o.Payload)
	if err != nil {
		return nil, err
	}
	res.ImageSize = int64(len(img))

	began := time.Now()
	ids, dirs, err := enroll(ctx, d, pass, o.Devices)
	if err != nil {
		return nil, err
	}
	res.Enroll = time.Since(began)
	say("enrolled %d devices in %v (%s)", o.Devices, res.Enroll.Round(time.Millisecond), dir)

	// The fleet process, and its proxy first: the server's PublicURL is
	// the proxy's address.
	cctx, stopChild := context.WithCancel(context.WithoutCancel(ctx))
	defer stopChild()
	in, out, wait, err := spawn(cctx)
	if err != nil {
		return nil, err
	}
	events := make(chan event, 64)
	go func() {
		dec := json.NewDecoder(out)
		for {
			var e event
			if err := dec.Decode(&e); err != nil {
				text := "exited"
				if !errors.Is(err, io.EOF) {
					text = err.Error()
				}
				events <- event{Event: "exit", Text: text}
				close(events)
				return
			}
			events <- e
		}
	}()
	childDone := false
	defer func() {
		if !childDone {
			io.WriteString(in, "stop\n")
			in.Close()
			wait()
			for range events {
			}
		}
	}()
	await := func(kind string, timeout time.Duration, progress func(event)) (event, error) {
		t := time.NewTimer(timeout)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return event{}, ctx.Err()
			case <-t.C:
				return event{}, fmt.Errorf("the fleet process did not report %q within %v", kind, timeout)
			case e, ok := <-events:
				if !ok {
					return event{}, errors.New("the fleet process has exited")
				}
				switch e.Event {
				case kind:
					return e, nil
				case "error", "exit":
					return event{}, fmt.Errorf("fleet process: %s %s", e.Event, e.Text)
				case "progress":
					if progress != nil {
						progress(e)
					}
				}
			}
		}
	}
	if err := send(in, proxyConfig{Cache: o.Cache, Verbose: o.Verbose}); err != nil {
		return nil, err
	}
	pe, err := await("proxy", time.Minute, nil)
	if err != nil {
		return nil, err
	}

	logs := logcount.New(o.Verbose, logKey)
	sctx, stopServer := context.WithCancel(context.WithoutCancel(ctx))
	defer stopServer()
	ready := make(chan server.Addrs, 1)
	served := make(chan error, 1)
	go func() {
		served <- server.Run(sctx, d, server.Config{GatewayAddr: "127.0.0.1:0", HTTPAddr: "127.0.0.1:0", PublicURL: "http://" + pe.Addr,
			Log: slog.New(logs), RolloutInterval: o.Interval, Ready: func(a server.Addrs) { ready <- a }})
	}()
	var addrs server.Addrs
	select {
	case addrs = <-ready:
	case err := <-served:
		return nil, err
	}
	defer func() {
		stopServer()
		<-served
	}()
	api := "http://" + addrs.HTTP.String()

	var rel server.ReleaseInfo
	if err := apiclient.Call(ctx, "POST", api+"/v1/releases", opToken, img, &rel); err != nil {
		return nil, fmt.Errorf("upload: %w", err)
	}
	res.Release = rel.ID
	say("server up: gateway %s, API %s; release %s (%s) offered at %s", addrs.Gateway, api, rel.Version, size(rel.Size), rel.URL)

	if err := send(in, fleetConfig{Origin: api, Gateway: addrs.Gateway.String(), ServerName: "127.0.0.1", Dirs: dirs, Root: p.root,
		FlashScale: o.FlashScale, Rate: o.Rate, Version: releaseVersion}); err != nil {
		return nil, err
	}
	re, err := await("ready", 5*time.Minute+time.Duration(float64(o.Devices)/o.Rate*float64(time.Second)), func(e event) {
		say("  %d devices connected", e.Connected)
	})
	if err != nil {
		return nil, err
	}
	res.Connected, res.ConnectTime = re.Connected, re.ConnectTime
	// A rollout picks devices by the improm version the server recorded
	// at their hello: wait until it has every one.
	for {
		all, err := d.Store.AllDevices(ctx)
		if err != nil {
			return nil, err
		}
		n := 0
		for _, dv := range all {
			if dv.ImpromVersion != "" {
				n++
			}
		}
		if n == o.Devices {
			break
		}
		if !sleep(ctx, 100*time.Millisecond) {
			return nil, ctx.Err()
		}
	}
	say("%d devices connected in %v, versions recorded", re.Connected, re.ConnectTime.Round(time.Millisecond))
	runtime.GC()

	// The rollout.
	stopProfile, err := startCPUProfile(o.CPUProfile, o.Cache)
	if err != nil {
		return nil, err
	}
	defer stopProfile()
	if o.MutexProfile != "" {
		runtime.SetMutexProfileFraction(1)
	}
	io.WriteString(in, "mark\n")
	cpu0 := procstat.CPUTime("self")
	t0 := time.Now()
	var ri server.RolloutInfo
	spec := rollout.Spec{ReleaseID: rel.ID, Mode: "request", Waves: o.Waves, Emergency: true,
		Justification: "bench/upgrade: time a fleet upgrade"}
	if err := apiclient.Call(ctx, "POST", api+"/v1/rollouts", opToken, spec, &ri); err != nil {
		return nil, fmt.Errorf("rollout: %w", err)
	}
	res.Rollout = ri.ID
	say("rollout %s created (%s, waves %v, %d devices)", ri.ID, ri.State, ri.Waves, len(ri.Devices))
	lastSay := time.Now()
	for ri.State == store.RolloutRunning || ri.State == store.RolloutPendingApproval {
		if time.Since(t0) > o.Timeout {
			say("giving up after %v", o.Timeout)
			break
		}
		if !sleep(ctx, 250*time.Millisecond) {
			return nil, ctx.Err()
		}
		var now server.RolloutInfo // a fresh one: decoding into ri would keep counts gone to zero
		if err := apiclient.Call(ctx, "GET", api+"/v1/rollouts/"+ri.ID, opToken, nil, &now); err != nil {
			return nil, err
		}
		ri = now
		if time.Since(lastSay) >= 5*time.Second {
			say("  %v: %s, wave %d, %v", time.Since(t0).Round(time.Second), ri.State, ri.Wave, ri.Counts)
			lastSay = time.Now()
		}
	}
	res.DoneSeen = time.Since(t0)
	res.ServerCPU = procstat.CPUTime("self") - cpu0
	stopProfile()
	if o.MutexProfile != "" {
		runtime.SetMutexProfileFraction(0)
		if err := writeProfile("mutex", o.MutexProfile+"-"+onOff(o.Cache)); err != nil {
			return nil, err
		}
	}
	res.State, res.Note, res.Failures = ri.State, ri.Note, ri.Failures
	res.Succeeded, res.Failed = ri.Counts[store.DeviceSucceeded], ri.Counts[store.DeviceFailed]
	say("rollout %s: %s after %v: %v", ri.ID, ri.State, res.DoneSeen.Round(time.Millisecond), ri.Counts)

	if err := send(in, "report"); err != nil {
		return nil, err
	}
	if res.Child, err = await("report", 5*time.Minute, nil); err != nil {
		return nil, err
	}
	io.WriteString(in, "stop\n")
	in.Close()
	wait()
	childDone = true
	for range events {
	}

	// Per-device times, from the upgrade histories.
	owner, err := d.DefaultOwner()
	if err != nil {
		return nil, err
	}
	var first, lastFirst, lastOK time.Time
	for i, id := range ids {
		h, err := d.Store.UpgradeHistory(ctx, owner, id)
		if err != nil {
			return nil, err
		}
		var offered, downloading, flashing, succeeded time.Time
		offers := 0
		for _, e := range h {
			if e.RolloutID != ri.ID {
				continue
			}
			switch e.State {
			case store.DeviceOffered:
				offers++
				if offered.IsZero() {
					offered = e.Time
				}
			case store.DeviceDownloading:
				downloading = e.Time
			case store.DeviceFlashing:
				flashing = e.Time
			case store.DeviceSucceeded:
				if succeeded.IsZero() {
					succeeded = e.Time
				}
			}
		}
		res.OffersPerDevice[offers]++
		if !offered.IsZero() {
			if first.IsZero() || offered.Before(first) {
				first = offered
			}
			if offered.After(lastFirst) {
				lastFirst = offered
			}
		}
		if offered.IsZero() || succeeded.IsZero() {
			continue
		}
		if succeeded.After(lastOK) {
			lastOK = succeeded
		}
		res.Total = append(res.Total, succeeded.Sub(offered))
		if i < len(res.Child.Times) {
			if t := res.Child.Times[i]; t.Offer != 0 && t.Install != 0 && t.Back != 0 {
				at := func(ns int64) time.Time { return time.Unix(0, ns) }
				res.Delivery = append(res.Delivery, at(t.Offer).Sub(offered))
				res.DeviceWork = append(res.DeviceWork, at(t.Install).Sub(at(t.Offer)))
				res.InstallBack = append(res.InstallBack, at(t.Back).Sub(at(t.Install)))
				res.Recording = append(res.Recording, succeeded.Sub(at(t.Back)))
			}
		}
		if downloading.IsZero() || flashing.IsZero() {
			res.Gaps++
			if res.GapExample == "" {
				var states []string
				for _, e := range h {
					states = append(states, fmt.Sprintf("%s %s", e.Time.Sub(t0).Round(time.Millisecond), e.State))
				}
				res.GapExample = fmt.Sprintf("%v", states)
			}
		} else {
			res.ToDownload = append(res.ToDownload, downloading.Sub(offered))
			res.ToFlash = append(res.ToFlash, flashing.Sub(downloading))
			res.ToSuccess = append(res.ToSuccess, succeeded.Sub(flashing))
		}
	}
	for _, s := range [][]time.Duration{res.Total, res.ToDownload, res.ToFlash, res.ToSuccess, res.Delivery, res.DeviceWork, res.InstallBack, res.Recording} {
		slices.Sort(s)
	}
	if !lastOK.IsZero() {
		res.Wall = lastOK.Sub(t0)
	}
	if !first.IsZero() {
		res.FirstOffer, res.LastOffer = first.Sub(t0), lastFirst.Sub(t0)
	}
	res.ServerLog = logs.Counts()
	return res, nil
}

// platform is a root of trust and a release key, as the operator keeps
// them offline.
type platform struct {
	root []byte
	rel  ed25519.PrivateKey
}

func newPlatform() (platform, error) {
	_, rootKey, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return platform{}, err
	}
	_, rel, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return platform{}, err
	}
	r, err := trust.NewRoot(trust.Spec{Expires: time.Now().Add(365 * 24 * time.Hour), RootKeys: []crypto.PublicKey{rootKey.Public()},
		RootThreshold: 1, ReleaseKeys: []crypto.PublicKey{rel.Public()}, ReleaseThreshold: 1})
	if err != nil {
		return platform{}, err
	}
	root, err := r.Sign(rootKey)
	if err != nil {
		return platform{}, err
	}
	return platform{root: root, rel: rel}, nil
}

// image builds the release: a signed, unencrypted improm image for
// imp001 of payload random bytes.
func (p platform) image(payload int) ([]byte, error) {
	s, err := cose.NewSigner(cose.AlgorithmEdDSA, p.rel)
	if err != nil {
		return nil, err
	}
	k, err := trust.NewKey(p.rel.Public())
	if err != nil {
		return nil, err
	}
	kid := k.ID()
	body := make([]byte, payload)
	rand.Read(body)
	img, err := build.Build(build.Spec{Model: model, Slot: "improm", Version: releaseVersion, Sequence: releaseSeq, Payload: body,
		Encryption: suit.EncryptionNone, Signers: []cose.Signer{suit.WithKeyID(s, kid[:])}})
	if err != nil {
		return nil, err
	}
	return img.File, nil
}

// enroll makes the fleet's credentials in DIR/devices with a factory
// line's Enroller (the CA key decrypted once), several devices at a time.
func enroll(ctx context.Context, d *server.Data, pass string, n int) (ids, dirs []string, err error) {
	e, err := d.NewEnroller(ctx, pass, model, "", "default")
	if err != nil {
		return nil, nil, err
	}
	ids, dirs = make([]string, n), make([]string, n)
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, 1)
	for range 4 * runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				dirs[i] = filepath.Join(d.Dir, "devices", fmt.Sprintf("%06d", i))
				c, err := e.Enroll(ctx, dirs[i])
				if err != nil {
					select {
					case errs <- err:
					default:
					}
					return
				}
				ids[i] = c.DeviceID
			}
		})
	}
	wg.Wait()
	select {
	case err := <-errs:
		return nil, nil, err
	default:
	}
	return ids, dirs, nil
}

// send writes one line to the fleet process: a string as it is, anything
// else as JSON.
func send(w io.Writer, v any) error {
	var b []byte
	if s, ok := v.(string); ok {
		b = []byte(s)
	} else {
		var err error
		if b, err = json.Marshal(v); err != nil {
			return err
		}
	}
	_, err := w.Write(append(b, '\n'))
	return err
}

// startCPUProfile profiles this process, the server's, into FILE-off or
// FILE-on until the function it returns is called; an empty name
// profiles nothing.
func startCPUProfile(file string, cache bool) (stop func(), err error) {
	if file == "" {
		return func() {}, nil
	}
	f, err := os.Create(file + "-" + onOff(cache))
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			pprof.StopCPUProfile()
			f.Close()
		})
	}, nil
}

// writeProfile writes one of runtime/pprof's profiles of this process.
func writeProfile(name, file string) error {
	f, err := os.Create(file)
	if err != nil {
		return err
	}
	if err := pprof.Lookup(name).WriteTo(f, 0); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func randomText() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}
