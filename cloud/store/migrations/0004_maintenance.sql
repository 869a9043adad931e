-- 0004: maintenance windows. A group's window is "HH:MM-HH:MM" in its
-- time zone, or '' for none: rollouts offer its devices upgrades only
-- inside it (emergencies excepted).

ALTER TABLE device_groups ADD COLUMN maintenance TEXT NOT NULL DEFAULT '';
