// SQLite: versioned deployments of customer code. Versions are assigned
// inside the writer's transaction, which holds the database's write lock
// from BEGIN, so reading the highest version and inserting the next cannot
// interleave with another deploy.

package store

import (
	"context"
	"database/sql"
	"fmt"
)

// The columns of a deployment: its metadata, then its code and sources.
const (
	deploymentMeta = `id, owner_id, group_id, version, digest, created, rolled_back_from`
	deploymentFull = deploymentMeta + `, device_code, agent_code, device_source, agent_source`
)

// scanDeployment reads one row of deploymentFull, or of deploymentMeta if
// full is false.
func scanDeployment(sc scanner, full bool) (Deployment, error) {
	var d Deployment
	var created int64
	var from sql.NullInt64
	dest := []any{&d.ID, &d.OwnerID, &d.GroupID, &d.Version, &d.Digest, &created, &from}
	if full {
		dest = append(dest, &d.DeviceCode, &d.AgentCode, &d.DeviceSource, &d.AgentSource)
	}
	if err := sc.Scan(dest...); err != nil {
		return Deployment{}, err
	}
	d.Created = fromMicro(created)
	if from.Valid {
		v := int(from.Int64)
		d.RolledBackFrom = &v
	}
	return d, nil
}

// CreateDeployment implements DeploymentStore.
func (s *SQLite) CreateDeployment(ctx context.Context, d Deployment) (Deployment, error) {
	d.RolledBackFrom = nil
	what := fmt.Sprintf("create deployment for group %s of owner %s", d.GroupID, d.OwnerID)
	err := s.write(ctx, what, func(tx *wtx) error {
		var err error
		d, err = insertDeployment(ctx, tx, what, d)
		return err
	})
	if err != nil {
		return Deployment{}, err
	}
	return d, nil
}

// insertDeployment stores d as the next version of its group, in tx, and
// returns it with its id, version and creation time.
func insertDeployment(ctx context.Context, tx *wtx, what string, d Deployment) (Deployment, error) {
	var newest sql.NullInt64
	if err := tx.QueryRowContext(ctx, `SELECT MAX(version) FROM deployments WHERE group_id = ?`,
		d.GroupID).Scan(&newest); err != nil {
		return Deployment{}, dbErr(what, err)
	}
	d.ID, d.Version, d.Created = newID(), int(newest.Int64)+1, now()
	var from sql.NullInt64
	if d.RolledBackFrom != nil {
		from = sql.NullInt64{Int64: int64(*d.RolledBackFrom), Valid: true}
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO deployments (`+deploymentFull+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		d.ID, d.OwnerID, d.GroupID, d.Version, d.Digest, micro(d.Created), from,
		nonNil(d.DeviceCode), nonNil(d.AgentCode), d.DeviceSource, d.AgentSource)
	if err != nil {
		return Deployment{}, dbErr(what, err)
	}
	return d, nil
}

// Deployment implements DeploymentStore.
func (s *SQLite) Deployment(ctx context.Context, ownerID, groupID string, version int) (Deployment, error) {
	d, err := scanDeployment(s.rd.QueryRowContext(ctx, `SELECT `+deploymentFull+` FROM deployments
		WHERE group_id = ? AND owner_id = ? AND version = ?`, groupID, ownerID, version), true)
	if err != nil {
		return Deployment{}, dbErr(fmt.Sprintf("deployment %d of group %s of owner %s", version, groupID, ownerID), err)
	}
	return d, nil
}

// Deployments implements DeploymentStore.
func (s *SQLite) Deployments(ctx context.Context, ownerID, groupID string) ([]Deployment, error) {
	what := fmt.Sprintf("deployments of group %s of owner %s", groupID, ownerID)
	rows, err := s.rd.QueryContext(ctx, `SELECT `+deploymentMeta+` FROM deployments
		WHERE group_id = ? AND owner_id = ? ORDER BY version DESC`, groupID, ownerID)
	if err != nil {
		return nil, dbErr(what, err)
	}
	defer rows.Close()
	var ds []Deployment
	for rows.Next() {
		d, err := scanDeployment(rows, false)
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

// CurrentDeployment implements DeploymentStore.
func (s *SQLite) CurrentDeployment(ctx context.Context, ownerID, groupID string) (Deployment, error) {
	d, err := scanDeployment(s.rd.QueryRowContext(ctx, `SELECT `+deploymentFull+` FROM deployments
		WHERE group_id = ? AND owner_id = ? ORDER BY version DESC LIMIT 1`, groupID, ownerID), true)
	if err != nil {
		return Deployment{}, dbErr(fmt.Sprintf("current deployment of group %s of owner %s", groupID, ownerID), err)
	}
	return d, nil
}

// RollbackDeployment implements DeploymentStore.
func (s *SQLite) RollbackDeployment(ctx context.Context, ownerID, groupID string, toVersion int) (Deployment, error) {
	what := fmt.Sprintf("roll back group %s of owner %s to version %d", groupID, ownerID, toVersion)
	var d Deployment
	err := s.write(ctx, what, func(tx *wtx) error {
		old, err := scanDeployment(tx.QueryRowContext(ctx, `SELECT `+deploymentFull+` FROM deployments
			WHERE group_id = ? AND owner_id = ? AND version = ?`, groupID, ownerID, toVersion), true)
		if err != nil {
			return dbErr(what, err)
		}
		old.RolledBackFrom = &toVersion
		d, err = insertDeployment(ctx, tx, what, old)
		return err
	})
	if err != nil {
		return Deployment{}, err
	}
	return d, nil
}

// nonNil returns b, or an empty slice for nil, which database/sql would
// otherwise send as NULL.
func nonNil(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}
