package org.fixmyquarter.core.account;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The TOTP second factor of an account (see {@link SecondFactors}): the secret its authenticator
 * app shares, and the last time step whose code was accepted, so that each code is good once.
 * Until it is confirmed with a code ({@link #isEnabled()}), it is an enrolment in progress and
 * does not count at sign-in.
 */
@Entity
@Table(name = "fmq_second_factor")
public class SecondFactor {

    @Id
    @Column(name = "user_id", length = 32)
    private String userId;

    @Column(name = "secret", nullable = false, length = 64)
    private String secret;

    @Column(name = "created_at", nullable = false)
    private OffsetDateTime createdAt;

    @Column(name = "enabled_at")
    private OffsetDateTime enabledAt;

    @Column(name = "last_used_step", nullable = false)
    private long lastUsedStep;

    /** For JPA only. */
    protected SecondFactor() {
    }

    SecondFactor(String userId, String secret, Instant createdAt) {
        this.userId = userId;
        this.secret = secret;
        this.createdAt = createdAt.atOffset(ZoneOffset.UTC);
    }

    /** @return whose factor it is */
    public String getUserId() {
        return userId;
    }

    /** @return when it was confirmed, or {@code null} while the enrolment is in progress */
    public Instant getEnabledAt() {
        return enabledAt == null ? null : enabledAt.toInstant();
    }

    /** @return whether it was confirmed with a code, so that sign-ins need one */
    public boolean isEnabled() {
        return enabledAt != null;
    }

    String getSecret() {
        return secret;
    }

    long getLastUsedStep() {
        return lastUsedStep;
    }

    void restart(String newSecret, Instant now) {
        secret = newSecret;
        createdAt = now.atOffset(ZoneOffset.UTC);
        enabledAt = null;
        lastUsedStep = 0;
    }

    void enable(Instant now, long step) {
        enabledAt = now.atOffset(ZoneOffset.UTC);
        lastUsedStep = step;
    }

    void used(long step) {
        lastUsedStep = step;
    }
}
