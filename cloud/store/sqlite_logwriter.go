// Group commit for log lines. A commit with synchronous=FULL waits for the
// disk (about a millisecond here), so one transaction per line would cap
// the whole server near a thousand lines a second however many devices
// log at once. Instead AppendLog hands its line to one writer goroutine,
// which takes every line waiting at that moment, up to maxLogBatch, and
// commits them in one transaction: under load, one disk wait is shared by
// many lines, and each caller still returns only once its line is durable.

package store

import (
	"context"
	"errors"
	"fmt"
)

// maxLogBatch bounds how many lines one transaction commits, and so how
// long the writer connection is held from other writes.
const maxLogBatch = 256

// errClosed is returned by a call on a closed store.
var errClosed = errors.New("store: closed")

// logRequest is one AppendLog call waiting for its line to be committed.
type logRequest struct {
	ctx     context.Context
	ownerID string
	line    LogLine
	done    chan error // buffered: the writer never blocks on it
}

// logWriter commits log lines in batches until stop is closed, then
// closes stopped. Its channel is unbuffered, so a line is either taken by
// the writer or refused with errClosed: none is left behind at Close.
type logWriter struct {
	queue   chan *logRequest
	stop    chan struct{}
	stopped chan struct{}
}

// startLogWriter starts the writer goroutine of s.
func (s *SQLite) startLogWriter() {
	s.logs = logWriter{queue: make(chan *logRequest), stop: make(chan struct{}), stopped: make(chan struct{})}
	go s.runLogWriter()
}

// stopLogWriter stops the writer goroutine of s once its batch is committed.
func (s *SQLite) stopLogWriter() {
	close(s.logs.stop)
	<-s.logs.stopped
}

// runLogWriter is the writer goroutine.
func (s *SQLite) runLogWriter() {
	defer close(s.logs.stopped)
	for {
		var first *logRequest
		select {
		case first = <-s.logs.queue:
		case <-s.logs.stop:
			return
		}
		batch := []*logRequest{first}
	more:
		for len(batch) < maxLogBatch {
			select {
			case r := <-s.logs.queue:
				batch = append(batch, r)
			default:
				break more
			}
		}
		s.commitLogs(batch)
	}
}

// insertLog appends a line for a device if it has the given owner.
const insertLog = `INSERT INTO logs (device_id, time, source, level, text)
	SELECT id, ?, ?, ?, ? FROM devices WHERE id = ? AND owner_id = ?`

// commitLogs writes a batch in one transaction and answers each request.
// A line for a device the owner does not have fails alone; a database
// error fails the whole batch, none of which is then kept.
func (s *SQLite) commitLogs(batch []*logRequest) {
	errs := make([]error, len(batch))
	// The batch is shared, so no one caller's cancellation may abort it;
	// a caller already gone is left out.
	ctx := context.Background()
	err := s.write(ctx, fmt.Sprintf("append %d log lines", len(batch)), func(tx *wtx) error {
		stmt, err := tx.PrepareContext(ctx, insertLog)
		if err != nil {
			return dbErr("append log", err)
		}
		defer stmt.Close()
		for i, r := range batch {
			if errs[i] = r.ctx.Err(); errs[i] != nil {
				continue
			}
			l := r.line
			what := fmt.Sprintf("append log of device %s of owner %s", l.DeviceID, r.ownerID)
			res, err := stmt.ExecContext(ctx, micro(l.Time), string(l.Source), string(l.Level), l.Text, l.DeviceID, r.ownerID)
			if errs[i] = oneRow(what, res, err); errs[i] != nil && !errors.Is(errs[i], ErrNotFound) {
				return errs[i]
			}
		}
		return nil
	})
	for i, r := range batch {
		if err != nil {
			r.done <- err
		} else {
			r.done <- errs[i]
		}
	}
}

// enqueueLog hands r to the writer and waits for its answer. If ctx ends
// after the writer took the line, the line may still be committed.
func (s *SQLite) enqueueLog(r *logRequest) error {
	select {
	case s.logs.queue <- r:
	case <-s.logs.stop:
		return errClosed
	case <-r.ctx.Done():
		return fmt.Errorf("store: append log of device %s: %w", r.line.DeviceID, r.ctx.Err())
	}
	select {
	case err := <-r.done:
		return err
	case <-r.ctx.Done():
		return fmt.Errorf("store: append log of device %s: %w", r.line.DeviceID, r.ctx.Err())
	}
}
