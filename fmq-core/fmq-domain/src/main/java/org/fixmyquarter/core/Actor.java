package org.fixmyquarter.core;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

import org.fixmyquarter.core.account.Role;

/**
 * Who performs an action, and with which roles: recorded in history and audit rows, and checked by
 * {@link Permissions} before every use case that needs a role.
 *
 * <p>The roles are the ones the person holds <em>now</em> (a front end reads them from the
 * account, see {@link org.fixmyquarter.core.account.RoleGrant#effectiveRoles}); the core trusts
 * them as it trusts the id: authenticating the person is the front end's job, deciding what they
 * may do is the core's. An actor without roles (the {@linkplain #ANONYMOUS anonymous visitor}, or
 * a system actor such as a server setup step recorded in the audit log) may read public data and
 * submit reports, nothing else.
 *
 * @param id          stable identifier of the user (their account id), or {@code "anonymous"};
 *                    1 to {@link #ID_MAX} characters
 * @param displayName the name shown next to the action, 1 to {@link #DISPLAY_NAME_MAX} characters
 * @param roles       the roles the actor holds now; empty for an anonymous visitor
 * @param bodies      the ids of the responsible bodies whose reports the actor operates (an
 *                    operator role granted for one body), on top of {@code roles}; empty for most
 */
public record Actor(String id, String displayName, Set<Role> roles, Set<String> bodies) {

    /** Longest id: the width of the columns that record who acted. */
    public static final int ID_MAX = 64;
    /** Longest display name: the width of the columns that record the name of who acted. */
    public static final int DISPLAY_NAME_MAX = 100;

    /** A visitor who has not signed in: no role. */
    public static final Actor ANONYMOUS = new Actor("anonymous", "Anonymous", Set.of());

    /**
     * Checks the parts, so that nothing the database would refuse gets as far as a write.
     *
     * @throws IllegalArgumentException if a part is missing, the id or name blank, or either longer
     *                                  than its column ({@link #ID_MAX}, {@link #DISPLAY_NAME_MAX})
     */
    public Actor {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("An actor needs an id (an account id, or \"anonymous\")");
        }
        if (id.length() > ID_MAX) {
            throw new IllegalArgumentException("An actor's id must be at most " + ID_MAX + " characters (it has "
                    + id.length() + ")");
        }
        if (displayName == null || displayName.isBlank()) {
            throw new IllegalArgumentException("An actor needs a display name, shown next to what they do");
        }
        if (displayName.length() > DISPLAY_NAME_MAX) {
            throw new IllegalArgumentException("An actor's display name must be at most " + DISPLAY_NAME_MAX
                    + " characters (it has " + displayName.length() + ")");
        }
        if (roles == null || roles.stream().anyMatch(role -> role == null)) {
            throw new IllegalArgumentException("An actor's roles must be a set without null (empty for none)");
        }
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
        if (bodies == null || bodies.stream().anyMatch(body -> body == null)) {
            throw new IllegalArgumentException("An actor's bodies must be a set without null (empty for none)");
        }
        bodies = Set.copyOf(bodies);
    }

    /**
     * An actor operating no body's reports: the roles alone decide.
     *
     * @param id          the actor's id
     * @param displayName the name shown
     * @param roles       the roles they hold now
     */
    public Actor(String id, String displayName, Set<Role> roles) {
        this(id, displayName, roles, Set.of());
    }

    /**
     * An actor without any role: enough for the audit log's system actors, not for any use case
     * that needs a role.
     *
     * @param id          the actor's id
     * @param displayName the name shown
     */
    public Actor(String id, String displayName) {
        this(id, displayName, Set.of());
    }

    /**
     * @return the {@linkplain #ANONYMOUS anonymous visitor}
     */
    public static Actor anonymous() {
        return ANONYMOUS;
    }

    /**
     * @param id          the account id
     * @param displayName the name shown
     * @return a signed-in person with the {@link Role#CITIZEN citizen} role only
     */
    public static Actor citizen(String id, String displayName) {
        return new Actor(id, displayName, Set.of(Role.CITIZEN));
    }

    /**
     * @param id          the account id
     * @param displayName the name shown
     * @param roles       the roles they hold now
     * @return the actor
     */
    public static Actor of(String id, String displayName, Set<Role> roles) {
        return new Actor(id, displayName, roles);
    }

    /**
     * @param id          the account id
     * @param displayName the name shown
     * @param roles       the roles they hold now
     * @return the actor
     */
    public static Actor of(String id, String displayName, Role... roles) {
        return new Actor(id, displayName, Set.copyOf(Arrays.asList(roles)));
    }

    /**
     * @param role a role
     * @return whether the actor holds it
     */
    public boolean has(Role role) {
        return roles.contains(role);
    }

    /**
     * @param any some roles
     * @return whether the actor holds at least one of them
     */
    public boolean hasAny(Role... any) {
        for (Role role : any) {
            if (roles.contains(role)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param bodyIds the responsible bodies whose reports this person operates
     * @return the same actor, operating those bodies' reports
     */
    public Actor withBodies(Set<String> bodyIds) {
        return new Actor(id, displayName, roles, bodyIds);
    }

    /**
     * @param bodyId a body's id, or {@code null}
     * @return whether the actor operates that body's reports by a role granted for the body
     */
    public boolean operates(String bodyId) {
        return bodyId != null && bodies.contains(bodyId);
    }

    /**
     * @return whether this is a signed-in person: one who holds at least one role
     */
    public boolean isSignedIn() {
        return !roles.isEmpty();
    }

    /**
     * @return whether the actor is staff (moderator, operator or administrator), who see what
     *         moderators hid
     */
    public boolean isStaff() {
        return hasAny(Role.MODERATOR, Role.OPERATOR, Role.ADMINISTRATOR);
    }
}
