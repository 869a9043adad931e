// Converting between Go values and SQLite columns: times are INTEGER
// microseconds since 1970 UTC, absent times and empty group ids are NULL.

package store

import (
	"database/sql"
	"time"
)

// micro returns t as a column value.
func micro(t time.Time) int64 { return t.UnixMicro() }

// fromMicro returns the time a column holds.
func fromMicro(n int64) time.Time { return time.UnixMicro(n).UTC() }

// nullMicro returns a time that may be absent (nil or zero) as a column value.
func nullMicro(t *time.Time) sql.NullInt64 {
	if t == nil || t.IsZero() {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: micro(*t), Valid: true}
}

// timePtr returns a nullable time column as a *time.Time.
func timePtr(n sql.NullInt64) *time.Time {
	if !n.Valid {
		return nil
	}
	t := fromMicro(n.Int64)
	return &t
}

// timeOrZero returns a nullable time column, the zero time if NULL.
func timeOrZero(n sql.NullInt64) time.Time {
	if !n.Valid {
		return time.Time{}
	}
	return fromMicro(n.Int64)
}

// nullString returns s as a column value, NULL if empty.
func nullString(s string) sql.NullString {
	return sql.NullString{String: s, Valid: s != ""}
}

// scanner is a *sql.Row or *sql.Rows.
type scanner interface {
	Scan(dest ...any) error
}
