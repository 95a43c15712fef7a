-- Accounts that can be closed, sessions that end, sign-in throttling and
-- an append-only audit log.

-- A disabled account cannot sign in; its sessions are deleted when it is
-- disabled.
ALTER TABLE users ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0;

-- Sessions end 30 minutes after they were last used (seen_at, touched at
-- most once a minute) and 12 hours after sign-in (expires_at). Sessions
-- from before this migration have seen_at 0 and so end at once.
ALTER TABLE sessions ADD COLUMN seen_at BIGINT NOT NULL DEFAULT 0;

-- Failed sign-ins, counted per account and per client address. The key is
-- an HMAC of "account:"+email or "address:"+address under the key in
-- throttle_keys, so neither the addresses nor the email addresses people
-- typed are stored. A row is deleted when a sign-in succeeds (account) or
-- a day after its last failure.
CREATE TABLE sign_in_throttle (
	key_hash     TEXT    PRIMARY KEY,
	failures     INTEGER NOT NULL,
	locked_until BIGINT  NOT NULL,
	updated_at   BIGINT  NOT NULL
);
CREATE TABLE throttle_keys (
	id     INTEGER PRIMARY KEY,
	secret TEXT    NOT NULL
);

-- One-time password reset links: the token is stored hashed.
CREATE TABLE password_resets (
	token_hash TEXT   PRIMARY KEY,
	user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	expires_at BIGINT NOT NULL
);

-- Who did what to what, and when. The application only ever inserts into
-- this table (store/audit.go has no update or delete).
CREATE TABLE audit_log (
	id     {{id}},
	at     BIGINT NOT NULL,
	actor  TEXT   NOT NULL,
	action TEXT   NOT NULL,
	target TEXT   NOT NULL,
	detail TEXT   NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log (at);

-- Used submission tokens are purged in two steps: a purge deletes the
-- rows an earlier purge marked and marks the rest, so a token is kept
-- for between one and two purge periods without storing when it was used.
-- purge_runs records when that last happened, so that several servers
-- purging at once do not shorten the period.
ALTER TABLE submission_tokens ADD COLUMN purge_mark INTEGER NOT NULL DEFAULT 0;
CREATE TABLE purge_runs (
	name TEXT   PRIMARY KEY,
	at   BIGINT NOT NULL
);
INSERT INTO purge_runs (name, at) VALUES ('submission_tokens', 0);
