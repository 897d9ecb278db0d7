package org.fixmyquarter.core.account;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One sign-in of a person, from the sign-in until it ends (sign-out, a password change, or its
 * age; see {@link Sessions}). The tokens issued for it name it, so ending it ends them all.
 */
@Entity
@Table(name = "fmq_session")
public class AccountSession {

    /** How a session began. */
    public enum Method {
        /** E-mail address and password. */
        PASSWORD("password"),
        /** A token of the deployment's identity provider. */
        IDENTITY_PROVIDER("identity-provider");

        private final String wireName;

        Method(String wireName) {
            this.wireName = wireName;
        }

        /** @return the name stored and shown */
        public String wireName() {
            return wireName;
        }
    }

    @Id
    @Column(name = "id", length = 32)
    private String id;

    @Column(name = "user_id", nullable = false, length = 32)
    private String userId;

    @Column(name = "created_at", nullable = false)
    private OffsetDateTime createdAt;

    @Column(name = "method", nullable = false, length = 20)
    private String method;

    @Column(name = "provider_roles", length = 200)
    private String providerRoles;

    @Column(name = "second_factor", nullable = false)
    private boolean secondFactor;

    @Column(name = "ended_at")
    private OffsetDateTime endedAt;

    @Column(name = "end_reason", length = 30)
    private String endReason;

    /** For JPA only. */
    protected AccountSession() {
    }

    AccountSession(String id, String userId, Instant createdAt, Method method, Collection<Role> providerRoles,
                   boolean secondFactor) {
        this.id = id;
        this.secondFactor = secondFactor;
        this.userId = userId;
        this.createdAt = createdAt.atOffset(ZoneOffset.UTC);
        this.method = method.wireName();
        this.providerRoles = providerRoles.isEmpty() ? null
                : providerRoles.stream().map(Role::wireName).distinct().sorted().collect(Collectors.joining(","));
    }

    /** @return the session's id, the {@code sid} of its tokens */
    public String getId() {
        return id;
    }

    /** @return whose session it is */
    public String getUserId() {
        return userId;
    }

    /** @return when it began: its age counts from here, refreshes do not extend it */
    public Instant getCreatedAt() {
        return createdAt.toInstant();
    }

    /** @return how it began, see {@link Method#wireName()} */
    public String getMethod() {
        return method;
    }

    /** @return the roles the identity provider conferred for this session, besides the account's own */
    public Set<Role> getProviderRoles() {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        if (providerRoles != null) {
            Arrays.stream(providerRoles.split(",")).map(Role::fromWireName)
                    .forEach(role -> role.ifPresent(roles::add));
        }
        return roles;
    }

    /**
     * @return whether the sign-in that opened it passed a second factor (a TOTP code or a recovery
     *         code); see {@link SecondFactorPolicy}
     */
    public boolean isSecondFactor() {
        return secondFactor;
    }

    /** @return when it ended, or {@code null} while it is open */
    public Instant getEndedAt() {
        return endedAt == null ? null : endedAt.toInstant();
    }

    /** @return why it ended, or {@code null} while it is open */
    public String getEndReason() {
        return endReason;
    }

    void end(Instant at, String reason) {
        if (endedAt == null) {
            endedAt = at.atOffset(ZoneOffset.UTC);
            endReason = reason;
        }
    }
}
