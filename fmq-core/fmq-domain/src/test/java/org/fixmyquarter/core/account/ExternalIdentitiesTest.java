package org.fixmyquarter.core.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;

import org.fixmyquarter.core.MutableClock;
import org.fixmyquarter.core.TestDatabase;
import org.fixmyquarter.core.error.ConflictException;
import org.fixmyquarter.core.error.NotFoundException;
import org.fixmyquarter.core.error.ValidationException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Sign-in through the identity provider against a real database: accounts are found by the
 * provider's issuer and subject, never by e-mail address.
 */
class ExternalIdentitiesTest {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final Passwords PASSWORDS = new Passwords(1_000);
    private static final String ISSUER = "https://sso.city.example/realms/city";
    private static final String PASSWORD = "correct horse battery staple";

    private MutableClock clock;

    @BeforeEach
    void emptyDatabase() {
        DB.deleteAllRows();
        clock = new MutableClock(Instant.parse("2025-03-01T10:15:30Z"));
    }

    private <T> T identities(Function<ExternalIdentities, T> work) {
        return DB.inTransaction(em -> work.apply(new ExternalIdentities(em, PASSWORDS, clock)));
    }

    private UserAccount register(String email) {
        return DB.inTransaction(em -> new AccountService(em, PASSWORDS, LoginPolicy.DEFAULT, clock).register(
                new NewAccount(email, PASSWORD.toCharArray(), "Local Person", null), Role.ADMINISTRATOR,
                AccountService.SETUP));
    }

    private static ProviderIdentity person(String subject, String email, boolean verified, String name) {
        return new ProviderIdentity(ISSUER, subject, email, verified, name);
    }

    @Test
    void theAddressOfAnAccountNeverSignsInToIt() {
        UserAccount admin = register("admin@city.example");
        ConflictException refused = assertThrows(ConflictException.class,
                () -> identities(s -> s.signIn(person("attacker", "Admin@City.example", true, "Mallory"))));
        assertEquals("account-exists", refused.reason());
        assertThrows(ValidationException.class,
                () -> identities(s -> s.signIn(person("attacker", "admin@city.example", false, "Mallory"))));
        assertEquals(List.of(), identities(s -> s.of(admin.getId())));
    }

    @Test
    void theSubjectKeepsItsAccountWhateverAddressComesLater() {
        UserAccount first = identities(s -> s.signIn(person("sub-1", "first@city.example", true, "Ana")));
        register("taken@city.example");
        UserAccount again = identities(s -> s.signIn(person("sub-1", "taken@city.example", true, "Ana")));
        assertEquals(first.getId(), again.getId());
        assertEquals("first@city.example", again.getEmail());
    }

    @Test
    void aNamelessProviderUserIsNamedByTheirHandleNotTheirAddress() {
        UserAccount account = identities(s -> s.signIn(person("sub-2", "jane.doe@city.example", true, null)));
        assertEquals(account.getHandle(), account.getDisplayName());
        assertFalse(account.getDisplayName().contains("jane"), account.getDisplayName());
        assertNull(DB.queryValue("SELECT password_hash FROM fmq_user WHERE id = ?", account.getId()));
    }

    @Test
    void linkingNeedsThePasswordAndOneAccountPerIdentity() {
        UserAccount local = register("local@city.example");
        assertThrows(ValidationException.class, () -> identities(s -> s.link(local.getId(),
                "wrong password".toCharArray(), person("sub-3", "local@city.example", true, null))));
        identities(s -> s.link(local.getId(), PASSWORD.toCharArray(), person("sub-3", "x@city.example", true, null)));
        assertEquals(local.getId(), identities(s -> s.signIn(person("sub-3", "y@city.example", true, null))).getId());

        UserAccount other = register("other@city.example");
        ConflictException taken = assertThrows(ConflictException.class, () -> identities(s -> s.link(other.getId(),
                PASSWORD.toCharArray(), person("sub-3", "other@city.example", true, null))));
        assertEquals("identity-linked", taken.reason());
        assertTrue(identities(s -> s.of(other.getId())).isEmpty());
    }

    @Test
    void wrongPasswordsOnTheLinkFormCountAsFailedSignIns() {
        UserAccount local = register("local@city.example");
        for (int i = 1; i <= 5; i++) {
            char[] guess = ("wrong password " + i).toCharArray();
            // Committed although refused, as the server does, so that the failure stays counted.
            Object refused = identities(s -> {
                try {
                    return s.link(local.getId(), guess, person("sub-9", "local@city.example", true, null),
                            "203.0.113.9");
                } catch (ValidationException e) {
                    return e;
                }
            });
            assertTrue(refused instanceof ValidationException, String.valueOf(refused));
        }
        LoginResult fromThere = DB.inTransaction(em -> new AccountService(em, PASSWORDS, LoginPolicy.DEFAULT, clock)
                .login("local@city.example", PASSWORD.toCharArray(), "203.0.113.9"));
        assertEquals(new LoginResult.Refused(), fromThere, "the address that guessed is slowed down at sign-in too");
        LoginResult elsewhere = DB.inTransaction(em -> new AccountService(em, PASSWORDS, LoginPolicy.DEFAULT, clock)
                .login("local@city.example", PASSWORD.toCharArray(), "198.51.100.7"));
        assertTrue(elsewhere instanceof LoginResult.Success, String.valueOf(elsewhere));
    }

    @Test
    void anIdentityIsUnlinkedByItsOwnerUnlessItIsTheLastWayToSignIn() {
        UserAccount local = register("local@city.example");
        ExternalIdentity linked = identities(s -> s.link(local.getId(), PASSWORD.toCharArray(),
                person("sub-4", "local@city.example", true, null)));
        UserAccount stranger = register("stranger@city.example");
        assertThrows(NotFoundException.class, () -> identities(s -> {
            s.unlink(stranger.getId(), linked.getId());
            return null;
        }), "someone else's link is not there for them");

        identities(s -> {
            s.unlink(local.getId(), linked.getId());
            return null;
        });
        assertEquals(List.of(), identities(s -> s.of(local.getId())));
        assertEquals("account-exists", assertThrows(ConflictException.class, () -> identities(s -> s.signIn(
                person("sub-4", "local@city.example", true, null)))).reason(), "it no longer signs in to the account");

        UserAccount providerOnly = identities(s -> s.signIn(person("sub-5", "provider@city.example", true, "Pia")));
        String only = identities(s -> s.of(providerOnly.getId())).get(0).getId();
        assertEquals("last-sign-in-method", assertThrows(ConflictException.class, () -> identities(s -> {
            s.unlink(providerOnly.getId(), only);
            return null;
        })).reason(), "an account without a password keeps its only identity");
    }
}
