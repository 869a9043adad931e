// Package rollout carries platform releases to devices: rollouts that
// target a model, a range of current versions, device groups and a share
// of their devices; manufacturer approval (or a recorded emergency);
// staged waves that pause on their own when too many devices of a wave
// fail; offers sent over each device's link as requests its code may
// defer, within a limit, or demands it may not; and the status every
// device reports, kept as its upgrade history.
//
// The engine decides and records; the gateway carries offers and
// statuses (Devices); the store keeps everything (store.UpgradeStore).
package rollout
