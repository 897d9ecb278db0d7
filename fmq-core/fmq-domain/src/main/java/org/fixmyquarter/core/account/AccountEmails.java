package org.fixmyquarter.core.account;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;

import org.fixmyquarter.core.idempotency.IdempotencyKeys;
import org.fixmyquarter.core.internal.Outbox;
import org.fixmyquarter.core.plugin.PluginRegistry;
import org.fixmyquarter.spi.Plugin;
import org.fixmyquarter.spi.notification.AccountMessage;
import org.fixmyquarter.spi.notification.NotificationChannel;

/**
 * The mails about a person's own account: the link that confirms the address of a new account,
 * the notice that someone tried to register an address that has an account, and the link that
 * sets a new password.
 *
 * <p>Asking for one writes an outbox event naming the account and the purpose, nothing secret:
 * the mail leaves through the notification channels that
 * {@linkplain org.fixmyquarter.spi.notification.NotificationChannel#sendsAccountMessages() send
 * account messages}, after the commit, with their retries. The link's token is made only when
 * the mail is written ({@link #issue}), and the database keeps its SHA-256 hash alone; a token is
 * single-use and short-lived. A person asks at most once a minute for each kind of mail, so that
 * nobody can flood a mailbox through the server.
 */
public final class AccountEmails {

    /** The outbox event of a registration waiting for its address to be confirmed. */
    public static final String VERIFICATION_REQUESTED = "account.verification_requested";
    /** The outbox event of a registration attempt with an address that has an account. */
    public static final String ALREADY_REGISTERED = "account.registration_repeated";
    /** The outbox event of a request for a new password. */
    public static final String RESET_REQUESTED = "account.password_reset_requested";

    /** How long the link that confirms an address works. */
    public static final Duration VERIFICATION_LIFETIME = Duration.ofHours(24);
    /** How long the link that sets a new password works. */
    public static final Duration RESET_LIFETIME = Duration.ofMinutes(30);
    /** The shortest time between two mails of one kind to one account. */
    public static final Duration REQUEST_PAUSE = Duration.ofMinutes(1);

    private static final String VERIFY = "verify-email";
    private static final String RESET = "reset-password";
    private static final SecureRandom RANDOM = new SecureRandom();

    private AccountEmails() {
    }

