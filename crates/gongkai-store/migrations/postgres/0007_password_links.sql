-- Set-password links: an administrator hands one over instead of a one-time password.
-- Only the token's hash is kept; a link works once, within its lifetime.

CREATE TABLE password_links (
    token_hash TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT
);
CREATE INDEX password_links_user ON password_links(user_id);
