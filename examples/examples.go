// Package examples holds the example applications, built into the drey
// binary so that `drey demo` runs them without a checkout.
package examples

import _ "embed"

// ThermostatDevice is the device code of the thermostat example.
//
//go:embed thermostat.device.nut
var ThermostatDevice []byte
