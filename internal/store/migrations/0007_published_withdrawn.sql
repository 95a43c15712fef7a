-- Unpublishing withdraws a view from the public site but keeps its row:
-- copies may have been downloaded, so a later publication of the same
-- survey is still audited against it (report.Dataset.Audit).
ALTER TABLE published_reports ADD COLUMN withdrawn_on TEXT;
