-- Facility time. Hours are hundredths of an hour and money whole pence,
-- both integers, so sums are exact on both databases. Dates are
-- YYYY-MM-DD text, '' for none.

-- Agenda for Change pay tables loaded by an administrator, per financial
-- year (the year it starts); the 2025/26 table ships in the binary.
CREATE TABLE pay_scales (
	year         INTEGER NOT NULL,
	band         TEXT    NOT NULL,
	point        INTEGER NOT NULL,
	annual_pence BIGINT  NOT NULL,
	PRIMARY KEY (year, band, point)
);

-- A network's facility-time register: its leaders with their email (how
-- an import names them), role, pay and agreed weekly hours. Names stay
-- on the network's own pages.
CREATE TABLE facility_leaders (
	id           {{id}},
	network_id   BIGINT  NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
	email        TEXT    NOT NULL,
	name         TEXT    NOT NULL,
	role         TEXT    NOT NULL,
	band         TEXT    NOT NULL,
	pay_point    INTEGER NOT NULL DEFAULT 0,
	hourly_pence BIGINT  NOT NULL DEFAULT 0,
	agreed       BIGINT  NOT NULL DEFAULT 0,
	from_date    TEXT    NOT NULL DEFAULT '',
	to_date      TEXT    NOT NULL DEFAULT '',
	UNIQUE (network_id, email)
);

-- One row per leader and week (its Monday), with the rate it is costed
-- at; network_id is repeated so that a report reads one table. On SQLite
-- the rows are stored in key order (WITHOUT ROWID), so a report sums
-- each leader's weeks as it reads them, without sorting.
CREATE TABLE facility_weeks (
	leader_id    BIGINT  NOT NULL REFERENCES facility_leaders (id) ON DELETE CASCADE,
	network_id   BIGINT  NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
	week_start   TEXT    NOT NULL,
	band         TEXT    NOT NULL,
	pay_point    INTEGER NOT NULL DEFAULT 0,
	hourly_pence BIGINT  NOT NULL,
	agreed       BIGINT  NOT NULL,
	used         BIGINT  NOT NULL,
	PRIMARY KEY (leader_id, week_start)
) {{without_rowid}};
CREATE INDEX facility_weeks_network ON facility_weeks (network_id, week_start);

-- The employer on-cost a network's costs are shown with, in hundredths
-- of a percent (2250 is 22.5%).
CREATE TABLE facility_settings (
	network_id BIGINT NOT NULL PRIMARY KEY REFERENCES networks (id) ON DELETE CASCADE,
	on_cost_bp BIGINT NOT NULL DEFAULT 0
);

-- A network's budget: money allocated (category is its source) and spent
-- (category is what kind of spending), one row per line; the financial
-- year is the April–March year of line_date.
CREATE TABLE network_budget_lines (
	id           {{id}},
	network_id   BIGINT NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
	kind         TEXT   NOT NULL,
	line_date    TEXT   NOT NULL,
	category     TEXT   NOT NULL,
	amount_pence BIGINT NOT NULL,
	what         TEXT   NOT NULL DEFAULT ''
);
CREATE INDEX network_budget_lines_network ON network_budget_lines (network_id, line_date);

-- Papers the organisation sent a network for comment, and what became of
-- the network's response.
CREATE TABLE network_consultations (
	id             {{id}},
	network_id     BIGINT NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
	title          TEXT   NOT NULL,
	owner          TEXT   NOT NULL,
	kind           TEXT   NOT NULL,
	received_on    TEXT   NOT NULL,
	stage          TEXT   NOT NULL,
	response       TEXT   NOT NULL DEFAULT '',
	outcome        TEXT   NOT NULL,
	outcome_learnt TEXT   NOT NULL DEFAULT ''
);
CREATE INDEX network_consultations_network ON network_consultations (network_id, received_on);

-- How many interview, disciplinary and grievance panels network members
-- sat on, per month (YYYY-MM-01) and type: counts only, no names.
CREATE TABLE network_panels (
	network_id BIGINT  NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
	month      TEXT    NOT NULL,
	type       TEXT    NOT NULL,
	panels     INTEGER NOT NULL,
	PRIMARY KEY (network_id, month, type)
);
