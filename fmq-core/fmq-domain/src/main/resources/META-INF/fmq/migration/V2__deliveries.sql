-- Delivery of outbox events to plugins (notification channels, helpdesk connectors), and the
-- tickets helpdesks opened for reports.

-- One row per event and consumer ("<kind>/<plugin id>"): retried with growing pauses until
-- delivered, or dead after the last attempt, its error kept.
CREATE TABLE fmq_delivery (
    id              VARCHAR(32)              NOT NULL PRIMARY KEY,
    event_id        VARCHAR(32)              NOT NULL REFERENCES fmq_outbox_event (id),
    consumer        VARCHAR(100)             NOT NULL,
    state           VARCHAR(20)              NOT NULL,
    attempts        INTEGER                  DEFAULT 0 NOT NULL,
    next_attempt_at TIMESTAMP WITH TIME ZONE NOT NULL,
    last_error      VARCHAR(2000),
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT fmq_delivery_once UNIQUE (event_id, consumer)
);

-- The dispatcher looks for pending deliveries that are due, oldest first.
CREATE INDEX fmq_delivery_due_idx ON fmq_delivery (state, next_attempt_at);

CREATE TABLE fmq_helpdesk_ticket (
    report_id   VARCHAR(32)              NOT NULL REFERENCES fmq_report (id),
    connector   VARCHAR(64)              NOT NULL,
    external_id VARCHAR(200)             NOT NULL,
    url         VARCHAR(1000),
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (report_id, connector)
);
