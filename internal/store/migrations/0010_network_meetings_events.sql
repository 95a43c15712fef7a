-- A network's meetings and events. Instants are UTC text,
-- YYYY-MM-DDTHH:MM:SSZ, so that they sort as text on both databases;
-- calendar dates are YYYY-MM-DD, '' for none. Lists (papers, decisions,
-- actions, named attendees) are JSON text, read and written whole. uid is
-- the iCalendar UID, fixed when the row is made so calendars that
-- subscribed keep the same event when it changes; sequence counts the
-- changes.
CREATE TABLE network_meetings (
	id                {{id}},
	network_id        BIGINT  NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
	uid               TEXT    NOT NULL UNIQUE,
	sequence          INTEGER NOT NULL DEFAULT 0,
	starts_at         TEXT    NOT NULL,
	ends_at           TEXT    NOT NULL,
	place             TEXT    NOT NULL DEFAULT '',
	online_url        TEXT    NOT NULL DEFAULT '',
	agenda            TEXT    NOT NULL DEFAULT '',
	papers            TEXT    NOT NULL DEFAULT '[]',
	attendance        INTEGER NOT NULL DEFAULT 0,
	attendees_consent INTEGER NOT NULL DEFAULT 0,
	attendees         TEXT    NOT NULL DEFAULT '[]',
	minutes           TEXT    NOT NULL DEFAULT '',
	minutes_status    TEXT    NOT NULL DEFAULT '',
	approved_on       TEXT    NOT NULL DEFAULT '',
	decisions         TEXT    NOT NULL DEFAULT '[]',
	actions           TEXT    NOT NULL DEFAULT '[]',
	publish           INTEGER NOT NULL DEFAULT 0,
	updated_at        TEXT    NOT NULL
);
CREATE INDEX network_meetings_network ON network_meetings (network_id, starts_at);

CREATE TABLE network_events (
	id            {{id}},
	network_id    BIGINT  NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
	uid           TEXT    NOT NULL UNIQUE,
	sequence      INTEGER NOT NULL DEFAULT 0,
	title         TEXT    NOT NULL,
	description   TEXT    NOT NULL DEFAULT '',
	starts_at     TEXT    NOT NULL,
	ends_at       TEXT    NOT NULL,
	place         TEXT    NOT NULL DEFAULT '',
	online_url    TEXT    NOT NULL DEFAULT '',
	accessibility TEXT    NOT NULL DEFAULT '',
	capacity      INTEGER NOT NULL DEFAULT 0,
	visibility    TEXT    NOT NULL,
	suggestion    TEXT    NOT NULL DEFAULT '',
	updated_at    TEXT    NOT NULL
);
CREATE INDEX network_events_network ON network_events (network_id, starts_at);
CREATE INDEX network_events_public ON network_events (visibility, starts_at);

-- Co-hosts: the other networks, of any organisation, running an event.
CREATE TABLE network_event_hosts (
	event_id   BIGINT NOT NULL REFERENCES network_events (id) ON DELETE CASCADE,
	network_id BIGINT NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
	PRIMARY KEY (event_id, network_id)
);
CREATE INDEX network_event_hosts_network ON network_event_hosts (network_id);

-- Sign-ups. Personal data: only the network's leads see names. The
-- address is stored in lower case and is unique per event, so one person
-- cannot sign up twice.
CREATE TABLE network_event_rsvps (
	event_id   BIGINT NOT NULL REFERENCES network_events (id) ON DELETE CASCADE,
	email      TEXT   NOT NULL,
	name       TEXT   NOT NULL,
	created_at TEXT   NOT NULL,
	PRIMARY KEY (event_id, email)
);
