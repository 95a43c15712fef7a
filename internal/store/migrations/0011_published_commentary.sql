-- A published view carries a short commentary by whoever published it
-- (plain text or Markdown, rendered safely when shown). Views published
-- before it existed have none.
ALTER TABLE published_reports ADD COLUMN commentary TEXT NOT NULL DEFAULT '';
