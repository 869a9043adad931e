// Package agent runs the agents: one Squirrel VM per device, in the
// cloud, alive whether or not its device is online. An agent runs its
// group's current agent code with the agent API of package drey/imp:
// messages to and from its device (through the gateway), HTTP requests
// to its agent URL, outbound HTTP through the SSRF-safe client of
// cloud/egress, and server.save data kept in the store.
//
// Each agent has its own goroutine and event loop, a heap budget, a step
// budget per callback and a share of a CPU, so an agent that loops
// forever, exhausts its memory or throws is contained: its error and
// stack trace go to its device's log and the other agents go on.
package agent
