-- 0007: the version of the platform's root of trust each device holds,
-- as its hello and its acknowledgements of root updates say (REQ-VULN-6).

ALTER TABLE devices ADD COLUMN root_version INTEGER NOT NULL DEFAULT 0;
