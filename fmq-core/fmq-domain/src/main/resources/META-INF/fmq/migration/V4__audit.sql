-- The audit log of privileged actions: who did what to which target, when, and the state before
-- and after. Rows are only ever added; the application has no way to change or delete one.
CREATE TABLE fmq_audit_entry (
    id           VARCHAR(32)              NOT NULL PRIMARY KEY,
    occurred_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    actor_id     VARCHAR(64)              NOT NULL,
    actor_name   VARCHAR(100)             NOT NULL,
    action       VARCHAR(64)              NOT NULL,
    target_type  VARCHAR(32)              NOT NULL,
    target_id    VARCHAR(64)              NOT NULL,
    before_state VARCHAR(4000),
    after_state  VARCHAR(4000)
);

-- Read newest first, for everything or for one target.
CREATE INDEX fmq_audit_time_idx ON fmq_audit_entry (occurred_at, id);
CREATE INDEX fmq_audit_target_idx ON fmq_audit_entry (target_id, occurred_at);
