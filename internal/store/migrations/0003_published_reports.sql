-- Frozen, suppressed snapshots of survey findings that an administrator
-- chose to publish. The report is stored as its JSON contract, so a
-- published view never changes when more responses arrive.
CREATE TABLE published_reports (
	id           TEXT PRIMARY KEY,
	survey_slug  TEXT NOT NULL,
	title        TEXT NOT NULL,
	published_on TEXT NOT NULL,
	query        TEXT NOT NULL,
	report       TEXT NOT NULL
);
