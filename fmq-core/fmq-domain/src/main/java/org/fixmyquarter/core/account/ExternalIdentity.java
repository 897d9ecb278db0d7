package org.fixmyquarter.core.account;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A person's identity at the deployment's identity provider, linked to one account: the
 * provider's issuer and subject, which it never gives to anyone else, unlike an e-mail address.
 */
@Entity
@Table(name = "fmq_external_identity")
public class ExternalIdentity {

    @Id
    @Column(name = "id", length = 32)
    private String id;

    @Column(name = "issuer", nullable = false, length = 255)
    private String issuer;

    @Column(name = "subject", nullable = false, length = 255)
    private String subject;

    @Column(name = "user_id", nullable = false, length = 32)
    private String userId;

    @Column(name = "linked_at", nullable = false)
    private OffsetDateTime linkedAt;

    /** For JPA only. */
    protected ExternalIdentity() {
    }

    ExternalIdentity(String id, String issuer, String subject, String userId, Instant linkedAt) {
        this.id = id;
        this.issuer = issuer;
        this.subject = subject;
        this.userId = userId;
        this.linkedAt = linkedAt.atOffset(ZoneOffset.UTC);
    }

    /** @return the link's id */
    public String getId() {
        return id;
    }

    /** @return the provider's issuer URL ({@code iss}) */
    public String getIssuer() {
        return issuer;
    }

    /** @return the person's id at the provider ({@code sub}) */
    public String getSubject() {
        return subject;
    }

    /** @return the account it signs in to */
    public String getUserId() {
        return userId;
    }

    /** @return when it was linked */
    public Instant getLinkedAt() {
        return linkedAt.toInstant();
    }
}
