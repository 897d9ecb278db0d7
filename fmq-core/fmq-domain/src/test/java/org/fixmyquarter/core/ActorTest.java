package org.fixmyquarter.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import org.fixmyquarter.core.account.Role;
import org.junit.jupiter.api.Test;

/**
 * An actor is checked when it is made: what the columns recording it would refuse never gets as
 * far as a write, and the error says what is wrong instead of a bare {@code NullPointerException}
 * or a database error.
 */
class ActorTest {

    @Test
    void factoriesGiveTheRoles() {
        assertEquals(Set.of(), Actor.anonymous().roles());
        assertFalse(Actor.anonymous().isSignedIn());
        assertEquals(Set.of(Role.CITIZEN), Actor.citizen("a", "Ana").roles());
        assertEquals(Set.of(Role.MODERATOR, Role.OPERATOR), Actor.of("m", "Mo", Role.MODERATOR, Role.OPERATOR).roles());
        assertTrue(Actor.of("o", "Olga", Set.of(Role.OPERATOR)).isStaff());
        assertFalse(Actor.citizen("a", "Ana").isStaff());
        assertEquals(Set.of(), new Actor("system", "Server setup").roles());
    }

    @Test
    void theRolesCannotChangeAfterwards() {
        Set<Role> roles = new HashSet<>(Set.of(Role.CITIZEN));
        Actor actor = Actor.of("a", "Ana", roles);
        roles.add(Role.ADMINISTRATOR);
        assertEquals(Set.of(Role.CITIZEN), actor.roles());
        assertThrows(UnsupportedOperationException.class, () -> actor.roles().add(Role.ADMINISTRATOR));
    }

    @Test
    void aDisplayNameLongerThanItsColumnIsAClearError() {
        Actor.citizen("a", "n".repeat(Actor.DISPLAY_NAME_MAX));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Actor.citizen("a", "n".repeat(Actor.DISPLAY_NAME_MAX + 1)));
        assertEquals("An actor's display name must be at most 100 characters (it has 101)", e.getMessage());
    }

    @Test
    void anIdLongerThanItsColumnIsAClearError() {
        Actor.citizen("i".repeat(Actor.ID_MAX), "Ana");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Actor.citizen("i".repeat(Actor.ID_MAX + 1), "Ana"));
        assertEquals("An actor's id must be at most 64 characters (it has 65)", e.getMessage());
    }

    @Test
    void missingOrBlankPartsAreClearErrors() {
        assertThrows(IllegalArgumentException.class, () -> Actor.citizen(null, "Ana"));
        assertThrows(IllegalArgumentException.class, () -> Actor.citizen(" ", "Ana"));
        assertThrows(IllegalArgumentException.class, () -> Actor.citizen("a", null));
        assertThrows(IllegalArgumentException.class, () -> Actor.citizen("a", ""));
        assertThrows(IllegalArgumentException.class, () -> Actor.of("a", "Ana", (Set<Role>) null));
        assertThrows(IllegalArgumentException.class, () -> Actor.of("a", "Ana", new HashSet<>(Arrays.asList(
                Role.CITIZEN, null))));
    }
}
