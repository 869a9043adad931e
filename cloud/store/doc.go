// Package store holds the cloud service's persistent state behind one small
// interface, Store, so that the embedded SQLite default can be replaced by
// PostgreSQL at scale without touching the gateway, agent or deploy code
// (docs/architecture.md, "Seams for scale").
//
// What it keeps: owners and their API tokens (hashed, never the secret),
// device groups, enrolled devices and their identity keys, versioned code
// deployments per group, per-device logs with retention, and the data each
// device's agent saves with server.save.
//
// Owner scoping is part of the API (REQ-SEP-5): every method that reads or
// changes an owner's data takes the id of the owner it acts for, and treats
// another owner's record as absent (ErrNotFound, or an empty list). The
// only ways in without an owner id are the two credentials, a token secret
// (OwnerForToken) and a device's public key (DeviceByPublicKey), and the
// system lookup Device, which the gateway and agent runtime use to find the
// owner of a device they serve; their answers carry the OwnerID to pass on.
//
// Files:
//
//   - types.go, errors.go and store.go define the domain, the errors and
//     the interface; ids.go makes ids and token secrets and times.go
//     normalises times;
//   - sqlite.go opens the embedded implementation, migrate.go applies the
//     SQL files of migrations/ in order, sqlite_*.go implement the
//     interface one area each, and sqlite_logwriter.go commits log lines
//     in groups;
//   - suite_*_test.go is the conformance suite every implementation runs.
//
// Times are kept in UTC with microsecond precision, which both SQLite
// integers and PostgreSQL timestamps hold exactly, so a value read back is
// Equal to the one returned when it was written.
package store
