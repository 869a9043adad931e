// SQLite: owners and their API tokens.

package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// CreateOwner implements OwnerStore.
func (s *SQLite) CreateOwner(ctx context.Context, name string) (Owner, error) {
	if name == "" {
		return Owner{}, fmt.Errorf("store: create owner: empty name: %w", ErrInvalid)
	}
	o := Owner{ID: newID(), Name: name, Created: now()}
	what := fmt.Sprintf("create owner %q", name)
	err := s.write(ctx, what, func(tx *wtx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO owners (id, name, created) VALUES (?, ?, ?)`,
			o.ID, o.Name, micro(o.Created))
		if err != nil {
			return dbErr(what, err)
		}
		return nil
	})
	if err != nil {
		return Owner{}, err
	}
	return o, nil
}

// Owner implements OwnerStore.
func (s *SQLite) Owner(ctx context.Context, ownerID string) (Owner, error) {
	var o Owner
	var created int64
	err := s.rd.QueryRowContext(ctx, `SELECT id, name, created FROM owners WHERE id = ?`, ownerID).
		Scan(&o.ID, &o.Name, &created)
	if err != nil {
		return Owner{}, dbErr("owner "+ownerID, err)
	}
	o.Created = fromMicro(created)
	return o, nil
}

// OwnerByName implements OwnerStore.
func (s *SQLite) OwnerByName(ctx context.Context, name string) (Owner, error) {
	var o Owner
	var created int64
	err := s.rd.QueryRowContext(ctx, `SELECT id, name, created FROM owners WHERE name = ?`, name).
		Scan(&o.ID, &o.Name, &created)
	if err != nil {
		return Owner{}, dbErr(fmt.Sprintf("owner named %q", name), err)
	}
	o.Created = fromMicro(created)
	return o, nil
}

// CreateToken implements OwnerStore.
func (s *SQLite) CreateToken(ctx context.Context, ownerID, name string) (Token, string, error) {
	what := fmt.Sprintf("create token %q for owner %s", name, ownerID)
	if name == "" {
		return Token{}, "", fmt.Errorf("store: %s: empty name: %w", what, ErrInvalid)
	}
	t := Token{ID: newID(), OwnerID: ownerID, Name: name, Created: now()}
	secret := newTokenSecret()
	err := s.write(ctx, what, func(tx *wtx) error {
		_, err := tx.ExecContext(ctx,
			`INSERT INTO tokens (id, owner_id, name, hash, created) VALUES (?, ?, ?, ?, ?)`,
			t.ID, t.OwnerID, t.Name, hashToken(secret), micro(t.Created))
		if err != nil {
			return dbErr(what, err)
		}
		return nil
	})
	if err != nil {
		return Token{}, "", err
	}
	return t, secret, nil
}

// Tokens implements OwnerStore.
func (s *SQLite) Tokens(ctx context.Context, ownerID string) ([]Token, error) {
	what := "tokens of owner " + ownerID
	rows, err := s.rd.QueryContext(ctx,
		`SELECT id, owner_id, name, created, revoked FROM tokens WHERE owner_id = ? ORDER BY created, id`, ownerID)
	if err != nil {
		return nil, dbErr(what, err)
	}
	defer rows.Close()
	var ts []Token
	for rows.Next() {
		var t Token
		var created int64
		var revoked sql.NullInt64
		if err := rows.Scan(&t.ID, &t.OwnerID, &t.Name, &created, &revoked); err != nil {
			return nil, dbErr(what, err)
		}
		t.Created, t.Revoked = fromMicro(created), timePtr(revoked)
		ts = append(ts, t)
	}
	if err := rows.Err(); err != nil {
		return nil, dbErr(what, err)
	}
	return ts, nil
}

// OwnerForToken implements OwnerStore. Its errors never contain the secret.
func (s *SQLite) OwnerForToken(ctx context.Context, secret string) (Owner, error) {
	var o Owner
	var created int64
	var revoked sql.NullInt64
	err := s.rd.QueryRowContext(ctx,
		`SELECT o.id, o.name, o.created, t.revoked
		   FROM tokens t JOIN owners o ON o.id = t.owner_id
		  WHERE t.hash = ?`, hashToken(secret)).
		Scan(&o.ID, &o.Name, &created, &revoked)
	if err != nil {
		return Owner{}, dbErr("token", err)
	}
	if revoked.Valid {
		return Owner{}, fmt.Errorf("store: token: %w", ErrRevoked)
	}
	o.Created = fromMicro(created)
	return o, nil
}

// RevokeToken implements OwnerStore.
func (s *SQLite) RevokeToken(ctx context.Context, ownerID, tokenID string, when time.Time) error {
	what := fmt.Sprintf("revoke token %s of owner %s", tokenID, ownerID)
	return s.write(ctx, what, func(tx *wtx) error {
		res, err := tx.ExecContext(ctx,
			`UPDATE tokens SET revoked = COALESCE(revoked, ?) WHERE id = ? AND owner_id = ?`,
			micro(orNow(when)), tokenID, ownerID)
		return oneRow(what, res, err)
	})
}
