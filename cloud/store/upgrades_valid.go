// The rules of the upgrade data, checked before anything is written. They
// belong to the data, not to the database, so every Store implementation
// calls these: the same record is refused with the same ErrInvalid
// message, which names the field and the value.

package store

import (
	"fmt"
	"math"
	"strings"
)

// invalid returns an error wrapping ErrInvalid that says what is wrong.
func invalid(format string, args ...any) error {
	return fmt.Errorf(format+": %w", append(args, ErrInvalid)...)
}

// validRelease checks the fields of a release about to be recorded.
func validRelease(r Release) error {
	switch {
	case !isDigest(r.ID):
		return invalid("release id %q is not a SHA-256 in lower-case hex", r.ID)
	case r.Model == "":
		return invalid("release model is empty")
	case r.Slot != "improm" && r.Slot != "bootrom":
		return invalid("release slot %q is not improm or bootrom", r.Slot)
	case r.Version == "":
		return invalid("release version is empty")
	case r.Sequence < 0:
		return invalid("release sequence %d is negative", r.Sequence)
	case r.Size <= 0:
		return invalid("release size %d is not positive", r.Size)
	case len(r.Manifest) == 0:
		return invalid("release manifest is empty")
	}
	return nil
}

// isDigest says whether s is 64 lower-case hex digits.
func isDigest(s string) bool {
	if len(s) != 64 {
		return false
	}
	for _, c := range s {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// validRollout checks the fields of a rollout about to be recorded. Its
// State must already be set.
func validRollout(r Rollout) error {
	switch {
	case r.ReleaseID == "":
		return invalid("rollout release id is empty")
	case r.Mode != "request" && r.Mode != "demand":
		return invalid("rollout mode %q is not request or demand", r.Mode)
	case r.Percent < 1 || r.Percent > 100:
		return invalid("rollout percent %d is outside 1..100", r.Percent)
	case math.IsNaN(r.FailureThreshold) || r.FailureThreshold < 0 || r.FailureThreshold > 1:
		return invalid("rollout failure threshold %v is outside 0..1", r.FailureThreshold)
	case r.Mode == "demand" && strings.TrimSpace(r.Justification) == "":
		return invalid("rollout is a demand without a justification (REQ-PROC-13)")
	case r.Emergency && strings.TrimSpace(r.Justification) == "":
		return invalid("rollout is an emergency without a justification (REQ-OWN-3)")
	case r.CreatedBy == "":
		return invalid("rollout has no operator in CreatedBy")
	}
	if err := validWaves(r.Waves); err != nil {
		return err
	}
	if !validRolloutState(r.State) {
		return invalid("rollout state %q is unknown", r.State)
	}
	if r.Wave < 0 || r.Wave >= len(r.Waves) {
		return invalid("rollout wave %d is outside 0..%d", r.Wave, len(r.Waves)-1)
	}
	seen := make(map[string]bool, len(r.Groups))
	for _, g := range r.Groups {
		if g == "" || seen[g] {
			return invalid("rollout group %q is empty or listed twice", g)
		}
		seen[g] = true
	}
	return nil
}

// validWaves checks that waves are cumulative percentages: increasing,
// from at least 1, ending at 100.
func validWaves(waves []int) error {
	if len(waves) == 0 {
		return invalid("rollout waves are empty")
	}
	prev := 0
	for _, w := range waves {
		if w <= prev || w > 100 {
			return invalid("rollout waves %v are not increasing within 1..100", waves)
		}
		prev = w
	}
	if prev != 100 {
		return invalid("rollout waves %v do not end at 100", waves)
	}
	return nil
}

// validRolloutState says whether state is one of the Rollout* states.
func validRolloutState(state string) bool {
	switch state {
	case RolloutPendingApproval, RolloutRunning, RolloutPaused, RolloutAborted, RolloutDone:
		return true
	}
	return false
}

// validDeviceState checks that state is one of the Device* states.
func validDeviceState(deviceID, state string) error {
	switch state {
	case DevicePending, DeviceWaiting, DeviceOffered, DeviceDeferred, DeviceLowBattery,
		DeviceDownloading, DeviceFlashing, DeviceSucceeded, DeviceFailed:
		return nil
	}
	return invalid("device %s state %q is unknown", deviceID, state)
}

// validRolloutDevice checks a device about to join a rollout of nwaves
// waves. Its State must already be set.
func validRolloutDevice(d RolloutDevice, nwaves int) error {
	switch {
	case d.DeviceID == "":
		return invalid("rollout device id is empty")
	case d.Wave < 0 || d.Wave >= nwaves:
		return invalid("device %s wave %d is outside 0..%d", d.DeviceID, d.Wave, nwaves-1)
	case d.Deferrals < 0:
		return invalid("device %s deferrals %d is negative", d.DeviceID, d.Deferrals)
	}
	return validDeviceState(d.DeviceID, d.State)
}

// validAdvisory checks the fields of an advisory about to be recorded
// (REQ-VULN-3: affected versions and severity).
func validAdvisory(a Advisory) error {
	switch {
	case a.ID == "":
		return invalid("advisory id is empty")
	case a.Severity != "low" && a.Severity != "medium" && a.Severity != "high" && a.Severity != "critical":
		return invalid("advisory severity %q is not low, medium, high or critical", a.Severity)
	case a.Model == "":
		return invalid("advisory model is empty")
	case a.Affected == "":
		return invalid("advisory affected versions are empty")
	}
	return nil
}
