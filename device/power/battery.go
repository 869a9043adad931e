// Package power models a device's supply: mains, or a battery whose
// voltage sags under load (flash erase, flash programming, the radio) and
// recovers, and falls as charge is used. The boot chain asks it before
// erasing flash: a device whose supply cannot carry an erase is not
// upgraded (REQ-PROC-9), and one that cannot carry the radio cannot
// connect.
package power

import (
	"errors"
	"fmt"
	"sync"
	"time"
)

// Thresholds: flash erase and programming need at least EraseMin volts
// at the chip under load; a network connection needs NetworkMin, a
// little lower, as on the imp.
const (
	EraseMin   = 2.7
	NetworkMin = 2.6
)

// Load is a current drawn by an activity.
type Load int

// The loads the model knows, with their currents.
const (
	Idle Load = iota
	Erase
	Program
	Radio
)

var current = map[Load]float64{Idle: 0.005, Erase: 0.025, Program: 0.02, Radio: 0.08} // amperes

// ErrLowBattery is returned when the supply is too low for an activity.
var ErrLowBattery = errors.New("battery too low")

// Supply is a device's power supply. It is safe for concurrent use.
type Supply struct {
	mu         sync.Mutex
	mains      bool
	ocv        float64 // open-circuit volts of the battery
	resistance float64 // internal resistance, ohms
	capacity   float64 // coulombs left
	full       float64 // coulombs when full
	emptyV     float64 // open-circuit volts when empty
	fullV      float64
	load       Load
}

// Mains returns a supply that never sags: 3.3 V.
func Mains() *Supply { return &Supply{mains: true, ocv: 3.3} }

// Battery returns a battery supply with the given open-circuit voltage
// when full and charge in mAh, starting at level (0..1) of its charge.
// Its internal resistance makes the voltage sag under load.
func Battery(fullVolts float64, mAh float64, level float64) *Supply {
	full := mAh * 3.6
	s := &Supply{ocv: 0, resistance: 0.8, full: full, capacity: full * level, fullV: fullVolts, emptyV: fullVolts - 0.9}
	s.ocv = s.openCircuit()
	return s
}

func (s *Supply) openCircuit() float64 {
	if s.mains {
		return 3.3
	}
	return s.emptyV + (s.fullV-s.emptyV)*(s.capacity/s.full)
}

// Voltage returns the voltage now, under the current load.
func (s *Supply) Voltage() float64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.voltage(s.load)
}

func (s *Supply) voltage(l Load) float64 {
	if s.mains {
		return 3.3
	}
	return s.openCircuit() - current[l]*s.resistance
}

// Use draws load for d: the voltage sags while it lasts and the charge
// falls.
func (s *Supply) Use(l Load, d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.mains {
		return
	}
	s.capacity -= current[l] * d.Seconds()
	if s.capacity < 0 {
		s.capacity = 0
	}
}

// Check reports whether the supply can carry load l: the voltage it
// would sag to must stay above the activity's threshold.
func (s *Supply) Check(l Load) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	v := s.voltage(l)
	min := EraseMin
	if l == Radio {
		min = NetworkMin
	}
	if v < min {
		return fmt.Errorf("%w: %.2f V under %s load, %s needs %.2f V", ErrLowBattery, v, l, l, min)
	}
	return nil
}

// SetLevel sets the battery's charge (0..1), as a test or a recharge.
func (s *Supply) SetLevel(level float64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.capacity = s.full * level
}

// String names a load.
func (l Load) String() string {
	switch l {
	case Erase:
		return "flash erase"
	case Program:
		return "flash programming"
	case Radio:
		return "radio"
	}
	return "idle"
}
