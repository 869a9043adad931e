// SQLite: releases, the platform images the operator uploaded. A release
// never changes once recorded, except that it may be withdrawn.

package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// The columns of a release: its metadata, then its manifest.
const (
	releaseMeta = `id, model, slot, version, sequence, size, uploaded, withdrawn, encryption`
	releaseFull = releaseMeta + `, manifest`
)

// scanRelease reads one row of releaseFull, or of releaseMeta if full is
// false.
func scanRelease(sc scanner, full bool) (Release, error) {
	var r Release
	var uploaded int64
	var withdrawn sql.NullInt64
	dest := []any{&r.ID, &r.Model, &r.Slot, &r.Version, &r.Sequence, &r.Size, &uploaded, &withdrawn, &r.Encryption}
	if full {
		dest = append(dest, &r.Manifest)
	}
	if err := sc.Scan(dest...); err != nil {
		return Release{}, err
	}
	r.Uploaded, r.Withdrawn = fromMicro(uploaded), timePtr(withdrawn)
	return r, nil
}

// scanReleaseMeta reads one row of releaseMeta.
func scanReleaseMeta(sc scanner) (Release, error) { return scanRelease(sc, false) }

// CreateRelease implements UpgradeStore. r.Uploaded is now if zero;
// r.Withdrawn is ignored: a release is withdrawn by WithdrawRelease.
func (s *SQLite) CreateRelease(ctx context.Context, r Release) (Release, error) {
	what := fmt.Sprintf("create release %s", r.ID)
	if err := validRelease(r); err != nil {
		return Release{}, fmt.Errorf("store: %s: %w", what, err)
	}
	r.Uploaded, r.Withdrawn = orNow(r.Uploaded), nil
	err := s.write(ctx, what, func(tx *wtx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO releases (`+releaseFull+`)
			VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)`,
			r.ID, r.Model, r.Slot, r.Version, r.Sequence, r.Size, micro(r.Uploaded), r.Encryption, r.Manifest)
		if err != nil {
			return dbErr(what, err)
		}
		return nil
	})
	if err != nil {
		return Release{}, err
	}
	return r, nil
}

// Release implements UpgradeStore.
func (s *SQLite) Release(ctx context.Context, id string) (Release, error) {
	r, err := scanRelease(s.rd.QueryRowContext(ctx,
		`SELECT `+releaseFull+` FROM releases WHERE id = ?`, id), true)
	if err != nil {
		return Release{}, dbErr("release "+id, err)
	}
	return r, nil
}

// Releases implements UpgradeStore. Releases uploaded at the same time
// come newest recorded first.
func (s *SQLite) Releases(ctx context.Context) ([]Release, error) {
	return queryAll(ctx, s.rd, "releases", scanReleaseMeta,
		`SELECT `+releaseMeta+` FROM releases ORDER BY uploaded DESC, rowid DESC`)
}

// WithdrawRelease implements UpgradeStore.
func (s *SQLite) WithdrawRelease(ctx context.Context, id string, when time.Time) error {
	what := "withdraw release " + id
	return s.write(ctx, what, func(tx *wtx) error {
		res, err := tx.ExecContext(ctx,
			`UPDATE releases SET withdrawn = COALESCE(withdrawn, ?) WHERE id = ?`,
			micro(orNow(when)), id)
		return oneRow(what, res, err)
	})
}
