-- The month (YYYY-MM) in which a confirmed member's change of ally status
-- was last counted, '' for none. store.UpdateMember counts a change as
-- leaving with the old status and joining again with the new; a change
-- back within the same month takes that count off again, so that saving
-- the form over and over moves a month's figures by one member at most.
ALTER TABLE network_members ADD COLUMN ally_changed TEXT NOT NULL DEFAULT '';
