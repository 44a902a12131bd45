-- Searching the audit log: a record's history reads by object, supervisors search by
-- person and by time. Without these every such read walks the whole log.

CREATE INDEX audit_log_object ON audit_log(object_id, seq);
CREATE INDEX audit_log_actor ON audit_log(actor, seq);
CREATE INDEX audit_log_at ON audit_log(at);
