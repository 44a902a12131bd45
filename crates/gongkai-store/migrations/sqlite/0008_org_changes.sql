-- 四眼原则 for organisation details: an editor's change waits here until a reviewer
-- approves it (it is then applied and removed) or returns it with a reason (it stays,
-- returned, until the next proposal replaces it). One change per organisation.

CREATE TABLE org_changes (
    org           TEXT PRIMARY KEY REFERENCES orgs(code),
    details       TEXT NOT NULL,
    proposed_by   TEXT NOT NULL REFERENCES users(id),
    proposer      TEXT NOT NULL,
    proposed_at   INTEGER NOT NULL,
    returned_by   TEXT,
    returned_at   INTEGER,
    return_reason TEXT
);
