-- Reports, their status history, the event outbox and idempotency keys.
-- Written in the SQL that H2 and PostgreSQL share; ids are assigned by the application.

CREATE TABLE fmq_report (
    id            VARCHAR(32)              NOT NULL PRIMARY KEY,
    title         VARCHAR(200)             NOT NULL,
    description   VARCHAR(5000),
    category_code VARCHAR(64)              NOT NULL,
    latitude      DOUBLE PRECISION         NOT NULL,
    longitude     DOUBLE PRECISION         NOT NULL,
    accuracy_m    DOUBLE PRECISION,
    address       VARCHAR(500),
    status        VARCHAR(20)              NOT NULL,
    author_id     VARCHAR(64)              NOT NULL,
    author_name   VARCHAR(100)             NOT NULL,
    vote_count    INTEGER                  DEFAULT 0 NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    version       BIGINT                   NOT NULL,
    CONSTRAINT fmq_report_lat_range CHECK (latitude BETWEEN -90 AND 90),
    CONSTRAINT fmq_report_lon_range CHECK (longitude BETWEEN -180 AND 180)
);

-- Keyset pagination walks (created_at, id) backwards, optionally within one status or category.
CREATE INDEX fmq_report_created_idx ON fmq_report (created_at, id);
CREATE INDEX fmq_report_status_created_idx ON fmq_report (status, created_at, id);
CREATE INDEX fmq_report_category_created_idx ON fmq_report (category_code, created_at, id);

CREATE TABLE fmq_status_change (
    id          VARCHAR(32)              NOT NULL PRIMARY KEY,
    report_id   VARCHAR(32)              NOT NULL REFERENCES fmq_report (id),
    from_status VARCHAR(20),
    to_status   VARCHAR(20)              NOT NULL,
    actor_id    VARCHAR(64)              NOT NULL,
    actor_name  VARCHAR(100)             NOT NULL,
    reason      VARCHAR(1000),
    changed_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX fmq_status_change_report_idx ON fmq_status_change (report_id, changed_at);

CREATE TABLE fmq_outbox_event (
    id           VARCHAR(32)              NOT NULL PRIMARY KEY,
    event_type   VARCHAR(64)              NOT NULL,
    aggregate_id VARCHAR(32)              NOT NULL,
    payload      VARCHAR(65535)           NOT NULL,
    occurred_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    published_at TIMESTAMP WITH TIME ZONE,
    attempts     INTEGER                  DEFAULT 0 NOT NULL
);

-- The dispatcher looks for undelivered events, oldest first.
CREATE INDEX fmq_outbox_pending_idx ON fmq_outbox_event (published_at, occurred_at);

CREATE TABLE fmq_idempotency_key (
    id                VARCHAR(64)              NOT NULL PRIMARY KEY,
    scope             VARCHAR(100)             NOT NULL,
    principal         VARCHAR(64)              NOT NULL,
    idem_key          VARCHAR(255)             NOT NULL,
    request_hash      VARCHAR(64)              NOT NULL,
    state             VARCHAR(20)              NOT NULL,
    response_status   INTEGER,
    response_location VARCHAR(1000),
    response_body     VARCHAR(65535),
    started_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    completed_at      TIMESTAMP WITH TIME ZONE
);
