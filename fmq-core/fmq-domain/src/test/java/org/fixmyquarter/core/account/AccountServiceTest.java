package org.fixmyquarter.core.account;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import org.fixmyquarter.core.Actor;
import org.fixmyquarter.core.MutableClock;
import org.fixmyquarter.core.TestDatabase;
import org.fixmyquarter.core.error.ConflictException;
import org.fixmyquarter.core.error.FieldError;
import org.fixmyquarter.core.error.NotFoundException;
import org.fixmyquarter.core.error.ValidationException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The account use cases against a real database: H2 in memory, migrated with the core's Flyway
 * scripts, through JPA (EclipseLink). Each use case runs in a transaction of its own, as in the
 * server, so what a test reads back was really committed.
 */
class AccountServiceTest {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    /** Fast hashing: the work factor does not change what is tested. */
    private static final Passwords PASSWORDS = new Passwords(1_000);
    /** Nanoseconds on purpose: the service keeps microseconds, as the database does. */
    private static final Instant START = Instant.parse("2025-03-01T10:15:30.123456789Z");
    private static final Instant NOW = START.truncatedTo(ChronoUnit.MICROS);
    private static final String PASSWORD = "correct horse battery staple";
    private static final Actor ADMIN = Actor.of("admin-1", "Ada Admin", Role.ADMINISTRATOR);

    private MutableClock clock;

    @BeforeEach
    void emptyDatabase() {
        DB.deleteAllRows();
        clock = new MutableClock(START);
    }

    // --- helpers -------------------------------------------------------------------------------

    private <T> T accounts(Function<AccountService, T> work) {
        return accounts(PASSWORDS, work);
    }

    private <T> T accounts(Passwords passwords, Function<AccountService, T> work) {
        return DB.inTransaction(em -> work.apply(new AccountService(em, passwords, LoginPolicy.DEFAULT, clock)));
    }

    private UserAccount register(String email) {
        return accounts(s -> s.register(new NewAccount(email, PASSWORD.toCharArray(), "Someone", null),
                Role.CITIZEN, AccountService.SELF));
    }

    private LoginResult login(String email, String password) {
        return accounts(s -> s.login(email, password == null ? null : password.toCharArray()));
    }

    private Object column(String column, String userId) {
        return DB.queryValue("SELECT " + column + " FROM fmq_user WHERE id = ?", userId);
    }

    private long count(String table) {
        return ((Number) DB.queryValue("SELECT COUNT(*) FROM " + table)).longValue();
    }

    private static Instant instant(Object timestampWithTimeZone) {
        return ((OffsetDateTime) timestampWithTimeZone).toInstant();
    }

    private static NewAccount valid() {
        return new NewAccount("camille@example.org", PASSWORD.toCharArray(), "Camille", "fr");
    }

    // --- schema --------------------------------------------------------------------------------

    @Test
    void theSchemaComesFromEveryMigration() {
        assertTrue(DB.migration().migrationsExecuted >= 3, "V1..V3 at least");
        List<Object> versions = DB.query("SELECT \"version\" FROM \"fmq_schema_history\" WHERE \"success\""
                + " ORDER BY \"installed_rank\"").stream().map(row -> row.get(0)).toList();
        assertTrue(versions.containsAll(List.of("1", "2", "3")), versions.toString());
        assertEquals(0, count("fmq_user"));
        assertEquals(0, count("fmq_role_grant"));
    }

    // --- register ------------------------------------------------------------------------------

