// SQLite: published vulnerability advisories.

package store

import (
	"context"
	"fmt"
	"time"
)

// advisoryColumns are the columns scanAdvisory reads, in its order.
const advisoryColumns = `id, severity, summary, model, affected, fixed, created, COALESCE(confirmed, created)`

// scanAdvisory reads one row of advisoryColumns.
func scanAdvisory(sc scanner) (Advisory, error) {
	var a Advisory
	var created, confirmed int64
	if err := sc.Scan(&a.ID, &a.Severity, &a.Summary, &a.Model, &a.Affected, &a.Fixed, &created, &confirmed); err != nil {
		return Advisory{}, err
	}
	a.Created, a.Confirmed = fromMicro(created), fromMicro(confirmed)
	return a, nil
}

// CreateAdvisory implements UpgradeStore. a.Created is now if zero, and
// a.Confirmed a.Created if zero.
func (s *SQLite) CreateAdvisory(ctx context.Context, a Advisory) (Advisory, error) {
	what := fmt.Sprintf("create advisory %q", a.ID)
	if err := validAdvisory(a); err != nil {
		return Advisory{}, fmt.Errorf("store: %s: %w", what, err)
	}
	a.Created = orNow(a.Created)
	if a.Confirmed.IsZero() {
		a.Confirmed = a.Created
	}
	a.Confirmed = norm(a.Confirmed)
	if a.Confirmed.After(a.Created) {
		return Advisory{}, fmt.Errorf("store: %s: %w", what, invalid("advisory confirmed at %s, after it was recorded at %s",
			a.Confirmed.Format(time.RFC3339), a.Created.Format(time.RFC3339)))
	}
	err := s.write(ctx, what, func(tx *wtx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO advisories (id, severity, summary, model, affected, fixed, created, confirmed)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			a.ID, a.Severity, a.Summary, a.Model, a.Affected, a.Fixed, micro(a.Created), micro(a.Confirmed))
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
	a, err := scanAdvisory(s.rd.QueryRowContext(ctx,
		`SELECT `+advisoryColumns+` FROM advisories WHERE id = ?`, id))
	if err != nil {
		return Advisory{}, dbErr(fmt.Sprintf("advisory %q", id), err)
	}
	return a, nil
}

// Advisories implements UpgradeStore. Advisories created at the same time
// come newest recorded first.
func (s *SQLite) Advisories(ctx context.Context) ([]Advisory, error) {
	return queryAll(ctx, s.rd, "advisories", scanAdvisory,
		`SELECT `+advisoryColumns+` FROM advisories ORDER BY created DESC, rowid DESC`)
}
