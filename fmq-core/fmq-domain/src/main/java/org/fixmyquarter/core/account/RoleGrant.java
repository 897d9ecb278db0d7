package org.fixmyquarter.core.account;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A role held by a user, for the whole deployment or, for operators, one responsible body.
 *
 * <p>A body's operator does not hold the operator role: {@link #operatedBodies(Collection)} gives
 * the bodies whose reports they operate, and {@link org.fixmyquarter.core.Permissions} checks each
 * report's body. Any other scoped grant (older data) gives nothing ({@link #effectiveRoles(Collection)}).
 */
@Entity
@Table(name = "fmq_role_grant")
public class RoleGrant {

    @Id
    @Column(name = "id", length = 32)
    private String id;

    @Column(name = "user_id", nullable = false, length = 32)
    private String userId;

    @Column(name = "role", nullable = false, length = 20)
    private String role;

    @Column(name = "scope", length = 64)
    private String scope;

    @Column(name = "granted_by", nullable = false, length = 64)
    private String grantedBy;

    @Column(name = "granted_at", nullable = false)
    private OffsetDateTime grantedAt;

    /** For JPA only. */
    protected RoleGrant() {
    }

    RoleGrant(String id, String userId, Role role, String scope, String grantedBy, Instant grantedAt) {
        this.id = id;
        this.userId = userId;
        this.role = role.wireName();
        this.scope = scope;
        this.grantedBy = grantedBy;
        this.grantedAt = grantedAt.atOffset(ZoneOffset.UTC);
    }

    /** @return the grant's id */
    public String getId() {
        return id;
    }

    /** @return the user holding the role */
    public String getUserId() {
        return userId;
    }

    /** @return the role */
    public Role getRole() {
        return Role.fromWireName(role).orElseThrow();
    }

    /** @return the area or body it is limited to, or {@code null} for the whole deployment */
    public String getScope() {
        return scope;
    }

    /** @return who granted it */
    public String getGrantedBy() {
        return grantedBy;
    }

    /** @return when */
    public Instant getGrantedAt() {
        return grantedAt.toInstant();
    }

    /**
     * What a set of grants lets a user do now: the roles of the unscoped grants only. A scoped
     * grant counted here would act as the full role; a body's operator is in {@link #operatedBodies}.
     *
     * @param grants a user's grants
     * @return the roles that count, for tokens and role checks; a set the caller may add to
     */
    public static Set<Role> effectiveRoles(Collection<RoleGrant> grants) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (RoleGrant grant : grants) {
            if (grant.getScope() == null) {
                roles.add(grant.getRole());
            }
        }
        return roles;
    }

    /**
     * The bodies whose reports a user operates through an operator role granted for the body.
     *
     * @param grants a user's grants
     * @return the bodies' ids, for {@link org.fixmyquarter.core.Actor#bodies()}
     */
    public static Set<String> operatedBodies(Collection<RoleGrant> grants) {
        Set<String> bodies = new java.util.TreeSet<>();
        for (RoleGrant grant : grants) {
            if (grant.getScope() != null && grant.getRole() == Role.OPERATOR) {
                bodies.add(grant.getScope());
            }
        }
        return bodies;
    }
}
