package store

import (
	"context"
	"time"
)

// The kinds of notice the service writes to an owner (REQ-OWN-3, REQ-OWN-4).
const (
	NoticeApprovalNeeded = "approval-needed"         // a rollout touching its devices waits for its approval
	NoticeEmergency      = "emergency"               // an emergency rollout touches its devices without its approval
	NoticeRolloutPaused  = "rollout-paused"          // a rollout touching its devices paused itself
	NoticeRolloutAborted = "rollout-aborted"         // a rollout touching its devices was aborted
	NoticeTransferredOut = "device-transferred-away" // one of its devices went to another owner
	NoticeTransferredIn  = "device-transferred-in"   // a device came to it from another owner
)

// Notice is one entry of an owner's notice feed: something the service
// did to the owner's devices that the owner did not itself ask for.
type Notice struct {
	// ID increases in the order notices are added, across all owners, and
	// is never reused: a reader's cursor.
	ID      int64
	OwnerID string
	Time    time.Time
	Kind    string // one of the Notice* kinds
	Subject string // what it is about: a rollout id, a device id
	Text    string // a sentence for a person
	// Dedupe, if not empty, makes the notice idempotent: a notice whose
	// owner and Dedupe are already in the feed is not added again. It
	// lets a writer that may have crashed write its notices once more.
	Dedupe string
}

// Webhook is where an owner's notices are also POSTed as they are added.
type Webhook struct {
	OwnerID string
	URL     string
	// Secret is the HMAC-SHA256 key that signs each delivery. It is shown
	// to the owner once, when the webhook is set; the store keeps it
	// because signing needs it.
	Secret  []byte
	Created time.Time
	// Delivered is the ID of the last notice delivered, or given up on
	// after the retries: the webhook's cursor in the feed.
	Delivered int64
}

// NoticeStore keeps owners' notice feeds and webhooks.
type NoticeStore interface {
	// AddNotices adds notices to their owners' feeds, in one transaction,
	// each stamped now if its Time is zero, and returns those added with
	// their IDs, leaving out any whose Dedupe its owner's feed already
	// had. An unknown owner is ErrNotFound.
	AddNotices(ctx context.Context, ns []Notice) ([]Notice, error)

	// Notices returns the owner's notices whose ID is above since, newest
	// first, at most limit of them (all if limit <= 0): the newest.
	Notices(ctx context.Context, ownerID string, since int64, limit int) ([]Notice, error)

	// SetWebhook sets the owner's webhook, replacing any other, and
	// returns it. Its Delivered is the owner's newest notice: only
	// notices added after it are delivered.
	SetWebhook(ctx context.Context, w Webhook) (Webhook, error)

	// DeleteWebhook removes the owner's webhook; none is ErrNotFound.
	DeleteWebhook(ctx context.Context, ownerID string) error

	// Webhook returns the owner's webhook; none is ErrNotFound.
	Webhook(ctx context.Context, ownerID string) (Webhook, error)

	// Webhooks lists every owner's webhook, by owner id. It is for the
	// system (the deliverer).
	Webhooks(ctx context.Context) ([]Webhook, error)

	// MarkDelivered moves the owner's webhook cursor forward to noticeID;
	// it never moves it back. An owner without a webhook is ErrNotFound.
	MarkDelivered(ctx context.Context, ownerID string, noticeID int64) error
}
