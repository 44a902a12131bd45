-- 信息索引 of every record: 索引号 (given at the first publication, one serial per
-- organisation and year, kept by every later version), 文号, 成文日期 (a day number),
-- 主题分类 and 有效性 with its day. Records published before are numbered in the order
-- they were first published; 成文日期 of older records is the day they were written.

ALTER TABLE records ADD COLUMN index_number TEXT;
ALTER TABLE records ADD COLUMN doc_number TEXT;
ALTER TABLE records ADD COLUMN written_on_day BIGINT NOT NULL DEFAULT 0;
ALTER TABLE records ADD COLUMN topic TEXT NOT NULL DEFAULT 'general';
ALTER TABLE records ADD COLUMN validity TEXT;
ALTER TABLE records ADD COLUMN validity_since_day BIGINT;

UPDATE records SET written_on_day = (created_at + 28800) / 86400;

CREATE TABLE index_serials (
    org_code    TEXT NOT NULL REFERENCES orgs(code),
    year        BIGINT NOT NULL,
    last_serial BIGINT NOT NULL,
    PRIMARY KEY (org_code, year)
);

WITH firsts AS (
    SELECT id, org_code,
           EXTRACT(YEAR FROM to_timestamp(published_at + 28800) AT TIME ZONE 'UTC')::BIGINT AS year,
           ROW_NUMBER() OVER (
               PARTITION BY org_code, EXTRACT(YEAR FROM to_timestamp(published_at + 28800) AT TIME ZONE 'UTC')
               ORDER BY published_at, id
           ) AS serial
    FROM records WHERE version = 1 AND published_at IS NOT NULL
)
UPDATE records
SET index_number = firsts.org_code || '/' || firsts.year || '-' || lpad(firsts.serial::TEXT, 5, '0')
FROM firsts WHERE firsts.id = records.id;

UPDATE records
SET index_number = first.index_number
FROM records AS first
WHERE first.id = records.lineage_id AND records.version > 1;

INSERT INTO index_serials (org_code, year, last_serial)
SELECT org_code, EXTRACT(YEAR FROM to_timestamp(published_at + 28800) AT TIME ZONE 'UTC')::BIGINT, COUNT(*)
FROM records WHERE version = 1 AND published_at IS NOT NULL
GROUP BY 1, 2;

CREATE UNIQUE INDEX records_index_number ON records (index_number) WHERE version = 1;
