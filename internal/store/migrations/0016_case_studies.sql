-- The case-study library. Every template section is Markdown text; tags
-- are rows of case_study_tags (kind, value) so that any of them filters
-- with one index. slug is NULL until the study is first published, then
-- fixed: it is the study's public address. Instants are UTC text,
-- YYYY-MM-DDTHH:MM:SSZ; published_at is '' until published.
CREATE TABLE case_studies (
	id               {{id}},
	slug             TEXT UNIQUE,
	status           TEXT   NOT NULL,
	org_code         TEXT   NOT NULL,
	network_id       BIGINT REFERENCES networks (id) ON DELETE SET NULL,
	author_id        BIGINT REFERENCES users (id) ON DELETE SET NULL,
	title            TEXT   NOT NULL,
	organisation     TEXT   NOT NULL DEFAULT '',
	authors          TEXT   NOT NULL DEFAULT '',
	contact          TEXT   NOT NULL DEFAULT '',
	summary          TEXT   NOT NULL DEFAULT '',
	challenge        TEXT   NOT NULL DEFAULT '',
	action           TEXT   NOT NULL DEFAULT '',
	obstacles        TEXT   NOT NULL DEFAULT '',
	outputs          TEXT   NOT NULL DEFAULT '',
	outcomes         TEXT   NOT NULL DEFAULT '',
	lessons          TEXT   NOT NULL DEFAULT '',
	next_steps       TEXT   NOT NULL DEFAULT '',
	further_info     TEXT   NOT NULL DEFAULT '',
	withdrawn_reason TEXT   NOT NULL DEFAULT '',
	created_at       TEXT   NOT NULL,
	updated_at       TEXT   NOT NULL,
	published_at     TEXT   NOT NULL DEFAULT ''
);
CREATE INDEX case_studies_status ON case_studies (status, published_at);
CREATE INDEX case_studies_network ON case_studies (network_id);
CREATE INDEX case_studies_org ON case_studies (org_code);

CREATE TABLE case_study_tags (
	case_id BIGINT NOT NULL REFERENCES case_studies (id) ON DELETE CASCADE,
	kind    TEXT   NOT NULL,
	value   TEXT   NOT NULL,
	PRIMARY KEY (case_id, kind, value)
);
CREATE INDEX case_study_tags_value ON case_study_tags (kind, value, case_id);

-- The review history: each step (submitted, comment, changes requested,
-- approved, withdrawn) with who took it and what they wrote.
CREATE TABLE case_study_reviews (
	id          {{id}},
	case_id     BIGINT NOT NULL REFERENCES case_studies (id) ON DELETE CASCADE,
	step        TEXT   NOT NULL,
	author_id   BIGINT REFERENCES users (id) ON DELETE SET NULL,
	author_name TEXT   NOT NULL,
	body        TEXT   NOT NULL DEFAULT '',
	created_at  TEXT   NOT NULL
);
CREATE INDEX case_study_reviews_case ON case_study_reviews (case_id, id);

-- Full-text search: weighted title, summary and the rest ("body": the
-- organisation and the other sections). SQLite keeps an FTS5 table whose
-- rowid is the study's id, written by the store with the study; its
-- porter tokenizer stems as PostgreSQL's english configuration does for
-- ordinary words. PostgreSQL keeps a generated tsvector column with the
-- same three parts as weights A, B and C.
-- sqlite:
CREATE VIRTUAL TABLE case_studies_fts USING fts5(title, summary, body, tokenize = 'porter unicode61');
-- postgres:
ALTER TABLE case_studies ADD COLUMN search tsvector GENERATED ALWAYS AS (
	setweight(to_tsvector('english', title), 'A') ||
	setweight(to_tsvector('english', summary), 'B') ||
	setweight(to_tsvector('english', organisation || ' ' || challenge || ' ' || action || ' ' || obstacles || ' ' ||
		outputs || ' ' || outcomes || ' ' || lessons || ' ' || next_steps || ' ' || further_info), 'C')
) STORED;
CREATE INDEX case_studies_search ON case_studies USING GIN (search);
