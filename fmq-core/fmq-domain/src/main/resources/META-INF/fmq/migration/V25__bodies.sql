-- Responsible bodies (docs/areas.md, "Defining bodies"): who handles which categories in which
-- areas, and where their reports go. Every new report is routed to one body, kept in
-- fmq_report.body_id; moving it to another body is a step of its history.
CREATE TABLE fmq_body (
    id            VARCHAR(32)              NOT NULL PRIMARY KEY,
    -- A JSON object of language tag -> name, e.g. {"en":"Roads department","fr":"Voirie"}.
    names         VARCHAR(4000)            NOT NULL,
    -- Where its reports go: triage (the queue only), connector, webhook or email.
    target_kind   VARCHAR(20)              NOT NULL,
    -- The helpdesk connector's plugin id, the webhook's id or the e-mail address; NULL for triage.
    target        VARCHAR(254),
    -- The body of the reports no rule routes; at most one live body is the default.
    default_body  BOOLEAN                  NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    -- A retired body routes no new report but keeps the reports routed to it; never deleted.
    retired_at    TIMESTAMP WITH TIME ZONE,
    version       INTEGER                  NOT NULL
);

-- What a body handles: a category (NULL: every category) in an area (NULL: everywhere).
CREATE TABLE fmq_body_rule (
    id            VARCHAR(32)              NOT NULL PRIMARY KEY,
    body_id       VARCHAR(32)              NOT NULL REFERENCES fmq_body (id),
    category_code VARCHAR(64),
    area_id       VARCHAR(32)              REFERENCES fmq_area (id)
);
CREATE INDEX fmq_body_rule_body_idx ON fmq_body_rule (body_id);

ALTER TABLE fmq_report ADD COLUMN body_id VARCHAR(32) REFERENCES fmq_body (id);
-- A body's queue: body=<id>, newest first.
CREATE INDEX fmq_report_body_idx ON fmq_report (body_id, created_at);
