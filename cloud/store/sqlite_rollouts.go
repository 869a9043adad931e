// SQLite: rollouts and their owners' approvals. A rollout is written with
// its groups and devices in one transaction, so no reader and no crash
// sees a rollout without its devices. The store records the states the
// rollout package decides on; which transitions are allowed is its
// business, not the store's.

package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"
)

// rolloutColumns are the columns scanRollout reads, in its order: the
// rollout's row, then its groups as a JSON array in their order.
const rolloutColumns = `id, release_id, mode, from_versions, percent, waves, failure_threshold,
	justification, emergency, advisory_id, state, wave, state_note, created, created_by,
	(SELECT json_group_array(group_id ORDER BY position) FROM rollout_groups
		WHERE rollout_id = rollouts.id)`

// scanRollout reads one row of rolloutColumns.
func scanRollout(sc scanner) (Rollout, error) {
	var r Rollout
	var waves, groups string
	var advisory sql.NullString
	var created int64
	err := sc.Scan(&r.ID, &r.ReleaseID, &r.Mode, &r.FromVersions, &r.Percent, &waves, &r.FailureThreshold,
		&r.Justification, &r.Emergency, &advisory, &r.State, &r.Wave, &r.StateNote, &created, &r.CreatedBy,
		&groups)
	if err != nil {
		return Rollout{}, err
	}
	if err := json.Unmarshal([]byte(waves), &r.Waves); err != nil {
		return Rollout{}, fmt.Errorf("rollout %s: waves %q: %w", r.ID, waves, err)
	}
	if err := json.Unmarshal([]byte(groups), &r.Groups); err != nil {
		return Rollout{}, fmt.Errorf("rollout %s: groups %q: %w", r.ID, groups, err)
	}
	if len(r.Groups) == 0 {
		r.Groups = nil
	}
	r.AdvisoryID, r.Created = advisory.String, fromMicro(created)
	return r, nil
}

// CreateRollout implements UpgradeStore. The rollout's ID is made if
// empty, its State is pending-approval if empty and its Created now if
// zero. Each device joins in state pending if its State is empty, updated
// at the rollout's creation if its Updated is zero; its OwnerID, if not
// empty, must be the device's owner, and is filled in from the device if
// empty. An unknown release, group, device or advisory is ErrNotFound; a
// withdrawn release is ErrInvalid.
func (s *SQLite) CreateRollout(ctx context.Context, r Rollout, devices []RolloutDevice) (Rollout, error) {
	if r.ID == "" {
		r.ID = newID()
	}
	if r.State == "" {
		r.State = RolloutPendingApproval
	}
	if len(r.Groups) == 0 {
		r.Groups = nil
	}
	r.Created = orNow(r.Created)
	what := fmt.Sprintf("create rollout %s of release %s", r.ID, r.ReleaseID)
	var devs []RolloutDevice
	err := validRollout(r)
	if err == nil {
		devs, err = newRolloutDevices(r, devices)
	}
	if err != nil {
		return Rollout{}, fmt.Errorf("store: %s: %w", what, err)
	}
	err = s.write(ctx, what, func(tx *wtx) error {
		if err := insertRollout(ctx, tx, what, r); err != nil {
			return err
		}
		return insertRolloutDevices(ctx, tx, what, devs)
	})
	if err != nil {
		return Rollout{}, err
	}
	return r, nil
}

// newRolloutDevices returns devices as they join r, defaults filled in,
// or an error if one breaks a rule or is listed twice.
func newRolloutDevices(r Rollout, devices []RolloutDevice) ([]RolloutDevice, error) {
	devs := make([]RolloutDevice, len(devices))
	seen := make(map[string]bool, len(devices))
	for i, d := range devices {
		d.RolloutID = r.ID
		if d.State == "" {
			d.State = DevicePending
		}
		if d.Updated.IsZero() {
			d.Updated = r.Created
		}
		d.Updated = norm(d.Updated)
		if err := validRolloutDevice(d, len(r.Waves)); err != nil {
			return nil, err
		}
		if seen[d.DeviceID] {
			return nil, invalid("device %s is listed twice", d.DeviceID)
		}
		seen[d.DeviceID] = true
		devs[i] = d
	}
	return devs, nil
}

