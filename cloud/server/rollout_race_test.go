//go:build race

package server

// raceEnabled says the race detector is on: the end-to-end rollout
// then runs a smaller fleet, the detector making each device some ten
// times slower.
const raceEnabled = true
