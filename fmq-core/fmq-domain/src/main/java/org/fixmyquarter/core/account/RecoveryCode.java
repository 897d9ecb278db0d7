package org.fixmyquarter.core.account;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A one-time recovery code of an account with a second factor, for a lost device: only its
 * SHA-256 hash is kept (the code has 80 random bits, so the hash needs no salt or stretching).
 */
@Entity
@Table(name = "fmq_recovery_code")
public class RecoveryCode {

    @Id
    @Column(name = "id", length = 32)
    private String id;

    @Column(name = "user_id", nullable = false, length = 32)
    private String userId;

    @Column(name = "code_hash", nullable = false, length = 64)
    private String codeHash;

    @Column(name = "created_at", nullable = false)
    private OffsetDateTime createdAt;

    @Column(name = "used_at")
    private OffsetDateTime usedAt;

    /** For JPA only. */
    protected RecoveryCode() {
    }

    RecoveryCode(String id, String userId, String codeHash, Instant createdAt) {
        this.id = id;
        this.userId = userId;
        this.codeHash = codeHash;
        this.createdAt = createdAt.atOffset(ZoneOffset.UTC);
    }

    /** @return whose code it is */
    public String getUserId() {
        return userId;
    }

    /** @return when it was used, or {@code null} while it is unused */
    public Instant getUsedAt() {
        return usedAt == null ? null : usedAt.toInstant();
    }

    void use(Instant now) {
        usedAt = now.atOffset(ZoneOffset.UTC);
    }
}
