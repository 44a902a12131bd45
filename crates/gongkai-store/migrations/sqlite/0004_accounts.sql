-- Accounts that can be switched off; browsers that have signed in before (their failures
-- are counted apart, so failures from elsewhere cannot lock the real user out); indexes
-- for purging what has expired.

ALTER TABLE users ADD COLUMN disabled_at INTEGER;
ALTER TABLE login_failures ADD COLUMN device TEXT;
CREATE TABLE login_devices (
    token_hash TEXT PRIMARY KEY,
    username   TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX login_devices_username ON login_devices(username);
CREATE INDEX sessions_expiry ON sessions(expires_at);
CREATE INDEX login_failures_at ON login_failures(at);
