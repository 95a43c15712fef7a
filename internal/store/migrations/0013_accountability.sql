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
