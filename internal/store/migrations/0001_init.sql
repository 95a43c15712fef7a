-- One schema for SQLite and PostgreSQL. The few words the two spell
-- differently are written as {{id}}, {{blob}} and {{without_rowid}}; see
-- store.go.

CREATE TABLE surveys (
	id          {{id}},
	slug        TEXT    NOT NULL,
	version     INTEGER NOT NULL,
	title       TEXT    NOT NULL,
	definition  TEXT    NOT NULL,
	hash        TEXT    NOT NULL,
	is_open     INTEGER NOT NULL DEFAULT 1,
	created_on  TEXT    NOT NULL,
	UNIQUE (slug, version)
);

-- Responses carry no client address, user agent, session or time finer
-- than the day. The id is random and the table is keyed by it, so neither
-- row order nor a hidden row number records when a response arrived.
CREATE TABLE responses (
	survey_id    BIGINT  NOT NULL REFERENCES surveys (id),
	id           TEXT    NOT NULL,
	submitted_on TEXT    NOT NULL,
	answers      {{blob}} NOT NULL,
	texts        TEXT,
	PRIMARY KEY (survey_id, id)
) {{without_rowid}};

-- Hashes of the one-time tokens that survey forms carry, so that a second
-- submission of the same form stores nothing. Nothing links a token to a
-- response.
CREATE TABLE submission_tokens (
	token TEXT PRIMARY KEY
) {{without_rowid}};

-- Optional contact details, kept apart from responses: no survey version,
-- no time, random key.
CREATE TABLE contacts (
	id           TEXT PRIMARY KEY,
	survey_slug  TEXT NOT NULL,
	name         TEXT NOT NULL,
	email        TEXT NOT NULL,
	organisation TEXT NOT NULL
) {{without_rowid}};

CREATE TABLE users (
	id            {{id}},
	email         TEXT   NOT NULL UNIQUE,
	role          TEXT   NOT NULL,
	password_hash TEXT   NOT NULL,
	created_at    BIGINT NOT NULL
);

CREATE TABLE sessions (
	token_hash TEXT   PRIMARY KEY,
	user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	csrf       TEXT   NOT NULL,
	expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE setup_tokens (
	token_hash TEXT   PRIMARY KEY,
	expires_at BIGINT NOT NULL
);