// insertRollout writes r's row and groups in tx, after checking that its
// release may still be rolled out and that its advisory exists.
func insertRollout(ctx context.Context, tx *wtx, what string, r Rollout) error {
	var withdrawn sql.NullInt64
	if err := tx.QueryRowContext(ctx, `SELECT withdrawn FROM releases WHERE id = ?`,
		r.ReleaseID).Scan(&withdrawn); err != nil {
		return dbErr(what+": release "+r.ReleaseID, err)
	}
	if withdrawn.Valid {
		return fmt.Errorf("store: %s: %w", what, invalid("release %s was withdrawn at %s",
			r.ReleaseID, fromMicro(withdrawn.Int64).Format(time.RFC3339)))
	}
	if r.AdvisoryID != "" {
		var one int
		if err := tx.QueryRowContext(ctx, `SELECT 1 FROM advisories WHERE id = ?`, r.AdvisoryID).Scan(&one); err != nil {
			return dbErr(fmt.Sprintf("%s: advisory %q", what, r.AdvisoryID), err)
		}
	}
	waves, err := json.Marshal(r.Waves)
	if err != nil {
		return fmt.Errorf("store: %s: waves: %w", what, err)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO rollouts (id, release_id, mode, from_versions, percent,
			waves, failure_threshold, justification, emergency, advisory_id, state, wave,
			state_note, created, created_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.ID, r.ReleaseID, r.Mode, r.FromVersions, r.Percent, string(waves), r.FailureThreshold,
		r.Justification, r.Emergency, nullString(r.AdvisoryID), r.State, r.Wave,
		r.StateNote, micro(r.Created), r.CreatedBy)
	if err != nil {
		return dbErr(what, err)
	}
	for i, g := range r.Groups {
		_, err := tx.ExecContext(ctx, `INSERT INTO rollout_groups (rollout_id, position, group_id)
			VALUES (?, ?, ?)`, r.ID, i, g)
		if err != nil {
			return dbErr(fmt.Sprintf("%s: group %s", what, g), err)
		}
	}
	return nil
}

// insertRolloutDevices writes devs in tx. Each row's owner comes from the
// devices table, so a device of another owner than the one named inserts
// nothing and is ErrNotFound.
func insertRolloutDevices(ctx context.Context, tx *wtx, what string, devs []RolloutDevice) error {
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO rollout_devices (rollout_id, device_id, owner_id,
			wave, state, reason, deferrals, updated)
		SELECT ?, id, owner_id, ?, ?, ?, ?, ? FROM devices WHERE id = ? AND (? = '' OR owner_id = ?)`)
	if err != nil {
		return dbErr(what, err)
	}
	defer stmt.Close()
	for _, d := range devs {
		res, err := stmt.ExecContext(ctx, d.RolloutID, d.Wave, d.State, d.Reason, d.Deferrals,
			micro(d.Updated), d.DeviceID, d.OwnerID, d.OwnerID)
		if err := oneRow(fmt.Sprintf("%s: device %s of owner %q", what, d.DeviceID, d.OwnerID), res, err); err != nil {
			return err
		}
	}
	return nil
}

// Rollout implements UpgradeStore.
func (s *SQLite) Rollout(ctx context.Context, id string) (Rollout, error) {
	r, err := scanRollout(s.rd.QueryRowContext(ctx, `SELECT `+rolloutColumns+` FROM rollouts WHERE id = ?`, id))
	if err != nil {
		return Rollout{}, dbErr("rollout "+id, err)
	}
	return r, nil
}

// Rollouts implements UpgradeStore. Rollouts created at the same time come
// newest recorded first.
func (s *SQLite) Rollouts(ctx context.Context) ([]Rollout, error) {
	return queryAll(ctx, s.rd, "rollouts", scanRollout,
		`SELECT `+rolloutColumns+` FROM rollouts ORDER BY created DESC, rowid DESC`)
}

// SetRolloutState implements UpgradeStore. The state must be one of the
// Rollout* states and the wave an index in the rollout's Waves.
func (s *SQLite) SetRolloutState(ctx context.Context, id, state string, wave int, note string) error {
	what := fmt.Sprintf("set rollout %s to %s at wave %d", id, state, wave)
	if !validRolloutState(state) {
		return fmt.Errorf("store: %s: %w", what, invalid("rollout state %q is unknown", state))
	}
	return s.write(ctx, what, func(tx *wtx) error {
		var waves int
		err := tx.QueryRowContext(ctx, `SELECT json_array_length(waves) FROM rollouts WHERE id = ?`, id).Scan(&waves)
		if err != nil {
			return dbErr(what, err)
		}
		if wave < 0 || wave >= waves {
			return fmt.Errorf("store: %s: %w", what, invalid("rollout wave %d is outside 0..%d", wave, waves-1))
		}
		_, err = tx.ExecContext(ctx, `UPDATE rollouts SET state = ?, wave = ?, state_note = ? WHERE id = ?`,
			state, wave, note, id)
		if err != nil {
			return dbErr(what, err)
		}
		return nil
	})
}

// ApproveRollout implements UpgradeStore. a.At is now if zero; a.By, the
// token name that approved, is required (REQ-OWN-2).
func (s *SQLite) ApproveRollout(ctx context.Context, a Approval) error {
	what := fmt.Sprintf("approve rollout %s for owner %s", a.RolloutID, a.OwnerID)
	if a.By == "" {
		return fmt.Errorf("store: %s: %w", what, invalid("approval has no token name in By"))
	}
	return s.write(ctx, what, func(tx *wtx) error {
		var one int
		err := tx.QueryRowContext(ctx, `SELECT 1 FROM rollout_devices WHERE rollout_id = ? AND owner_id = ? LIMIT 1`,
			a.RolloutID, a.OwnerID).Scan(&one)
		if err != nil {
			return dbErr(what+": the owner's devices in the rollout", err)
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO rollout_approvals (rollout_id, owner_id, approved_by, at)
			VALUES (?, ?, ?, ?) ON CONFLICT (rollout_id, owner_id) DO NOTHING`,
			a.RolloutID, a.OwnerID, a.By, micro(orNow(a.At)))
		if err != nil {
			return dbErr(what, err)
		}
		return nil
	})
}

