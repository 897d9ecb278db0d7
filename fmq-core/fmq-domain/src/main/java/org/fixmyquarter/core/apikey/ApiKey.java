package org.fixmyquarter.core.apikey;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * An API key as stored: its name, the hash of the key (never the key), its first characters, who
 * made it and when, and, once revoked, when and by whom. A revoked key is kept so that the
 * reports it sent still name their app.
 */
@Entity
@Table(name = "fmq_api_key")
public class ApiKey {

    @Id
    @Column(name = "id", length = 32)
    private String id;

    @Column(name = "name", nullable = false, length = 100)
    private String name;

    @Column(name = "key_hash", nullable = false, length = 64)
    private String keyHash;

    @Column(name = "key_prefix", nullable = false, length = 16)
    private String keyPrefix;

    @Column(name = "created_by", nullable = false, length = 64)
    private String createdBy;

    @Column(name = "created_at", nullable = false)
    private OffsetDateTime createdAt;

    @Column(name = "last_used_at")
    private OffsetDateTime lastUsedAt;

    @Column(name = "revoked_at")
    private OffsetDateTime revokedAt;

    @Column(name = "revoked_by", length = 64)
    private String revokedBy;

    /** For JPA only. */
    protected ApiKey() {
    }

    ApiKey(String id, String name, String keyHash, String keyPrefix, String createdBy, Instant now) {
        this.id = id;
        this.name = name;
        this.keyHash = keyHash;
        this.keyPrefix = keyPrefix;
        this.createdBy = createdBy;
        this.createdAt = now.atOffset(ZoneOffset.UTC);
    }

    /** @return the key's id, which names it in the admin API and on the reports it sent */
    public String getId() {
        return id;
    }

    /** @return the app or back-office the key was given to */
    public String getName() {
        return name;
    }

    /** @return the key's first characters, to tell keys apart; not enough to use it */
    public String getKeyPrefix() {
        return keyPrefix;
    }

    /** @return the id of the administrator who made it */
    public String getCreatedBy() {
        return createdBy;
    }

    /** @return when it was made */
    public Instant getCreatedAt() {
        return createdAt.toInstant();
    }

    /** @return when a report was last posted with it, or {@code null} */
    public Instant getLastUsedAt() {
        return lastUsedAt == null ? null : lastUsedAt.toInstant();
    }

    /** @return when it was revoked, or {@code null} while it works */
    public Instant getRevokedAt() {
        return revokedAt == null ? null : revokedAt.toInstant();
    }

    /** @return the id of the administrator who revoked it, or {@code null} */
    public String getRevokedBy() {
        return revokedBy;
    }

    /** @return whether requests with it are accepted */
    public boolean isActive() {
        return revokedAt == null;
    }

    void revoke(String by, Instant now) {
        this.revokedAt = now.atOffset(ZoneOffset.UTC);
        this.revokedBy = by;
    }

    void used(Instant now) {
        this.lastUsedAt = now.atOffset(ZoneOffset.UTC);
    }
}
