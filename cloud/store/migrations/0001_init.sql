-- 0001: owners, tokens, groups, devices, deployments, logs, agent data.
--
-- Times are INTEGER microseconds since 1970 UTC; NULL where a time may be
-- absent (revoked, last seen). Owner consistency is part of the schema:
-- a device or deployment names its group together with its owner, and the
-- composite foreign key refuses a group of another owner.

CREATE TABLE owners (
    id      TEXT PRIMARY KEY,
    name    TEXT NOT NULL UNIQUE,
    created INTEGER NOT NULL
);

-- hash is SHA-256 of the token secret; the secret itself is never stored.
CREATE TABLE tokens (
    id       TEXT PRIMARY KEY,
    owner_id TEXT NOT NULL REFERENCES owners (id) ON DELETE CASCADE,
    name     TEXT NOT NULL,
    hash     BLOB NOT NULL UNIQUE,
    created  INTEGER NOT NULL,
    revoked  INTEGER
);
CREATE INDEX tokens_owner ON tokens (owner_id);

-- "groups" is an SQL keyword (window frames), hence device_groups.
CREATE TABLE device_groups (
    id        TEXT PRIMARY KEY,
    owner_id  TEXT NOT NULL REFERENCES owners (id) ON DELETE CASCADE,
    name      TEXT NOT NULL,
    time_zone TEXT NOT NULL,
    UNIQUE (owner_id, name),
    UNIQUE (id, owner_id)
);

-- group_id is NULL while the device is in no group.
CREATE TABLE devices (
    id              TEXT PRIMARY KEY,
    owner_id        TEXT NOT NULL REFERENCES owners (id),
    group_id        TEXT,
    model           TEXT NOT NULL,
    public_key      BLOB NOT NULL UNIQUE,
    enrolled        INTEGER NOT NULL,
    revoked         INTEGER,
    last_seen       INTEGER,
    improm_version  TEXT NOT NULL DEFAULT '',
    bootrom_version TEXT NOT NULL DEFAULT '',
    counter         INTEGER NOT NULL DEFAULT 0,
    FOREIGN KEY (group_id, owner_id) REFERENCES device_groups (id, owner_id)
);
CREATE INDEX devices_owner_group ON devices (owner_id, group_id);

CREATE TABLE deployments (
    id               TEXT PRIMARY KEY,
    owner_id         TEXT NOT NULL,
    group_id         TEXT NOT NULL,
    version          INTEGER NOT NULL CHECK (version > 0),
    device_code      BLOB NOT NULL,
    agent_code       BLOB NOT NULL,
    device_source    TEXT NOT NULL,
    agent_source     TEXT NOT NULL,
    digest           TEXT NOT NULL,
    created          INTEGER NOT NULL,
    rolled_back_from INTEGER,
    UNIQUE (group_id, version),
    FOREIGN KEY (group_id, owner_id) REFERENCES device_groups (id, owner_id)
);

-- seq never goes back (AUTOINCREMENT), even after pruning the newest lines.
CREATE TABLE logs (
    seq       INTEGER PRIMARY KEY AUTOINCREMENT,
    device_id TEXT NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
    time      INTEGER NOT NULL,
    source    TEXT NOT NULL CHECK (source IN ('device', 'agent', 'status')),
    level     TEXT NOT NULL CHECK (level IN ('info', 'error')),
    text      TEXT NOT NULL
);
CREATE INDEX logs_device_time ON logs (device_id, time, seq);
CREATE INDEX logs_time ON logs (time);

CREATE TABLE agent_data (
    device_id TEXT PRIMARY KEY REFERENCES devices (id) ON DELETE CASCADE,
    data      BLOB NOT NULL,
    updated   INTEGER NOT NULL
);
