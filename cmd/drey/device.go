package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"os"
	"runtime"
	"strings"
	"time"

	"drey/cloud/identity"
	"drey/device/sim"
	"drey/wire"
)

func deviceCmd() *command {
	return &command{
		name:    "device",
		summary: "run a simulated imp: boot it, apply a platform image, or run a fleet",
		usage:   "list [--api URL] [--token T] | revoke ID [--api URL] [--token T] | transfer ID --to OWNER [--group GROUP] [--api URL] [--token T] | --model imp001|imp003 --state DIR --root root.cbor [--apply IMG|URL [--wrapped-key FILE] [--cut-after K]] [--code FILE] [--run DURATION] [--pubkey] | --fleet N --root root.cbor",
		help: `Device runs a simulated imp (docs/devices.md): 1 MB of NOR flash with the STM32F205 sector map, kept in DIR/flash.img, holding the preboot, the bootrom, the improm and two bytecode slots, with a boot state journal written crash-safely. A new state directory is a device fresh from the factory: factory firmware in flash, its own key pair, and the root of trust from --root provisioned as at manufacture. It prints a boot log like a serial console.

With --apply IMG it applies a platform image from a file, as from untrusted media, or from an http(s) URL (resuming after dropped connections), through the path the network will use (the improm verifies the image and invalidates itself, the bootrom installs it and marks it valid last), then reboots and prints the version it runs; a refused image prints the reason and the device stays on its firmware. --wrapped-key gives the content key wrapped for this device (drey image wrap). --pubkey prints the device's key-distribution public key and exits.

With --code FILE it installs customer device code (compiled to bytecode and written to the idle code slot, then switched to atomically); with --run DURATION the improm runs the installed code in the Squirrel VM with the imp API for that much simulated time, printing its log.

With --server HOST:PORT --creds DIR it connects to the service's device gateway with the credentials from drey factory enroll (mutual TLS, pinned to the service CA) and stays connected, storing the code deployed to it crash-safely, until interrupted.

With list it lists the owner's devices (token from --token or DREY_TOKEN): id, model, whether connected, improm and bootrom versions, the root of trust version each holds, when last seen, and its agent URL.

With revoke ID it revokes an enrolled device through the service's API: its live link is closed, its agent stopped, and its certificate refused from then on.

With transfer ID --to OWNER (the operator's, with its token) it gives the device to another owner: the previous owner loses the device, its logs, its agent and the agent's URL (its logs and agent data are deleted); the device reconnects as the new owner's, in --group if given (running that group's code, its agent starting afresh), else in no group; both owners get a notice.

With --fleet N it starts N devices in memory and reports the memory each takes.`,
		setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			model := fs.String("model", "imp001", "device `model`")
			state := fs.String("state", "", "state `DIR` (flash image)")
			rootFile := fs.String("root", "", "root of trust `FILE` to provision a new device with")
			apply := fs.String("apply", "", "apply the image `FILE` or URL")
			wrappedKey := fs.String("wrapped-key", "", "the content key wrapped for this device `FILE`")
			cutAfter := fs.Int("cut-after", -1, "with --apply: cut the power after `K` flash operations of the install, then power on and let the device recover")
			pubkey := fs.Bool("pubkey", false, "print the device's public key and exit")
			fleet := fs.Int("fleet", 0, "run `N` devices in memory and report their memory use")
			code := fs.String("code", "", "install customer device code from `FILE` (.nut or .bnut), crash-safely")
			runFor := fs.Duration("run", 0, "run the installed customer code for this much simulated `time`")
			serverAddr := fs.String("server", "", "connect to the service's device gateway at `HOST:PORT` and stay connected")
			credsDir := fs.String("creds", "", "the device's credentials `DIR` (from drey factory enroll), for --server")
			api := fs.String("api", "http://127.0.0.1:8080", "the service's HTTP API `URL`, for revoke")
			token := fs.String("token", "", "API `token` for revoke (default $DREY_TOKEN), or the operator's for transfer (default $DREY_OPERATOR_TOKEN)")
			to := fs.String("to", "", "for transfer: the new `OWNER`, by id or name")
			group := fs.String("group", "", "for transfer: the new owner's `GROUP` to put the device in (default: none)")
			return func(ctx context.Context, args []string) error {
				if len(args) >= 1 && args[0] == "transfer" {
					rest, err := parseInterspersed(fs, args)
					if err != nil || len(rest) != 2 {
						return usageError{"want: device transfer ID --to OWNER [--group GROUP]"}
					}
					return transferDevice(ctx, e, *api, *token, rest[1], *to, *group)
				}
				if len(args) >= 1 && (args[0] == "list" || args[0] == "revoke") {
					rest, err := parseInterspersed(fs, args)
					switch {
					case err != nil:
						return usageError{err.Error()}
					case len(rest) == 1 && rest[0] == "list":
						return listDevices(e, *api, *token)
					case len(rest) == 2 && rest[0] == "revoke":
						_, err := apiCall(e, "POST", strings.TrimSuffix(*api, "/")+"/v1/devices/"+rest[1]+"/revoke", *token, nil)
						if err == nil {
							fmt.Fprintf(e.stdout, "revoked %s: its link is closed and it cannot connect again\n", rest[1])
						}
						return err
					}
					return usageError{"want: device list | device revoke ID"}
				}
				if len(args) != 0 {
					return usageError{"device takes no arguments, or: list | revoke ID | transfer ID --to OWNER"}
				}
				var root []byte
				if *rootFile != "" {
					var err error
					if root, err = os.ReadFile(*rootFile); err != nil {
						return err
					}
				}
				if *fleet > 0 {
					return runFleet(e, *model, root, *fleet)
				}
				if *state == "" {
					return usageError{"device needs --state DIR (or --fleet N)"}
				}
				d, err := sim.Open(sim.Config{Model: *model, Dir: *state, Root: root, Log: e.stdout})
				if err != nil {
					return err
				}
				defer d.Close()
				if *pubkey {
					p, err := d.PublicKeyPEM()
					if err != nil {
						return err
					}
					_, err = e.stdout.Write(p)
					return err
				}
				if *code != "" {
					src, err := os.ReadFile(*code)
					if err != nil {
						return err
					}
					if err := d.InstallCode(*code, src); err != nil {
						return err
					}
				}
				if *serverAddr != "" {
					return runLink(ctx, e, d, *serverAddr, *credsDir)
				}
				if *apply == "" {
					stage, _, err := d.Start()
					if err != nil || *runFor == 0 || stage.String() != "improm" {
						return err
					}
					_, err = d.RunCode(ctx, *runFor)
					return err
				}
				var wrapped []byte
				if *wrappedKey != "" {
					if wrapped, err = os.ReadFile(*wrappedKey); err != nil {
						return err
					}
				}
				return applyImage(e, d, *apply, wrapped, *cutAfter)
			}
		},
	}
}

