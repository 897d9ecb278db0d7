package org.fixmyquarter.api.security;

import java.security.Principal;

import jakarta.ws.rs.core.SecurityContext;

import org.fixmyquarter.core.Actor;

/**
 * Who makes a request, as the core records it.
 */
public final class Actors {

    private Actors() {
    }

    /**
     * @param security the request's security context
     * @return the signed-in user (their account id and the name in their token), or Anonymous
     */
    public static Actor of(SecurityContext security) {
        Principal principal = security == null ? null : security.getUserPrincipal();
        if (principal == null) {
            return Actor.ANONYMOUS;
        }
        String name = principal instanceof SignedInUser ? ((SignedInUser) principal).displayName() : principal.getName();
        return new Actor(principal.getName(), name);
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
