package imp

// Simulated GPIO: the imp001's six pins (hardware.pin1, pin2, pin5,
// pin7, pin8, pin9) with the pin modes of the imp API, so that device
// code which drives LEDs, reads buttons or samples a sensor runs
// unchanged. Go code drives digital inputs with SetPin; pin9 has a
// thermistor on it whose temperature comes from Config.Temperature.

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	"drey/squirrel"
)

// The pin modes, root constants of device code under the names in
// pinModes. Zero is a pin not yet configured.
const (
	pinUnset = iota
	digitalIn
	digitalInPullup
	digitalInPulldown
	digitalInWakeup
	digitalOut
	digitalOutOD
	analogIn
	analogOut
	pwmOut
)

var pinModes = [...]string{
	digitalIn: "DIGITAL_IN", digitalInPullup: "DIGITAL_IN_PULLUP", digitalInPulldown: "DIGITAL_IN_PULLDOWN",
	digitalInWakeup: "DIGITAL_IN_WAKEUP", digitalOut: "DIGITAL_OUT", digitalOutOD: "DIGITAL_OUT_OD",
	analogIn: "ANALOG_IN", analogOut: "ANALOG_OUT", pwmOut: "PWM_OUT",
}

// The sensor on pin9: a 10 kΩ NTC thermistor (B = 3380 K, 10 kΩ at
// 25 °C) from the pin to ground, under a 10 kΩ resistor from the supply,
// as in Electric Imp's imp001 examples.
const (
	sensorPin   = "pin9"
	thermR0     = 10e3
	thermB      = 3380.0
	thermT0     = 298.15 // 25 °C in kelvin
	thermSeries = 10e3
)

// pinsKey is where the pins are kept with the VM, for SetPin.
const pinsKey = "imp.pins"

// gpio is the state of one pin.
type gpio struct {
	name     string
	mode     int
	level    int       // the input level SetPin set
	driven   bool      // whether SetPin has set level
	out      float64   // the last value written to an output
	period   float64   // of a PWM output, in seconds
	onChange *callback // a digital input's state-change callback
}

func isInput(mode int) bool { return mode >= digitalIn && mode <= digitalInWakeup }

// input is the level a digital input reads: what SetPin set, or else
// what its pull resistor gives.
func (p *gpio) input() int {
	if p.driven {
		return p.level
	}
	if p.mode == digitalInPullup {
		return 1
	}
	return 0
}

// installPins adds the pins and the mode constants to hardware.
func (r *Runtime) installPins(hw *squirrel.Table) {
	for mode, name := range pinModes {
		if name != "" {
			r.constant(name, squirrel.Int(int32(mode)))
		}
	}
	d := r.vm.NewTable(4)
	r.vm.Pin(squirrel.TableValue(d))
	r.fn(d, "configure", -2, r.pinConfigure)
	r.fn(d, "read", 1, r.pinRead)
	r.fn(d, "write", 2, r.pinWrite)
	pins := map[string]*gpio{}
	for _, name := range []string{"pin1", "pin2", "pin5", "pin7", "pin8", sensorPin} {
		pins[name] = &gpio{name: name}
		hw.NewSlot(r.vm.Str(name), squirrel.ObjectValue(squirrel.NewUserData(pins[name], d, "pin")))
	}
	r.vm.Set(pinsKey, pins)
}

// thisPin returns the pin a method was called on.
func thisPin(vm *squirrel.VM, a []squirrel.Value, configured bool) (*gpio, error) {
	if u := a[0].UserData(); u != nil {
		if p, ok := u.Data.(*gpio); ok {
			if configured && p.mode == pinUnset {
				return nil, vm.Errorf("hardware.%s: pin not configured", p.name)
			}
			return p, nil
		}
	}
	return nil, vm.ArgError(0, a[0], "pin")
}

// pinConfigure is pin.configure(mode, ...): DIGITAL_IN and its variants
// take an optional state-change callback, DIGITAL_OUT an optional
// starting level, PWM_OUT a period in seconds and a duty ratio.
func (r *Runtime) pinConfigure(vm *squirrel.VM, a []squirrel.Value) (squirrel.Value, error) {
	p, err := thisPin(vm, a, false)
	if err != nil {
		return squirrel.Null, err
	}
	m, ok := a[1].AsInt()
	if !ok {
		return squirrel.Null, vm.ArgError(1, a[1], "integer")
	}
	mode := int(m)
	if mode <= pinUnset || mode >= len(pinModes) {
		return squirrel.Null, vm.Errorf("hardware.%s: invalid pin mode %d", p.name, m)
	}
	// The imp001's pin mux: only pin1 wakes the imp, only pins 1 and 5
	// have a DAC.
	if (mode == digitalInWakeup && p.name != "pin1") || (mode == analogOut && p.name != "pin1" && p.name != "pin5") {
		return squirrel.Null, vm.Errorf("hardware.%s cannot be configured as %s", p.name, pinModes[mode])
	}
	least, most := 0, 1 // a callback or a starting level
	switch mode {
	case analogIn, analogOut:
		most = 0
	case pwmOut:
		least, most = 2, 2
	}
	if n := len(a) - 2; n < least || n > most {
		return squirrel.Null, vm.Errorf("wrong number of parameters")
	}
	var out, period float64
	var onChange squirrel.Value
	switch {
	case isInput(mode) && len(a) == 3 && !a[2].IsNull():
		if !squirrel.IsCallable(a[2]) {
			return squirrel.Null, vm.ArgError(2, a[2], "function|null")
		}
		onChange = a[2]
	case (mode == digitalOut || mode == digitalOutOD) && len(a) == 3:
		if out, err = p.digitalArg(vm, a, 2); err != nil {
			return squirrel.Null, err
		}
	case mode == pwmOut:
		if period, err = vm.FloatArg(a, 2); err != nil {
			return squirrel.Null, err
		}
		if !(period > 0 && period <= 3600) {
			return squirrel.Null, vm.Errorf("hardware.%s: invalid PWM period %s", p.name, show(vm, a[2]))
		}
		if out, err = p.ratioArg(vm, a, 3); err != nil {
			return squirrel.Null, err
		}
	}
	r.release(p.onChange)
	p.onChange = nil
	if !onChange.IsNull() {
		cb := r.newCallback(onChange)
		p.onChange = &cb
	}
	p.mode, p.out, p.period = mode, out, period
	return squirrel.Null, nil
}

