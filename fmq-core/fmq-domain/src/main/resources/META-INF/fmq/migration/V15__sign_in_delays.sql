-- Failed sign-ins slow down the address they come from, for that account only, instead of
-- locking the account for everyone: an attacker elsewhere cannot keep its owner out.
CREATE TABLE fmq_sign_in_delay (
    -- The account id and the client address, so that one row holds one pair.
    id         VARCHAR(100)             NOT NULL PRIMARY KEY,
    user_id    VARCHAR(32)              NOT NULL REFERENCES fmq_user (id),
    address    VARCHAR(64)              NOT NULL,
    failures   INTEGER                  NOT NULL,
    not_before TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX fmq_sign_in_delay_user_idx ON fmq_sign_in_delay (user_id);

-- The account-wide lock is gone; nothing reads it any more.
UPDATE fmq_user SET locked_until = NULL;
