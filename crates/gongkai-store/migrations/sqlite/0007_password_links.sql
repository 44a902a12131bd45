-- Set-password links: an administrator hands one over instead of a one-time password.
-- Only the token's hash is kept; a link works once, within its lifetime.

CREATE TABLE password_links (
    token_hash TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
);
CREATE INDEX password_links_user ON password_links(user_id);
