// Device models' security support periods: the date until which the
// operator provides security upgrades for each model, published before
// the model is sold (REQ-LIFE-1), with every change to it, and the
// twelve months' notice its end must be given (REQ-LIFE-2).

package store

import (
	"context"
	"fmt"
	"time"
)

// DateLayout is how a support date is written: in the store, the API and
// on the command line.
const DateLayout = "2006-01-02"

// SupportNoticeMonths is the notice the operator must give of the end
// of a model's support (REQ-LIFE-2).
const SupportNoticeMonths = 12

// ModelSupport is a device model's published end of security support.
type ModelSupport struct {
	Model string // e.g. "imp001"
	// Until is the last day on which the operator provides security
	// upgrades for the model, as midnight UTC of that day.
	Until time.Time
	// Announced is when Until took its present value: the twelve
	// months' notice (REQ-LIFE-2) runs from here.
	Announced time.Time
	By        string // who made the latest change
	Note      string // what they said of it
}

// Ended says whether the model's support is over at now: whether the
// whole of the day Until, in UTC, has passed.
func (m ModelSupport) Ended(now time.Time) bool {
	return !now.Before(m.Until.AddDate(0, 0, 1))
}

// ModelSupportChange is one entry of a model's support history.
type ModelSupportChange struct {
	Seq   int64
	Model string
	Old   *time.Time // the date it replaced; nil for the first publication
	New   time.Time
	By    string
	Note  string
	At    time.Time
}

// ModelStore keeps each device model's published security support period
// and the history of its changes (REQ-LIFE-1, REQ-LIFE-2). Models are
// public knowledge, not any owner's: the methods take no owner.
type ModelStore interface {
	// SetModelSupport publishes m.Until as the last day of m.Model's
	// support, announced at m.Announced (now if zero) by m.By with
	// m.Note, and records the change in the model's history, in one
	// transaction. A first date, or one earlier than the published
	// one, before EarliestSupportEnd(m.Announced) is a *NoticeError
	// (wrapping ErrInvalid); a later date is always allowed. Setting
	// the published date again records the note and keeps the
	// announcement time. It returns the model's support as published.
	SetModelSupport(ctx context.Context, m ModelSupport) (ModelSupport, error)

	// ModelSupport returns a model's published support; a model with
	// none is ErrNotFound.
	ModelSupport(ctx context.Context, model string) (ModelSupport, error)

	// ModelSupports lists every model with a published support date, by
	// model.
	ModelSupports(ctx context.Context) ([]ModelSupport, error)

	// ModelSupportHistory lists the changes of a model's support, oldest
	// first. A model never published is ErrNotFound.
	ModelSupportHistory(ctx context.Context, model string) ([]ModelSupportChange, error)
}

// EarliestSupportEnd returns the earliest last day of support that may be
// published, or moved to, at time at: the date, in UTC, twelve months
// after at (REQ-LIFE-2).
func EarliestSupportEnd(at time.Time) time.Time {
	return Date(at.UTC().AddDate(0, SupportNoticeMonths, 0))
}

// Date returns the midnight UTC that begins t's day in UTC: a support
// date as the store keeps it.
func Date(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// NoticeError is a support end date that would give less than twelve
// months' notice (REQ-LIFE-2). It wraps ErrInvalid.
type NoticeError struct {
	Model    string
	Until    time.Time  // the date refused
	Old      *time.Time // the published date it would have replaced; nil if none
	Earliest time.Time  // the earliest date allowed
}

// Error names the field, the date refused and the earliest allowed.
func (e *NoticeError) Error() string {
	what := "a first support date"
	if e.Old != nil {
		what = "moving support earlier than " + e.Old.Format(DateLayout)
	}
	return fmt.Sprintf("until %s: model %q: %s must give twelve months' notice: the earliest allowed is %s (REQ-LIFE-2)",
		e.Until.Format(DateLayout), e.Model, what, e.Earliest.Format(DateLayout))
}

// Unwrap makes a NoticeError an ErrInvalid.
func (e *NoticeError) Unwrap() error { return ErrInvalid }

// checkSupportChange applies REQ-LIFE-2 to setting model's last day of
// support to until, at time at, in place of old (nil: none published).
func checkSupportChange(model string, old *time.Time, until, at time.Time) error {
	if old != nil && !until.Before(*old) {
		return nil // later, or the same: always allowed
	}
	if earliest := EarliestSupportEnd(at); until.Before(earliest) {
		return &NoticeError{Model: model, Until: until, Old: old, Earliest: earliest}
	}
	return nil
}

// validModelSupport checks the fields of a support change about to be
// recorded.
func validModelSupport(m ModelSupport) error {
	switch {
	case !validModelName(m.Model):
		return invalid("model %.80q: want 1 to 64 letters, digits, '.', '-' or '_'", m.Model)
	case m.Until.IsZero() || !m.Until.Equal(Date(m.Until)):
		return invalid("until %s: want a date (midnight UTC)", m.Until.Format(time.RFC3339))
	case m.Until.Year() > 9999:
		return invalid("until %s: after the year 9999", m.Until.Format(time.RFC3339))
	case m.By == "":
		return invalid("by is empty: a support change must say who made it")
	}
	return nil
}

// validModelName says whether s is a model name the factory accepts.
func validModelName(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, c := range s {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}
