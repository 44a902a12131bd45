-- The disclosure loop: organisations, catalogue, accounts, records, attachments,
-- the audit chain and the change feed.

CREATE TABLE orgs (
    code              TEXT PRIMARY KEY,
    name              TEXT NOT NULL,
    kind              TEXT NOT NULL,
    parent            TEXT REFERENCES orgs(code),
    position          BIGINT NOT NULL DEFAULT 0,
    address           TEXT,
    phone             TEXT,
    first_responsible TEXT,
    leaders           TEXT NOT NULL DEFAULT '[]',
    updated_at        BIGINT NOT NULL
);
CREATE INDEX orgs_parent ON orgs(parent, position);

-- owner_kind 'template' rows belong to an org kind; 'org' rows are one org's additions.
CREATE TABLE catalog_items (
    id          TEXT PRIMARY KEY,
    owner_kind  TEXT NOT NULL CHECK (owner_kind IN ('template', 'org')),
    owner       TEXT NOT NULL,
    code        TEXT NOT NULL,
    parent_code TEXT,
    level       BIGINT NOT NULL CHECK (level BETWEEN 1 AND 3),
    name        TEXT NOT NULL,
    position    BIGINT NOT NULL DEFAULT 0,
    rules       TEXT,
    UNIQUE (owner_kind, owner, code)
);

CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL,
    org_code      TEXT REFERENCES orgs(code),
    created_at    BIGINT NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users(id),
    csrf_token TEXT NOT NULL,
    kind       TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE login_failures (
    id       BIGSERIAL PRIMARY KEY,
    username TEXT NOT NULL,
    ip       TEXT NOT NULL,
    at       BIGINT NOT NULL
);
CREATE INDEX login_failures_username ON login_failures(username, at);
CREATE INDEX login_failures_ip ON login_failures(ip, at);

CREATE TABLE matters (
    id         TEXT PRIMARY KEY,
    org_code   TEXT NOT NULL REFERENCES orgs(code),
    title      TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE records (
    id              TEXT PRIMARY KEY,
    lineage_id      TEXT NOT NULL,
    version         BIGINT NOT NULL,
    previous_id     TEXT REFERENCES records(id),
    change_note     TEXT,
    org_code        TEXT NOT NULL REFERENCES orgs(code),
    catalog_code    TEXT NOT NULL,
    matter_id       TEXT REFERENCES matters(id),
    stage           TEXT,
    title           TEXT NOT NULL,
    summary         TEXT,
    body_html       TEXT NOT NULL,
    state           TEXT NOT NULL,
    publicity_start TEXT,
    publicity_end   TEXT,
    publish_at      BIGINT,
    published_at    BIGINT,
    author_id       TEXT NOT NULL REFERENCES users(id),
    reviewer_id     TEXT REFERENCES users(id),
    reject_reason   TEXT,
    withdraw_reason TEXT,
    withdrawn_at    BIGINT,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    UNIQUE (lineage_id, version)
);
CREATE INDEX records_public ON records(state, published_at);
CREATE INDEX records_org ON records(org_code, state, published_at);
CREATE INDEX records_org_catalog ON records(org_code, catalog_code, state, published_at);
CREATE INDEX records_matter ON records(matter_id);
CREATE INDEX records_due ON records(state, publish_at);

CREATE TABLE attachments (
    id         TEXT PRIMARY KEY,
    record_id  TEXT NOT NULL REFERENCES records(id),
    sha256     TEXT NOT NULL,
    file_name  TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size       BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX attachments_record ON attachments(record_id);

CREATE TABLE audit_log (
    seq         BIGINT PRIMARY KEY,
    at          BIGINT NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    object_kind TEXT NOT NULL,
    object_id   TEXT NOT NULL,
    hash_before TEXT,
    hash_after  TEXT,
    detail      TEXT NOT NULL,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);

-- The chain's last link, kept beside the log so that deleting the newest entries shows.
CREATE TABLE audit_head (
    id   BIGINT PRIMARY KEY CHECK (id = 1),
    seq  BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

CREATE TABLE change_feed (
    seq       BIGSERIAL PRIMARY KEY,
    at        BIGINT NOT NULL,
    kind      TEXT NOT NULL,
    object_id TEXT NOT NULL
);

-- The author of timed and imported work. Its password hash is not a valid PHC string,
-- so nobody can sign in as it.
INSERT INTO users (id, username, display_name, password_hash, role, org_code, created_at)
VALUES ('system', 'system', '系统', '!', 'admin', NULL, 0);
