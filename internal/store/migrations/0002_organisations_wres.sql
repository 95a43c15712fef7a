CREATE TABLE organisations (
	code      TEXT PRIMARY KEY,
	name      TEXT NOT NULL,
	region    TEXT NOT NULL,
	org_type  TEXT NOT NULL,
	icb       TEXT NOT NULL DEFAULT '',
	postcode  TEXT NOT NULL DEFAULT '',
	opened_on TEXT NOT NULL DEFAULT '',
	closed_on TEXT NOT NULL DEFAULT ''
);
CREATE INDEX organisations_region ON organisations (region);

-- The aggregated WRES return: one row per organisation, year, measure,
-- ethnic group, staff group and band (see docs/wres.md). Enumerations are
-- stored by name so the table reads on its own.
CREATE TABLE wres_counts (
	org         TEXT    NOT NULL REFERENCES organisations (code),
	year        INTEGER NOT NULL,
	measure     TEXT    NOT NULL,
	ethnicity   TEXT    NOT NULL,
	staff_group TEXT    NOT NULL,
	band        TEXT    NOT NULL,
	value       BIGINT  NOT NULL CHECK (value >= 0),
	PRIMARY KEY (org, year, measure, ethnicity, staff_group, band)
);
