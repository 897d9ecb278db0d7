package org.fixmyquarter.core.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.fixmyquarter.core.MutableClock;
import org.fixmyquarter.core.TestCategories;
import org.fixmyquarter.core.TestDatabase;
import org.fixmyquarter.core.delivery.Delivery;
import org.fixmyquarter.core.delivery.DeliverySettings;
import org.fixmyquarter.core.delivery.EventDispatcher;
import org.fixmyquarter.core.error.ConflictException;
import org.fixmyquarter.core.error.ValidationException;
import org.fixmyquarter.core.i18n.Messages;
import org.fixmyquarter.core.i18n.NotificationTexts;
import org.fixmyquarter.core.plugin.PluginRegistry;
import org.fixmyquarter.spi.PluginConfig;
import org.fixmyquarter.spi.PluginDescriptor;
import org.fixmyquarter.spi.SpiVersion;
import org.fixmyquarter.spi.notification.AccountMessage;
import org.fixmyquarter.spi.notification.Notification;
import org.fixmyquarter.spi.notification.NotificationChannel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Registration that ends with a confirmed address, and password reset by e-mail, end to end in
 * the core: the request, the outbox, the dispatcher writing the mail with a fresh token, and the
 * token's use, against a real database (H2, the core's migrations).
 */
class AccountEmailsTest {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final ExecutorService EXECUTOR = Executors.newCachedThreadPool();
    private static final Passwords PASSWORDS = new Passwords(1_000);
    private static final String PASSWORD = "a long enough password";
    private static final Pattern TOKEN = Pattern.compile("#token=([A-Za-z0-9_-]+)");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T10:00:00Z"));
    private final List<AccountMessage> sent = new CopyOnWriteArrayList<>();
    private EventDispatcher dispatcher;

    /** A channel that mails account messages into {@link #sent}. */
    private final class Mailbox implements NotificationChannel {
        @Override
        public PluginDescriptor descriptor() {
            return new PluginDescriptor("mailbox", "1", SpiVersion.VERSION);
        }

        @Override
        public boolean sendsAccountMessages() {
            return true;
        }

        @Override
        public boolean accepts(String eventType) {
            return false;
        }

        @Override
        public void deliver(Notification notification) {
        }

        @Override
        public void deliver(AccountMessage message) {
            sent.add(message);
        }
    }

    @BeforeEach
    void setUp() {
        DB.deleteAllRows();
        sent.clear();
        PluginRegistry plugins = PluginRegistry.builder().add(new TestCategories()).add(new Mailbox()).build();
        NotificationTexts texts = new NotificationTexts(Messages.of(List.of(), Locale.ENGLISH), TestCategories.catalog(),
                ZoneId.of("Europe/Paris"), "metric");
        dispatcher = new EventDispatcher(plugins, id -> PluginConfig.empty(), texts, Locale.ENGLISH,
                new DeliverySettings(3, Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofMinutes(1), 100),
                EXECUTOR, clock);
    }

    @AfterAll
    static void stopExecutor() {
        EXECUTOR.shutdownNow();
    }

    private <T> T accounts(Function<AccountService, T> work) {
        return DB.inTransaction(em -> work.apply(new AccountService(em, PASSWORDS, LoginPolicy.DEFAULT, clock, true)));
    }

    private Optional<UserAccount> register(String email, String name) {
        return accounts(s -> s.registerWithVerification(new NewAccount(email, PASSWORD.toCharArray(), name, null)));
    }

    private void deliverAll() {
        while (DB.inTransaction(em -> dispatcher.fanOut(em)) > 0) {
            // until the outbox is empty
        }
        Optional<Delivery> next;
        do {
            next = DB.inTransaction(em -> dispatcher.deliverNext(em));
            next.ifPresent(d -> assertFalse(Delivery.DEAD.equals(d.getState()), d::getLastError));
        } while (next.isPresent());
    }

    private static String token(AccountMessage message) {
        Matcher m = TOKEN.matcher(message.path());
        assertTrue(m.find(), message.path());
        assertTrue(message.text().contains(m.group(1)), "the text gives the code too, for an app");
        return m.group(1);
    }

    private LoginResult login(String email) {
        return accounts(s -> s.login(email, PASSWORD.toCharArray(), "192.0.2.1"));
    }

    @Test
    void aNewAddressIsConfirmedByTheMailedLinkBeforeItsAccountSignsIn() {
        UserAccount ana = register("ana@example.org", "Ana").orElseThrow();
        assertFalse(ana.isEmailVerified());
        assertInstanceOf(LoginResult.Unverified.class, login("ana@example.org"), "the right password, unconfirmed");
        deliverAll();

        assertEquals(1, sent.size(), "one mail: the sign-in within a minute of the registration asks for no second");
        AccountMessage mail = sent.get(0);
        assertEquals(AccountMessage.Purpose.VERIFY_EMAIL, mail.purpose());
        assertEquals("ana@example.org", mail.email());
        assertEquals("Confirm your e-mail address", mail.subject());
        assertTrue(mail.text().contains("within 24 hours"), mail.text());
        String token = token(mail);
        String stored = DB.inTransaction(em -> em.createNativeQuery("SELECT payload FROM fmq_outbox_event")
                .getResultList().toString());
        assertFalse(stored.contains(token), "the token is in the mail alone, never in the outbox");

        assertTrue(accounts(s -> s.verifyEmail(token)).isEmailVerified());
        assertInstanceOf(LoginResult.Success.class, login("ana@example.org"));
        ValidationException again = assertThrows(ValidationException.class, () -> accounts(s -> s.verifyEmail(token)));
        assertEquals("token", again.errors().get(0).field(), "single use");
    }

