package main

import (
	"encoding/json"
	"fmt"
	"strings"

	"drey/cloud/server"
)

// listDevices prints the owner's devices, one line each.
func listDevices(e *env, api, token string) error {
	out, err := apiCall(e, "GET", strings.TrimSuffix(api, "/")+"/v1/devices", token, nil)
	if err != nil {
		return err
	}
	var devs []server.DeviceInfo
	if err := json.Unmarshal(out, &devs); err != nil {
		return fmt.Errorf("devices: %w", err)
	}
	for _, d := range devs {
		state := "offline"
		switch {
		case d.Revoked:
			state = "revoked"
		case d.Connected:
			state = "online"
		}
		seen := "never"
		if !d.LastSeen.IsZero() {
			seen = d.LastSeen.Local().Format("2006-01-02 15:04")
		}
		fmt.Fprintf(e.stdout, "%s  %-7s %-7s improm %-8s bootrom %-8s root v%d  seen %s  %s\n",
			d.ID, d.Model, state, orDash(d.Improm), orDash(d.Bootrom), d.RootVersion, seen, d.AgentURL)
	}
	return nil
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