// runFleet starts n devices in memory and reports the memory each holds.
func runFleet(e *env, model string, root []byte, n int) error {
	if root == nil {
		return usageError{"--fleet needs --root to provision the devices"}
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	devs := make([]*sim.Device, n)
	for i := range devs {
		d, err := sim.Open(sim.Config{Model: model, Root: root, Memory: true})
		if err != nil {
			return err
		}
		if _, _, err := d.Boot.Boot(); err != nil {
			return err
		}
		devs[i] = d
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	per := float64(after.HeapAlloc-before.HeapAlloc) / float64(n)
	fl := 0
	for _, d := range devs {
		fl += d.FlashMemory()
	}
	flashPer := float64(fl) / float64(n)
	fmt.Fprintf(e.stdout, "%d %s devices booted in %v: %.0f bytes of heap each, of which %.0f are the sparse flash image and %.0f the rest\n",
		n, model, time.Since(start).Round(time.Millisecond), per, flashPer, per-flashPer)
	runtime.KeepAlive(devs)
	return nil
}

// runLink keeps the device connected to the service until ctx ends,
// running the code deployed to it with its agent.
func runLink(ctx context.Context, e *env, d *sim.Device, addr, credsDir string) error {
	if credsDir == "" {
		return usageError{"--server needs --creds DIR"}
	}
	creds, err := identity.LoadCredentials(credsDir)
	if err != nil {
		return err
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return usageError{fmt.Sprintf("--server %q: %v", addr, err)}
	}
	return d.RunOnline(ctx, sim.Online{Addr: addr, ServerName: host, Creds: creds, OnConnect: func(ack wire.HelloAck) {
		fmt.Fprintf(e.stdout, "improm: connected to %s as %s (deployment %q)\n", addr, creds.DeviceID, ack.Deployment)
	}})
}
