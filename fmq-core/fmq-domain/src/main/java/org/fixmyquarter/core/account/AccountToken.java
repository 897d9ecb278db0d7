package org.fixmyquarter.core.account;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The stored side of a single-use e-mail link ({@link AccountEmails}): the SHA-256 hash of its
 * token, never the token, with what it is for, the address it went to and until when it counts.
 */
@Entity
@Table(name = "fmq_account_token")
public class AccountToken {

    @Id
    @Column(name = "token_hash", length = 64)
    private String tokenHash;

    @Column(name = "user_id", nullable = false, length = 32)
    private String userId;

    @Column(name = "purpose", nullable = false, length = 20)
    private String purpose;

    @Column(name = "email", nullable = false, length = 254)
    private String email;

    @Column(name = "created_at", nullable = false)
    private OffsetDateTime createdAt;

    @Column(name = "expires_at", nullable = false)
    private OffsetDateTime expiresAt;

    @Column(name = "used_at")
    private OffsetDateTime usedAt;

    /** For JPA only. */
    protected AccountToken() {
    }

    AccountToken(String tokenHash, String userId, String purpose, String email, Instant createdAt, Instant expiresAt) {
        this.tokenHash = tokenHash;
        this.userId = userId;
        this.purpose = purpose;
        this.email = email;
        this.createdAt = createdAt.atOffset(ZoneOffset.UTC);
        this.expiresAt = expiresAt.atOffset(ZoneOffset.UTC);
    }

    String getUserId() {
        return userId;
    }

    String getPurpose() {
        return purpose;
    }

    String getEmail() {
        return email;
    }

    /** @return whether it may still be used at {@code now}: unused and not expired */
    boolean usable(Instant now) {
        return usedAt == null && now.isBefore(expiresAt.toInstant());
    }

    void use(Instant at) {
        usedAt = at.atOffset(ZoneOffset.UTC);
    }
}
