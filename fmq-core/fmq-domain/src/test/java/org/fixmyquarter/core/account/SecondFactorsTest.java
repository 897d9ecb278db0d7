package org.fixmyquarter.core.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

import org.fixmyquarter.core.Actor;
import org.fixmyquarter.core.MutableClock;
import org.fixmyquarter.core.TestDatabase;
import org.fixmyquarter.core.error.ConflictException;
import org.fixmyquarter.core.error.ValidationException;
import org.fixmyquarter.core.internal.Base32;
import org.fixmyquarter.core.internal.Totp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The TOTP second factor against a real database (H2 in memory, the core's migrations):
 * enrolment, sign-in with a code in the window of one step either side, each step once,
 * recovery codes once each, and wrong codes counted in the same delays as wrong passwords.
 */
class SecondFactorsTest {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final Passwords PASSWORDS = new Passwords(1_000);
    private static final String PASSWORD = "a long enough password";
    private static final String EMAIL = "olga@city.example";
    private static final String HERE = "203.0.113.9";
    private static final Instant START = Instant.parse("2026-12-06T10:00:10Z");

    private MutableClock clock;

    @BeforeEach
    void emptyDatabase() {
        DB.deleteAllRows();
        clock = new MutableClock(START);
    }

    private <T> T factors(Function<SecondFactors, T> work) {
        return DB.inTransaction(em -> work.apply(new SecondFactors(em, PASSWORDS, LoginPolicy.DEFAULT, clock)));
    }

    /** Like the server: a refused attempt commits, so that its failure stays counted. */
    private <T> Object factorsCommitting(Function<SecondFactors, T> work) {
        return factors(s -> {
            try {
                return work.apply(s);
            } catch (ValidationException e) {
                return e;
            }
        });
    }

    private UserAccount register() {
        return DB.inTransaction(em -> new AccountService(em, PASSWORDS, LoginPolicy.DEFAULT, clock)
                .register(new NewAccount(EMAIL, PASSWORD.toCharArray(), "Olga", null), Role.OPERATOR,
                        AccountService.SETUP));
    }

    private LoginResult login(String code, String recoveryCode) {
        return login(PASSWORD, code, recoveryCode, HERE);
    }

    private LoginResult login(String password, String code, String recoveryCode, String address) {
        return DB.inTransaction(em -> new AccountService(em, PASSWORDS, LoginPolicy.DEFAULT, clock)
                .login(EMAIL, password.toCharArray(), code, recoveryCode, address));
    }

    private static String code(byte[] key, Instant at) {
        return Totp.code(key, Totp.step(at), Totp.DIGITS);
    }

    /** @return the secret of an enabled factor; its recovery codes go to {@code recovery} */
    private byte[] enable(UserAccount account, List<String> recovery) {
        SecondFactors.Enrolment enrolment = factors(s -> s.enrol(account.getId(), PASSWORD.toCharArray(), HERE));
        byte[] key = Base32.decode(enrolment.secret());
        recovery.addAll(factors(s -> s.confirm(account.getId(), code(key, clock.instant()))));
        return key;
    }

    @Test
    void enrolmentGivesASecretThatCountsOnlyOnceConfirmed() {
        UserAccount olga = register();
        SecondFactors.Enrolment enrolment = factors(s -> s.enrol(olga.getId(), PASSWORD.toCharArray(), HERE));
        assertEquals(32, enrolment.secret().length(), "160 bits in Base32");
        assertEquals("otpauth://totp/FixMyQuarter:olga@city.example?secret=" + enrolment.secret()
                + "&issuer=FixMyQuarter&algorithm=SHA1&digits=6&period=30", enrolment.otpauthUri());
        assertFalse((boolean) factors(s -> s.enabled(olga.getId())));
        assertInstanceOf(LoginResult.Success.class, login(null, null), "a pending enrolment asks for no code");

        byte[] key = Base32.decode(enrolment.secret());
        ValidationException wrong = assertThrows(ValidationException.class,
                () -> factors(s -> s.confirm(olga.getId(), "000000".equals(code(key, START)) ? "111111" : "000000")));
        assertEquals("code", wrong.errors().get(0).field());
        List<String> recovery = factors(s -> s.confirm(olga.getId(), code(key, START)));
        assertEquals(10, recovery.size());
        assertEquals(10, recovery.stream().distinct().count());
        recovery.forEach(c -> assertTrue(c.matches("[A-Z2-7]{4}(-[A-Z2-7]{4}){3}"), c));
        assertTrue((boolean) factors(s -> s.enabled(olga.getId())));
        for (String c : recovery) {
            assertEquals(0L, DB.queryValue("SELECT COUNT(*) FROM fmq_recovery_code WHERE code_hash = ?", c),
                    "codes are stored only as hashes");
        }
        assertEquals(List.of("user.second_factor_enabled"), DB.query("SELECT action FROM fmq_audit_entry WHERE action"
                + " LIKE 'user.second%'").stream().map(r -> (String) r.get(0)).toList());
        assertFalse(DB.query("SELECT after_state FROM fmq_audit_entry").toString().contains(enrolment.secret()),
                "no secret in the audit log");

        assertThrows(ConflictException.class, () -> factors(s -> s.enrol(olga.getId(), PASSWORD.toCharArray(), HERE)),
                "a second enrolment would let a stolen token and password replace the factor");
    }

    @Test
    void aWrongPasswordRefusesTheEnrolmentAndCounts() {
        UserAccount olga = register();
        for (int i = 0; i < 5; i++) {
            assertInstanceOf(ValidationException.class, factorsCommitting(s -> s.enrol(olga.getId(),
                    "wrong password".toCharArray(), HERE)));
        }
        assertEquals(new LoginResult.Refused(), login(null, null), "the address is slowed down at sign-in too");
    }

    @Test
    void signInNeedsACodeOnceTheFactorIsEnabledAndOnlyAfterTheRightPassword() {
        UserAccount olga = register();
        byte[] key = enable(olga, new java.util.ArrayList<>());
        clock.advance(Duration.ofSeconds(30));

        assertEquals(new LoginResult.Refused(), login("wrong password", code(key, clock.instant()), null, HERE),
                "a wrong password is refused like any, whatever the code");
        assertEquals(new LoginResult.SecondFactorRequired(false), login(null, null));
        LoginResult.Success success = assertInstanceOf(LoginResult.Success.class, login(code(key, clock.instant()), null));
        assertTrue(success.secondFactor());
    }

    @Test
    void aCodeIsGoodOneStepEitherSideAndOnce() {
        UserAccount olga = register();
        byte[] key = enable(olga, new java.util.ArrayList<>());
        clock.advance(Duration.ofMinutes(5));
        Instant now = clock.instant();

        assertEquals(new LoginResult.SecondFactorRequired(true), login(code(key, now.minusSeconds(60)), null),
                "two steps ago");
        assertEquals(new LoginResult.SecondFactorRequired(true), login(code(key, now.plusSeconds(60)), null),
                "two steps ahead");
        assertInstanceOf(LoginResult.Success.class, login(code(key, now.minusSeconds(30)), null), "the step before");
        assertEquals(new LoginResult.SecondFactorRequired(true), login(code(key, now.minusSeconds(30)), null),
                "replayed");
        assertInstanceOf(LoginResult.Success.class, login(code(key, now), null));
        assertEquals(new LoginResult.SecondFactorRequired(true), login(code(key, now), null), "replayed");
        assertEquals(new LoginResult.SecondFactorRequired(true), login(code(key, now.minusSeconds(30)), null),
                "an older step than the last used one");
        assertInstanceOf(LoginResult.Success.class, login(code(key, now.plusSeconds(30)), null), "the step after");
        assertEquals(new LoginResult.SecondFactorRequired(true), login("12345", null), "not six digits");
    }

    @Test
    void theConfirmingCodeCannotSignIn() {
        UserAccount olga = register();
        byte[] key = enable(olga, new java.util.ArrayList<>());
        assertEquals(new LoginResult.SecondFactorRequired(true), login(code(key, START), null));
    }

    @Test
    void aRecoveryCodeSignsInOnce() {
        UserAccount olga = register();
        List<String> recovery = new java.util.ArrayList<>();
        enable(olga, recovery);

        LoginResult.Success success = assertInstanceOf(LoginResult.Success.class,
                login(null, recovery.get(0).toLowerCase().replace("-", " ")));
        assertTrue(success.secondFactor());
        assertEquals(new LoginResult.SecondFactorRequired(true), login(null, recovery.get(0)), "used up");
        assertInstanceOf(LoginResult.Success.class, login(null, recovery.get(1)));
        assertEquals(8L, (long) factors(s -> s.unusedRecoveryCodes(olga.getId())));
        assertEquals(2L, DB.queryValue("SELECT COUNT(*) FROM fmq_audit_entry WHERE action = 'user.recovery_code_used'"));
        String audit = DB.query("SELECT after_state FROM fmq_audit_entry").toString();
        recovery.forEach(c -> assertFalse(audit.contains(c) || audit.contains(c.replace("-", "")),
                "no recovery code in the audit log"));
    }

    @Test
    void wrongCodesCountInTheSameDelaysAsWrongPasswords() {
        UserAccount olga = register();
        byte[] key = enable(olga, new java.util.ArrayList<>());
        clock.advance(Duration.ofMinutes(5));
        String wrong = "000000".equals(code(key, clock.instant())) ? "111111" : "000000";
        for (int i = 0; i < 4; i++) {
            assertEquals(new LoginResult.SecondFactorRequired(true), login(wrong, null));
        }
        assertEquals(new LoginResult.Refused(), login("wrong password", null, null, HERE), "the fifth failure");
        assertEquals(new LoginResult.Refused(), login(code(key, clock.instant()), null),
                "within the delay even the right password and code are refused unchecked");
        assertInstanceOf(LoginResult.Success.class, login(PASSWORD, code(key, clock.instant()), null, "198.51.100.7"),
                "another address is not slowed");
        assertEquals(4L, DB.queryValue("SELECT COUNT(*) FROM fmq_audit_entry WHERE action = 'user.sign_in_failed'"
                + " AND after_state LIKE '%second-factor%'"));

        clock.advance(LoginPolicy.FIRST_DELAY);
        assertEquals(new LoginResult.SecondFactorRequired(false), login(null, null),
                "asking for the code neither counts nor resets");
        assertEquals(new LoginResult.SecondFactorRequired(true), login(wrong, null));
        assertEquals(new LoginResult.Refused(), login(code(key, clock.instant().plusSeconds(30)), null),
                "the sixth failure doubled the delay");
    }

    @Test
    void theOwnerRemovesTheFactorWithThePasswordAndACode() {
        UserAccount olga = register();
        List<String> recovery = new java.util.ArrayList<>();
        byte[] key = enable(olga, recovery);
        String wrong = "000000".equals(code(key, START)) ? "111111" : "000000";

        assertInstanceOf(ValidationException.class, factorsCommitting(s -> s.disable(olga.getId(),
                "wrong password".toCharArray(), null, recovery.get(0), HERE)));
        ValidationException noCode = assertInstanceOf(ValidationException.class, factorsCommitting(s -> s.disable(
                olga.getId(), PASSWORD.toCharArray(), wrong, null, HERE)));
        assertEquals("code", noCode.errors().get(0).field());
        assertTrue((boolean) factors(s -> s.enabled(olga.getId())));

        assertTrue((boolean) factors(s -> s.disable(olga.getId(), PASSWORD.toCharArray(), null, recovery.get(0), HERE)));
        assertFalse((boolean) factors(s -> s.enabled(olga.getId())));
        assertEquals(0L, DB.queryValue("SELECT COUNT(*) FROM fmq_recovery_code"));
        assertInstanceOf(LoginResult.Success.class, login(null, null), "no code needed any more");
        assertFalse((boolean) factors(s -> s.disable(olga.getId(), PASSWORD.toCharArray(), null, null, HERE)),
                "nothing left to remove");
        assertEquals(1L, DB.queryValue("SELECT COUNT(*) FROM fmq_audit_entry WHERE action = 'user.second_factor_disabled'"
                + " AND after_state LIKE '%self%'"));
    }

    @Test
    void anAdministratorRemovesTheFactorOfALostDevice() {
        UserAccount olga = register();
        enable(olga, new java.util.ArrayList<>());
        Actor admin = Actor.of("admin-1", "Ada Admin", Role.ADMINISTRATOR);
        assertTrue((boolean) factors(s -> s.remove(olga.getId(), admin)));
        assertFalse((boolean) factors(s -> s.enabled(olga.getId())));
        assertEquals(0L, DB.queryValue("SELECT COUNT(*) FROM fmq_second_factor WHERE user_id = ?", olga.getId()));
        assertFalse((boolean) factors(s -> s.remove(olga.getId(), admin)), "nothing left to remove");
        assertEquals("admin-1", DB.queryValue("SELECT actor_id FROM fmq_audit_entry WHERE action"
                + " = 'user.second_factor_disabled'"));
        assertInstanceOf(LoginResult.Success.class, login(null, null));
    }

    @Test
    void sessionsRecordWhetherTheirSignInPassedASecondFactor() {
        UserAccount olga = register();
        SessionPolicy policy = SessionPolicy.DEFAULT;
        String with = DB.inTransaction(em -> new Sessions(em, policy, clock).start(olga, AccountSession.Method.PASSWORD,
                List.of(), true).getId());
        String without = DB.inTransaction(em -> new Sessions(em, policy, clock).start(olga,
                AccountSession.Method.PASSWORD, List.of()).getId());
        assertTrue(DB.inTransaction(em -> new Sessions(em, policy, clock).check(with, olga.getId())).orElseThrow()
                .session().isSecondFactor());
        assertFalse(DB.inTransaction(em -> new Sessions(em, policy, clock).check(without, olga.getId())).orElseThrow()
                .session().isSecondFactor());
    }
}
