package imp_test

import (
	"context"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"drey/imp"
)

// Each pin mode reads and writes as on the imp.
func TestPinModes(t *testing.T) {
	for _, c := range []struct{ name, src, want string }{
		{"digital in", `hardware.pin1.configure(DIGITAL_IN); server.log(hardware.pin1.read())`, "0"},
		{"pull-up", `hardware.pin2.configure(DIGITAL_IN_PULLUP); server.log(hardware.pin2.read())`, "1"},
		{"pull-down", `hardware.pin5.configure(DIGITAL_IN_PULLDOWN, null); server.log(hardware.pin5.read())`, "0"},
		{"wakeup", `hardware.pin1.configure(DIGITAL_IN_WAKEUP); server.log(hardware.pin1.read())`, "0"},
		{"digital out", `local p = hardware.pin7; p.configure(DIGITAL_OUT); local a = p.read(); p.write(1); server.log(a + " " + p.read())`, "0 1"},
		{"starting level", `hardware.pin8.configure(DIGITAL_OUT_OD, 1); server.log(hardware.pin8.read())`, "1"},
		{"pwm", `local p = hardware.pin7; p.configure(PWM_OUT, 0.001, 0.25); local a = p.read(); p.write(0.75); server.log(a + " " + p.read())`, "0.25 0.75"},
		{"analog out", `hardware.pin5.configure(ANALOG_OUT); hardware.pin5.write(1); server.log(hardware.pin5.read())`, "1"},
		{"analog in", `hardware.pin2.configure(ANALOG_IN); server.log(hardware.pin2.read())`, "0"},
		{"sensor", `hardware.pin9.configure(ANALOG_IN); local v = hardware.pin9.read(); server.log(typeof v + " " + (v > 0 && v < 65535))`, "integer true"},
		{"reconfigure", `local p = hardware.pin1; p.configure(DIGITAL_OUT, 1); p.configure(DIGITAL_IN_PULLUP); server.log(p.read())`, "1"},
		{"typeof", `server.log(typeof hardware.pin9)`, "pin"},
	} {
		t.Run(c.name, func(t *testing.T) {
			out, errs, _ := runImp(t, imp.Device, c.src)
			if out != "[Device] "+c.want+"\n" || errs != "" {
				t.Fatalf("log %q errors %q, want %q", out, errs, c.want)
			}
		})
	}
}

// Misuse throws an error that says what was wrong.
func TestPinErrors(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{`hardware.pin1.read()`, "hardware.pin1: pin not configured"},
		{`hardware.pin2.write(1)`, "hardware.pin2: pin not configured"},
		{`hardware.pin1.configure(DIGITAL_IN); hardware.pin1.write(1)`, "cannot write to hardware.pin1: it is configured as DIGITAL_IN"},
		{`hardware.pin9.configure(ANALOG_IN); hardware.pin9.write(0.5)`, "cannot write to hardware.pin9: it is configured as ANALOG_IN"},
		{`hardware.pin7.configure(DIGITAL_OUT); hardware.pin7.write(2)`, "takes 0 or 1, not 2"},
		{`hardware.pin7.configure(DIGITAL_OUT); hardware.pin7.write("1")`, "parameter 1 has an invalid type 'string' ; expected: 'integer'"},
		{`hardware.pin7.configure(DIGITAL_OUT, 5)`, "takes 0 or 1, not 5"},
		{`hardware.pin7.configure(PWM_OUT, 0.001, 0.5); hardware.pin7.write(1.5)`, "PWM_OUT takes 0.0 to 1.0, not 1.5"},
		{`hardware.pin7.configure(PWM_OUT, 0.001, 0.5); hardware.pin7.write(null)`, "parameter 1 has an invalid type 'null'"},
		{`hardware.pin7.configure(PWM_OUT, 0, 0.5)`, "invalid PWM period 0"},
		{`hardware.pin7.configure(PWM_OUT, 0.001)`, "wrong number of parameters"},
		{`hardware.pin5.configure(ANALOG_OUT); hardware.pin5.write(-0.1)`, "ANALOG_OUT takes 0.0 to 1.0"},
		{`hardware.pin9.configure(ANALOG_OUT)`, "hardware.pin9 cannot be configured as ANALOG_OUT"},
		{`hardware.pin2.configure(DIGITAL_IN_WAKEUP)`, "hardware.pin2 cannot be configured as DIGITAL_IN_WAKEUP"},
		{`hardware.pin1.configure("DIGITAL_IN")`, "parameter 1 has an invalid type 'string' ; expected: 'integer'"},
		{`hardware.pin1.configure(99)`, "invalid pin mode 99"},
		{`hardware.pin1.configure(DIGITAL_IN, 3)`, "parameter 2 has an invalid type 'integer' ; expected: 'function|null'"},
		{`hardware.pin1.configure(ANALOG_IN, 1)`, "wrong number of parameters"},
		{`hardware.pin1.read.call({})`, "parameter 0 has an invalid type 'table' ; expected: 'pin'"},
	} {
		_, errs, _ := runImp(t, imp.Device, c.src)
		if !strings.Contains(errs, c.want) {
			t.Errorf("%s\nerrors %q, want %q", c.src, errs, c.want)
		}
	}
}

