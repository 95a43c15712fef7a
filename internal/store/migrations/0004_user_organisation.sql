-- Organisation-level accounts (EDI/HR leads, network leads) belong to one
-- organisation; national accounts have none ('').
ALTER TABLE users ADD COLUMN org_code TEXT NOT NULL DEFAULT '';
