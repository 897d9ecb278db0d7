package org.fixmyquarter.core.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import org.fixmyquarter.core.Actor;
import org.fixmyquarter.core.MutableClock;
import org.fixmyquarter.core.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Sign-in sessions against a real database (H2 in memory, the core's migrations): what ends them,
 * how long they last, and that the roles they give are the account's current ones.
 */
class SessionsTest {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final Passwords PASSWORDS = new Passwords(1_000);
    private static final Instant START = Instant.parse("2026-12-06T10:00:00Z");
    private static final SessionPolicy POLICY = new SessionPolicy(Duration.ofDays(30), Duration.ofHours(12));
    private static final Actor ADMIN = Actor.of("admin-1", "Ada Admin", Role.ADMINISTRATOR);

    private MutableClock clock;

    @BeforeEach
    void emptyDatabase() {
        DB.deleteAllRows();
        clock = new MutableClock(START);
    }

    private <T> T sessions(Function<Sessions, T> work) {
        return DB.inTransaction(em -> work.apply(new Sessions(em, POLICY, clock)));
    }

    private <T> T accounts(Function<AccountService, T> work) {
        return DB.inTransaction(em -> work.apply(new AccountService(em, PASSWORDS, LoginPolicy.DEFAULT, clock)));
    }

    private UserAccount register(String email) {
        return accounts(s -> s.register(new NewAccount(email, "a long enough password".toCharArray(), "Someone", null),
                Role.CITIZEN, AccountService.SELF));
    }

    private String start(UserAccount account, Set<Role> providerRoles) {
        return sessions(s -> s.start(account, AccountSession.Method.PASSWORD, providerRoles).getId());
    }

    private boolean open(String session, String userId) {
        return sessions(s -> s.check(session, userId).isPresent());
    }

    @Test
    void aSessionIsOpenForItsOwnerOnlyUntilItIsEnded() {
        UserAccount ana = register("ana@example.org");
        UserAccount bob = register("bob@example.org");
        String first = start(ana, Set.of());
        String second = start(ana, Set.of());

        assertTrue(open(first, ana.getId()));
        assertFalse(open(first, bob.getId()), "a token naming another person's session");
        assertFalse(open("no-such-session", ana.getId()));
        assertFalse(open(null, ana.getId()), "a token without a session");

        sessions(s -> {
            s.end(first, new Actor(ana.getId(), "Ana"));
            return null;
        });
        assertFalse(open(first, ana.getId()), "signed out");
        assertTrue(open(second, ana.getId()), "the other device stays signed in");
    }

    @Test
    void endingAllButOneKeepsThatOneAndIsAudited() {
        UserAccount ana = register("ana@example.org");
        String here = start(ana, Set.of());
        String phone = start(ana, Set.of());
        String laptop = start(ana, Set.of());

        int ended = sessions(s -> s.endAll(ana.getId(), here, Sessions.PASSWORD_CHANGED, new Actor(ana.getId(), "Ana")));

        assertEquals(2, ended);
        assertTrue(open(here, ana.getId()));
        assertFalse(open(phone, ana.getId()));
        assertFalse(open(laptop, ana.getId()));
        List<List<Object>> audit = DB.query("SELECT action FROM fmq_audit_entry WHERE target_id = ?"
                + " ORDER BY occurred_at, id", ana.getId());
        assertTrue(audit.stream().anyMatch(row -> "user.sessions_ended".equals(row.get(0))), audit.toString());
        assertEquals(3, audit.stream().filter(row -> "user.signed_in".equals(row.get(0))).count(), audit.toString());
    }

    @Test
    void theRolesAreTheAccountsCurrentOnesNotThoseAtSignIn() {
        UserAccount ana = register("ana@example.org");
        String session = start(ana, Set.of());
        RoleGrant admin = accounts(s -> s.grant(ana.getId(), Role.ADMINISTRATOR, null, ADMIN));
        assertEquals(Set.of(Role.CITIZEN, Role.ADMINISTRATOR), sessions(s -> s.check(session, ana.getId())).orElseThrow()
                .roles());

        accounts(s -> s.grant(ana.getId(), Role.ADMINISTRATOR, null, ADMIN));
        accounts(s -> s.grant(register("other@example.org").getId(), Role.ADMINISTRATOR, null, ADMIN));
        accounts(s -> s.revoke(admin.getId(), ADMIN));
        assertEquals(Set.of(Role.CITIZEN), sessions(s -> s.check(session, ana.getId())).orElseThrow().roles(),
                "a role taken away is gone from the open session");
    }

    @Test
    void aGrantLimitedToAnAreaGivesNoRole() {
        UserAccount ana = register("ana@example.org");
        String session = start(ana, Set.of());
        // Written by an older version: new scoped grants are refused.
        DB.inTransaction(em -> em.createNativeQuery("INSERT INTO fmq_role_grant (id, user_id, role, scope, granted_by,"
                        + " granted_at) VALUES ('old-scoped', ?, 'operator', 'district-7', 'admin-1', CURRENT_TIMESTAMP)")
                .setParameter(1, ana.getId()).executeUpdate());
        assertEquals(Set.of(Role.CITIZEN), sessions(s -> s.check(session, ana.getId())).orElseThrow().roles());
    }

    @Test
    void providerRolesLastAsLongAsTheirSession() {
        UserAccount ana = register("ana@example.org");
        String provided = start(ana, Set.of(Role.MODERATOR));
        String password = start(ana, Set.of());
        assertEquals(Set.of(Role.CITIZEN, Role.MODERATOR), sessions(s -> s.check(provided, ana.getId()))
                .orElseThrow().roles());
        assertEquals(Set.of(Role.CITIZEN), sessions(s -> s.check(password, ana.getId())).orElseThrow().roles());
    }

    @Test
    void aCitizenSessionLastsThirtyDaysAStaffSessionTwelveHoursFromTheSignIn() {
        UserAccount ana = register("ana@example.org");
        UserAccount olga = register("olga@example.org");
        accounts(s -> s.grant(olga.getId(), Role.OPERATOR, null, ADMIN));
        String citizen = start(ana, Set.of());
        String staff = start(olga, Set.of());

        clock.advance(Duration.ofHours(12).minusSeconds(1));
        assertTrue(open(staff, olga.getId()));
        clock.advance(Duration.ofSeconds(1));
        assertFalse(open(staff, olga.getId()), "twelve hours after the sign-in, however often it was used");
        assertTrue(open(citizen, ana.getId()));

        clock.set(START.plus(Duration.ofDays(30)));
        assertFalse(open(citizen, ana.getId()));
    }

    @Test
    void aCitizenMadeStaffGetsTheStaffLifetimeAtOnce() {
        UserAccount ana = register("ana@example.org");
        String session = start(ana, Set.of());
        clock.advance(Duration.ofHours(13));
        assertTrue(open(session, ana.getId()));
        accounts(s -> s.grant(ana.getId(), Role.MODERATOR, null, ADMIN));
        assertFalse(open(session, ana.getId()), "a day-old citizen session gives no staff powers");
    }
}
