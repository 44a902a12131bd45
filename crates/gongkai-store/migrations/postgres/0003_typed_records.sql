-- Records: publicity dates as day numbers (days since 1970-01-01) so they compare as
-- dates; who wrote or edited each version (four eyes); lists of people marked.
-- The change feed says which organisation, lineage and matter a change touched, so caches
-- drop only the pages it affects.

ALTER TABLE records ADD COLUMN contributors TEXT NOT NULL DEFAULT '[]';
UPDATE records SET contributors = json_build_array(author_id)::text;
ALTER TABLE records ADD COLUMN personal_data BIGINT NOT NULL DEFAULT 0;
ALTER TABLE records ADD COLUMN publicity_start_day BIGINT;
ALTER TABLE records ADD COLUMN publicity_end_day BIGINT;
UPDATE records SET
    publicity_start_day = publicity_start::date - DATE '1970-01-01',
    publicity_end_day = publicity_end::date - DATE '1970-01-01';
DROP INDEX records_expiry;
ALTER TABLE records DROP COLUMN publicity_start;
ALTER TABLE records DROP COLUMN publicity_end;
CREATE INDEX records_expiry ON records(state, publicity_end_day);

ALTER TABLE change_feed ADD COLUMN org_code TEXT;
ALTER TABLE change_feed ADD COLUMN lineage_id TEXT;
ALTER TABLE change_feed ADD COLUMN matter_id TEXT;
