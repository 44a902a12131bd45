-- 依申请公开: requests for information and the law's clocks on them. Dates are day
-- numbers; the due date is derived by core from what happened and kept here only so the
-- dashboard can sort and colour without loading every request.

CREATE TABLE info_requests (
    id                    TEXT PRIMARY KEY,
    number_org            TEXT NOT NULL REFERENCES orgs(code),
    number_year           BIGINT NOT NULL,
    number_serial         BIGINT NOT NULL,
    -- SHA-256 of the tracking code: the code itself is the applicant's secret.
    tracking              TEXT NOT NULL UNIQUE,
    org_code              TEXT NOT NULL REFERENCES orgs(code),
    applicant_kind        TEXT NOT NULL,
    applicant_name        TEXT NOT NULL,
    applicant_phone       TEXT NOT NULL,
    applicant_id_number   TEXT,
    applicant_email       TEXT,
    applicant_address     TEXT,
    description           TEXT NOT NULL,
    delivery              TEXT NOT NULL,
    channel               TEXT NOT NULL,
    received_day          BIGINT NOT NULL,
    state                 TEXT NOT NULL,
    clock_from_day        BIGINT NOT NULL,
    paused_days           BIGINT NOT NULL,
    consult_from_day      BIGINT,
    consult_party         TEXT,
    correction_asked_day  BIGINT,
    correction_what       TEXT,
    correction_due_day    BIGINT,
    corrected_day         BIGINT,
    extension_days        BIGINT,
    extension_reason      TEXT,
    extension_by          TEXT,
    extension_approved_by TEXT,
    extension_approved_day BIGINT,
    answer_outcome        TEXT,
    answer_reason         TEXT,
    answer_day            BIGINT,
    handler               TEXT,
    closed_day            BIGINT,
    -- 行政复议 and 行政诉讼 against the answer, as last recorded.
    review_result         TEXT,
    review_day            BIGINT,
    litigation_result     TEXT,
    litigation_day        BIGINT,
    litigation_after_review BIGINT,
    due_day               BIGINT,
    created_at            BIGINT NOT NULL,
    updated_at            BIGINT NOT NULL,
    UNIQUE (number_org, number_year, number_serial)
);
CREATE INDEX info_requests_org_state ON info_requests(org_code, state, due_day);

-- The last request number each organisation gave in each year, taken under the write lock
-- so that numbers have no gaps, also with several nodes.
CREATE TABLE request_serials (
    org_code    TEXT NOT NULL REFERENCES orgs(code),
    year        BIGINT NOT NULL,
    last_serial BIGINT NOT NULL,
    PRIMARY KEY (org_code, year)
);

-- What happened to each request, in order: the history staff and (in part) the applicant see.
CREATE TABLE request_events (
    request_id TEXT NOT NULL REFERENCES info_requests(id),
    seq        BIGINT NOT NULL,
    at         BIGINT NOT NULL,
    day        BIGINT NOT NULL,
    action     TEXT NOT NULL,
    actor      TEXT NOT NULL,
    detail     TEXT NOT NULL,
    PRIMARY KEY (request_id, seq)
);

-- Idempotency keys of public submissions: a repeated submission with the same key and
-- body gets the first one's answer. Kept a day, then purged.
CREATE TABLE submission_keys (
    scope       TEXT NOT NULL,
    key         TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    response    TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (scope, key)
);

-- Days administrators added to the built-in official calendar: later years' holidays and
-- make-up workdays, and local closures. A listed day replaces the built-in one.
CREATE TABLE calendar_days (
    day  BIGINT PRIMARY KEY,
    kind TEXT NOT NULL,
    name TEXT NOT NULL
);

-- The released information sent with an answer: files in the attachment store, given to
-- the applicant (by tracking code) once the answer discloses it.
CREATE TABLE request_files (
    id         TEXT PRIMARY KEY,
    request_id TEXT NOT NULL REFERENCES info_requests(id),
    name       TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size       BIGINT NOT NULL,
    sha256     TEXT NOT NULL,
    added_by   TEXT NOT NULL,
    added_at   BIGINT NOT NULL
);
CREATE INDEX request_files_request ON request_files(request_id);
