-- Reading the free text of surveys: a codebook of themes per free-text
-- question (sub-themes name their parent), each analyst's themes for
-- each comment (coder 0 is the agreed coding, after disagreements are
-- resolved; themes is a comma-separated list, '' for "read, fits none"),
-- and the quotes a person approved after redaction. Nothing here names a
-- respondent: response ids are the responses' own random ids, and no
-- time of coding is kept.
CREATE TABLE text_themes (
	survey_slug TEXT    NOT NULL,
	question    TEXT    NOT NULL,
	code        TEXT    NOT NULL,
	parent      TEXT    NOT NULL DEFAULT '',
	name        TEXT    NOT NULL,
	definition  TEXT    NOT NULL DEFAULT '',
	position    INTEGER NOT NULL,
	PRIMARY KEY (survey_slug, question, code)
) {{without_rowid}};

CREATE TABLE text_codings (
	survey_slug TEXT   NOT NULL,
	question    TEXT   NOT NULL,
	response_id TEXT   NOT NULL,
	coder       BIGINT NOT NULL,
	themes      TEXT   NOT NULL DEFAULT '',
	PRIMARY KEY (survey_slug, question, response_id, coder)
) {{without_rowid}};

CREATE TABLE text_quotes (
	survey_slug TEXT   NOT NULL,
	question    TEXT   NOT NULL,
	response_id TEXT   NOT NULL,
	quote       TEXT   NOT NULL,
	approved_by BIGINT NOT NULL,
	approved_on TEXT   NOT NULL,
	PRIMARY KEY (survey_slug, question, response_id)
) {{without_rowid}};
