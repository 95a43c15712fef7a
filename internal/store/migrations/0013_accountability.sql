-- An organisation's WRES action plan, owned with its staff networks: per
-- year, actions against the nine WRES indicators, each with an owner from
-- the organisation (an org_admin account, org_owner_id, or a named role,
-- org_owner_role) and one from a network of the organisation. Dates are
-- YYYY-MM-DD, '' for none; updated_at is UTC text. from_rule and
-- from_network name the self-assessment recommendation an action came
-- from ('' and NULL when typed in).
CREATE TABLE wres_actions (
	id             {{id}},
	org_code       TEXT    NOT NULL REFERENCES organisations (code),
	year           INTEGER NOT NULL,
	indicator      INTEGER NOT NULL,
	title          TEXT    NOT NULL,
	org_owner_id   BIGINT  REFERENCES users (id) ON DELETE SET NULL,
	org_owner_role TEXT    NOT NULL DEFAULT '',
	network_id     BIGINT  REFERENCES networks (id) ON DELETE SET NULL,
	network_owner  TEXT    NOT NULL DEFAULT '',
	due            TEXT    NOT NULL DEFAULT '',
	status         TEXT    NOT NULL,
	evidence       TEXT    NOT NULL DEFAULT '',
	from_rule      TEXT    NOT NULL DEFAULT '',
	from_network   BIGINT  REFERENCES networks (id) ON DELETE SET NULL,
	updated_at     TEXT    NOT NULL
);
CREATE INDEX wres_actions_org ON wres_actions (org_code, year, indicator);

-- The chief executive's letter to all staff and managers that network
-- work is a corporate duty: one an organisation, its text Markdown, with
-- the account that last changed it and when (edited_at, UTC text), and,
-- once sent, who sent it (a name or role as typed), on which day, and the
-- account that recorded it.
CREATE TABLE corporate_duty_letters (
	org_code    TEXT NOT NULL PRIMARY KEY REFERENCES organisations (code),
	body        TEXT NOT NULL,
	edited_by   TEXT NOT NULL DEFAULT '',
	edited_at   TEXT NOT NULL DEFAULT '',
	sent_by     TEXT NOT NULL DEFAULT '',
	sent_on     TEXT NOT NULL DEFAULT '',
	recorded_by TEXT NOT NULL DEFAULT ''
);

-- Mentoring within a network: what each person offers or seeks
-- (mentoring, reverse mentoring, career buddying), the pairs matched
-- from them, and development opportunities with their applications.
-- A profile is a member's own (member_id) or one a lead entered for
-- someone who is not a member, such as a board member to be reverse
-- mentored (member_id NULL). Skills and goals are JSON lists. Personal
-- data: only the network's leads and the pair see names; everyone else
-- sees counts. Deleting a membership deletes its profiles and their
-- pairs.
CREATE TABLE mentoring_profiles (
	id         {{id}},
	network_id BIGINT  NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
	member_id  BIGINT  REFERENCES network_members (id) ON DELETE CASCADE,
	name       TEXT    NOT NULL,
	kind       TEXT    NOT NULL,
	offers     INTEGER NOT NULL,
	board      INTEGER NOT NULL DEFAULT 0,
	ally       INTEGER NOT NULL DEFAULT 0,
	profession TEXT    NOT NULL DEFAULT '',
	band       TEXT    NOT NULL DEFAULT '',
	skills     TEXT    NOT NULL DEFAULT '[]',
	goals      TEXT    NOT NULL DEFAULT '[]',
	site       TEXT    NOT NULL DEFAULT '',
	mode       TEXT    NOT NULL,
	open       INTEGER NOT NULL DEFAULT 1,
	created_at TEXT    NOT NULL
);
CREATE INDEX mentoring_profiles_network ON mentoring_profiles (network_id, open);
CREATE INDEX mentoring_profiles_member ON mentoring_profiles (member_id);

-- A pair: the profile that offers and the one that seeks. Both must
-- accept before it starts; meetings are a JSON list of dates; closing
-- keeps only a rating and themes (a JSON list), never free text.
CREATE TABLE mentoring_pairs (
	id           {{id}},
	network_id   BIGINT  NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
	offer_id     BIGINT  NOT NULL REFERENCES mentoring_profiles (id) ON DELETE CASCADE,
	seek_id      BIGINT  NOT NULL REFERENCES mentoring_profiles (id) ON DELETE CASCADE,
	proposed_by  TEXT    NOT NULL,
	offer_ok     INTEGER NOT NULL DEFAULT 0,
	seek_ok      INTEGER NOT NULL DEFAULT 0,
	status       TEXT    NOT NULL,
	meetings     TEXT    NOT NULL DEFAULT '[]',
	rating       INTEGER NOT NULL DEFAULT 0,
	themes       TEXT    NOT NULL DEFAULT '[]',
	closed_on    TEXT    NOT NULL DEFAULT '',
	created_at   TEXT    NOT NULL,
	UNIQUE (offer_id, seek_id)
);
CREATE INDEX mentoring_pairs_network ON mentoring_pairs (network_id, status);

-- Development opportunities posted by a network (by its lead) or by its
-- organisation (by the organisation's admin), on the network's page; an
-- application is counted once a member, and only counted.
CREATE TABLE development_opportunities (
	id          {{id}},
	network_id  BIGINT NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
	kind        TEXT   NOT NULL,
	title       TEXT   NOT NULL,
	description TEXT   NOT NULL DEFAULT '',
	closes_on   TEXT   NOT NULL DEFAULT '',
	posted_by   TEXT   NOT NULL,
	created_at  TEXT   NOT NULL
);
CREATE INDEX development_opportunities_network ON development_opportunities (network_id);
CREATE TABLE development_applications (
	opportunity_id BIGINT NOT NULL REFERENCES development_opportunities (id) ON DELETE CASCADE,
	member_id      BIGINT NOT NULL REFERENCES network_members (id) ON DELETE CASCADE,
	PRIMARY KEY (opportunity_id, member_id)
);
