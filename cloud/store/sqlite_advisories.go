// SQLite: published vulnerability advisories.

package store

import (
	"context"
	"database/sql"
	"fmt"
)

// advisoryColumns are the columns scanAdvisory reads, in its order.
const advisoryColumns = `id, severity, summary, model, affected, fixed, created`

// scanAdvisory reads one row of advisoryColumns.
func scanAdvisory(sc scanner) (Advisory, error) {
	var a Advisory
	var created int64
	if err := sc.Scan(&a.ID, &a.Severity, &a.Summary, &a.Model, &a.Affected, &a.Fixed, &created); err != nil {
		return Advisory{}, err
	}
	a.Created = fromMicro(created)
	return a, nil
}

// CreateAdvisory implements UpgradeStore. a.Created is now if zero.
func (s *SQLite) CreateAdvisory(ctx context.Context, a Advisory) (Advisory, error) {
	what := fmt.Sprintf("create advisory %q", a.ID)
	if err := validAdvisory(a); err != nil {
		return Advisory{}, fmt.Errorf("store: %s: %w", what, err)
	}
	a.Created = orNow(a.Created)
	err := s.write(ctx, what, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO advisories (`+advisoryColumns+`)
			VALUES (?, ?, ?, ?, ?, ?, ?)`,
			a.ID, a.Severity, a.Summary, a.Model, a.Affected, a.Fixed, micro(a.Created))
		if err != nil {
			return dbErr(what, err)
		}
		return nil
	})
	if err != nil {
		return Advisory{}, err
	}
	return a, nil
}

// Advisory implements UpgradeStore.
func (s *SQLite) Advisory(ctx context.Context, id string) (Advisory, error) {
	a, err := scanAdvisory(s.r.QueryRowContext(ctx,
		`SELECT `+advisoryColumns+` FROM advisories WHERE id = ?`, id))
	if err != nil {
		return Advisory{}, dbErr(fmt.Sprintf("advisory %q", id), err)
	}
	return a, nil
}

// Advisories implements UpgradeStore. Advisories created at the same time
// come newest recorded first.
func (s *SQLite) Advisories(ctx context.Context) ([]Advisory, error) {
	return queryAll(ctx, s.r, "advisories", scanAdvisory,
		`SELECT `+advisoryColumns+` FROM advisories ORDER BY created DESC, rowid DESC`)
}
