// Package examples holds the example applications, built into the drey
// binary so that `drey demo` runs them without a checkout.
package examples

import _ "embed"

// ThermostatDevice is the device code of the thermostat example.
//
//go:embed thermostat.device.nut
var ThermostatDevice []byte

// TemperatureDevice is the device code of the temperature example: it
// reads the thermistor on pin9 and sends each reading to its agent.
//
//go:embed temperature.device.nut
var TemperatureDevice []byte

// TemperatureAgent is its agent code: it keeps recent readings and
// serves them as JSON at the agent URL.
//
//go:embed temperature.agent.nut
var TemperatureAgent []byte