// pinRead is pin.read(): a digital input's level, an analog input's
// voltage as 0 to 65535 of the supply, or what was last written to an
// output.
func (r *Runtime) pinRead(vm *squirrel.VM, a []squirrel.Value) (squirrel.Value, error) {
	p, err := thisPin(vm, a, true)
	if err != nil {
		return squirrel.Null, err
	}
	switch {
	case isInput(p.mode):
		return squirrel.Int(int32(p.input())), nil
	case p.mode == analogIn && p.name == sensorPin:
		return squirrel.Int(int32(thermistorReading(r.temperature()))), nil
	case p.mode == analogIn:
		return squirrel.Int(int32(p.input() * 65535)), nil
	case p.mode == digitalOut || p.mode == digitalOutOD:
		return squirrel.Int(int32(p.out)), nil
	}
	return vm.FloatValue(p.out), nil
}

// pinWrite is pin.write(value): 0 or 1 to a digital output, a ratio from
// 0.0 to 1.0 to a PWM or analog output.
func (r *Runtime) pinWrite(vm *squirrel.VM, a []squirrel.Value) (squirrel.Value, error) {
	p, err := thisPin(vm, a, true)
	if err != nil {
		return squirrel.Null, err
	}
	var v float64
	switch p.mode {
	case digitalOut, digitalOutOD:
		v, err = p.digitalArg(vm, a, 1)
	case pwmOut, analogOut:
		v, err = p.ratioArg(vm, a, 1)
	default:
		return squirrel.Null, vm.Errorf("cannot write to hardware.%s: it is configured as %s, an input", p.name, pinModes[p.mode])
	}
	if err != nil {
		return squirrel.Null, err
	}
	p.out = v
	return squirrel.Null, nil
}

// digitalArg returns argument i, a level of 0 or 1.
func (p *gpio) digitalArg(vm *squirrel.VM, a []squirrel.Value, i int) (float64, error) {
	n, ok := a[i].AsInt()
	if !ok {
		return 0, vm.ArgError(i, a[i], "integer")
	}
	if n != 0 && n != 1 {
		return 0, vm.Errorf("hardware.%s: a digital output takes 0 or 1, not %d", p.name, n)
	}
	return float64(n), nil
}

// ratioArg returns argument i, a duty ratio or DAC level from 0.0 to 1.0.
func (p *gpio) ratioArg(vm *squirrel.VM, a []squirrel.Value, i int) (float64, error) {
	f, err := vm.FloatArg(a, i)
	if err != nil {
		return 0, err
	}
	if !(f >= 0 && f <= 1) {
		return 0, vm.Errorf("hardware.%s: %s takes 0.0 to 1.0, not %s", p.name, pinModes[p.mode], show(vm, a[i]))
	}
	return f, nil
}

// show formats a value for an error message.
func show(vm *squirrel.VM, v squirrel.Value) string {
	s, err := vm.ToString(v)
	if err != nil {
		return v.Kind().String()
	}
	return s
}

// SetPin sets the level (0 or 1) that a digital input reads on the named
// pin ("pin1" or "hardware.pin1"), as a button or another device would,
// and runs the pin's state-change callback if the level it reads
// changed. Pin9's analog reading stays the thermistor's. SetPin must run
// on the loop's goroutine (from a Post, or between event-loop runs).
func (r *Runtime) SetPin(name string, level int) error {
	pins, _ := r.vm.Get(pinsKey).(map[string]*gpio)
	p := pins[strings.TrimPrefix(name, "hardware.")]
	if p == nil {
		return fmt.Errorf("imp: no pin %q", name)
	}
	if level != 0 && level != 1 {
		return fmt.Errorf("imp: pin level %d, want 0 or 1", level)
	}
	before := p.input()
	p.level, p.driven = level, true
	if p.onChange != nil && p.input() != before {
		ctx := r.ctx
		if ctx == nil {
			ctx = context.Background()
		}
		r.call(ctx, p.onChange)
	}
	return nil
}

// temperature is the sensor's temperature now, in °C.
func (r *Runtime) temperature() float64 {
	if r.cfg.Temperature != nil {
		return r.cfg.Temperature(r.now)
	}
	return defaultTemperature(r.now)
}

// defaultTemperature is 20 °C ± 3 °C over the UTC day: coolest at 03:00,
// warmest at 15:00.
func defaultTemperature(t time.Time) float64 {
	h, m, s := t.UTC().Clock()
	day := (float64(h*3600+m*60+s) + float64(t.Nanosecond())/1e9) / 86400
	return 20 + 3*math.Sin(2*math.Pi*(day-9.0/24))
}

// thermistorReading is what the ADC reads on the sensor pin at c °C:
// the divider's output as a fraction of the supply, scaled to 16 bits.
// It does not depend on the supply voltage.
func thermistorReading(c float64) int {
	rt := thermR0 * math.Exp(thermB*(1/(c+273.15)-1/thermT0))
	ratio := rt / (rt + thermSeries)
	switch {
	case !(ratio > 0): // also NaN
		return 0
	case ratio >= 1:
		return 65535
	}
	return int(math.Round(ratio * 65535))
}
