-- 意见箱和举报: letters from the public, anonymous or named, with at most one file and the
-- staff's reply. Reports are numbered in a series of their own. Dates are day numbers.

CREATE TABLE opinions (
    id                TEXT PRIMARY KEY,
    number_org        TEXT NOT NULL REFERENCES orgs(code),
    number_year       BIGINT NOT NULL,
    number_serial     BIGINT NOT NULL,
    -- 'opinion' or 'report': reports are counted apart.
    number_series     TEXT NOT NULL,
    -- SHA-256 of the tracking code: the code itself is the sender's secret.
    tracking          TEXT NOT NULL UNIQUE,
    org_code          TEXT NOT NULL REFERENCES orgs(code),
    category          TEXT NOT NULL,
    text              TEXT NOT NULL,
    accused           TEXT,
    -- Both empty for an anonymous letter.
    sender_name       TEXT,
    sender_phone      TEXT,
    -- The one file, stored by content under the attachment store.
    attachment_sha256 TEXT,
    attachment_name   TEXT,
    attachment_type   TEXT,
    attachment_size   BIGINT,
    consent           BIGINT NOT NULL,
    received_day      BIGINT NOT NULL,
    state             TEXT NOT NULL,
    reply_text        TEXT,
    reply_day         BIGINT,
    reply_by          TEXT,
    -- Whether the reply stands in the public list, as core decided; kept for selecting it.
    published         BIGINT NOT NULL,
    handler           TEXT,
    closed_day        BIGINT,
    created_at        BIGINT NOT NULL,
    updated_at        BIGINT NOT NULL,
    UNIQUE (number_org, number_year, number_series, number_serial)
);
CREATE INDEX opinions_org_state ON opinions(org_code, state);
CREATE INDEX opinions_published ON opinions(published, reply_day);
CREATE INDEX opinions_attachment ON opinions(attachment_sha256);

-- The last number each organisation gave in each year, for letters and for reports, taken
-- under the write lock so that numbers have no gaps, also with several nodes.
CREATE TABLE opinion_serials (
    org_code    TEXT NOT NULL REFERENCES orgs(code),
    year        BIGINT NOT NULL,
    last_serial BIGINT NOT NULL,
    PRIMARY KEY (org_code, year)
);

CREATE TABLE report_serials (
    org_code    TEXT NOT NULL REFERENCES orgs(code),
    year        BIGINT NOT NULL,
    last_serial BIGINT NOT NULL,
    PRIMARY KEY (org_code, year)
);

-- What happened to each letter, in order: the history staff and (in part) the sender see.
CREATE TABLE opinion_events (
    opinion_id TEXT NOT NULL REFERENCES opinions(id),
    seq        BIGINT NOT NULL,
    at         BIGINT NOT NULL,
    day        BIGINT NOT NULL,
    action     TEXT NOT NULL,
    actor      TEXT NOT NULL,
    detail     TEXT NOT NULL,
    PRIMARY KEY (opinion_id, seq)
);
