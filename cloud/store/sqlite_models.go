// SQLite: device models' published support periods and their history.

package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// modelSupportColumns are the columns scanModelSupport reads, in its order.
const modelSupportColumns = `model, until, announced, set_by, note`

// scanModelSupport reads one row of modelSupportColumns.
func scanModelSupport(sc scanner) (ModelSupport, error) {
	var m ModelSupport
	var until string
	var announced int64
	if err := sc.Scan(&m.Model, &until, &announced, &m.By, &m.Note); err != nil {
		return ModelSupport{}, err
	}
	u, err := parseDateColumn(until)
	if err != nil {
		return ModelSupport{}, err
	}
	m.Until, m.Announced = u, fromMicro(announced)
	return m, nil
}

// scanSupportChange reads one row of model_support_history.
func scanSupportChange(sc scanner) (ModelSupportChange, error) {
	var c ModelSupportChange
	var old sql.NullString
	var newUntil string
	var at int64
	if err := sc.Scan(&c.Seq, &c.Model, &old, &newUntil, &c.By, &c.Note, &at); err != nil {
		return ModelSupportChange{}, err
	}
	n, err := parseDateColumn(newUntil)
	if err != nil {
		return ModelSupportChange{}, err
	}
	c.New, c.At = n, fromMicro(at)
	if old.Valid {
		o, err := parseDateColumn(old.String)
		if err != nil {
			return ModelSupportChange{}, err
		}
		c.Old = &o
	}
	return c, nil
}

// parseDateColumn reads a date column, 'YYYY-MM-DD'.
func parseDateColumn(s string) (time.Time, error) {
	t, err := time.Parse(DateLayout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("date column %q: %w", s, err)
	}
	return t, nil
}

// SetModelSupport implements ModelStore.
func (s *SQLite) SetModelSupport(ctx context.Context, m ModelSupport) (ModelSupport, error) {
	what := fmt.Sprintf("set support of model %q", m.Model)
	if err := validModelSupport(m); err != nil {
		return ModelSupport{}, fmt.Errorf("store: %s: %w", what, err)
	}
	m.Announced = orNow(m.Announced)
	at := m.Announced
	until := m.Until.Format(DateLayout)
	err := s.write(ctx, what, func(tx *wtx) error {
		cur, err := scanModelSupport(tx.QueryRowContext(ctx,
			`SELECT `+modelSupportColumns+` FROM model_support WHERE model = ?`, m.Model))
		var old *time.Time
		switch {
		case err == nil:
			old = &cur.Until
		case !errors.Is(err, sql.ErrNoRows):
			return dbErr(what, err)
		}
		if err := checkSupportChange(m.Model, old, m.Until, at); err != nil {
			return fmt.Errorf("store: %s: %w", what, err)
		}
		if old != nil && old.Equal(m.Until) {
			m.Announced = cur.Announced // the same date: its notice still runs from its announcement
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO model_support (`+modelSupportColumns+`) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (model) DO UPDATE SET until = excluded.until, announced = excluded.announced,
				set_by = excluded.set_by, note = excluded.note`,
			m.Model, until, micro(m.Announced), m.By, m.Note)
		if err != nil {
			return dbErr(what, err)
		}
		var oldCol sql.NullString
		if old != nil {
			oldCol = sql.NullString{String: old.Format(DateLayout), Valid: true}
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO model_support_history (model, old_until, new_until, set_by, note, at)
			VALUES (?, ?, ?, ?, ?, ?)`, m.Model, oldCol, until, m.By, m.Note, micro(at))
		if err != nil {
			return dbErr(what, err)
		}
		return nil
	})
	if err != nil {
		return ModelSupport{}, err
	}
	return m, nil
}

// ModelSupport implements ModelStore.
func (s *SQLite) ModelSupport(ctx context.Context, model string) (ModelSupport, error) {
	m, err := scanModelSupport(s.rd.QueryRowContext(ctx,
		`SELECT `+modelSupportColumns+` FROM model_support WHERE model = ?`, model))
	if err != nil {
		return ModelSupport{}, dbErr(fmt.Sprintf("support of model %q", model), err)
	}
	return m, nil
}

// ModelSupports implements ModelStore.
func (s *SQLite) ModelSupports(ctx context.Context) ([]ModelSupport, error) {
	return queryAll(ctx, s.rd, "model supports", scanModelSupport,
		`SELECT `+modelSupportColumns+` FROM model_support ORDER BY model`)
}

// ModelSupportHistory implements ModelStore. A model is published exactly
// when it has a history (SetModelSupport writes both in one transaction),
// so an empty history is ErrNotFound.
func (s *SQLite) ModelSupportHistory(ctx context.Context, model string) ([]ModelSupportChange, error) {
	what := fmt.Sprintf("support history of model %q", model)
	cs, err := queryAll(ctx, s.rd, what, scanSupportChange,
		`SELECT seq, model, old_until, new_until, set_by, note, at FROM model_support_history
			WHERE model = ? ORDER BY seq`, model)
	if err != nil {
		return nil, err
	}
	if len(cs) == 0 {
		return nil, fmt.Errorf("store: %s: %w", what, ErrNotFound)
	}
	return cs, nil
}
