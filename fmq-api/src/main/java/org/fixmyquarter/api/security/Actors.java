package org.fixmyquarter.api.security;

import java.security.Principal;
import java.util.EnumSet;
import java.util.Set;

import jakarta.ws.rs.core.SecurityContext;

import org.fixmyquarter.core.Actor;
import org.fixmyquarter.core.account.Role;

/**
 * Who makes a request, as the core records it.
 */
public final class Actors {

    private Actors() {
    }

    /**
     * The actor the core checks its rules against ({@link org.fixmyquarter.core.Permissions}).
     *
     * @param security the request's security context
     * @return the signed-in user (their account id, their account's display name, the roles they
     *         hold now and the bodies whose reports they operate, read from the database at this
     *         request), or Anonymous
     */
    public static Actor of(SecurityContext security) {
        Principal principal = security == null ? null : security.getUserPrincipal();
        if (principal == null) {
            return Actor.anonymous();
        }
        if (principal instanceof SignedInUser) {
            SignedInUser user = (SignedInUser) principal;
            Set<Role> roles = EnumSet.noneOf(Role.class);
            user.roles().forEach(name -> Role.fromWireName(name).ifPresent(roles::add));
            return Actor.of(user.accountId(), user.displayName(), roles).withBodies(user.bodies());
        }
        // Another kind of principal (none is configured): the roles the container says it holds.
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (Role role : Role.values()) {
            if (security.isUserInRole(role.wireName())) {
                roles.add(role);
            }
        }
        return Actor.of(principal.getName(), principal.getName(), roles);
    }

    /**
     * Staff see what moderators hid; everyone else, the content's author included, does not.
     *
     * @param security the request's security context
     * @return whether the caller is a moderator, an operator or an administrator
     */
    public static boolean isStaff(SecurityContext security) {
        return security != null && (security.isUserInRole("moderator") || security.isUserInRole("operator")
                || security.isUserInRole("administrator"));
    }
}
