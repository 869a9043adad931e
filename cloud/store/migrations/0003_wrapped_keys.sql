-- 0003: per-device encryption of platform images (REQ-SEP-2).
--
-- devices.wrap_key is the PKIX DER of the device's X25519 key-wrapping
-- public key, registered at enrolment; NULL for devices enrolled before.
-- releases.encryption is the image's Drey encryption mode (0 none, 1
-- per model, 2 per device), from its verified manifest. release_keys holds
-- a device-encrypted release's content key wrapped for each device, made
-- offline by the operator: it travels only in that device's offer, over
-- its TLS link (REQ-PRIV-3).

ALTER TABLE devices ADD COLUMN wrap_key BLOB;

ALTER TABLE releases ADD COLUMN encryption INTEGER NOT NULL DEFAULT 0 CHECK (encryption IN (0, 1, 2));

CREATE TABLE release_keys (
    release_id TEXT NOT NULL REFERENCES releases (id),
    device_id  TEXT NOT NULL REFERENCES devices (id),
    wrapped    BLOB NOT NULL,
    PRIMARY KEY (release_id, device_id)
);
