-- Staff networks. A network's scalar fields are columns so the
-- directory can filter on them; its nested lists (leaders, the sponsor,
-- the published field names) are JSON text, read and written whole.
-- Dates are calendar dates as YYYY-MM-DD text, '' for none.
CREATE TABLE networks (
	id              {{id}},
	org_code        TEXT    NOT NULL REFERENCES organisations (code),
	type            TEXT    NOT NULL,
	name            TEXT    NOT NULL,
	year_started    INTEGER NOT NULL DEFAULT 0,
	purpose         TEXT    NOT NULL DEFAULT '',
	contact         TEXT    NOT NULL DEFAULT '',
	meeting_pattern TEXT    NOT NULL DEFAULT '',
	web_page        TEXT    NOT NULL DEFAULT '',
	status          TEXT    NOT NULL,
	leaders         TEXT    NOT NULL DEFAULT '[]',
	sponsor         TEXT    NOT NULL DEFAULT '',
	published       TEXT    NOT NULL DEFAULT '[]',
	updated_on      TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX networks_org ON networks (org_code);
CREATE INDEX networks_type_status ON networks (type, status);

-- Terms of reference: one row per approved version, never overwritten.
CREATE TABLE network_terms (
	network_id  BIGINT  NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
	version     INTEGER NOT NULL,
	text        TEXT    NOT NULL,
	approved_on TEXT    NOT NULL,
	review_due  TEXT    NOT NULL,
	PRIMARY KEY (network_id, version)
);

-- Work plans: one row per saved version; the objectives are JSON.
CREATE TABLE network_work_plans (
	network_id BIGINT  NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
	version    INTEGER NOT NULL,
	updated_on TEXT    NOT NULL,
	objectives TEXT    NOT NULL,
	PRIMARY KEY (network_id, version)
);

-- The records kept only in their latest state: the sponsor relationship,
-- the skills audit (both JSON, '' for none) and the meeting dates.
CREATE TABLE network_records (
	network_id     BIGINT NOT NULL PRIMARY KEY REFERENCES networks (id) ON DELETE CASCADE,
	sponsor_record TEXT   NOT NULL DEFAULT '',
	skills_audit   TEXT   NOT NULL DEFAULT '',
	last_minutes   TEXT   NOT NULL DEFAULT '',
	next_meeting   TEXT   NOT NULL DEFAULT ''
);

-- Self-assessments: one row per round, one row per respondent's answers.
CREATE TABLE network_assessments (
	id         {{id}},
	network_id BIGINT  NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
	taken_on   TEXT    NOT NULL,
	version    INTEGER NOT NULL
);
CREATE INDEX network_assessments_network ON network_assessments (network_id, taken_on);

CREATE TABLE network_assessment_responses (
	assessment_id BIGINT NOT NULL REFERENCES network_assessments (id) ON DELETE CASCADE,
	respondent    TEXT   NOT NULL,
	role          TEXT   NOT NULL,
	answers       TEXT   NOT NULL,
	PRIMARY KEY (assessment_id, respondent)
);

-- A new network's way through the six-step guide, kept as the domain's
-- JSON, with the account that started it.
CREATE TABLE network_guides (
	id         {{id}},
	org_code   TEXT   NOT NULL REFERENCES organisations (code),
	owner_id   BIGINT NOT NULL DEFAULT 0,
	progress   TEXT   NOT NULL,
	updated_on TEXT   NOT NULL DEFAULT ''
);
CREATE INDEX network_guides_org ON network_guides (org_code);

-- A network lead or sponsor belongs to one network; 0 for everyone else.
ALTER TABLE users ADD COLUMN network_id BIGINT NOT NULL DEFAULT 0;
