// Turning SQLite's errors into the store's, so that callers see ErrConflict
// for a duplicate and ErrNotFound for a missing parent whatever the engine.

package store

import (
	"database/sql"
	"errors"
	"fmt"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// dbErr wraps err, from an operation described by what, in the store error
// it means, keeping the engine's own message after it.
func dbErr(what string, err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("store: %s: %w", what, ErrNotFound)
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return fmt.Errorf("store: %s: %w: %w", what, ErrConflict, err)
		case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			// A row names a parent (owner, group, device) that does not
			// exist, or exists for another owner.
			return fmt.Errorf("store: %s: %w: %w", what, ErrNotFound, err)
		case sqlite3.SQLITE_CONSTRAINT_CHECK, sqlite3.SQLITE_CONSTRAINT_NOTNULL:
			return fmt.Errorf("store: %s: %w: %w", what, ErrInvalid, err)
		}
	}
	return fmt.Errorf("store: %s: %w", what, err)
}

// oneRow checks that an UPDATE or DELETE scoped to an owner touched a row:
// none means the record does not exist for that owner.
func oneRow(what string, res sql.Result, err error) error {
	if err != nil {
		return dbErr(what, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return dbErr(what, err)
	}
	if n == 0 {
		return fmt.Errorf("store: %s: %w", what, ErrNotFound)
	}
	return nil
}
