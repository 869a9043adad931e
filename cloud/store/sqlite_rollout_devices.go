// SQLite: the devices of rollouts and their upgrade history. Every change
// of a device's state in a rollout is written together with its history
// entry, so the history never misses a state the device was in.

package store

import (
	"context"
	"fmt"
	"time"
)

// rolloutDeviceColumns are the columns scanRolloutDevice reads, in its
// order, qualified by the alias rd.
const rolloutDeviceColumns = `rd.rollout_id, rd.device_id, rd.owner_id, rd.wave, rd.state,
	rd.reason, rd.deferrals, rd.updated`

// scanRolloutDevice reads one row of rolloutDeviceColumns.
func scanRolloutDevice(sc scanner) (RolloutDevice, error) {
	var d RolloutDevice
	var updated int64
	err := sc.Scan(&d.RolloutID, &d.DeviceID, &d.OwnerID, &d.Wave, &d.State, &d.Reason, &d.Deferrals, &updated)
	if err != nil {
		return RolloutDevice{}, err
	}
	d.Updated = fromMicro(updated)
	return d, nil
}

// RolloutDevices implements UpgradeStore. An unknown rollout is
// ErrNotFound.
func (s *SQLite) RolloutDevices(ctx context.Context, rolloutID string) ([]RolloutDevice, error) {
	what := "devices of rollout " + rolloutID
	if err := s.rolloutExists(ctx, what, rolloutID); err != nil {
		return nil, err
	}
	return queryAll(ctx, s.rd, what, scanRolloutDevice, `SELECT `+rolloutDeviceColumns+`
		FROM rollout_devices rd WHERE rd.rollout_id = ? ORDER BY rd.device_id`, rolloutID)
}

// DeviceRollouts implements UpgradeStore. It leaves out the device's
// entries in rollouts that are aborted or done, which offer nothing more;
// the caller picks among the rest by rollout state and wave. An unknown
// device has none.
func (s *SQLite) DeviceRollouts(ctx context.Context, deviceID string) ([]RolloutDevice, error) {
	return queryAll(ctx, s.rd, "rollouts of device "+deviceID, scanRolloutDevice, `SELECT `+rolloutDeviceColumns+`
		FROM rollout_devices rd JOIN rollouts r ON r.id = rd.rollout_id
		WHERE rd.device_id = ? AND rd.state NOT IN ('succeeded', 'failed')
			AND r.state NOT IN ('aborted', 'done')
		ORDER BY r.created, r.rowid`, deviceID)
}

// UpdateRolloutDevice implements UpgradeStore. d.Updated is now if zero,
// and is the history entry's time; d.Wave and d.OwnerID are not changed.
func (s *SQLite) UpdateRolloutDevice(ctx context.Context, d RolloutDevice, batteryMV int) error {
	what := fmt.Sprintf("update device %s in rollout %s to %s", d.DeviceID, d.RolloutID, d.State)
	err := validDeviceState(d.DeviceID, d.State)
	switch {
	case err != nil:
	case d.Deferrals < 0:
		err = invalid("device %s deferrals %d is negative", d.DeviceID, d.Deferrals)
	case batteryMV < 0:
		err = invalid("device %s battery %d mV is negative", d.DeviceID, batteryMV)
	}
	if err != nil {
		return fmt.Errorf("store: %s: %w", what, err)
	}
	d.Updated = orNow(d.Updated)
	return s.write(ctx, what, func(tx *wtx) error {
		res, err := tx.ExecContext(ctx, `UPDATE rollout_devices SET state = ?, reason = ?, deferrals = ?, updated = ?
			WHERE rollout_id = ? AND device_id = ?`,
			d.State, d.Reason, d.Deferrals, micro(d.Updated), d.RolloutID, d.DeviceID)
		if err := oneRow(what, res, err); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO upgrade_events (device_id, rollout_id, state, reason, battery_mv, time)
			VALUES (?, ?, ?, ?, ?, ?)`,
			d.DeviceID, d.RolloutID, d.State, d.Reason, batteryMV, micro(d.Updated))
		if err != nil {
			return dbErr(what, err)
		}
		return nil
	})
}

// UpgradeHistory implements UpgradeStore. Another owner's device is
// ErrNotFound, as in DeviceForOwner.
func (s *SQLite) UpgradeHistory(ctx context.Context, ownerID, deviceID string) ([]UpgradeEvent, error) {
	what := fmt.Sprintf("upgrade history of device %s of owner %s", deviceID, ownerID)
	var one int
	if err := s.rd.QueryRowContext(ctx, `SELECT 1 FROM devices WHERE id = ? AND owner_id = ?`,
		deviceID, ownerID).Scan(&one); err != nil {
		return nil, dbErr(what, err)
	}
	return queryAll(ctx, s.rd, what, scanUpgradeEvent, `SELECT seq, device_id, rollout_id, state, reason,
		battery_mv, time FROM upgrade_events WHERE device_id = ? ORDER BY seq`, deviceID)
}

// scanUpgradeEvent reads one history entry.
func scanUpgradeEvent(sc scanner) (UpgradeEvent, error) {
	var e UpgradeEvent
	var t int64
	if err := sc.Scan(&e.Seq, &e.DeviceID, &e.RolloutID, &e.State, &e.Reason, &e.BatteryMV, &t); err != nil {
		return UpgradeEvent{}, err
	}
	e.Time = fromMicro(t)
	return e, nil
}

// PruneUpgradeHistory implements UpgradeStore.
func (s *SQLite) PruneUpgradeHistory(ctx context.Context, olderThan time.Time) (int64, error) {
	what := fmt.Sprintf("prune upgrade history older than %s", olderThan.Format(time.RFC3339))
	var n int64
	err := s.write(ctx, what, func(tx *wtx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM upgrade_events WHERE time < ?`, micro(olderThan))
		if err != nil {
			return dbErr(what, err)
		}
		n, _ = res.RowsAffected()
		return nil
	})
	return n, err
}