    @Test
    void registerStoresNormalizedAccountHashedPasswordAndCitizenRole() {
        char[] password = PASSWORD.toCharArray();

        UserAccount account = accounts(s -> s.register(
                new NewAccount("  Camille.Martin@Example.ORG ", password, "  Camille Martin \t", " pt-br "),
                Role.CITIZEN, AccountService.SELF));

        assertArrayEquals(new char[PASSWORD.length()], password, "the password array is wiped");
        assertEquals("camille.martin@example.org", account.getEmail());
        assertEquals("Camille Martin", account.getDisplayName());
        assertEquals("pt-BR", account.getPreferredLocale());
        assertEquals(NOW, account.getCreatedAt());

        // What the database holds, read past JPA.
        List<Object> row = DB.query("SELECT email, display_name, password_hash, preferred_locale, failed_logins,"
                + " locked_until, created_at FROM fmq_user WHERE id = ?", account.getId()).get(0);
        assertEquals("camille.martin@example.org", row.get(0));
        assertEquals("Camille Martin", row.get(1));
        String hash = (String) row.get(2);
        assertTrue(hash.startsWith("pbkdf2-sha256$1000$"), hash);
        assertFalse(hash.contains(PASSWORD), "never the password itself");
        assertTrue(PASSWORDS.verify(PASSWORD.toCharArray(), hash));
        assertEquals("pt-BR", row.get(3));
        assertEquals(0, ((Number) row.get(4)).intValue());
        assertNull(row.get(5));
        assertEquals(NOW, instant(row.get(6)));

        List<List<Object>> grants = DB.query("SELECT user_id, role, scope, granted_by FROM fmq_role_grant");
        assertEquals(List.of(Arrays.asList(account.getId(), "citizen", null, "self")), grants);
        assertEquals(0, count("fmq_audit_entry"), "a self-registration is not audited");
    }

    @Test
    void registerBySetupIsAudited() {
        UserAccount admin = accounts(s -> s.register(valid(), Role.ADMINISTRATOR, AccountService.SETUP));

        assertEquals(List.of(Role.ADMINISTRATOR), accounts(s -> s.roles(admin.getId()).stream()
                .map(RoleGrant::getRole).toList()));
        assertEquals(List.of(List.of("setup", "user.created", admin.getId())),
                DB.query("SELECT actor_id, action, target_id FROM fmq_audit_entry"));
    }

    @Test
    void invalidRegistrationNamesEveryBadFieldWipesThePasswordAndWritesNothing() {
        char[] password = "short".toCharArray();

        ValidationException e = assertThrows(ValidationException.class, () -> accounts(s -> s.register(
                new NewAccount("not-an-address", password, "   ", "en_US"), Role.CITIZEN, AccountService.SELF)));

        assertEquals(List.of(
                        FieldError.translatable("email", "validation.email", "must be an e-mail address"),
                        FieldError.translatable("password", "validation.length-range",
                                "must be 10 to 200 characters", 10, 200),
                        FieldError.translatable("displayName", "validation.length-range",
                                "must be 1 to 100 characters", 1, 100),
                        FieldError.translatable("preferredLanguage", "validation.locale",
                                "must be a language tag such as fr or pt-BR")),
                e.errors());
        assertArrayEquals(new char[5], password, "wiped even when refused");
        assertEquals(0, count("fmq_user"));
        assertEquals(0, count("fmq_role_grant"));
    }

