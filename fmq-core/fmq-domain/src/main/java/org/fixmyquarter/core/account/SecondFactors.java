package org.fixmyquarter.core.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;

import org.fixmyquarter.core.Actor;
import org.fixmyquarter.core.audit.AuditLog;
import org.fixmyquarter.core.error.ConflictException;
import org.fixmyquarter.core.error.NotFoundException;
import org.fixmyquarter.core.error.ValidationException;
import org.fixmyquarter.core.internal.Base32;
import org.fixmyquarter.core.internal.Clocks;
import org.fixmyquarter.core.internal.Ids;
import org.fixmyquarter.core.internal.Outbox;
import org.fixmyquarter.core.internal.PersonLocks;
import org.fixmyquarter.core.internal.Totp;

/**
 * A second factor for signing in: a TOTP authenticator app (RFC 6238, HMAC-SHA1, 6 digits, 30
 * seconds), with ten one-time recovery codes for a lost device. A person enrols with the
 * password ({@link #enrol}), confirms with a first code ({@link #confirm}) and gets the recovery
 * codes once; from then on a sign-in needs a code besides the password
 * ({@link AccountService#login(String, char[], String, String, String)}). A code is accepted one
 * time step either side of now, and each time step once: the last one used is stored. Wrong
 * codes count as failed sign-ins, in the same delays as wrong passwords. Runs in the caller's
 * transaction.
 */
public class SecondFactors {

    /** The issuer an authenticator app shows the entry under. */
    public static final String ISSUER = "FixMyQuarter";
    /** How many recovery codes a confirmation gives. */
    public static final int RECOVERY_CODES = 10;
    /** The {@code where} of a failed sign-in whose password was right but whose code was not. */
    public static final String WHERE = "second-factor";
    /** The {@code by} of a factor its owner removed. */
    public static final String BY_SELF = "self";
    /** The {@code by} of a factor an administrator removed (a lost device). */
    public static final String BY_ADMINISTRATOR = "administrator";

    private static final SecureRandom RANDOM = new SecureRandom();
    /** Bytes of a secret: 160 bits, the length of an HMAC-SHA1 key (RFC 4226). */
    private static final int SECRET_BYTES = 20;
    /** Bytes of a recovery code: 80 bits, 16 Base32 characters. */
    private static final int RECOVERY_BYTES = 10;

    /**
     * A new, not yet confirmed secret, as the person's authenticator app takes it.
     *
     * @param secret     the secret in Base32
     * @param otpauthUri the {@code otpauth://totp/...} URI to show as a QR code
     */
    public record Enrolment(String secret, String otpauthUri) {
    }

    private final EntityManager em;
    private final Clock clock;
    private final AuditLog audit;
    private final AccountService accounts;

    /**
     * @param em        the entity manager of the current transaction
     * @param passwords the password hashing
     * @param policy    how failed attempts slow their address down, as at sign-in
     * @param clock     the source of "now"
     */
    public SecondFactors(EntityManager em, Passwords passwords, LoginPolicy policy, Clock clock) {
        this(em, clock, new AccountService(em, passwords, policy, clock));
    }

    SecondFactors(EntityManager em, Clock clock, AccountService accounts) {
        this.em = Objects.requireNonNull(em, "em");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.audit = new AuditLog(em);
    }

    /**
     * @param userId an account
     * @return whether it has a confirmed second factor, so that its sign-ins need a code
     */
    public boolean enabled(String userId) {
        return active(userId).isPresent();
    }

    /**
     * Starts an enrolment: a new secret, which counts once confirmed with a code. Starting again
     * before confirming replaces the secret.
     *
     * @param userId        the signed-in user, never one from the request
     * @param password      their password, so that a stolen token alone cannot add a factor; wiped
     * @param clientAddress where the request comes from: a wrong password counts against it
     * @return the secret and its {@code otpauth} URI
     * @throws ValidationException a wrong password (commit: the failure is counted)
     * @throws ConflictException   {@code second-factor-enabled} if the account has one already
     */
    public Enrolment enrol(String userId, char[] password, String clientAddress) {
        try {
            UserAccount account = PersonLocks.lock(em, userId);
            if (account == null) {
                throw new NotFoundException("user", userId);
            }
            if (!accounts.passwordAccepted(account, password, clientAddress, "second-factor-enrolment")) {
                throw wrongPassword();
            }
            if (enabled(userId)) {
                throw alreadyEnabled();
            }
            byte[] key = new byte[SECRET_BYTES];
            RANDOM.nextBytes(key);
            String secret = Base32.encode(key);
            Instant now = Clocks.now(clock);
            SecondFactor pending = em.find(SecondFactor.class, userId);
            if (pending == null) {
                em.persist(new SecondFactor(userId, secret, now));
            } else {
                pending.restart(secret, now);
            }
            return new Enrolment(secret, otpauthUri(account.getEmail(), secret));
        } finally {
            Passwords.wipe(password);
        }
    }

