package org.fixmyquarter.api.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.Principal;
import java.util.Set;

import jakarta.ws.rs.core.SecurityContext;

import org.fixmyquarter.core.Actor;
import org.fixmyquarter.core.account.Role;
import org.junit.jupiter.api.Test;

/**
 * The actor the core checks its rules against carries the roles the request's user holds now.
 */
class ActorsTest {

    private static SecurityContext context(Principal user) {
        return new SecurityContext() {
            @Override
            public Principal getUserPrincipal() {
                return user;
            }

            @Override
            public boolean isUserInRole(String role) {
                return user instanceof SignedInUser && ((SignedInUser) user).roles().contains(role);
            }

            @Override
            public boolean isSecure() {
                return true;
            }

            @Override
            public String getAuthenticationScheme() {
                return "Bearer";
            }
        };
    }

    @Test
    void noUserIsTheAnonymousActorWithoutRoles() {
        assertSame(Actor.ANONYMOUS, Actors.of(context(null)));
        assertSame(Actor.ANONYMOUS, Actors.of(null));
        assertFalse(Actors.of(null).isSignedIn());
    }

    @Test
    void aSignedInUserBringsTheirLiveRoles() {
        Actor actor = Actors.of(context(new SignedInUser("acc-1", "Olga", Set.of("citizen", "operator"), "s-1")));
        assertEquals(Actor.of("acc-1", "Olga", Role.CITIZEN, Role.OPERATOR), actor);
        assertTrue(actor.isStaff());
    }

    @Test
    void aRoleNameTheCoreDoesNotKnowGivesNothing() {
        Actor actor = Actors.of(context(new SignedInUser("acc-2", "Ana", Set.of("citizen", "superuser"), "s-2")));
        assertEquals(Set.of(Role.CITIZEN), actor.roles());
    }
}