// Approvals implements UpgradeStore, oldest first.
func (s *SQLite) Approvals(ctx context.Context, rolloutID string) ([]Approval, error) {
	what := "approvals of rollout " + rolloutID
	if err := s.rolloutExists(ctx, what, rolloutID); err != nil {
		return nil, err
	}
	return queryAll(ctx, s.rd, what, scanApproval, `SELECT rollout_id, owner_id, approved_by, at
		FROM rollout_approvals WHERE rollout_id = ? ORDER BY at, rowid`, rolloutID)
}

// scanApproval reads one approval.
func scanApproval(sc scanner) (Approval, error) {
	var a Approval
	var at int64
	if err := sc.Scan(&a.RolloutID, &a.OwnerID, &a.By, &at); err != nil {
		return Approval{}, err
	}
	a.At = fromMicro(at)
	return a, nil
}

// rolloutExists returns ErrNotFound, under what, unless the rollout exists.
// Rollouts are never deleted, so a list read after it is of a rollout
// that still exists.
func (s *SQLite) rolloutExists(ctx context.Context, what, id string) error {
	var one int
	if err := s.rd.QueryRowContext(ctx, `SELECT 1 FROM rollouts WHERE id = ?`, id).Scan(&one); err != nil {
		return dbErr(what, err)
	}
	return nil
}
