// SQLite: enrolled devices.

package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// deviceColumns are the columns scanDevice reads, in its order.
const deviceColumns = `id, owner_id, group_id, model, public_key, enrolled, revoked,
	last_seen, improm_version, bootrom_version, counter, wrap_key, root_version`

// scanDevice reads one row of deviceColumns.
func scanDevice(sc scanner) (Device, error) {
	var d Device
	var group sql.NullString
	var enrolled int64
	var revoked, lastSeen sql.NullInt64
	err := sc.Scan(&d.ID, &d.OwnerID, &group, &d.Model, &d.PublicKey, &enrolled, &revoked,
		&lastSeen, &d.ImpromVersion, &d.BootromVersion, &d.Counter, &d.WrapKey, &d.RootVersion)
	if err != nil {
		return Device{}, err
	}
	d.GroupID = group.String
	d.Enrolled, d.Revoked, d.LastSeen = fromMicro(enrolled), timePtr(revoked), timeOrZero(lastSeen)
	return d, nil
}

// EnrollDevice implements DeviceStore.
func (s *SQLite) EnrollDevice(ctx context.Context, d Device) (Device, error) {
	if d.ID == "" {
		d.ID = newID()
	}
	what := fmt.Sprintf("enroll device %s for owner %s", d.ID, d.OwnerID)
	if len(d.PublicKey) == 0 {
		return Device{}, fmt.Errorf("store: %s: no public key: %w", what, ErrInvalid)
	}
	d.Enrolled, d.Revoked = orNow(d.Enrolled), nil
	if !d.LastSeen.IsZero() {
		d.LastSeen = norm(d.LastSeen)
	}
	err := s.write(ctx, what, func(tx *wtx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO devices (`+deviceColumns+`)
			VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?)`,
			d.ID, d.OwnerID, nullString(d.GroupID), d.Model, d.PublicKey, micro(d.Enrolled),
			nullMicro(&d.LastSeen), d.ImpromVersion, d.BootromVersion, d.Counter, nullBytes(d.WrapKey), d.RootVersion)
		if err != nil {
			return dbErr(what, err)
		}
		return nil
	})
	if err != nil {
		return Device{}, err
	}
	return d, nil
}

// Device implements DeviceStore.
func (s *SQLite) Device(ctx context.Context, deviceID string) (Device, error) {
	d, err := scanDevice(s.rd.QueryRowContext(ctx,
		`SELECT `+deviceColumns+` FROM devices WHERE id = ?`, deviceID))
	if err != nil {
		return Device{}, dbErr("device "+deviceID, err)
	}
	return d, nil
}

// DeviceForOwner implements DeviceStore.
func (s *SQLite) DeviceForOwner(ctx context.Context, ownerID, deviceID string) (Device, error) {
	d, err := scanDevice(s.rd.QueryRowContext(ctx,
		`SELECT `+deviceColumns+` FROM devices WHERE id = ? AND owner_id = ?`, deviceID, ownerID))
	if err != nil {
		return Device{}, dbErr(fmt.Sprintf("device %s of owner %s", deviceID, ownerID), err)
	}
	return d, nil
}

// DeviceByPublicKey implements DeviceStore.
func (s *SQLite) DeviceByPublicKey(ctx context.Context, der []byte) (Device, error) {
	d, err := scanDevice(s.rd.QueryRowContext(ctx, `SELECT `+deviceColumns+` FROM devices WHERE public_key = ?`, der))
	if err != nil {
		return Device{}, dbErr("device by public key", err)
	}
	if d.Revoked != nil {
		return d, fmt.Errorf("store: device %s: %w at %s", d.ID, ErrRevoked, d.Revoked.Format(time.RFC3339))
	}
	return d, nil
}

// Devices implements DeviceStore.
func (s *SQLite) Devices(ctx context.Context, ownerID, groupID string) ([]Device, error) {
	what := fmt.Sprintf("devices of owner %s in group %q", ownerID, groupID)
	return s.queryDevices(ctx, what, `SELECT `+deviceColumns+` FROM devices
		WHERE owner_id = ? AND (? = '' OR group_id = ?) ORDER BY id`, ownerID, groupID, groupID)
}

// AllDevices implements DeviceStore.
func (s *SQLite) AllDevices(ctx context.Context) ([]Device, error) {
	return s.queryDevices(ctx, "all devices", `SELECT `+deviceColumns+` FROM devices ORDER BY id`)
}

func (s *SQLite) queryDevices(ctx context.Context, what, query string, args ...any) ([]Device, error) {
	rows, err := s.rd.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, dbErr(what, err)
	}
	defer rows.Close()
	var ds []Device
	for rows.Next() {
		d, err := scanDevice(rows)
		if err != nil {
			return nil, dbErr(what, err)
		}
		ds = append(ds, d)
	}
	if err := rows.Err(); err != nil {
		return nil, dbErr(what, err)
	}
	return ds, nil
}

// AssignDevice implements DeviceStore. The foreign key on (group, owner)
// refuses another owner's group.
func (s *SQLite) AssignDevice(ctx context.Context, ownerID, deviceID, groupID string) error {
	what := fmt.Sprintf("assign device %s of owner %s to group %q", deviceID, ownerID, groupID)
	return s.write(ctx, what, func(tx *wtx) error {
		res, err := tx.ExecContext(ctx, `UPDATE devices SET group_id = ? WHERE id = ? AND owner_id = ?`,
			nullString(groupID), deviceID, ownerID)
		return oneRow(what, res, err)
	})
}

// RevokeDevice implements DeviceStore.
func (s *SQLite) RevokeDevice(ctx context.Context, ownerID, deviceID string, when time.Time) error {
	what := fmt.Sprintf("revoke device %s of owner %s", deviceID, ownerID)
	return s.write(ctx, what, func(tx *wtx) error {
		res, err := tx.ExecContext(ctx,
			`UPDATE devices SET revoked = COALESCE(revoked, ?) WHERE id = ? AND owner_id = ?`,
			micro(orNow(when)), deviceID, ownerID)
		return oneRow(what, res, err)
	})
}

// UpdateDeviceStatus implements DeviceStore.
func (s *SQLite) UpdateDeviceStatus(ctx context.Context, ownerID, deviceID string, st DeviceStatus) error {
	what := fmt.Sprintf("update status of device %s of owner %s", deviceID, ownerID)
	return s.write(ctx, what, func(tx *wtx) error {
		var revoked sql.NullInt64
		err := tx.QueryRowContext(ctx, `SELECT revoked FROM devices WHERE id = ? AND owner_id = ?`,
			deviceID, ownerID).Scan(&revoked)
		if err != nil {
			return dbErr(what, err)
		}
		if revoked.Valid {
			return fmt.Errorf("store: %s: %w", what, ErrRevoked)
		}
		lastSeen := st.LastSeen
		_, err = tx.ExecContext(ctx, `UPDATE devices
			SET last_seen = ?, improm_version = ?, bootrom_version = ?, counter = ?, root_version = ?
			WHERE id = ?`,
			nullMicro(&lastSeen), st.ImpromVersion, st.BootromVersion, st.Counter, st.RootVersion, deviceID)
		if err != nil {
			return dbErr(what, err)
		}
		return nil
	})
}

// TransferDevice implements DeviceStore.
func (s *SQLite) TransferDevice(ctx context.Context, fromOwnerID, deviceID, toOwnerID string) error {
	what := fmt.Sprintf("transfer device %s from owner %s to owner %s", deviceID, fromOwnerID, toOwnerID)
	return s.write(ctx, what, func(tx *wtx) error {
		res, err := tx.ExecContext(ctx,
			`UPDATE devices SET owner_id = ?, group_id = NULL WHERE id = ? AND owner_id = ?`,
			toOwnerID, deviceID, fromOwnerID)
		if err := oneRow(what, res, err); err != nil {
			return err
		}
		for _, q := range []string{
			`DELETE FROM logs WHERE device_id = ?`,
			`DELETE FROM agent_data WHERE device_id = ?`,
		} {
			if _, err := tx.ExecContext(ctx, q, deviceID); err != nil {
				return dbErr(what, err)
			}
		}
		// Its place in rollouts still open is the new owner's: the new
		// owner sees it and is asked for approval, the old one neither.
		_, err = tx.ExecContext(ctx, `UPDATE rollout_devices SET owner_id = ? WHERE device_id = ?
			AND rollout_id IN (SELECT id FROM rollouts WHERE state NOT IN ('aborted', 'done'))`, toOwnerID, deviceID)
		if err != nil {
			return dbErr(what, err)
		}
		return nil
	})
}

// nullBytes stores an empty key as NULL.
func nullBytes(b []byte) any {
	if len(b) == 0 {
		return nil
	}
	return b
}
