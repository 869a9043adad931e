// SQLite: the content keys of per-device encrypted releases, wrapped for
// each device by the operator, offline.

package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// PutWrappedKeys implements UpgradeStore.
func (s *SQLite) PutWrappedKeys(ctx context.Context, releaseID string, keys map[string][]byte) error {
	what := fmt.Sprintf("wrapped keys of release %s", releaseID)
	for id, k := range keys {
		if len(k) == 0 {
			return fmt.Errorf("store: %s: device %s: empty key: %w", what, id, ErrInvalid)
		}
	}
	return s.write(ctx, what, func(tx *wtx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM releases WHERE id = ?`, releaseID).Scan(&n); err != nil {
			return dbErr(what, err)
		}
		if n == 0 {
			return fmt.Errorf("store: %s: release: %w", what, ErrNotFound)
		}
		for id, k := range keys {
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM devices WHERE id = ?`, id).Scan(&n); err != nil {
				return dbErr(what, err)
			}
			if n == 0 {
				return fmt.Errorf("store: %s: device %s: %w", what, id, ErrNotFound)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO release_keys (release_id, device_id, wrapped) VALUES (?, ?, ?)
				ON CONFLICT (release_id, device_id) DO UPDATE SET wrapped = excluded.wrapped`, releaseID, id, k); err != nil {
				return dbErr(what, err)
			}
		}
		return nil
	})
}

// WrappedKey implements UpgradeStore.
func (s *SQLite) WrappedKey(ctx context.Context, releaseID, deviceID string) ([]byte, error) {
	what := fmt.Sprintf("wrapped key of release %s for device %s", releaseID, deviceID)
	var k []byte
	err := s.rd.QueryRowContext(ctx, `SELECT wrapped FROM release_keys WHERE release_id = ? AND device_id = ?`, releaseID, deviceID).Scan(&k)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: %s: %w", what, ErrNotFound)
	}
	if err != nil {
		return nil, dbErr(what, err)
	}
	return k, nil
}
