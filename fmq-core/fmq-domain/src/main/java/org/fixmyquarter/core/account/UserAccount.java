package org.fixmyquarter.core.account;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * A person who signs in: citizen, moderator, operator or administrator (see {@link RoleGrant}).
 */
@Entity
@Table(name = "fmq_user")
public class UserAccount {

    @Id
    @Column(name = "id", length = 32)
    private String id;

    @Column(name = "email", nullable = false, length = 254)
    private String email;

    @Column(name = "display_name", nullable = false, length = 100)
    private String displayName;

    @Column(name = "handle", nullable = false, length = 30)
    private String handle;

    @Column(name = "password_hash", length = 200)
    private String passwordHash;

    @Column(name = "preferred_locale", length = 35)
    private String preferredLocale;

    @Column(name = "failed_logins", nullable = false)
    private int failedLogins;

    @Column(name = "created_at", nullable = false)
    private OffsetDateTime createdAt;

    @Column(name = "last_login_at")
    private OffsetDateTime lastLoginAt;

    @Column(name = "email_verified_at")
    private OffsetDateTime emailVerifiedAt;

    @Version
    @Column(name = "version", nullable = false)
    private long version;

    /** For JPA only. */
    protected UserAccount() {
    }

    UserAccount(String id, String email, String handle, String displayName, String passwordHash,
                String preferredLocale, Instant createdAt) {
        this.id = id;
        this.handle = handle;
        this.email = email;
        this.displayName = displayName;
        this.passwordHash = passwordHash;
        this.preferredLocale = preferredLocale;
        this.createdAt = createdAt.atOffset(ZoneOffset.UTC);
    }

    /** @return the opaque id, the subject of the user's tokens */
    public String getId() {
        return id;
    }

    /** @return the e-mail address, lower-cased */
    public String getEmail() {
        return email;
    }

    /** @return what others type after {@code @} to mention the user: lower case letters, digits, {@code _} */
    public String getHandle() {
        return handle;
    }

    /** @return the name shown next to what the user does */
    public String getDisplayName() {
        return displayName;
    }

    /** @return the language tag the user prefers, or {@code null} to follow the browser */
    public String getPreferredLocale() {
        return preferredLocale;
    }

    /** @return when the account was created */
    public Instant getCreatedAt() {
        return createdAt.toInstant();
    }

    /**
     * @return whether the owner of the address proved they read its mail, or an administrator or
     *         the server's setup created the account; a self-registration that waits for its
     *         confirmation cannot sign in with its password
     */
    public boolean isEmailVerified() {
        return emailVerifiedAt != null;
    }

    /** @return failed sign-ins since the last successful one */
    public int getFailedLogins() {
        return failedLogins;
    }

    String getPasswordHash() {
        return passwordHash;
    }

    void rename(String displayName) {
        this.displayName = displayName;
    }

    void changeHandle(String handle) {
        this.handle = handle;
    }

    void preferLocale(String tag) {
        this.preferredLocale = tag;
    }

    void setPasswordHash(String passwordHash) {
        this.passwordHash = passwordHash;
    }

    void emailVerified(Instant at) {
        if (emailVerifiedAt == null) {
            emailVerifiedAt = at.atOffset(ZoneOffset.UTC);
        }
    }

    void loginFailed() {
        failedLogins++;
    }
}
