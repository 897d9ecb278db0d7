-- A sign-in session: every access token names one (claim sid), and every request checks it is
-- still open, so that signing out, a password change and the session's age end a stolen token
-- at once, and role changes take effect on the next request.
CREATE TABLE fmq_session (
    id             VARCHAR(32)              NOT NULL PRIMARY KEY,
    user_id        VARCHAR(32)              NOT NULL REFERENCES fmq_user (id),
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    -- How the session began: password, identity-provider.
    method         VARCHAR(20)              NOT NULL,
    -- Roles the identity provider conferred for this session only, comma-separated wire names.
    provider_roles VARCHAR(200),
    ended_at       TIMESTAMP WITH TIME ZONE,
    -- signed-out, signed-out-everywhere, password-changed
    end_reason     VARCHAR(30)
);

CREATE INDEX fmq_session_user_idx ON fmq_session (user_id);
