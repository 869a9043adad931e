// SQLite: per-device logs and their retention.

package store

import (
	"context"
	"fmt"
	"time"
)

// validLog checks that l's source and level are ones the store knows.
func validLog(l LogLine) error {
	switch l.Source {
	case SourceDevice, SourceAgent, SourceStatus:
	default:
		return fmt.Errorf("log source %q: %w", l.Source, ErrInvalid)
	}
	switch l.Level {
	case LevelInfo, LevelError:
	default:
		return fmt.Errorf("log level %q: %w", l.Level, ErrInvalid)
	}
	return nil
}

// AppendLog implements LogStore. The line is committed by the log writer
// (sqlite_logwriter.go) together with any others appended at the same
// time. The insert selects the device by id and owner together, so a line
// for another owner's device inserts nothing and is ErrNotFound.
func (s *SQLite) AppendLog(ctx context.Context, ownerID string, l LogLine) error {
	if err := validLog(l); err != nil {
		return fmt.Errorf("store: append log of device %s of owner %s: %w", l.DeviceID, ownerID, err)
	}
	l.Time = orNow(l.Time)
	return s.enqueueLog(&logRequest{ctx: ctx, ownerID: ownerID, line: l, done: make(chan error, 1)})
}

// Logs implements LogStore.
func (s *SQLite) Logs(ctx context.Context, ownerID, deviceID string, since time.Time, limit int) ([]LogLine, error) {
	what := fmt.Sprintf("logs of device %s of owner %s", deviceID, ownerID)
	var one int
	if err := s.rd.QueryRowContext(ctx, `SELECT 1 FROM devices WHERE id = ? AND owner_id = ?`,
		deviceID, ownerID).Scan(&one); err != nil {
		return nil, dbErr(what, err)
	}
	if limit <= 0 {
		limit = -1 // no limit, to SQLite
	}
	rows, err := s.rd.QueryContext(ctx, `SELECT seq, device_id, time, source, level, text FROM (
			SELECT * FROM logs WHERE device_id = ? AND time >= ?
			ORDER BY time DESC, seq DESC LIMIT ?
		) ORDER BY time, seq`, deviceID, micro(since), limit)
	if err != nil {
		return nil, dbErr(what, err)
	}
	defer rows.Close()
	var ls []LogLine
	for rows.Next() {
		var l LogLine
		var t int64
		if err := rows.Scan(&l.Seq, &l.DeviceID, &t, &l.Source, &l.Level, &l.Text); err != nil {
			return nil, dbErr(what, err)
		}
		l.Time = fromMicro(t)
		ls = append(ls, l)
	}
	if err := rows.Err(); err != nil {
		return nil, dbErr(what, err)
	}
	return ls, nil
}

// PruneLogs implements LogStore. Both deletions are one transaction.
func (s *SQLite) PruneLogs(ctx context.Context, olderThan time.Time, maxPerDevice int) (int64, error) {
	what := fmt.Sprintf("prune logs older than %s or past %d per device", olderThan.Format(time.RFC3339), maxPerDevice)
	var deleted int64
	err := s.write(ctx, what, func(tx *wtx) error {
		if !olderThan.IsZero() {
			res, err := tx.ExecContext(ctx, `DELETE FROM logs WHERE time < ?`, micro(olderThan))
			if err != nil {
				return dbErr(what, err)
			}
			n, _ := res.RowsAffected()
			deleted += n
		}
		if maxPerDevice > 0 {
			res, err := tx.ExecContext(ctx, `DELETE FROM logs WHERE seq IN (
					SELECT seq FROM (
						SELECT seq, ROW_NUMBER() OVER (
							PARTITION BY device_id ORDER BY time DESC, seq DESC) AS n
						FROM logs)
					WHERE n > ?)`, maxPerDevice)
			if err != nil {
				return dbErr(what, err)
			}
			n, _ := res.RowsAffected()
			deleted += n
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return deleted, nil
}
