-- API keys of the Open311 GeoReport v2 endpoints (docs/open311.md): an administrator gives one
-- to each app or city back-office that posts reports. The key itself is shown once, when it is
-- made; only its SHA-256 is kept (it has 256 random bits, so the hash needs no salt or stretching).
CREATE TABLE fmq_api_key (
    id           VARCHAR(32)              NOT NULL PRIMARY KEY,
    -- The app or back-office, as the administrator named it.
    name         VARCHAR(100)             NOT NULL,
    -- SHA-256 (hex) of the key: what a request's api_key is looked up by.
    key_hash     VARCHAR(64)              NOT NULL,
    -- The key's first characters, so that administrators can tell keys apart in lists.
    key_prefix   VARCHAR(16)              NOT NULL,
    created_by   VARCHAR(64)              NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    -- When a report was last posted with it; NULL before the first.
    last_used_at TIMESTAMP WITH TIME ZONE,
    -- A revoked key is refused but kept, so that the reports it sent still name their app.
    revoked_at   TIMESTAMP WITH TIME ZONE,
    revoked_by   VARCHAR(64)
);

CREATE UNIQUE INDEX fmq_api_key_hash_idx ON fmq_api_key (key_hash);

-- Which key (which app) sent a report through Open311; NULL for every other report.
ALTER TABLE fmq_report ADD COLUMN api_key_id VARCHAR(32);