    /**
     * Confirms an enrolment with a code of the new secret: from now on sign-ins need a code.
     *
     * @param userId the signed-in user
     * @param code   a current code of the authenticator app
     * @return the recovery codes, shown this once; only their hashes are kept
     * @throws ValidationException no enrolment in progress, or not a current code
     * @throws ConflictException   {@code second-factor-enabled} if the account has one already
     */
    public List<String> confirm(String userId, String code) {
        PersonLocks.lock(em, userId);
        SecondFactor factor = em.find(SecondFactor.class, userId);
        if (factor == null) {
            throw ValidationException.of("code", "validation.second-factor-not-started",
                    "start with POST /api/v1/auth/me/second-factor first");
        }
        if (factor.isEnabled()) {
            throw alreadyEnabled();
        }
        Instant now = Clocks.now(clock);
        long step = matchingStep(Base32.decode(factor.getSecret()), code, Totp.step(now), factor.getLastUsedStep());
        if (step < 0) {
            throw wrongCode();
        }
        factor.enable(now, step);
        em.createQuery("DELETE FROM RecoveryCode c WHERE c.userId = :user").setParameter("user", userId)
                .executeUpdate();
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < RECOVERY_CODES; i++) {
            byte[] random = new byte[RECOVERY_BYTES];
            RANDOM.nextBytes(random);
            String plain = Base32.encode(random);
            String shown = plain.substring(0, 4) + "-" + plain.substring(4, 8) + "-" + plain.substring(8, 12) + "-"
                    + plain.substring(12, 16);
            em.persist(new RecoveryCode(Ids.newId(), userId, hash(plain), now));
            codes.add(shown);
        }
        UserAccount account = em.find(UserAccount.class, userId);
        audit.record(actor(account), "user.second_factor_enabled", "user", userId, null,
                Outbox.JSON.createObjectBuilder().add("recoveryCodes", RECOVERY_CODES).build(), now);
        return codes;
    }

    /**
     * Removes one's own second factor, with the password and a code (or a recovery code). Without
     * a factor, the password is still checked and nothing changes.
     *
     * @param userId        the signed-in user
     * @param password      their password; wiped
     * @param code          a current code, or {@code null}
     * @param recoveryCode  an unused recovery code, or {@code null}
     * @param clientAddress where the request comes from: a wrong password or code counts against it
     * @return whether a factor was removed
     * @throws ValidationException a wrong password or code (commit: the failure is counted)
     */
    public boolean disable(String userId, char[] password, String code, String recoveryCode, String clientAddress) {
        try {
            UserAccount account = PersonLocks.lock(em, userId);
            if (account == null) {
                throw new NotFoundException("user", userId);
            }
            boolean right = accounts.passwordMatches(account, password);
            if (accounts.delayed(account, clientAddress)) {
                throw wrongPassword();
            }
            if (!right) {
                accounts.failed(account, clientAddress, "second-factor-removal");
                throw wrongPassword();
            }
            Optional<SecondFactor> factor = active(userId);
            if (factor.isPresent() && !check(account, factor.get(), code, recoveryCode, "second-factor-removal")) {
                accounts.failed(account, clientAddress, WHERE);
                throw wrongCode();
            }
            accounts.succeeded(account, clientAddress);
            SecondFactor pending = em.find(SecondFactor.class, userId);
            if (pending == null) {
                return false;
            }
            removeRows(userId, pending);
            if (factor.isEmpty()) {
                return false;
            }
            // Sessions that passed the factor no longer count as having one.
            em.createQuery("UPDATE AccountSession s SET s.secondFactor = false WHERE s.userId = :user")
                    .setParameter("user", userId).executeUpdate();
            audit.record(actor(account), "user.second_factor_disabled", "user", userId, null, by(BY_SELF),
                    Clocks.now(clock));
            return true;
        } finally {
            Passwords.wipe(password);
        }
    }

    /**
     * An administrator removes a person's second factor, for a lost device whose recovery codes
     * are lost too. The caller ends the person's sessions in the same transaction.
     *
     * @param userId the person
     * @param by     the administrator ({@link org.fixmyquarter.core.Permissions#checkRemoveSecondFactor})
     * @return whether a factor (confirmed or in progress) was removed; only a confirmed one is audited
     * @throws org.fixmyquarter.core.error.ForbiddenException if {@code by} is not an administrator
     * @throws NotFoundException if there is no such account
     */
    public boolean remove(String userId, Actor by) {
        org.fixmyquarter.core.Permissions.checkRemoveSecondFactor(by);
        UserAccount account = PersonLocks.lock(em, userId);
        if (account == null) {
            throw new NotFoundException("user", userId);
        }
        SecondFactor factor = em.find(SecondFactor.class, userId);
        if (factor == null) {
            return false;
        }
        boolean enabled = factor.isEnabled();
        removeRows(userId, factor);
        if (enabled) {
            audit.record(by, "user.second_factor_disabled", "user", userId, null, by(BY_ADMINISTRATOR),
                    Clocks.now(clock));
        }
        return enabled;
    }

    /**
     * @return the account's confirmed factor, if any
     */
    Optional<SecondFactor> active(String userId) {
        return Optional.ofNullable(em.find(SecondFactor.class, userId)).filter(SecondFactor::isEnabled);
    }

    /**
     * Checks a code or a recovery code and uses it up: the time step of a code, or the recovery
     * code itself. The caller holds the account's lock, so two requests cannot use one code.
     *
     * @param where what the code was given for, in the audit entry of a recovery code
     * @return whether it was accepted
     */
    boolean check(UserAccount account, SecondFactor factor, String code, String recoveryCode, String where) {
        Instant now = Clocks.now(clock);
        if (code != null && !code.isBlank()) {
            long step = matchingStep(Base32.decode(factor.getSecret()), code, Totp.step(now), factor.getLastUsedStep());
            if (step < 0) {
                return false;
            }
            factor.used(step);
            return true;
        }
        if (recoveryCode == null || recoveryCode.isBlank()) {
            return false;
        }
        List<RecoveryCode> found = em.createQuery("SELECT c FROM RecoveryCode c WHERE c.userId = :user"
                        + " AND c.codeHash = :hash AND c.usedAt IS NULL", RecoveryCode.class)
                .setParameter("user", account.getId())
                .setParameter("hash", hash(normalizeRecoveryCode(recoveryCode)))
                .getResultList();
        if (found.isEmpty()) {
            return false;
        }
        found.get(0).use(now);
        em.flush();
        long remaining = em.createQuery("SELECT COUNT(c) FROM RecoveryCode c WHERE c.userId = :user"
                        + " AND c.usedAt IS NULL", Long.class)
                .setParameter("user", account.getId()).getSingleResult();
        audit.record(actor(account), "user.recovery_code_used", "user", account.getId(), null,
                Outbox.JSON.createObjectBuilder().add("where", where).add("remaining", remaining).build(), now);
        return true;
    }

    /**
     * @param userId an account
     * @return how many of its recovery codes are unused
     */
    public long unusedRecoveryCodes(String userId) {
        return em.createQuery("SELECT COUNT(c) FROM RecoveryCode c WHERE c.userId = :user AND c.usedAt IS NULL",
                Long.class).setParameter("user", userId).getSingleResult();
    }

    /**
     * @param key   the secret
     * @param code  the code given
     * @param now   the current time step
     * @param after the last time step used: only later ones are accepted
     * @return the time step, one either side of {@code now}, whose code it is; {@code -1} if none
     */
    static long matchingStep(byte[] key, String code, long now, long after) {
        String given = code == null ? "" : code.replace(" ", "").strip();
        if (given.length() != Totp.DIGITS || !given.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        long match = -1;
        for (long step = now - 1; step <= now + 1; step++) {
            boolean same = MessageDigest.isEqual(Totp.code(key, step, Totp.DIGITS).getBytes(StandardCharsets.US_ASCII),
                    given.getBytes(StandardCharsets.US_ASCII));
            if (same && step > after && match < 0) {
                match = step;
            }
        }
        return match;
    }

    /**
     * @param email  the account's address, the name the app shows
     * @param secret the secret in Base32
     * @return the Key URI of the secret (the format of Google Authenticator, read by every app)
     */
    static String otpauthUri(String email, String secret) {
        return "otpauth://totp/" + ISSUER + ":" + encode(email) + "?secret=" + secret + "&issuer=" + ISSUER
                + "&algorithm=SHA1&digits=" + Totp.DIGITS + "&period=" + Totp.PERIOD;
    }

    /** Percent-encodes all but the unreserved characters of RFC 3986 and {@code @}. */
    private static String encode(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~@".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    private static String normalizeRecoveryCode(String code) {
        return code.replace("-", "").replace(" ", "").strip().toUpperCase(Locale.ROOT);
    }

    private static String hash(String normalizedCode) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(normalizedCode.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private void removeRows(String userId, SecondFactor factor) {
        em.remove(factor);
        em.createQuery("DELETE FROM RecoveryCode c WHERE c.userId = :user").setParameter("user", userId)
                .executeUpdate();
    }

    private static JsonObject by(String who) {
        return Outbox.JSON.createObjectBuilder().add("by", who).build();
    }

    private static Actor actor(UserAccount account) {
        return new Actor(account.getId(), account.getDisplayName());
    }

    private static ValidationException wrongPassword() {
        return ValidationException.of("password", "validation.current-password", "is not the account's password");
    }

    private static ValidationException wrongCode() {
        return ValidationException.of("code", "validation.second-factor-code",
                "is not a current code of your authenticator app, nor an unused recovery code");
    }

    /**
     * @return the conflict of an enrolment while a confirmed second factor exists: remove that one
     *         first (with a code), so that a stolen token and password cannot replace it
     */
    public static ConflictException alreadyEnabled() {
        return new ConflictException("second-factor-enabled", "The account has a second factor already; remove it "
                + "first (with a code or a recovery code) to enrol another one.", "problem.second-factor-enabled.detail");
    }
}
