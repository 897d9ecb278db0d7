-- When the owner of the address proved they read its mail (a verification or password-reset
-- link); NULL while a self-registration waits for it. Accounts that exist already were created
-- before verification existed, by their owners or by an administrator: they count as verified.
ALTER TABLE fmq_user ADD COLUMN email_verified_at TIMESTAMP WITH TIME ZONE;
UPDATE fmq_user SET email_verified_at = created_at;

-- The single-use secrets of e-mail links. Only a SHA-256 hash is kept: the token itself exists
-- in the mail alone, so neither the database nor a backup of it can confirm an address or set a
-- password.
CREATE TABLE fmq_account_token (
    token_hash VARCHAR(64)              NOT NULL PRIMARY KEY,
    user_id    VARCHAR(32)              NOT NULL REFERENCES fmq_user (id),
    -- verify-email, reset-password
    purpose    VARCHAR(20)              NOT NULL,
    -- The address the mail went to: a token proves that address, not a later one.
    email      VARCHAR(254)             NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
    used_at    TIMESTAMP WITH TIME ZONE
);

CREATE INDEX fmq_account_token_user_idx ON fmq_account_token (user_id, purpose);
