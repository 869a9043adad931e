// SQLite: reading every row of a query into a slice, for the list methods
// of the upgrade tables.

package store

import (
	"context"
	"database/sql"
)

// queryer is a cachedDB or a *wtx.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// queryAll runs query on db and returns its rows read by scan, with errors
// mapped by dbErr under what. No row is a nil slice.
func queryAll[T any](ctx context.Context, db queryer, what string, scan func(scanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, dbErr(what, err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, dbErr(what, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, dbErr(what, err)
	}
	return out, nil
}
