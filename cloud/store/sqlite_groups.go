// SQLite: device groups.

package store

import (
	"context"
	"fmt"
)

// CreateGroup implements GroupStore.
func (s *SQLite) CreateGroup(ctx context.Context, g Group) (Group, error) {
	what := fmt.Sprintf("create group %q for owner %s", g.Name, g.OwnerID)
	if g.Name == "" {
		return Group{}, fmt.Errorf("store: %s: empty name: %w", what, ErrInvalid)
	}
	if g.ID == "" {
		g.ID = newID()
	}
	if g.TimeZone == "" {
		g.TimeZone = "UTC"
	}
	err := s.write(ctx, what, func(tx *wtx) error {
		_, err := tx.ExecContext(ctx,
			`INSERT INTO device_groups (id, owner_id, name, time_zone, maintenance) VALUES (?, ?, ?, ?, ?)`,
			g.ID, g.OwnerID, g.Name, g.TimeZone, g.Maintenance)
		if err != nil {
			return dbErr(what, err)
		}
		return nil
	})
	if err != nil {
		return Group{}, err
	}
	return g, nil
}

// Group implements GroupStore.
func (s *SQLite) Group(ctx context.Context, ownerID, groupID string) (Group, error) {
	var g Group
	err := s.rd.QueryRowContext(ctx,
		`SELECT id, owner_id, name, time_zone, maintenance FROM device_groups WHERE id = ? AND owner_id = ?`,
		groupID, ownerID).Scan(&g.ID, &g.OwnerID, &g.Name, &g.TimeZone, &g.Maintenance)
	if err != nil {
		return Group{}, dbErr(fmt.Sprintf("group %s of owner %s", groupID, ownerID), err)
	}
	return g, nil
}

// Groups implements GroupStore.
func (s *SQLite) Groups(ctx context.Context, ownerID string) ([]Group, error) {
	what := "groups of owner " + ownerID
	rows, err := s.rd.QueryContext(ctx,
		`SELECT id, owner_id, name, time_zone, maintenance FROM device_groups WHERE owner_id = ? ORDER BY name`, ownerID)
	if err != nil {
		return nil, dbErr(what, err)
	}
	defer rows.Close()
	var gs []Group
	for rows.Next() {
		var g Group
		if err := rows.Scan(&g.ID, &g.OwnerID, &g.Name, &g.TimeZone, &g.Maintenance); err != nil {
			return nil, dbErr(what, err)
		}
		gs = append(gs, g)
	}
	if err := rows.Err(); err != nil {
		return nil, dbErr(what, err)
	}
	return gs, nil
}

// SetGroupMaintenance implements GroupStore.
func (s *SQLite) SetGroupMaintenance(ctx context.Context, ownerID, groupID, window string) error {
	what := fmt.Sprintf("maintenance window of group %s of owner %s", groupID, ownerID)
	return s.write(ctx, what, func(tx *wtx) error {
		res, err := tx.ExecContext(ctx, `UPDATE device_groups SET maintenance = ? WHERE id = ? AND owner_id = ?`, window, groupID, ownerID)
		return oneRow(what, res, err)
	})
}
