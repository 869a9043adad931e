-- 0002: platform upgrades: releases, advisories, rollouts with their target
-- groups, owner approvals and devices, and each device's upgrade history.
--
-- Times are INTEGER microseconds since 1970 UTC, as in 0001. Enumerated
-- values (slot, mode, states, severity) are CHECKed here as well as in Go,
-- so a row another program writes cannot hold a state the code does not
-- know.
--
-- A rollout's groups are normalised into rollout_groups (with their
-- position, to give them back in order) so that each names an existing
-- group by foreign key and "which rollouts target this group" is one index
-- lookup. Its waves are JSON text, e.g. '[1,10,50,100]': a short list only
-- ever read and written whole with its rollout, checked in Go (increasing,
-- ending at 100) before it is stored.
--
-- A rollout device's owner_id is copied from its device when the rollout
-- is made: approvals are per owner, and a rollout touches the owners its
-- devices had then.

-- id is the image file's SHA-256 in lower-case hex, its blob digest.
-- manifest is the signed SUIT envelope as offered to devices.
CREATE TABLE releases (
    id        TEXT PRIMARY KEY CHECK (length(id) = 64),
    model     TEXT NOT NULL,
    slot      TEXT NOT NULL CHECK (slot IN ('improm', 'bootrom')),
    version   TEXT NOT NULL,
    sequence  INTEGER NOT NULL CHECK (sequence >= 0),
    size      INTEGER NOT NULL CHECK (size > 0),
    manifest  BLOB NOT NULL,
    uploaded  INTEGER NOT NULL,
    withdrawn INTEGER
);
CREATE INDEX releases_uploaded ON releases (uploaded);

-- affected and fixed are improm version ranges, e.g. '>=36.0 <36.10'.
CREATE TABLE advisories (
    id       TEXT PRIMARY KEY,
    severity TEXT NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
    summary  TEXT NOT NULL,
    model    TEXT NOT NULL,
    affected TEXT NOT NULL,
    fixed    TEXT NOT NULL,
    created  INTEGER NOT NULL
);
CREATE INDEX advisories_created ON advisories (created);

-- wave is the index in waves of the wave being offered. advisory_id is
-- NULL when the rollout fixes no advisory. A demand must say why.
CREATE TABLE rollouts (
    id                TEXT PRIMARY KEY,
    release_id        TEXT NOT NULL REFERENCES releases (id),
    mode              TEXT NOT NULL CHECK (mode IN ('request', 'demand')),
    from_versions     TEXT NOT NULL,
    percent           INTEGER NOT NULL CHECK (percent BETWEEN 1 AND 100),
    waves             TEXT NOT NULL CHECK (json_valid(waves) AND json_type(waves) = 'array'),
    failure_threshold REAL NOT NULL CHECK (failure_threshold BETWEEN 0 AND 1),
    justification     TEXT NOT NULL,
    emergency         INTEGER NOT NULL CHECK (emergency IN (0, 1)),
    advisory_id       TEXT REFERENCES advisories (id),
    state             TEXT NOT NULL CHECK (state IN
                          ('pending-approval', 'running', 'paused', 'aborted', 'done')),
    wave              INTEGER NOT NULL CHECK (wave >= 0),
    state_note        TEXT NOT NULL,
    created           INTEGER NOT NULL,
    created_by        TEXT NOT NULL,
    CHECK (mode = 'request' OR justification <> '')
);
CREATE INDEX rollouts_created ON rollouts (created);
CREATE INDEX rollouts_release ON rollouts (release_id);

-- The device groups a rollout targets, of any owner, in the order given.
CREATE TABLE rollout_groups (
    rollout_id TEXT NOT NULL REFERENCES rollouts (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    group_id   TEXT NOT NULL REFERENCES device_groups (id),
    PRIMARY KEY (rollout_id, position),
    UNIQUE (rollout_id, group_id)
);
CREATE INDEX rollout_groups_group ON rollout_groups (group_id);

-- One row per owner that approved; the first approval is kept.
-- approved_by is the name of the token that approved.
CREATE TABLE rollout_approvals (
    rollout_id  TEXT NOT NULL REFERENCES rollouts (id) ON DELETE CASCADE,
    owner_id    TEXT NOT NULL REFERENCES owners (id) ON DELETE CASCADE,
    approved_by TEXT NOT NULL,
    at          INTEGER NOT NULL,
    PRIMARY KEY (rollout_id, owner_id)
);

-- Each device's place in a rollout; wave is an index in the rollout's
-- waves. The device_id index serves the gateway's lookup on connect.
CREATE TABLE rollout_devices (
    rollout_id TEXT NOT NULL REFERENCES rollouts (id) ON DELETE CASCADE,
    device_id  TEXT NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
    owner_id   TEXT NOT NULL REFERENCES owners (id),
    wave       INTEGER NOT NULL CHECK (wave >= 0),
    state      TEXT NOT NULL CHECK (state IN ('pending', 'waiting', 'offered', 'deferred',
                   'low-battery', 'downloading', 'flashing', 'succeeded', 'failed')),
    reason     TEXT NOT NULL,
    deferrals  INTEGER NOT NULL CHECK (deferrals >= 0),
    updated    INTEGER NOT NULL,
    PRIMARY KEY (rollout_id, device_id)
);
CREATE INDEX rollout_devices_device ON rollout_devices (device_id);

-- The upgrade history: one row per change of a device's state in a
-- rollout, in the order written (seq, AUTOINCREMENT: never reused). It is
-- append-only; the trigger refuses to rewrite it. battery_mv is the supply
-- voltage the device reported with the change.
CREATE TABLE upgrade_events (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    device_id  TEXT NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
    rollout_id TEXT NOT NULL REFERENCES rollouts (id) ON DELETE CASCADE,
    state      TEXT NOT NULL,
    reason     TEXT NOT NULL,
    battery_mv INTEGER NOT NULL CHECK (battery_mv >= 0),
    time       INTEGER NOT NULL
);
CREATE INDEX upgrade_events_device ON upgrade_events (device_id, seq);

CREATE TRIGGER upgrade_events_append_only BEFORE UPDATE ON upgrade_events
BEGIN
    SELECT RAISE(ABORT, 'upgrade_events is append-only');
END;
