-- Contact details on their way to the contacts table. A server keeps the
-- details it receives in memory for a few minutes, then writes them here
-- sealed (AES-256-GCM, each row the same size, padded with dummy rows), so
-- that neither the files nor their order say which response came before
-- which contact. Once a day they are opened and moved to contacts in a
-- random order, all in one transaction. See docs/privacy.md. On SQLite
-- the table is rebuilt after each release (rebuildHeld in contacts.go,
-- which repeats this definition).
CREATE TABLE held_contacts (
	id      TEXT     NOT NULL PRIMARY KEY,
	held_on TEXT     NOT NULL,
	sealed  {{blob}} NOT NULL
) {{without_rowid}};
