-- Organisations closed (撤销) on a day, as a day number: they keep their published
-- records but leave the lists. Accounts given a one-time password must choose their own
-- before they do anything else.

ALTER TABLE orgs ADD COLUMN closed_on INTEGER;
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
