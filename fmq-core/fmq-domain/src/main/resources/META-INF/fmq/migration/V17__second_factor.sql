-- A second factor (TOTP, RFC 6238) of an account: a shared secret an authenticator app holds.
-- A row with enabled_at NULL is an enrolment in progress, not yet confirmed with a code; it does
-- not count at sign-in.
CREATE TABLE fmq_second_factor (
    user_id        VARCHAR(32)              NOT NULL PRIMARY KEY REFERENCES fmq_user (id),
    -- The secret, Base32 as the authenticator app was given it.
    secret         VARCHAR(64)              NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    enabled_at     TIMESTAMP WITH TIME ZONE,
    -- The last 30-second time step whose code was accepted: a code is good once.
    last_used_step BIGINT                   NOT NULL
);

-- One-time recovery codes of an account with a second factor, for a lost device: only their
-- SHA-256 hashes are kept.
CREATE TABLE fmq_recovery_code (
    id         VARCHAR(32)              NOT NULL PRIMARY KEY,
    user_id    VARCHAR(32)              NOT NULL REFERENCES fmq_user (id),
    code_hash  VARCHAR(64)              NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    used_at    TIMESTAMP WITH TIME ZONE
);

CREATE INDEX fmq_recovery_code_user_idx ON fmq_recovery_code (user_id);

-- Whether the sign-in that opened a session passed a second factor: with
-- fmq.auth.staff-second-factor=required, staff roles count only in such sessions.
ALTER TABLE fmq_session ADD COLUMN second_factor BOOLEAN DEFAULT FALSE NOT NULL;
