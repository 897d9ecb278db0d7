-- Accounts, their roles, and the audit log of privileged actions.

CREATE TABLE fmq_user (
    id               VARCHAR(32)              NOT NULL PRIMARY KEY,
    -- Lower-cased, so that one address cannot register twice in two spellings.
    email            VARCHAR(254)             NOT NULL,
    display_name     VARCHAR(100)             NOT NULL,
    -- NULL for an account that signs in through an external identity provider only.
    password_hash    VARCHAR(200),
    preferred_locale VARCHAR(35),
    failed_logins    INTEGER                  DEFAULT 0 NOT NULL,
    locked_until     TIMESTAMP WITH TIME ZONE,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    last_login_at    TIMESTAMP WITH TIME ZONE,
    version          BIGINT                   NOT NULL,
    CONSTRAINT fmq_user_email_unique UNIQUE (email)
);

-- A role held by a user, for the whole deployment (scope NULL) or one area or body.
CREATE TABLE fmq_role_grant (
    id         VARCHAR(32)              NOT NULL PRIMARY KEY,
    user_id    VARCHAR(32)              NOT NULL REFERENCES fmq_user (id),
    role       VARCHAR(20)              NOT NULL,
    scope      VARCHAR(64),
    granted_by VARCHAR(64)              NOT NULL,
    granted_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX fmq_role_grant_user_idx ON fmq_role_grant (user_id);
