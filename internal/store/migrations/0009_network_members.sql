-- Network members, the messages leads send them, the outbox every email
-- goes through, and the leads' weekly digest. Membership of a BME network
-- reveals ethnicity (UK GDPR special category data): a member row holds
-- only what the join form asks, and deleting it leaves nothing but the
-- anonymous monthly counts in network_member_months. Times that order
-- work (leases, retries) are Unix seconds; calendar dates are YYYY-MM-DD.

-- Whether a network takes members through staffnet, and the consent text
-- it shows on the join form.
CREATE TABLE network_member_settings (
	network_id   BIGINT  PRIMARY KEY REFERENCES networks (id) ON DELETE CASCADE,
	accepts      INTEGER NOT NULL DEFAULT 0,
	consent_text TEXT    NOT NULL DEFAULT ''
);

-- One row per person per network. A sign-up is 'pending' until the email
-- is confirmed by the one-time link (confirm_hash, expiring); the
-- personal manage link's token is manage_hash. Tokens are stored hashed.
CREATE TABLE network_members (
	id              {{id}},
	network_id      BIGINT  NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
	name            TEXT    NOT NULL,
	email           TEXT    NOT NULL,
	staff_group     TEXT    NOT NULL DEFAULT '',
	site            TEXT    NOT NULL DEFAULT '',
	ally            INTEGER NOT NULL DEFAULT 0,
	consent_text    TEXT    NOT NULL,
	consented_on    TEXT    NOT NULL,
	status          TEXT    NOT NULL DEFAULT 'pending',
	confirm_hash    TEXT,
	confirm_expires BIGINT  NOT NULL DEFAULT 0,
	manage_hash     TEXT,
	joined_on       TEXT    NOT NULL DEFAULT '',
	messages_off    INTEGER NOT NULL DEFAULT 0,
	UNIQUE (network_id, email)
);
CREATE UNIQUE INDEX network_members_confirm ON network_members (confirm_hash);
CREATE UNIQUE INDEX network_members_manage ON network_members (manage_hash);
CREATE INDEX network_members_list ON network_members (network_id, status, name);
-- Covers the counts (MemberTotals) without reading the rows.
CREATE INDEX network_members_counts ON network_members (network_id, status, ally);

-- Anonymous membership figures: counts per network per month, kept when
-- a member leaves and their row is deleted.
CREATE TABLE network_member_months (
	network_id   BIGINT  NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
	month        TEXT    NOT NULL,
	joined       INTEGER NOT NULL DEFAULT 0,
	left_count   INTEGER NOT NULL DEFAULT 0,
	allies_joined INTEGER NOT NULL DEFAULT 0,
	allies_left  INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (network_id, month)
);

-- One-click unsubscribe tokens (RFC 8058), one per message sent to a
-- member, hashed.
CREATE TABLE network_member_unsubscribe (
	token_hash TEXT   PRIMARY KEY,
	member_id  BIGINT NOT NULL REFERENCES network_members (id) ON DELETE CASCADE
);
CREATE INDEX network_member_unsubscribe_member ON network_member_unsubscribe (member_id);

-- Announcements and newsletters a lead queued. The audience is the group
-- chosen (all, allies, a site, a staff group), never a list of people.
CREATE TABLE network_messages (
	id             {{id}},
	network_id     BIGINT  NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
	subject        TEXT    NOT NULL,
	body           TEXT    NOT NULL,
	format         TEXT    NOT NULL,
	audience       TEXT    NOT NULL,
	audience_value TEXT    NOT NULL DEFAULT '',
	author         TEXT    NOT NULL,
	queued_at      BIGINT  NOT NULL,
	recipients     INTEGER NOT NULL
);
CREATE INDEX network_messages_network ON network_messages (network_id, id);

-- The outbox: every email staffnet sends is a row here first, so none is
-- lost if the server stops. A sender claims a row with a lease
-- (claimed_until, claim) before sending; message_id is fixed when queued
-- so a resend after a crash carries the same Message-ID.
CREATE TABLE outbox (
	id            {{id}},
	kind          TEXT    NOT NULL,
	network_id    BIGINT  REFERENCES networks (id) ON DELETE CASCADE,
	message_id    BIGINT  REFERENCES network_messages (id) ON DELETE CASCADE,
	member_id     BIGINT  REFERENCES network_members (id) ON DELETE CASCADE,
	to_addr       TEXT    NOT NULL,
	subject       TEXT    NOT NULL,
	text_body     TEXT    NOT NULL,
	html_body     TEXT    NOT NULL DEFAULT '',
	unsubscribe   TEXT    NOT NULL DEFAULT '',
	header_id     TEXT    NOT NULL,
	status        TEXT    NOT NULL DEFAULT 'queued',
	attempts      INTEGER NOT NULL DEFAULT 0,
	next_attempt  BIGINT  NOT NULL,
	claimed_until BIGINT  NOT NULL DEFAULT 0,
	claim         TEXT    NOT NULL DEFAULT '',
	last_error    TEXT    NOT NULL DEFAULT '',
	created_at    BIGINT  NOT NULL,
	sent_at       BIGINT  NOT NULL DEFAULT 0
);
CREATE INDEX outbox_due ON outbox (status, next_attempt);
CREATE INDEX outbox_message ON outbox (message_id, status);

-- Leads who turned the weekly digest off.
CREATE TABLE digest_optout (
	user_id BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE
);

-- The weeks a network's digest was queued: inserting the row claims the
-- week, so several servers queue one digest between them.
CREATE TABLE network_digests (
	network_id BIGINT NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
	week       TEXT   NOT NULL,
	PRIMARY KEY (network_id, week)
);