    /**
     * @param plugin a plugin
     * @return whether it is a notification channel that sends account messages; a channel that
     *         cannot answer does not
     */
    public static boolean sends(Plugin plugin) {
        try {
            return plugin instanceof NotificationChannel && ((NotificationChannel) plugin).sendsAccountMessages();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * @param plugins the deployment's plugins
     * @return whether an active channel sends account messages, so that these mails can go out
     */
    public static boolean canSend(PluginRegistry plugins) {
        return plugins.active(NotificationChannel.class).stream().anyMatch(AccountEmails::sends);
    }

    /**
     * @param eventType an outbox event type
     * @return whether it asks for an account mail
     */
    public static boolean isAccountMail(String eventType) {
        return purpose(eventType).isPresent();
    }

    /**
     * @param eventType an outbox event type
     * @return the purpose of the mail it asks for, if it asks for one
     */
    public static Optional<AccountMessage.Purpose> purpose(String eventType) {
        if (VERIFICATION_REQUESTED.equals(eventType)) {
            return Optional.of(AccountMessage.Purpose.VERIFY_EMAIL);
        }
        if (ALREADY_REGISTERED.equals(eventType)) {
            return Optional.of(AccountMessage.Purpose.ALREADY_REGISTERED);
        }
        if (RESET_REQUESTED.equals(eventType)) {
            return Optional.of(AccountMessage.Purpose.RESET_PASSWORD);
        }
        return Optional.empty();
    }

    /**
     * Asks for a mail to an account, in the caller's transaction, unless one of the same kind was
     * asked for within {@link #REQUEST_PAUSE}.
     *
     * @param em        the entity manager of the current transaction
     * @param eventType {@link #VERIFICATION_REQUESTED}, {@link #ALREADY_REGISTERED} or {@link #RESET_REQUESTED}
     * @param account   the account whose address the mail goes to
     * @param now       the current time
     * @return whether it was asked for
     */
    static boolean request(EntityManager em, String eventType, UserAccount account, Instant now) {
        if (!isAccountMail(eventType)) {
            throw new IllegalArgumentException("not an account mail: " + eventType);
        }
        long recent = em.createQuery("SELECT COUNT(e) FROM OutboxEvent e WHERE e.type = :type"
                        + " AND e.aggregateId = :account AND e.occurredAt > :since", Long.class)
                .setParameter("type", eventType)
                .setParameter("account", account.getId())
                .setParameter("since", now.minus(REQUEST_PAUSE).atOffset(ZoneOffset.UTC))
                .getSingleResult();
        if (recent > 0) {
            return false;
        }
        JsonObject data = Outbox.JSON.createObjectBuilder().add("accountId", account.getId()).build();
        Outbox.record(em, eventType, account.getId(), data, now);
        return true;
    }

    /**
     * Makes the token of a link, when its mail is written, and stores its hash.
     *
     * @param em      the entity manager of the current transaction
     * @param account the account the mail goes to
     * @param purpose {@link AccountMessage.Purpose#VERIFY_EMAIL} or {@link AccountMessage.Purpose#RESET_PASSWORD}
     * @param now     the current time
     * @return the token, to put in the mail and nowhere else
     */
    public static String issue(EntityManager em, UserAccount account, AccountMessage.Purpose purpose, Instant now) {
        Objects.requireNonNull(account, "account");
        String kind = kind(purpose);
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Duration lifetime = lifetime(purpose);
        em.persist(new AccountToken(IdempotencyKeys.hash(token), account.getId(), kind, account.getEmail(), now,
                now.plus(lifetime)));
        return token;
    }

    /** @return the stored name of a purpose whose mail carries a link */
    private static String kind(AccountMessage.Purpose purpose) {
        return switch (purpose) {
            case VERIFY_EMAIL -> VERIFY;
            case RESET_PASSWORD -> RESET;
            default -> throw new IllegalArgumentException(purpose + " has no link");
        };
    }

    /**
     * @param purpose a purpose
     * @return how long the link of a mail of that purpose works, or {@code null} if it has none
     */
    public static Duration lifetime(AccountMessage.Purpose purpose) {
        return switch (purpose) {
            case VERIFY_EMAIL -> VERIFICATION_LIFETIME;
            case RESET_PASSWORD -> RESET_LIFETIME;
            default -> null;
        };
    }

    /**
     * @param purpose a purpose
     * @param token   the token of its link, {@code null} for a purpose without one
     * @return the path of the web page that acts on it, the token in the fragment
     */
    public static String path(AccountMessage.Purpose purpose, String token) {
        return switch (purpose) {
            case VERIFY_EMAIL -> "/account/verify-email#token=" + token;
            case RESET_PASSWORD -> "/account/reset-password#token=" + token;
            default -> "/account/sign-in";
        };
    }

    /**
     * Finds the account a token of a link is for, if it may be used now, without using it.
     *
     * @param em      the entity manager of the current transaction
     * @param token   the token as given
     * @param purpose what it must be for
     * @param now     the current time
     * @return its stored side, unused, unexpired, for that purpose and the account's present address
     */
    static Optional<AccountToken> find(EntityManager em, String token, AccountMessage.Purpose purpose, Instant now) {
        if (token == null || token.isBlank() || token.length() > 100) {
            return Optional.empty();
        }
        AccountToken stored = em.find(AccountToken.class, IdempotencyKeys.hash(token.strip()));
        if (stored == null || !stored.usable(now)
                || !stored.getPurpose().equals(kind(purpose))) {
            return Optional.empty();
        }
        UserAccount account = em.find(UserAccount.class, stored.getUserId());
        if (account == null || !account.getEmail().equals(stored.getEmail())) {
            return Optional.empty();
        }
        return Optional.of(stored);
    }

    /**
     * Uses every unused token of an account for one purpose, the one given included: once a link
     * did its work, the other links of the same kind that went out are worth nothing.
     */
    static void useAll(EntityManager em, String userId, AccountMessage.Purpose purpose, Instant now) {
        String kind = kind(purpose);
        em.createQuery("SELECT t FROM AccountToken t WHERE t.userId = :user AND t.purpose = :purpose"
                        + " AND t.usedAt IS NULL", AccountToken.class)
                .setParameter("user", userId)
                .setParameter("purpose", kind)
                .getResultList()
                .forEach(t -> t.use(now));
    }
}