// readTemp is how imp001 code reads a 10 kΩ NTC thermistor (B = 3380)
// under a 10 kΩ resistor on pin9.
const readTemp = `
hardware.pin9.configure(ANALOG_IN)
function readTemp() {
	local vdd = hardware.voltage()
	local v = hardware.pin9.read() / 65535.0 * vdd
	local r = 10000.0 * v / (vdd - v)
	local k = 1.0 / (1.0 / 298.15 + math.log(r / 10000.0) / 3380.0)
	return k - 273.15
}
server.log(format("%.3f", readTemp()))
`

func logTemp(t *testing.T, cfg imp.Config) float64 {
	t.Helper()
	var out, errs strings.Builder
	cfg.Kind, cfg.Log, cfg.Err = imp.Device, &out, &errs
	r := imp.New(cfg)
	if err := r.Run(context.Background(), "temp.nut", []byte(readTemp)); err != nil {
		t.Fatalf("%v: %s", err, errs.String())
	}
	c, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimPrefix(out.String(), "[Device] ")), 64)
	if err != nil {
		t.Fatalf("log %q", out.String())
	}
	return c
}

// Customer code converting pin9's reading recovers the configured
// temperature, whatever the supply voltage.
func TestThermistor(t *testing.T) {
	for _, c := range []struct{ celsius, volts float64 }{{-10, 3.3}, {0, 3.3}, {21.5, 3.3}, {25, 2.8}, {40, 3.0}, {60, 3.3}} {
		got := logTemp(t, imp.Config{
			Temperature: func(time.Time) float64 { return c.celsius },
			Voltage:     func() float64 { return c.volts },
		})
		if math.Abs(got-c.celsius) > 0.2 {
			t.Errorf("%v °C at %v V read as %v °C", c.celsius, c.volts, got)
		}
	}
}

// Without a Temperature function the room warms and cools over the day.
func TestDefaultTemperature(t *testing.T) {
	for _, c := range []struct {
		hour int
		want float64
	}{{3, 17}, {9, 20}, {15, 23}, {21, 20}} {
		got := logTemp(t, imp.Config{Start: time.Date(2026, 1, 5, c.hour, 0, 0, 0, time.UTC)})
		if math.Abs(got-c.want) > 0.2 {
			t.Errorf("at %02d:00 read %v °C, want %v", c.hour, got, c.want)
		}
	}
}

// SetPin drives an input; a state-change callback runs, with the this
// of the code that configured the pin, only when the level changes.
func TestSetPin(t *testing.T) {
	var out, errs strings.Builder
	r := imp.New(imp.Config{Kind: imp.Device, Log: &out, Err: &errs})
	if err := r.Run(context.Background(), "button.nut", []byte(`
class Button {
	name = "button"
	pin = null
	constructor(p) { pin = p; pin.configure(DIGITAL_IN_PULLUP, changed) }
	function changed() { server.log(name + " " + pin.read()) }
}
b <- Button(hardware.pin1)
hardware.pin2.configure(DIGITAL_IN)
`)); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		pin   string
		level int
	}{{"pin1", 0}, {"pin1", 0}, {"hardware.pin1", 1}, {"pin2", 1}, {"pin1", 1}} {
		if err := r.SetPin(c.pin, c.level); err != nil {
			t.Fatal(err)
		}
	}
	if want := "[Device] button 0\n[Device] button 1\n"; out.String() != want || errs.String() != "" {
		t.Fatalf("log %q errors %q", out.String(), errs.String())
	}
	if err := r.VM().Run(context.Background(), "read.nut", []byte(`server.log(hardware.pin2.read())`)); err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(out.String(), "[Device] 1\n") {
		t.Fatalf("pin2 after SetPin: log %q", out.String())
	}
	for _, bad := range []struct {
		pin   string
		level int
	}{{"pin3", 1}, {"pin1", 2}} {
		if err := r.SetPin(bad.pin, bad.level); err == nil {
			t.Errorf("SetPin(%q, %d) accepted", bad.pin, bad.level)
		}
	}
	if err := imp.New(imp.Config{Kind: imp.Agent}).SetPin("pin1", 1); err == nil {
		t.Error("an agent has pins")
	}
}
