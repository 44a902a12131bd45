-- The scheduler looks for published records whose publicity period has ended.
CREATE INDEX records_expiry ON records(state, publicity_end);
