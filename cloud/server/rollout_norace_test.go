//go:build !race

package server

// raceEnabled says the race detector is on (rollout_race_test.go).
const raceEnabled = false
