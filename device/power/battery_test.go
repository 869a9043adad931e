package power

import (
	"errors"
	"testing"
	"time"
)

// A full battery can erase flash; a low one cannot, though it may still
// reach the network, whose threshold is lower; mains always can
// (REQ-PROC-9).
func TestThresholds(t *testing.T) {
	b := Battery(3.2, 2000, 1)
	if err := b.Check(Erase); err != nil {
		t.Fatalf("full battery: %v", err)
	}
	b.SetLevel(0.44) // 2.70 V open circuit: erase sags it below 2.7 V, the radio not below 2.6 V
	if err := b.Check(Erase); !errors.Is(err, ErrLowBattery) {
		t.Fatalf("low battery erase: %v", err)
	}
	if err := b.Check(Radio); err != nil {
		t.Fatalf("radio at %.2f V: %v", b.Voltage(), err)
	}
	b.SetLevel(0.3)
	if err := b.Check(Radio); !errors.Is(err, ErrLowBattery) {
		t.Fatalf("flat battery radio: %v", err)
	}
	if err := Mains().Check(Erase); err != nil {
		t.Fatalf("mains: %v", err)
	}
}

// Load sags the voltage and uses charge.
func TestUse(t *testing.T) {
	b := Battery(3.2, 10, 1)
	v0 := b.Voltage()
	b.Use(Radio, time.Hour)
	if v := b.Voltage(); v >= v0 {
		t.Fatalf("voltage %.3f after an hour of radio, was %.3f", v, v0)
	}
}
