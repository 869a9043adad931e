-- 0006: owners' notices, their webhooks, and advisories' confirmation.
--
-- notices is each owner's feed of what the service did to its devices
-- that it did not ask for (REQ-OWN-3): rollouts waiting for its approval,
-- emergencies that skipped it, rollouts paused or aborted, devices
-- transferred. id is AUTOINCREMENT, so it only grows and is never reused:
-- it is the feed's cursor (?since=). dedupe, when not NULL, makes a notice
-- written twice (the engine repairing a crash between a change and its
-- notices) one notice: it is unique per owner.
--
-- notice_webhooks holds at most one webhook per owner: the URL notices
-- are POSTed to, the HMAC key that signs them (shown to the owner once,
-- kept here because signing needs it), and delivered, the id of the last
-- notice delivered or given up on.
--
-- advisories.confirmed is when the vulnerability was confirmed, from
-- which its fix target runs (REQ-VULN-5); NULL for advisories recorded
-- before, which read as confirmed when recorded.

CREATE TABLE notices (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id TEXT NOT NULL REFERENCES owners (id) ON DELETE CASCADE,
    time     INTEGER NOT NULL,
    kind     TEXT NOT NULL CHECK (kind <> ''),
    subject  TEXT NOT NULL,
    text     TEXT NOT NULL,
    dedupe   TEXT,
    UNIQUE (owner_id, dedupe)
);
CREATE INDEX notices_owner ON notices (owner_id, id);

CREATE TABLE notice_webhooks (
    owner_id  TEXT PRIMARY KEY REFERENCES owners (id) ON DELETE CASCADE,
    url       TEXT NOT NULL CHECK (url <> ''),
    secret    BLOB NOT NULL CHECK (length(secret) >= 16),
    created   INTEGER NOT NULL,
    delivered INTEGER NOT NULL DEFAULT 0 CHECK (delivered >= 0)
);

ALTER TABLE advisories ADD COLUMN confirmed INTEGER;
