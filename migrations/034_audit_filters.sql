-- The audit page filters by action and by person.
CREATE INDEX audit_log_action ON audit_log(action, at);
CREATE INDEX audit_log_actor ON audit_log(actor_id, at);