    static Stream<Arguments> invalidFields() {
        String local64 = "a".repeat(64);
        String email255 = local64 + "@" + "b".repeat(186) + ".org";
        return Stream.of(
                Arguments.of("email missing", new NewAccount(null, pw(10), "Camille", null), "email", "validation.required"),
                Arguments.of("email empty", new NewAccount("", pw(10), "Camille", null), "email", "validation.required"),
                Arguments.of("email blank", new NewAccount("   ", pw(10), "Camille", null), "email", "validation.required"),
                Arguments.of("email without @", new NewAccount("camille.example.org", pw(10), "Camille", null),
                        "email", "validation.email"),
                Arguments.of("email without dot in domain", new NewAccount("camille@localhost", pw(10), "Camille", null),
                        "email", "validation.email"),
                Arguments.of("email with two @", new NewAccount("a@b@example.org", pw(10), "Camille", null),
                        "email", "validation.email"),
                Arguments.of("email with a space", new NewAccount("cam ille@example.org", pw(10), "Camille", null),
                        "email", "validation.email"),
                Arguments.of("email local part of 65", new NewAccount("a" + local64 + "@example.org", pw(10), "Camille",
                        null), "email", "validation.email"),
                Arguments.of("email of 255", new NewAccount(email255, pw(10), "Camille", null), "email",
                        "validation.email"),
                Arguments.of("password missing", new NewAccount("c@example.org", null, "Camille", null), "password",
                        "validation.length-range"),
                Arguments.of("password of 9", new NewAccount("c@example.org", pw(9), "Camille", null), "password",
                        "validation.length-range"),
                Arguments.of("password of 201", new NewAccount("c@example.org", pw(201), "Camille", null), "password",
                        "validation.length-range"),
                Arguments.of("name missing", new NewAccount("c@example.org", pw(10), null, null), "displayName",
                        "validation.length-range"),
                Arguments.of("name blank", new NewAccount("c@example.org", pw(10), " \t ", null), "displayName",
                        "validation.length-range"),
                Arguments.of("name of 101", new NewAccount("c@example.org", pw(10), "n".repeat(101), null),
                        "displayName", "validation.length-range"),
                Arguments.of("locale with underscore", new NewAccount("c@example.org", pw(10), "Camille", "en_US"),
                        "preferredLanguage", "validation.locale"),
                Arguments.of("locale not a tag", new NewAccount("c@example.org", pw(10), "Camille", "français"),
                        "preferredLanguage", "validation.locale"),
                Arguments.of("locale empty", new NewAccount("c@example.org", pw(10), "Camille", ""),
                        "preferredLanguage", "validation.locale"),
                Arguments.of("locale over 35", new NewAccount("c@example.org", pw(10), "Camille",
                        "en-US-x-" + "abcdefgh-".repeat(3) + "abcdefgh"), "preferredLanguage", "validation.locale"));
    }

