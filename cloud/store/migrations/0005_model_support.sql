-- 0005: device models' security support periods (REQ-LIFE-1, REQ-LIFE-2).
--
-- model_support holds each model's published end of support: until is
-- the last day of security upgrades, a date 'YYYY-MM-DD' (UTC), checked
-- here by SQLite's own calendar; announced is when until took its present
-- value, in microseconds since 1970 UTC as elsewhere; set_by and note are
-- those of the latest change. model_support_history keeps every change,
-- old_until NULL for the first publication; like upgrade_events it is
-- append-only, and the triggers refuse to rewrite or delete it. The
-- twelve months' notice (REQ-LIFE-2) is checked in Go, in the same
-- transaction as the change, since it depends on the date it replaces.

CREATE TABLE model_support (
    model     TEXT PRIMARY KEY CHECK (model <> ''),
    until     TEXT NOT NULL CHECK (date(until) IS until),
    announced INTEGER NOT NULL,
    set_by    TEXT NOT NULL CHECK (set_by <> ''),
    note      TEXT NOT NULL
);

CREATE TABLE model_support_history (
    seq       INTEGER PRIMARY KEY AUTOINCREMENT,
    model     TEXT NOT NULL REFERENCES model_support (model),
    old_until TEXT CHECK (old_until IS NULL OR date(old_until) IS old_until),
    new_until TEXT NOT NULL CHECK (date(new_until) IS new_until),
    set_by    TEXT NOT NULL CHECK (set_by <> ''),
    note      TEXT NOT NULL,
    at        INTEGER NOT NULL
);
CREATE INDEX model_support_history_model ON model_support_history (model, seq);

CREATE TRIGGER model_support_history_no_update BEFORE UPDATE ON model_support_history
BEGIN
    SELECT RAISE(ABORT, 'model_support_history is append-only');
END;

CREATE TRIGGER model_support_history_no_delete BEFORE DELETE ON model_support_history
BEGIN
    SELECT RAISE(ABORT, 'model_support_history is append-only');
END;
