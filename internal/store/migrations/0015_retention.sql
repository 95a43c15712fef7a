-- Retention (store/retention.go) deletes contact details a set number of
-- days after their survey closed, and accounts a set number of days after
-- they were disabled, so it needs both times (Unix seconds). 0 means
-- open or enabled, or closed or disabled before this migration: the first
-- retention run starts their clock then, so nothing goes sooner than set.
ALTER TABLE surveys ADD COLUMN closed_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN disabled_at BIGINT NOT NULL DEFAULT 0;

-- The daily retention run: the server whose update moves "at" runs it,
-- so several servers on one database run it once a day between them.
INSERT INTO purge_runs (name, at) VALUES ('retention', 0);
