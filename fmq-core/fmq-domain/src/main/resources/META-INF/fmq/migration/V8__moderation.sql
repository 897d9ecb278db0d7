-- Moderation: flags on reports and comments, hiding, and merging duplicate reports.

-- A person's flag on a report (comment_id NULL) or on one of its comments. target is
-- 'r:<report id>' or 'c:<comment id>', the key the queue groups by; open_target is the same while
-- the flag is open and NULL once it is resolved, so the
-- unique constraint allows one open flag per person and target (NULLs never collide) and any
-- number of resolved ones, on H2 and PostgreSQL alike.
CREATE TABLE fmq_flag (
    id           VARCHAR(32)              NOT NULL PRIMARY KEY,
    target_kind  VARCHAR(10)              NOT NULL,
    report_id    VARCHAR(32)              NOT NULL REFERENCES fmq_report (id),
    comment_id   VARCHAR(32)              REFERENCES fmq_comment (id),
    reason       VARCHAR(20)              NOT NULL,
    note         VARCHAR(500),
    duplicate_of VARCHAR(32),
    flagged_by   VARCHAR(64)              NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    target       VARCHAR(40)              NOT NULL,
    open_target  VARCHAR(40),
    resolved_at  TIMESTAMP WITH TIME ZONE,
    resolved_by  VARCHAR(64),
    resolution   VARCHAR(20),
    CONSTRAINT fmq_flag_open_once UNIQUE (flagged_by, open_target)
);
CREATE INDEX fmq_flag_open_idx ON fmq_flag (open_target, created_at);
CREATE INDEX fmq_flag_target_idx ON fmq_flag (target, created_at);
CREATE INDEX fmq_flag_report_idx ON fmq_flag (report_id);

-- Hidden content: who hid it (their name), when and why; NULL while visible. The flag 'hidden' is
-- never NULL, so JPA always reads the embedded state as an object rather than as null.
ALTER TABLE fmq_report ADD COLUMN hidden BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE fmq_comment ADD COLUMN hidden BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE fmq_report ADD COLUMN hidden_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE fmq_report ADD COLUMN hidden_by VARCHAR(100);
ALTER TABLE fmq_report ADD COLUMN hidden_reason VARCHAR(500);
ALTER TABLE fmq_comment ADD COLUMN hidden_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE fmq_comment ADD COLUMN hidden_by VARCHAR(100);
ALTER TABLE fmq_comment ADD COLUMN hidden_reason VARCHAR(500);

-- The report a duplicate was merged into.
ALTER TABLE fmq_report ADD COLUMN merged_into VARCHAR(32);
