// Times in the store are UTC with microsecond precision: what SQLite's
// integers and PostgreSQL's timestamps both hold exactly.

package store

import "time"

// now returns the current time as the store keeps it.
func now() time.Time { return norm(time.Now()) }

// norm returns t as the store keeps it.
func norm(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// orNow returns norm(t), or now() if t is zero.
func orNow(t time.Time) time.Time {
	if t.IsZero() {
		return now()
	}
	return norm(t)
}
