// SQLite: owners' notice feeds and webhooks.

package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// noticeColumns are the columns scanNotice reads, in its order.
const noticeColumns = `id, owner_id, time, kind, subject, text, COALESCE(dedupe, '')`

// scanNotice reads one row of noticeColumns.
func scanNotice(sc scanner) (Notice, error) {
	var n Notice
	var t int64
	if err := sc.Scan(&n.ID, &n.OwnerID, &t, &n.Kind, &n.Subject, &n.Text, &n.Dedupe); err != nil {
		return Notice{}, err
	}
	n.Time = fromMicro(t)
	return n, nil
}

// validNotice checks the fields of a notice about to be added.
func validNotice(n Notice) error {
	switch {
	case n.OwnerID == "":
		return invalid("notice owner is empty")
	case n.Kind == "":
		return invalid("notice kind is empty")
	case strings.TrimSpace(n.Text) == "":
		return invalid("notice %s for owner %s has no text", n.Kind, n.OwnerID)
	}
	return nil
}

// AddNotices implements NoticeStore.
func (s *SQLite) AddNotices(ctx context.Context, ns []Notice) ([]Notice, error) {
	what := fmt.Sprintf("add %d notice(s)", len(ns))
	for _, n := range ns {
		if err := validNotice(n); err != nil {
			return nil, fmt.Errorf("store: %s: %w", what, err)
		}
	}
	var added []Notice
	err := s.write(ctx, what, func(tx *wtx) error {
		added = added[:0]
		for _, n := range ns {
			n.Time = orNow(n.Time)
			err := tx.QueryRowContext(ctx, `INSERT INTO notices (owner_id, time, kind, subject, text, dedupe)
				VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (owner_id, dedupe) DO NOTHING RETURNING id`,
				n.OwnerID, micro(n.Time), n.Kind, n.Subject, n.Text, nullString(n.Dedupe)).Scan(&n.ID)
			if errors.Is(err, sql.ErrNoRows) {
				continue // already in the feed
			}
			if err != nil {
				return dbErr(fmt.Sprintf("%s: %s for owner %s", what, n.Kind, n.OwnerID), err)
			}
			added = append(added, n)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return added, nil
}

// Notices implements NoticeStore.
func (s *SQLite) Notices(ctx context.Context, ownerID string, since int64, limit int) ([]Notice, error) {
	if limit <= 0 {
		limit = -1 // no limit, to SQLite
	}
	return queryAll(ctx, s.rd, "notices of owner "+ownerID, scanNotice, `SELECT `+noticeColumns+`
		FROM notices WHERE owner_id = ? AND id > ? ORDER BY id DESC LIMIT ?`, ownerID, since, limit)
}

// validWebhook checks a webhook about to be set: an absolute http or
// https URL and a key of at least 128 bits. Where the URL may point is
// the deliverer's business (it refuses private addresses at connect time).
func validWebhook(w Webhook) error {
	u, err := url.Parse(w.URL)
	switch {
	case w.OwnerID == "":
		return invalid("webhook owner is empty")
	case err != nil:
		return invalid("webhook url %q: %v", w.URL, err)
	case u.Scheme != "http" && u.Scheme != "https" || u.Host == "":
		return invalid("webhook url %q is not an absolute http or https URL", w.URL)
	case u.User != nil:
		return invalid("webhook url %q carries credentials", u.Redacted())
	case len(w.Secret) < 16:
		return invalid("webhook secret is %d bytes, want at least 16", len(w.Secret))
	}
	return nil
}

// SetWebhook implements NoticeStore. w.Created is now if zero.
func (s *SQLite) SetWebhook(ctx context.Context, w Webhook) (Webhook, error) {
	what := "set the webhook of owner " + w.OwnerID
	if err := validWebhook(w); err != nil {
		return Webhook{}, fmt.Errorf("store: %s: %w", what, err)
	}
	w.Created = orNow(w.Created)
	err := s.write(ctx, what, func(tx *wtx) error {
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM notices WHERE owner_id = ?`,
			w.OwnerID).Scan(&w.Delivered); err != nil {
			return dbErr(what, err)
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO notice_webhooks (owner_id, url, secret, created, delivered)
			VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (owner_id) DO UPDATE SET url = excluded.url, secret = excluded.secret,
				created = excluded.created, delivered = excluded.delivered`,
			w.OwnerID, w.URL, w.Secret, micro(w.Created), w.Delivered)
		if err != nil {
			return dbErr(what, err)
		}
		return nil
	})
	if err != nil {
		return Webhook{}, err
	}
	return w, nil
}

// DeleteWebhook implements NoticeStore.
func (s *SQLite) DeleteWebhook(ctx context.Context, ownerID string) error {
	what := "delete the webhook of owner " + ownerID
	return s.write(ctx, what, func(tx *wtx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM notice_webhooks WHERE owner_id = ?`, ownerID)
		return oneRow(what, res, err)
	})
}

// webhookColumns are the columns scanWebhook reads, in its order.
const webhookColumns = `owner_id, url, secret, created, delivered`

// scanWebhook reads one row of webhookColumns.
func scanWebhook(sc scanner) (Webhook, error) {
	var w Webhook
	var created int64
	if err := sc.Scan(&w.OwnerID, &w.URL, &w.Secret, &created, &w.Delivered); err != nil {
		return Webhook{}, err
	}
	w.Created = fromMicro(created)
	return w, nil
}

// Webhook implements NoticeStore.
func (s *SQLite) Webhook(ctx context.Context, ownerID string) (Webhook, error) {
	w, err := scanWebhook(s.rd.QueryRowContext(ctx,
		`SELECT `+webhookColumns+` FROM notice_webhooks WHERE owner_id = ?`, ownerID))
	if err != nil {
		return Webhook{}, dbErr("webhook of owner "+ownerID, err)
	}
	return w, nil
}

// Webhooks implements NoticeStore.
func (s *SQLite) Webhooks(ctx context.Context) ([]Webhook, error) {
	return queryAll(ctx, s.rd, "webhooks", scanWebhook,
		`SELECT `+webhookColumns+` FROM notice_webhooks ORDER BY owner_id`)
}

// MarkDelivered implements NoticeStore.
func (s *SQLite) MarkDelivered(ctx context.Context, ownerID string, noticeID int64) error {
	what := fmt.Sprintf("mark notice %d delivered to the webhook of owner %s", noticeID, ownerID)
	return s.write(ctx, what, func(tx *wtx) error {
		res, err := tx.ExecContext(ctx, `UPDATE notice_webhooks SET delivered = MAX(delivered, ?) WHERE owner_id = ?`,
			noticeID, ownerID)
		return oneRow(what, res, err)
	})
}
