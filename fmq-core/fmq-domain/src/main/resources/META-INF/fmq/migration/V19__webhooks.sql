-- Outgoing webhooks: an administrator's HTTP receivers of events, each a delivery target
-- ("webhook/<id>") beside the plugins, with the state of its circuit breaker.
CREATE TABLE fmq_webhook (
    id                    VARCHAR(32)              NOT NULL PRIMARY KEY,
    url                   VARCHAR(2000)            NOT NULL,
    -- Comma-separated event types; '' means every event webhooks receive.
    event_types           VARCHAR(2000)            DEFAULT '' NOT NULL,
    description           VARCHAR(500),
    enabled               BOOLEAN                  DEFAULT TRUE NOT NULL,
    -- Why the server switched it off (a 410 Gone), shown to administrators; NULL otherwise.
    disabled_reason       VARCHAR(500),
    -- whsec_<base64>: kept readable because every delivery is signed with it.
    secret                VARCHAR(200)             NOT NULL,
    -- The secret before the last rotation, still signing until previous_secret_until.
    previous_secret       VARCHAR(200),
    previous_secret_until TIMESTAMP WITH TIME ZONE,
    -- closed, open or half_open
    breaker_state         VARCHAR(16)              DEFAULT 'closed' NOT NULL,
    consecutive_failures  INTEGER                  DEFAULT 0 NOT NULL,
    -- open: when the cool-down ends; half_open: until when the probe in flight holds its turn.
    breaker_until         TIMESTAMP WITH TIME ZONE,
    created_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at            TIMESTAMP WITH TIME ZONE NOT NULL
);

-- What the deliveries console shows of the last attempt of an HTTP target.
ALTER TABLE fmq_delivery ADD COLUMN last_status INTEGER;
ALTER TABLE fmq_delivery ADD COLUMN last_latency_ms INTEGER;

-- The console lists one target's deliveries by state.
CREATE INDEX fmq_delivery_consumer_idx ON fmq_delivery (consumer, state);
