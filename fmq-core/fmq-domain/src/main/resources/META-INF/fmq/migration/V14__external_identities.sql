-- A person signing in through the deployment's identity provider is known by the provider's
-- issuer and subject, which the provider never reassigns; an e-mail address can be claimed by
-- anyone at a provider or at our own registration, so it must never pick the account.
CREATE TABLE fmq_external_identity (
    id         VARCHAR(32)              NOT NULL PRIMARY KEY,
    issuer     VARCHAR(255)             NOT NULL,
    subject    VARCHAR(255)             NOT NULL,
    user_id    VARCHAR(32)              NOT NULL REFERENCES fmq_user (id),
    linked_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT fmq_external_identity_uq UNIQUE (issuer, subject)
);

CREATE INDEX fmq_external_identity_user_idx ON fmq_external_identity (user_id);