    /** A password of that length that is hard to guess, so that only its length can be wrong. */
    private static char[] pw(int length) {
        String unguessable = "Kq7#vZ2!mX9$pL4&wR8*";
        return unguessable.repeat(length / unguessable.length() + 1).substring(0, length).toCharArray();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidFields")
    void eachInvalidFieldIsNamedWithItsTranslatableKey(String label, NewAccount content, String field, String key) {
        ValidationException e = assertThrows(ValidationException.class,
                () -> accounts(s -> s.register(content, Role.CITIZEN, AccountService.SELF)));

        assertEquals(1, e.errors().size(), e.errors().toString());
        assertEquals(field, e.errors().get(0).field());
        assertEquals(key, e.errors().get(0).messageKey());
        if (key.equals("validation.length-range") && field.equals("password")) {
            assertEquals(List.of("10", "200"), e.errors().get(0).args());
        } else if (key.equals("validation.length-range")) {
            assertEquals(List.of("1", "100"), e.errors().get(0).args());
        }
        assertEquals(0, count("fmq_user"));
    }

    @Test
    void valuesAtTheLimitsAreAccepted() {
        String email254 = "a".repeat(64) + "@" + "b".repeat(185) + ".org";
        assertEquals(254, email254.length());

        accounts(s -> s.register(new NewAccount(email254, pw(200), "n".repeat(100), null),
                Role.CITIZEN, AccountService.SELF));
        accounts(s -> s.register(new NewAccount("ten@example.org", pw(10), "N", "en-US"),
                Role.CITIZEN, AccountService.SELF));

        assertEquals(2, count("fmq_user"));
    }

    @Test
    void duplicateEmailInAnotherCaseIsAConflict() {
        register("camille@example.org");

        ConflictException e = assertThrows(ConflictException.class, () -> register("  CAMILLE@Example.Org"));

        assertEquals("email-taken", e.reason());
        assertEquals("problem.email-taken.detail", e.messageKey());
        assertEquals(1, count("fmq_user"));
        assertEquals(1, count("fmq_role_grant"));
    }

    // --- login ---------------------------------------------------------------------------------

    @Test
    void loginReturnsTheAccountWithItsRolesAndResetsTheFailureCount() {
        UserAccount account = register("camille@example.org");
        clock.advance(Duration.ofSeconds(1));
        accounts(s -> s.grant(account.getId(), Role.MODERATOR, null, ADMIN));
        clock.set(START);
        assertEquals(new LoginResult.Refused(), login("camille@example.org", "wrong password!"));
        assertEquals(new LoginResult.Refused(), login("camille@example.org", "wrong password!"));
        assertEquals(2, ((Number) column("failed_logins", account.getId())).intValue());
        clock.advance(Duration.ofMinutes(1));
        char[] password = PASSWORD.toCharArray();

        LoginResult result = accounts(s -> s.login(" Camille@EXAMPLE.org ", password));

        LoginResult.Success success = assertInstanceOf(LoginResult.Success.class, result);
        assertEquals(account.getId(), success.account().getId());
        assertEquals(List.of(Role.CITIZEN, Role.MODERATOR), success.roles().stream().map(RoleGrant::getRole).toList());
        assertArrayEquals(new char[PASSWORD.length()], password, "the password array is wiped");
        assertEquals(0, ((Number) column("failed_logins", account.getId())).intValue());
        assertEquals(NOW.plus(Duration.ofMinutes(1)), instant(column("last_login_at", account.getId())));
    }

    @Test
    void wrongPasswordAndUnknownEmailAreRefusedAlike() {
        register("camille@example.org");

        LoginResult wrongPassword = login("camille@example.org", "not the password");
        LoginResult unknownEmail = login("nobody@example.org", PASSWORD);

        assertInstanceOf(LoginResult.Refused.class, wrongPassword);
        assertEquals(wrongPassword, unknownEmail);
        assertEquals(wrongPassword, login(null, PASSWORD));
        assertEquals(wrongPassword, login("", PASSWORD));
        assertEquals(wrongPassword, login("camille@example.org", null));
    }

    private LoginResult loginFrom(String address, String password) {
        return accounts(s -> s.login("camille@example.org", password.toCharArray(), address));
    }

    @Test
    void failuresSlowDownTheirAddressWithDoublingDelaysButNeverTheOwnersOther() {
        register("camille@example.org");
        for (int i = 1; i <= 4; i++) {
            assertEquals(new LoginResult.Refused(), loginFrom("203.0.113.9", "wrong password " + i), "failure " + i);
        }
        // Four failures cost nothing: the owner's typo does not slow them down.
        assertInstanceOf(LoginResult.Success.class, loginFrom("203.0.113.9", PASSWORD));
        for (int i = 1; i <= 5; i++) {
            loginFrom("203.0.113.9", "wrong password " + i);
        }

        // The fifth failure: for five seconds, that address is refused unchecked, right password or not.
        assertEquals(new LoginResult.Refused(), loginFrom("203.0.113.9", PASSWORD));
        // The owner, elsewhere, signs in at once.
        assertInstanceOf(LoginResult.Success.class, loginFrom("198.51.100.7", PASSWORD));

        clock.advance(Duration.ofSeconds(5));
        assertEquals(new LoginResult.Refused(), loginFrom("203.0.113.9", "wrong password 6"));
        clock.advance(Duration.ofSeconds(9));
        assertEquals(new LoginResult.Refused(), loginFrom("203.0.113.9", PASSWORD), "nine seconds after the sixth");
        clock.advance(Duration.ofSeconds(1));
        assertInstanceOf(LoginResult.Success.class, loginFrom("203.0.113.9", PASSWORD));
        // A success starts that address afresh.
        assertEquals(0L, ((Number) DB.queryValue("SELECT COUNT(*) FROM fmq_sign_in_delay")).longValue());
    }

    @Test
    void theDelayDoublesUpToTheLongestAndAttemptsWithinItAreNotCounted() {
        LoginPolicy policy = LoginPolicy.DEFAULT;
        assertEquals(Duration.ZERO, policy.delayAfter(4));
        assertEquals(Duration.ofSeconds(5), policy.delayAfter(5));
        assertEquals(Duration.ofSeconds(10), policy.delayAfter(6));
        assertEquals(Duration.ofSeconds(640), policy.delayAfter(12));
        assertEquals(Duration.ofMinutes(15), policy.delayAfter(13));
        assertEquals(Duration.ofMinutes(15), policy.delayAfter(1_000));

        UserAccount account = register("camille@example.org");
        for (int i = 1; i <= 5; i++) {
            loginFrom("203.0.113.9", "wrong password " + i);
        }
        for (int i = 0; i < 20; i++) {
            loginFrom("203.0.113.9", "a guess within the delay");
        }
        assertEquals(5, ((Number) DB.queryValue("SELECT failures FROM fmq_sign_in_delay")).intValue(),
                "guesses within the delay are not even checked");
        assertEquals(5, ((Number) column("failed_logins", account.getId())).intValue());
        List<List<Object>> audit = DB.query("SELECT action FROM fmq_audit_entry WHERE target_id = ?", account.getId());
        assertEquals(5, audit.stream().filter(row -> "user.sign_in_failed".equals(row.get(0))).count(), audit.toString());
    }

    @Test
    void aWrongCurrentPasswordCountsAsAFailedSignIn() {
        UserAccount account = register("camille@example.org");
        for (int i = 1; i <= 5; i++) {
            char[] guess = ("wrong password " + i).toCharArray();
            // Committed although refused, as the server does: the failure must stay counted.
            Object refused = accounts(s -> {
                try {
                    return s.updateOwn(account.getId(), null, null, null, guess, "a new long password".toCharArray(),
                            "203.0.113.9");
                } catch (ValidationException e) {
                    return e;
                }
            });
            assertInstanceOf(ValidationException.class, refused);
        }
        assertEquals(new LoginResult.Refused(), loginFrom("203.0.113.9", PASSWORD),
                "the address that guessed through the profile form is slowed down at sign-in too");
    }

    @Test
    void aSuccessfulLoginUpgradesAnOldHash() {
        UserAccount account = register("camille@example.org");
        String oldHash = (String) column("password_hash", account.getId());
        assertTrue(oldHash.startsWith("pbkdf2-sha256$1000$"), oldHash);
        Passwords stronger = new Passwords(2_000);

        assertInstanceOf(LoginResult.Refused.class,
                accounts(stronger, s -> s.login("camille@example.org", "wrong password".toCharArray())));
        assertEquals(oldHash, column("password_hash", account.getId()), "a failure never rehashes");

        assertInstanceOf(LoginResult.Success.class,
                accounts(stronger, s -> s.login("camille@example.org", PASSWORD.toCharArray())));

        String newHash = (String) column("password_hash", account.getId());
        assertTrue(newHash.startsWith("pbkdf2-sha256$2000$"), newHash);
        assertTrue(stronger.verify(PASSWORD.toCharArray(), newHash));
        // The weaker configuration still signs in with it, and does not downgrade it.
        assertInstanceOf(LoginResult.Success.class, login("camille@example.org", PASSWORD));
        assertEquals(newHash, column("password_hash", account.getId()));
    }

    // --- roles ---------------------------------------------------------------------------------

    @Test
    void grantingTheSameRoleTwiceChangesNothing() {
        UserAccount account = register("camille@example.org");

        RoleGrant first = accounts(s -> s.grant(account.getId(), Role.OPERATOR, null, ADMIN));
        RoleGrant again = accounts(s -> s.grant(account.getId(), Role.OPERATOR, null, ADMIN));
        RoleGrant sameTransaction = accounts(s -> {
            RoleGrant a = s.grant(account.getId(), Role.MODERATOR, null, ADMIN);
            RoleGrant b = s.grant(account.getId(), Role.MODERATOR, null, ADMIN);
            assertEquals(a.getId(), b.getId());
            return a;
        });

        assertEquals(first.getId(), again.getId());
        assertEquals(3, count("fmq_role_grant"), "citizen, operator, moderator");
        assertEquals(List.of("user.role_granted", "user.role_granted"),
                DB.query("SELECT action FROM fmq_audit_entry").stream().map(r -> r.get(0)).toList());
        assertNotEquals(first.getId(), sameTransaction.getId());
    }

    /** A grant written by an older version, which accepted scopes: scopes are not enforced yet. */
    private static void insertScopedGrant(String userId, Role role, String scope) {
        DB.run(em -> em.createNativeQuery("INSERT INTO fmq_role_grant (id, user_id, role, scope, granted_by,"
                        + " granted_at) VALUES (?, ?, ?, ?, 'older-version', CURRENT_TIMESTAMP)")
                .setParameter(1, "scoped-" + scope).setParameter(2, userId).setParameter(3, role.wireName())
                .setParameter(4, scope).executeUpdate());
    }

    @Test
    void anOldScopedGrantGivesNothing() {
        UserAccount account = register("camille@example.org");
        insertScopedGrant(account.getId(), Role.ADMINISTRATOR, "district-7");

        List<RoleGrant> roles = accounts(s -> s.roles(account.getId()));
        assertEquals(2, roles.size(), "the account still shows it, so an administrator can remove it");
        assertEquals(java.util.Set.of(Role.CITIZEN), RoleGrant.effectiveRoles(roles));
        LoginResult.Success signedIn = assertInstanceOf(LoginResult.Success.class,
                login("camille@example.org", PASSWORD));
        assertEquals(java.util.Set.of(Role.CITIZEN), RoleGrant.effectiveRoles(signedIn.roles()));
    }

    @Test
    void grantRefusesEveryScopeAndAnUnknownUser() {
        UserAccount account = register("camille@example.org");

        for (String scope : List.of("", "   ", "district-7", "s".repeat(65))) {
            ValidationException e = assertThrows(ValidationException.class,
                    () -> accounts(s -> s.grant(account.getId(), Role.ADMINISTRATOR, scope, ADMIN)));
            assertEquals("scope", e.errors().get(0).field());
            assertEquals("validation.scope-unsupported", e.errors().get(0).messageKey());
        }
        NotFoundException e = assertThrows(NotFoundException.class,
                () -> accounts(s -> s.grant("no-such-user", Role.OPERATOR, null, ADMIN)));
        assertEquals("user", e.kind());
        assertEquals(1, count("fmq_role_grant"));
    }

    @Test
    void twoAdministratorsRemovingEachOtherAtOnceLeaveOne() throws Exception {
        for (int round = 0; round < 10; round++) {
            DB.deleteAllRows();
            UserAccount first = accounts(s -> s.register(new NewAccount("first@example.org", PASSWORD.toCharArray(),
                    "First", null), Role.ADMINISTRATOR, AccountService.SETUP));
            UserAccount second = register("second@example.org");
            RoleGrant secondGrant = accounts(s -> s.grant(second.getId(), Role.ADMINISTRATOR, null, ADMIN));
            RoleGrant firstGrant = accounts(s -> s.roles(first.getId())).get(0);

            java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
            try {
                List<java.util.concurrent.Future<String>> outcomes = Stream.of(firstGrant, secondGrant)
                        .map(grant -> pool.submit(() -> {
                            start.await();
                            try {
                                accounts(s -> s.revoke(grant.getId(), ADMIN));
                                return "removed";
                            } catch (ConflictException e) {
                                return e.reason();
                            }
                        })).toList();
                List<String> results = new java.util.ArrayList<>();
                for (var outcome : outcomes) {
                    results.add(outcome.get(30, java.util.concurrent.TimeUnit.SECONDS));
                }
                results.sort(null);
                assertEquals(List.of("last-administrator", "removed"), results, "round " + round);
                assertEquals(1L, accounts(AccountService::administrators), "round " + round);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void recoveryMakesAnAdministratorOnlyWhenNoneIsLeft() {
        UserAccount admin = accounts(s -> s.register(valid(), Role.ADMINISTRATOR, AccountService.SETUP));
        UserAccount other = register("other@example.org");

        assertTrue(accounts(s -> s.recoverAdministrator("other@example.org")).isEmpty(), "an administrator exists");
        DB.run(em -> em.createNativeQuery("DELETE FROM fmq_role_grant WHERE user_id = ?")
                .setParameter(1, admin.getId()).executeUpdate());
        assertEquals(0L, accounts(AccountService::administrators));
        assertThrows(NotFoundException.class, () -> accounts(s -> s.recoverAdministrator("nobody@example.org")));

        RoleGrant grant = accounts(s -> s.recoverAdministrator(" Other@Example.org ")).orElseThrow();

        assertEquals(other.getId(), grant.getUserId());
        assertEquals(AccountService.RECOVERY, grant.getGrantedBy());
        assertEquals(1L, accounts(AccountService::administrators));
        assertEquals("user.administrator_recovered", DB.queryValue(
                "SELECT action FROM fmq_audit_entry WHERE target_id = ?", other.getId()));
        assertTrue(accounts(s -> s.recoverAdministrator("other@example.org")).isEmpty(), "only once");
    }

    @Test
    void theLastAdministratorCannotBeRevoked() {
        UserAccount admin = accounts(s -> s.register(valid(), Role.ADMINISTRATOR, AccountService.SETUP));
        RoleGrant grant = accounts(s -> s.roles(admin.getId())).get(0);
        // A scoped administrator grant (older data) does not make a second administrator.
        UserAccount other = register("other@example.org");
        insertScopedGrant(other.getId(), Role.ADMINISTRATOR, "north");

        ConflictException e = assertThrows(ConflictException.class, () -> accounts(s -> s.revoke(grant.getId(), ADMIN)));

        assertEquals("last-administrator", e.reason());
        assertEquals("problem.last-administrator.detail", e.messageKey());
        assertEquals(1L, accounts(AccountService::administrators));
        assertEquals(1, ((Number) DB.queryValue("SELECT COUNT(*) FROM fmq_role_grant WHERE id = ?", grant.getId()))
                .intValue());
    }

    @Test
    void oneOfTwoAdministratorsCanBeRevoked() {
        UserAccount first = accounts(s -> s.register(valid(), Role.ADMINISTRATOR, AccountService.SETUP));
        UserAccount second = register("second@example.org");
        RoleGrant secondAdmin = accounts(s -> s.grant(second.getId(), Role.ADMINISTRATOR, null, ADMIN));
        assertEquals(2L, accounts(AccountService::administrators));

        RoleGrant revoked = accounts(s -> s.revoke(secondAdmin.getId(), ADMIN));

        assertEquals(secondAdmin.getId(), revoked.getId());
        assertEquals(1L, accounts(AccountService::administrators));
        assertEquals(List.of(Role.CITIZEN), accounts(s -> s.roles(second.getId())).stream()
                .map(RoleGrant::getRole).toList());
        assertEquals(List.of(List.of("user.role_revoked", second.getId())),
                DB.query("SELECT action, target_id FROM fmq_audit_entry WHERE action = 'user.role_revoked'"));
        // Now the first is the last one.
        RoleGrant firstAdmin = accounts(s -> s.roles(first.getId())).get(0);
        assertThrows(ConflictException.class, () -> accounts(s -> s.revoke(firstAdmin.getId(), ADMIN)));
    }

    @Test
    void unknownIdsAreNotFound() {
        NotFoundException user = assertThrows(NotFoundException.class, () -> accounts(s -> s.get("no-such-user")));
        assertEquals("user", user.kind());
        assertThrows(NotFoundException.class, () -> accounts(s -> s.get(null)));

        NotFoundException grant = assertThrows(NotFoundException.class,
                () -> accounts(s -> s.revoke("no-such-grant", ADMIN)));
        assertEquals("role grant", grant.kind());
        assertThrows(NotFoundException.class, () -> accounts(s -> s.revoke(null, ADMIN)));
    }

    @Test
    void findByEmailIgnoresCase() {
        UserAccount account = register("camille@example.org");

        assertEquals(account.getId(), accounts(s -> s.findByEmail("CAMILLE@example.ORG")).orElseThrow().getId());
        assertTrue(accounts(s -> s.findByEmail("nobody@example.org")).isEmpty());
    }

    // --- handles -------------------------------------------------------------------------------

    @Test
    void aHandleIsDerivedFromTheNameWithoutAccentsAndMadeUnique() {
        UserAccount first = accounts(s -> s.register(new NewAccount("a@example.org", PASSWORD.toCharArray(),
                "Zoé Müller-Smith", null), Role.CITIZEN, AccountService.SELF));
        UserAccount second = accounts(s -> s.register(new NewAccount("b@example.org", PASSWORD.toCharArray(),
                "Zoé Müller-Smith", null), Role.CITIZEN, AccountService.SELF));
        assertEquals("zoe_muller_smith", first.getHandle());
        assertTrue(second.getHandle().matches("zoe_muller_smith_\\d{4}"), second.getHandle());
    }

    @Test
    void aNameInAnotherScriptGivesWayToTheAddress() {
        UserAccount account = accounts(s -> s.register(new NewAccount("layla.h@example.org", PASSWORD.toCharArray(),
                "\u0644\u064a\u0644\u0649", null), Role.CITIZEN, AccountService.SELF));
        assertEquals("layla_h", account.getHandle());
    }

    @Test
    void aChosenHandleIsFoldedCheckedAndUnique() {
        UserAccount account = accounts(s -> s.register(new NewAccount("a@example.org", PASSWORD.toCharArray(),
                "Camille", null, "@Cam_1"), Role.CITIZEN, AccountService.SELF));
        assertEquals("cam_1", account.getHandle());
        ConflictException taken = assertThrows(ConflictException.class, () -> accounts(s -> s.register(
                new NewAccount("b@example.org", PASSWORD.toCharArray(), "Other", null, "CAM_1"), Role.CITIZEN,
                AccountService.SELF)));
        assertEquals("handle-taken", taken.reason());
        ValidationException invalid = assertThrows(ValidationException.class, () -> accounts(s -> s.register(
                new NewAccount("c@example.org", PASSWORD.toCharArray(), "Other", null, "no spaces"), Role.CITIZEN,
                AccountService.SELF)));
        assertEquals("handle", invalid.errors().get(0).field());
        assertEquals(1, count("fmq_user"), "nothing is written for a refused registration");
    }

    @Test
    void aHandleCanBeChangedToAFreeOneOnly() {
        UserAccount camille = accounts(s -> s.register(new NewAccount("a@example.org", PASSWORD.toCharArray(),
                "Camille", null, "camille"), Role.CITIZEN, AccountService.SELF));
        accounts(s -> s.register(new NewAccount("b@example.org", PASSWORD.toCharArray(), "Noé", null, "noe"),
                Role.CITIZEN, AccountService.SELF));
        assertEquals("cam", accounts(s -> s.updateOwn(camille.getId(), null, null, "Cam", null, null)).getHandle());
        assertThrows(ConflictException.class,
                () -> accounts(s -> s.updateOwn(camille.getId(), null, null, "noe", null, null)));
        assertEquals("cam", accounts(s -> s.findByHandle("@CAM")).orElseThrow().getHandle());
    }
}