    @Test
    void aTakenAddressGetsTheSameAnswerAndItsOwnerATellingMailWhileTheAccountStaysAsItWas() {
        UserAccount ana = register("ana@example.org", "Ana").orElseThrow();
        deliverAll();
        accounts(s -> s.verifyEmail(token(sent.get(0))));
        sent.clear();

        Optional<UserAccount> second = accounts(s -> s.registerWithVerification(new NewAccount("ANA@example.org",
                "another long password".toCharArray(), "Mallory", null)));

        assertTrue(second.isEmpty(), "no account is made, and the caller cannot tell");
        deliverAll();
        assertEquals(1, sent.size());
        assertEquals(AccountMessage.Purpose.ALREADY_REGISTERED, sent.get(0).purpose());
        assertEquals(ana.getId(), sent.get(0).accountId());
        assertFalse(sent.get(0).path().contains("token"), "telling the owner needs no token");
        assertInstanceOf(LoginResult.Success.class, login("ana@example.org"), "Ana's password is unchanged");
        String bobs = register("bob@example.org", "Bob").orElseThrow().getHandle();
        assertThrows(ConflictException.class, () -> accounts(s -> s.registerWithVerification(new NewAccount(
                "carl@example.org", PASSWORD.toCharArray(), "Carl", null, bobs))), "a taken handle is said: handles are public");
    }

    @Test
    void aConfirmationLinkExpiresAfterADay() {
        register("ana@example.org", "Ana");
        deliverAll();
        clock.advance(AccountEmails.VERIFICATION_LIFETIME.plusSeconds(1));
        String token = token(sent.get(0));
        assertThrows(ValidationException.class, () -> accounts(s -> s.verifyEmail(token)));
        accounts(s -> {
            s.requestVerification("ana@example.org");
            return null;
        });
        deliverAll();
        assertEquals(2, sent.size(), "a new link on request");
        accounts(s -> s.verifyEmail(token(sent.get(1))));
    }

    @Test
    void aResetLinkSetsANewPasswordOnceWithinHalfAnHour() {
        UserAccount ana = register("ana@example.org", "Ana").orElseThrow();
        deliverAll();
        sent.clear();
        accounts(s -> {
            s.requestPasswordReset("ana@example.org");
            s.requestPasswordReset("nobody@example.org");
            return null;
        });
        accounts(s -> {
            s.requestPasswordReset("ana@example.org");
            return null;
        });
        deliverAll();
        assertEquals(1, sent.size(), "one mail a minute, none for an unknown address");
        assertEquals(AccountMessage.Purpose.RESET_PASSWORD, sent.get(0).purpose());
        assertTrue(sent.get(0).text().contains("within 30 minutes"), sent.get(0).text());
        String token = token(sent.get(0));

        ValidationException weak = assertThrows(ValidationException.class,
                () -> accounts(s -> s.resetPassword(token, "password12".toCharArray(), null)));
        assertEquals("password", weak.errors().get(0).field());
        UserAccount after = accounts(s -> s.resetPassword(token, "a brand new passphrase".toCharArray(), null));
        assertTrue(after.isEmailVerified(), "the link proved the address too");
        assertInstanceOf(LoginResult.Refused.class, login("ana@example.org"), "the old password is gone");
        assertInstanceOf(LoginResult.Success.class, accounts(s -> s.login("ana@example.org",
                "a brand new passphrase".toCharArray(), null)));
        assertThrows(ValidationException.class,
                () -> accounts(s -> s.resetPassword(token, "yet another passphrase".toCharArray(), null)), "used");
        assertEquals(Long.valueOf(1), DB.<Long>inTransaction(em -> em.createQuery("SELECT COUNT(a) FROM AuditEntry a WHERE"
                + " a.action = 'user.password_reset' AND a.targetId = :id", Long.class)
                .setParameter("id", ana.getId()).getSingleResult()));

        clock.advance(Duration.ofMinutes(2));
        accounts(s -> {
            s.requestPasswordReset("ana@example.org");
            return null;
        });
        deliverAll();
        clock.advance(AccountEmails.RESET_LIFETIME.plusSeconds(1));
        String late = token(sent.get(1));
        assertThrows(ValidationException.class,
                () -> accounts(s -> s.resetPassword(late, "yet another passphrase".toCharArray(), null)), "expired");
    }

    @Test
    void aTokenWorksOnlyForItsPurpose() {
        register("ana@example.org", "Ana");
        deliverAll();
        String verification = token(sent.get(0));
        assertThrows(ValidationException.class,
                () -> accounts(s -> s.resetPassword(verification, "a brand new passphrase".toCharArray(), null)));
        assertThrows(ValidationException.class, () -> accounts(s -> s.verifyEmail("not-a-token")));
        assertThrows(ValidationException.class, () -> accounts(s -> s.verifyEmail(null)));
        assertNotNull(accounts(s -> s.verifyEmail(verification)));
    }

    @Test
    void withoutVerificationTheAddressIsNotAskedForAndSignInWorksAtOnce() {
        UserAccount bob = DB.inTransaction(em -> new AccountService(em, PASSWORDS, LoginPolicy.DEFAULT, clock)
                .register(new NewAccount("bob@example.org", PASSWORD.toCharArray(), "Bob", null), Role.CITIZEN,
                        AccountService.SELF));
        assertFalse(bob.isEmailVerified(), "nobody proved it");
        assertInstanceOf(LoginResult.Success.class, DB.inTransaction(em -> new AccountService(em, PASSWORDS,
                LoginPolicy.DEFAULT, clock).login("bob@example.org", PASSWORD.toCharArray(), null)));
        deliverAll();
        assertEquals(List.of(), sent);
    }
}
