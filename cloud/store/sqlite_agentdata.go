// SQLite: the data each device's agent saves with server.save.

package store

import (
	"context"
	"fmt"
)

// SaveAgentData implements AgentDataStore. The insert selects the device by
// id and owner together, so data for another owner's device saves nothing.
func (s *SQLite) SaveAgentData(ctx context.Context, ownerID, deviceID string, data []byte) error {
	what := fmt.Sprintf("save agent data of device %s of owner %s", deviceID, ownerID)
	return s.write(ctx, what, func(tx *wtx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO agent_data (device_id, data, updated)
			SELECT id, ?, ? FROM devices WHERE id = ? AND owner_id = ?
			ON CONFLICT (device_id) DO UPDATE SET data = excluded.data, updated = excluded.updated`,
			nonNil(data), micro(now()), deviceID, ownerID)
		return oneRow(what, res, err)
	})
}

// LoadAgentData implements AgentDataStore.
func (s *SQLite) LoadAgentData(ctx context.Context, ownerID, deviceID string) ([]byte, error) {
	what := fmt.Sprintf("load agent data of device %s of owner %s", deviceID, ownerID)
	var data []byte
	var saved bool
	err := s.rd.QueryRowContext(ctx, `SELECT a.data, a.device_id IS NOT NULL
		FROM devices d LEFT JOIN agent_data a ON a.device_id = d.id
		WHERE d.id = ? AND d.owner_id = ?`, deviceID, ownerID).Scan(&data, &saved)
	if err != nil {
		return nil, dbErr(what, err)
	}
	if saved && data == nil {
		data = []byte{} // saved empty: not the same as never saved
	}
	return data, nil
}
