package org.fixmyquarter.core.account;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IllformedLocaleException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.EntityManager;

import org.fixmyquarter.core.Actor;
import org.fixmyquarter.core.body.Body;
import org.fixmyquarter.core.audit.AuditLog;
import org.fixmyquarter.core.error.ConflictException;
import org.fixmyquarter.core.error.FieldError;
import org.fixmyquarter.core.error.NotFoundException;
import org.fixmyquarter.core.error.ValidationException;
import org.fixmyquarter.core.internal.Cursors;
import org.fixmyquarter.core.internal.Clocks;
import org.fixmyquarter.core.internal.PersonLocks;
import org.fixmyquarter.core.internal.Ids;
import org.fixmyquarter.core.internal.Outbox;
import org.fixmyquarter.spi.notification.AccountMessage;

/**
 * The use cases of accounts: register, sign in (with lock-out after repeated failures), and the
 * roles users hold. Runs in the caller's transaction, like every core service.
 */
public class AccountService {

    /** Longest e-mail address (RFC 5321). */
    public static final int EMAIL_MAX = 254;
    /** Shortest password, in code points; {@link PasswordPolicy} says the rest. */
    public static final int PASSWORD_MIN = PasswordPolicy.MIN_LENGTH;
    /** Longest password, in code points: PBKDF2 hashes it whole, so its length must be bounded. */
    public static final int PASSWORD_MAX = PasswordPolicy.MAX_LENGTH;
    /** Longest display name. */
    public static final int NAME_MAX = 100;
    /** Longest scope of a role grant (an area or body code). */
    public static final int SCOPE_MAX = 64;

    /**
     * An account with its roles, as the API shows it.
     *
     * @param account the account
     * @param roles   its role grants
     */
    public record AccountView(UserAccount account, List<RoleGrant> roles) {
    }

    /** The {@code grantedBy} of a self-registration. */
    public static final String SELF = "self";
    /** The {@code grantedBy} of the accounts the server creates at its first start. */
    public static final String SETUP = "setup";
    /** The {@code grantedBy} and audit actor of {@link #recoverAdministrator(String)}. */
    public static final String RECOVERY = "recovery";

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+");

    /**
     * The check of an e-mail address the accounts use, for other use cases that take one (a
     * body's delivery address): one rule for every address the server writes to.
     *
     * @param email an address, stripped
     * @return whether it has the form local@domain.tld and fits {@link #EMAIL_MAX}
     */
    public static boolean isEmailAddress(String email) {
        return email != null && email.length() <= EMAIL_MAX && EMAIL.matcher(email).matches();
    }

    private final EntityManager em;
    private final Passwords passwords;
    private final LoginPolicy policy;
    private final Clock clock;
    private final AuditLog audit;
    private final boolean emailVerification;

    /**
     * A service for a deployment that does not ask new accounts to confirm their address.
     *
     * @param em        the entity manager of the current transaction
     * @param passwords the password hashing
     * @param policy    how failed sign-ins slow down the next attempts
     * @param clock     the source of "now"
     */
    public AccountService(EntityManager em, Passwords passwords, LoginPolicy policy, Clock clock) {
        this(em, passwords, policy, clock, false);
    }

    /**
     * @param em                the entity manager of the current transaction
     * @param passwords         the password hashing
     * @param policy            how failed sign-ins slow down the next attempts
     * @param clock             the source of "now"
     * @param emailVerification whether a self-registered account must confirm its address
     *                          ({@link AccountEmails}) before it signs in with its password
     */
    public AccountService(EntityManager em, Passwords passwords, LoginPolicy policy, Clock clock,
                          boolean emailVerification) {
        this.em = Objects.requireNonNull(em, "em");
        this.passwords = Objects.requireNonNull(passwords, "passwords");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.audit = new AuditLog(em);
        this.emailVerification = emailVerification;
    }

    /**
     * Creates an account holding one role.
     *
     * @param content   what the person gave; the password is wiped
     * @param role      the role it starts with, {@code citizen} for a self-registration
     * @param grantedBy who creates it: {@link #SELF}, {@link #SETUP} or an administrator's id; all
     *                  but a self-registration are audited
     * @return the account
     * @throws ValidationException naming every invalid field
     * @throws ConflictException   {@code email-taken} if the address has an account
     */
    public UserAccount register(NewAccount content, Role role, String grantedBy) {
        try {
            String email = normalizeEmail(content.email());
            validate(content, email);
            // Hashed before the address is looked up, so that a taken address is not answered
            // faster than a new one (the time alone would tell who has an account).
            String passwordHash = passwords.hash(content.password());
            if (findByEmail(email).isPresent()) {
                throw emailTaken();
            }
            return create(content, email, passwordHash, role, grantedBy);
        } finally {
            Passwords.wipe(content.password());
        }
    }

    /**
     * A citizen's own registration on a deployment that confirms addresses: the answer is the
     * same whether the address had an account or not, so that registering tells nobody who has
     * one. A new address gets a citizen account waiting for its confirmation, and a mail with the
     * link that confirms it ({@link AccountEmails#VERIFICATION_REQUESTED}); an address that has an
     * account gets a mail telling its owner that someone tried, and how to reset the password
     * ({@link AccountEmails#ALREADY_REGISTERED}); the account is left as it was.
     *
     * @param content what the person gave; the password is wiped
     * @return the new account, or empty when the address had one
     * @throws ValidationException naming every invalid field
     * @throws ConflictException   {@code handle-taken} if another account has the handle asked for
     *                             (handles are public: this tells nothing about addresses)
     */
    public Optional<UserAccount> registerWithVerification(NewAccount content) {
        try {
            String email = normalizeEmail(content.email());
            validate(content, email);
            String passwordHash = passwords.hash(content.password());
            Optional<UserAccount> existing = findByEmail(email);
            if (existing.isPresent()) {
                AccountEmails.request(em, AccountEmails.ALREADY_REGISTERED, existing.get(), now());
                return Optional.empty();
            }
            UserAccount account = create(content, email, passwordHash, Role.CITIZEN, SELF);
            AccountEmails.request(em, AccountEmails.VERIFICATION_REQUESTED, account, now());
            return Optional.of(account);
        } finally {
            Passwords.wipe(content.password());
        }
    }

    private UserAccount create(NewAccount content, String email, String passwordHash, Role role, String grantedBy) {
        String handle = content.handle() == null ? Handles.free(em, Handles.suggest(content.displayName(), email))
                : claimHandle(content.handle(), null);
        Instant now = now();
        UserAccount account = new UserAccount(Ids.newId(), email, handle, content.displayName().strip(),
                passwordHash, normalizeLocale(content.preferredLocale()), now);
        if (!SELF.equals(grantedBy)) {
            // The server's setup and administrators vouch for the addresses they enter.
            account.emailVerified(now);
        }
        em.persist(account);
        // The grant refers to the account, and the JPA provider orders inserts of unrelated
        // entities as it likes: write the account first.
        em.flush();
        em.persist(new RoleGrant(Ids.newId(), account.getId(), role, null, grantedBy, now));
        if (!SELF.equals(grantedBy)) {
            audit.record(new Actor(grantedBy, SETUP.equals(grantedBy) ? "Server setup" : grantedBy), "user.created",
                    "user", account.getId(), null, state(account.getEmail(), role, null), now);
        }
        return account;
    }

    /**
     * Confirms an account's address with the token of the link mailed to it. Audited.
     *
     * @param token the token, as given
     * @return the account, its address confirmed
     * @throws ValidationException {@code token} if it is unknown, used, expired, or was sent to
     *                             another address than the account's present one
     */
    public UserAccount verifyEmail(String token) {
        Instant now = now();
        AccountToken stored = AccountEmails.find(em, token, AccountMessage.Purpose.VERIFY_EMAIL, now)
                .orElseThrow(AccountService::invalidToken);
        UserAccount account = PersonLocks.lock(em, stored.getUserId());
        boolean already = account.isEmailVerified();
        account.emailVerified(now);
        AccountEmails.useAll(em, account.getId(), AccountMessage.Purpose.VERIFY_EMAIL, now);
        if (!already) {
            audit.record(new Actor(account.getId(), account.getDisplayName()), "user.email_verified", "user",
                    account.getId(), null, Outbox.JSON.createObjectBuilder().add("email", account.getEmail()).build(),
                    now);
        }
        return account;
    }

    /**
     * Sends the link that confirms an address again, if the address has an account that waits
     * for it; otherwise does nothing, with no sign of it, so the answer tells nobody who has an
     * account.
     *
     * @param email the address, as typed
     */
    public void requestVerification(String email) {
        Optional<UserAccount> account = email == null ? Optional.empty() : findByEmail(email);
        if (account.isPresent() && !account.get().isEmailVerified()) {
            AccountEmails.request(em, AccountEmails.VERIFICATION_REQUESTED, account.get(), now());
        }
    }

    /**
     * Mails the link that sets a new password, if the address has an account; otherwise does
     * nothing, with no sign of it. Audited when a mail is asked for.
     *
     * @param email the address, as typed
     */
    public void requestPasswordReset(String email) {
        Optional<UserAccount> found = email == null ? Optional.empty() : findByEmail(email);
        if (found.isEmpty()) {
            return;
        }
        Instant now = now();
        if (AccountEmails.request(em, AccountEmails.RESET_REQUESTED, found.get(), now)) {
            audit.record(Actor.ANONYMOUS, "user.password_reset_requested", "user", found.get().getId(), null, null,
                    now);
        }
    }

    /**
     * Sets a new password with the token of a reset link. The link proves the address, so an
     * unconfirmed address counts as confirmed too; every reset link of the account stops working,
     * and the delay of the client address is lifted. The caller ends the account's sessions in the
     * same transaction. Audited.
     *
     * @param token         the token, as given
     * @param newPassword   the new password; wiped
     * @param clientAddress where the request comes from, or {@code null} if unknown
     * @return the account
     * @throws ValidationException {@code token} if it is unknown, used or expired (checked first),
     *                             or {@code password} if the password is too weak; a refused password
     *                             leaves the token usable
     */
    public UserAccount resetPassword(String token, char[] newPassword, String clientAddress) {
        try {
            Instant now = now();
            AccountToken stored = AccountEmails.find(em, token, AccountMessage.Purpose.RESET_PASSWORD, now)
                    .orElseThrow(AccountService::invalidToken);
            UserAccount account = PersonLocks.lock(em, stored.getUserId());
            if (newPassword == null) {
                throw ValidationException.of("password", "validation.required", "is required");
            }
            List<FieldError> weak = PasswordPolicy.check("password", newPassword, account.getEmail(),
                    account.getHandle(), account.getDisplayName());
            if (!weak.isEmpty()) {
                throw new ValidationException(weak);
            }
            account.setPasswordHash(passwords.hash(newPassword));
            account.emailVerified(now);
            AccountEmails.useAll(em, account.getId(), AccountMessage.Purpose.RESET_PASSWORD, now);
            succeeded(account, clientAddress);
            audit.record(new Actor(account.getId(), account.getDisplayName()), "user.password_reset", "user",
                    account.getId(), null, null, now);
            return account;
        } finally {
            Passwords.wipe(newPassword);
        }
    }

    /** @return the refusal of a link's token that does not (or no longer) work */
    private static ValidationException invalidToken() {
        return ValidationException.of("token", "validation.account-token",
                "is not valid: it is unknown, was used already, or has expired; ask for a new mail");
    }

    /**
     * Changes one's own account: the caller passes the signed-in user's id, never one from the
     * request, so nobody edits another account this way. A new password needs the current one.
     *
     * @param userId          the signed-in user
     * @param displayName     a new name, or {@code null} to keep it
     * @param preferredLocale a new language tag, {@code ""} to follow the browser, or {@code null} to keep it
     * @param handle          a new handle, or {@code null} to keep it
     * @param currentPassword the current password, needed with a new one; wiped
     * @param newPassword     a new password, or {@code null}; wiped
     * @return the account
     * @throws ValidationException naming every invalid field, or a wrong current password
     * @throws ConflictException   {@code handle-taken} if another account has the handle
     */
    public UserAccount updateOwn(String userId, String displayName, String preferredLocale, String handle,
                                 char[] currentPassword, char[] newPassword) {
        return updateOwn(userId, displayName, preferredLocale, handle, currentPassword, newPassword, null);
    }

    /**
     * {@link #updateOwn(String, String, String, String, char[], char[])}, where a wrong current
     * password counts as a failed sign-in of the client address: a stolen token does not give
     * unlimited guesses at the password. Commit the transaction when this throws a
     * {@link ValidationException} (nothing else was changed then), or the failure is not counted.
     *
     * @param userId          the signed-in user
     * @param displayName     a new name, or {@code null} to keep it
     * @param preferredLocale a new language tag, {@code ""} to follow the browser, or {@code null} to keep it
     * @param handle          a new handle, or {@code null} to keep it
     * @param currentPassword the current password, needed with a new one; wiped
     * @param newPassword     a new password, or {@code null}; wiped
     * @param clientAddress   where the request comes from, or {@code null} if unknown
     * @return the account
     * @throws ValidationException naming every invalid field, or a wrong current password
     * @throws ConflictException   {@code handle-taken} if another account has the handle
     */
    public UserAccount updateOwn(String userId, String displayName, String preferredLocale, String handle,
                                 char[] currentPassword, char[] newPassword, String clientAddress) {
        try {
            UserAccount account = get(userId);
            List<FieldError> errors = new ArrayList<>();
            String name = displayName == null ? null : displayName.strip();
            if (name != null && (name.isEmpty() || name.length() > NAME_MAX)) {
                errors.add(FieldError.translatable("displayName", "validation.length-range",
                        "must be 1 to " + NAME_MAX + " characters", 1, NAME_MAX));
            }
            String tag = preferredLocale == null || preferredLocale.isEmpty() ? null : normalizeLocale(preferredLocale);
            if (preferredLocale != null && !preferredLocale.isEmpty() && tag == null) {
                errors.add(FieldError.translatable("preferredLanguage", "validation.locale",
                        "must be a language tag such as fr or pt-BR"));
            }
            if (newPassword != null) {
                errors.addAll(PasswordPolicy.check("password", newPassword, account.getEmail(),
                        account.getHandle(), account.getDisplayName()));
                if (currentPassword == null) {
                    errors.add(FieldError.translatable("currentPassword", "validation.current-password",
                            "is not the account's password"));
                } else if (!passwordAccepted(PersonLocks.lock(em, userId), currentPassword, clientAddress,
                        "password-change")) {
                    errors.add(FieldError.translatable("currentPassword", "validation.current-password",
                            "is not the account's password"));
                }
            }
            String newHandle = handle == null ? null : Handles.normalize(handle);
            if (handle != null && !Handles.valid(newHandle)) {
                errors.add(Handles.invalid());
            }
            if (!errors.isEmpty()) {
                throw new ValidationException(errors);
            }
            if (newHandle != null && !newHandle.equals(account.getHandle())) {
                account.changeHandle(claimHandle(newHandle, account.getId()));
            }
            if (name != null) {
                account.rename(name);
            }
            if (preferredLocale != null) {
                account.preferLocale(tag);
            }
            if (newPassword != null) {
                account.setPasswordHash(passwords.hash(newPassword));
                audit.record(new Actor(account.getId(), account.getDisplayName()), "user.password_changed", "user",
                        account.getId(), null, null, now());
            }
            return account;
        } finally {
            Passwords.wipe(currentPassword);
            Passwords.wipe(newPassword);
        }
    }

    /**
     * Checks a password, from an unknown client address; see {@link #login(String, char[], String)}.
     *
     * @param email    the address given
     * @param password the password given; wiped
     * @return the outcome
     */
    public LoginResult login(String email, char[] password) {
        return login(email, password, null);
    }

    /**
     * Checks a password. Unknown addresses cost the same time as known ones. A success resets the
     * failure count of the client address and upgrades an old hash; a failure slows that address
     * down for this account ({@link LoginPolicy}), and an attempt it makes too soon is refused
     * unchecked, with the same answer as a wrong password. Failures are audited, never with the
     * password.
     *
     * @param email         the e-mail address given
     * @param password      the password given; wiped
     * @param clientAddress where the attempt comes from, or {@code null} if unknown
     * @return the outcome
     */
    public LoginResult login(String email, char[] password, String clientAddress) {
        return login(email, password, null, null, clientAddress);
    }

    /**
     * Checks a password and, for an account with a second factor ({@link SecondFactors}), a code
     * of its authenticator app or one of its recovery codes. Unknown addresses cost the same time
     * as known ones. An attempt within its address's delay is refused unchecked, with the same
     * answer as a wrong password. Only when the password is right does the answer say that a
     * code is needed ({@link LoginResult.SecondFactorRequired}); a wrong or used code counts as a
     * failed sign-in of the address (audited with {@code where: second-factor}), like a wrong
     * password. A success resets the failure count of the address and upgrades an old hash.
     *
     * @param email         the e-mail address given
     * @param password      the password given; wiped
     * @param code          a code of the authenticator app, or {@code null}
     * @param recoveryCode  a recovery code, or {@code null}; used up when accepted
     * @param clientAddress where the attempt comes from, or {@code null} if unknown
     * @return the outcome
     */
    public LoginResult login(String email, char[] password, String code, String recoveryCode,
                             String clientAddress) {
        try {
            Optional<UserAccount> found = email == null ? Optional.empty() : findByEmail(normalizeEmail(email));
            if (found.isEmpty()) {
                passwords.verify(password == null ? new char[0] : password, null);
                return new LoginResult.Refused();
            }
            UserAccount account = found.get();
            // The slow hash is checked before the lock: holding the account row through it made
            // parallel sign-ins queue behind each other until the lock wait timed out (500s).
            boolean right = passwordMatches(account, password);
            // The outcome is decided under the lock, each attempt seeing the failures committed
            // before it: otherwise parallel guesses all pass the delay together.
            PersonLocks.lock(em, account);
            if (delayed(account, clientAddress)) {
                return new LoginResult.Refused();
            }
            if (!right) {
                failed(account, clientAddress, "sign-in");
                return new LoginResult.Refused();
            }
            if (emailVerification && !account.isEmailVerified()) {
                // Only the one who knows the password learns this; the link goes out again.
                AccountEmails.request(em, AccountEmails.VERIFICATION_REQUESTED, account, now());
                return new LoginResult.Unverified();
            }
            SecondFactors factors = new SecondFactors(em, clock, this);
            Optional<SecondFactor> factor = factors.active(account.getId());
            if (factor.isPresent()) {
                boolean none = (code == null || code.isBlank()) && (recoveryCode == null || recoveryCode.isBlank());
                if (none) {
                    // Neither counted nor reset: the first step of a client that asks for the code next.
                    return new LoginResult.SecondFactorRequired(false);
                }
                if (!factors.check(account, factor.get(), code, recoveryCode, "sign-in")) {
                    failed(account, clientAddress, SecondFactors.WHERE);
                    return new LoginResult.SecondFactorRequired(true);
                }
            }
            succeeded(account, clientAddress);
            if (passwords.needsRehash(account.getPasswordHash())) {
                account.setPasswordHash(passwords.hash(password));
            }
            // A plain UPDATE under the row lock rather than a versioned write of the entity:
            // parallel sign-ins to one account each changing the version failed at commit with an
            // optimistic-lock error (a 500) whenever one had read the row before another's commit.
            em.createQuery("UPDATE UserAccount u SET u.failedLogins = 0, u.lastLoginAt = :at WHERE u.id = :id")
                    .setParameter("at", now().atOffset(java.time.ZoneOffset.UTC))
                    .setParameter("id", account.getId())
                    .executeUpdate();
            em.refresh(account);
            return new LoginResult.Success(account, roles(account.getId()), factor.isPresent());
        } finally {
            Passwords.wipe(password);
        }
    }

    /**
     * Checks an account's password as typed by someone at a client address, counting a failure
     * against that address and refusing, unchecked, an attempt made within its delay. The caller
     * holds the account's lock.
     *
     * @return whether the password is the account's
     */
    boolean passwordAccepted(UserAccount account, char[] password, String clientAddress, String where) {
        return attemptAccepted(account, passwordMatches(account, password), clientAddress, where);
    }

    /**
     * Decides an attempt whose password was checked already (every attempt costs the same
     * hashing time, so the timing tells nothing): refused within the delay of its address, a
     * failure counted and audited, a success resetting its address. The caller holds the
     * account's lock.
     *
     * @return whether the attempt succeeds
     */
    private boolean attemptAccepted(UserAccount account, boolean right, String clientAddress, String where) {
        if (delayed(account, clientAddress)) {
            return false;
        }
        if (right) {
            succeeded(account, clientAddress);
            return true;
        }
        failed(account, clientAddress, where);
        return false;
    }

    /** @return whether the password is the account's (the slow hash; call it before taking the lock) */
    boolean passwordMatches(UserAccount account, char[] password) {
        return password != null && passwords.verify(password, account.getPasswordHash());
    }

    /**
     * @return whether an attempt at the account from the client address falls within that
     *         address's delay, to be refused unchecked; the caller holds the account's lock
     */
    boolean delayed(UserAccount account, String clientAddress) {
        SignInDelay delay = em.find(SignInDelay.class, SignInDelay.id(account.getId(), address(clientAddress)));
        return delay != null && delay.delays(now());
    }

    /** Resets the failures of the client address at the account; the caller holds the account's lock. */
    void succeeded(UserAccount account, String clientAddress) {
        SignInDelay delay = em.find(SignInDelay.class, SignInDelay.id(account.getId(), address(clientAddress)));
        if (delay != null) {
            em.remove(delay);
        }
    }

    /**
     * Counts a failed attempt of the client address at the account, and audits it
     * ({@code user.sign_in_failed}, never with what was typed); the caller holds the account's lock.
     *
     * @param where what failed: {@code sign-in}, {@code second-factor}, {@code password-change}...
     */
    void failed(UserAccount account, String clientAddress, String where) {
        String address = address(clientAddress);
        // The delay runs from the answer, not from the start of the hashing it waited for.
        Instant failedAt = now();
        SignInDelay delay = em.find(SignInDelay.class, SignInDelay.id(account.getId(), address));
        if (delay == null) {
            delay = new SignInDelay(account.getId(), address, failedAt);
            em.persist(delay);
        }
        delay.failed(failedAt, policy);
        account.loginFailed();
        JsonObject after = Outbox.JSON.createObjectBuilder()
                .add("where", where)
                .add("address", address)
                .add("failures", delay.getFailures())
                .add("nextAttemptAt", delay.getNotBefore().toString())
                .build();
        audit.record(Actor.ANONYMOUS, "user.sign_in_failed", "user", account.getId(), null, after, failedAt);
    }

    private static String address(String clientAddress) {
        if (clientAddress == null || clientAddress.isBlank()) {
            return SignInDelay.UNKNOWN_ADDRESS;
        }
        String address = clientAddress.strip();
        return address.length() > SignInDelay.ADDRESS_MAX ? address.substring(0, SignInDelay.ADDRESS_MAX) : address;
    }

    /**
     * @param id an account id
     * @return the account
     * @throws NotFoundException if there is none
     */
    public UserAccount get(String id) {
        UserAccount account = id == null ? null : em.find(UserAccount.class, id);
        if (account == null) {
            throw new NotFoundException("user", id);
        }
        return account;
    }

    /**
     * @param email an address, in any case
     * @return its account, if any
     */
    public Optional<UserAccount> findByEmail(String email) {
        return em.createQuery("SELECT u FROM UserAccount u WHERE u.email = :email", UserAccount.class)
                .setParameter("email", normalizeEmail(email))
                .getResultStream().findFirst();
    }

    /**
     * Lists accounts, newest first.
     *
     * @param email  only the account with this address, or {@code null} for all
     * @param limit  accounts per page, 1 to 100
     * @param cursor the cursor of the previous page, or {@code null}
     * @return the accounts of the page and the cursor of the next one ({@code null} on the last)
     */
    public AccountPage list(String email, int limit, String cursor) {
        Cursors.checkLimit(limit, 100);
        Cursors.Position after = cursor == null ? null : Cursors.decode(cursor);
        StringBuilder jpql = new StringBuilder("SELECT u FROM UserAccount u WHERE 1 = 1");
        if (email != null) {
            jpql.append(" AND u.email = :email");
        }
        if (after != null) {
            jpql.append(" AND (u.createdAt < :afterTime OR (u.createdAt = :afterTime AND u.id < :afterId))");
        }
        var query = em.createQuery(jpql.append(" ORDER BY u.createdAt DESC, u.id DESC").toString(), UserAccount.class);
        if (email != null) {
            query.setParameter("email", normalizeEmail(email));
        }
        if (after != null) {
            query.setParameter("afterTime", after.createdAt().atOffset(java.time.ZoneOffset.UTC));
            query.setParameter("afterId", after.id());
        }
        Cursors.Slice<UserAccount> page = Cursors.slice(query.setMaxResults(limit + 1).getResultList(), limit,
                u -> Cursors.encode(u.getCreatedAt(), u.getId()));
        return new AccountPage(page.items(), page.next());
    }

    /**
     * A page of accounts.
     *
     * @param items accounts, newest first
     * @param next  the cursor of the following page, or {@code null} on the last
     */
    public record AccountPage(List<UserAccount> items, String next) {
    }

    /**
     * @param userId an account id
     * @return the roles it holds, oldest grant first
     */
    public List<RoleGrant> roles(String userId) {
        return em.createQuery("SELECT g FROM RoleGrant g WHERE g.userId = :user ORDER BY g.grantedAt, g.id",
                        RoleGrant.class)
                .setParameter("user", userId)
                .getResultList();
    }

    /**
     * Gives a user a role; granting a role they already hold with the same scope changes nothing.
     *
     * @param userId the user
     * @param role   the role
     * @param scope  for the operator role, the id of a live body whose reports alone they operate;
     *               else {@code null}, for the whole deployment
     * @param by     the administrator granting it ({@link org.fixmyquarter.core.Permissions#checkManageRoles})
     * @return the grant
     * @throws org.fixmyquarter.core.error.ForbiddenException if {@code by} is not an administrator
     * @throws NotFoundException   if the user does not exist
     * @throws ValidationException if the scope is not {@code null} nor, for an operator, a live body
     */
    public RoleGrant grant(String userId, Role role, String scope, Actor by) {
        org.fixmyquarter.core.Permissions.checkManageRoles(by);
        get(userId);
        if (scope != null) {
            // Only a body's operator is enforced (Permissions, with the report's body): any other
            // scoped grant would act as the full role (a district administrator could grant itself
            // the whole deployment), so it is refused.
            Body body = role == Role.OPERATOR ? em.find(Body.class, scope) : null;
            if (body == null || body.isRetired()) {
                throw ValidationException.of("scope", "validation.scope-unsupported", "must be null, or for the "
                        + "operator role the id of a live body (see GET /bodies): other scopes are not supported");
            }
        }
        for (RoleGrant existing : roles(userId)) {
            if (existing.getRole() == role && Objects.equals(existing.getScope(), scope)) {
                return existing;
            }
        }
        Instant now = now();
        RoleGrant grant = new RoleGrant(Ids.newId(), userId, role, scope, by.id(), now);
        em.persist(grant);
        audit.record(by, "user.role_granted", "user", userId, null, state(null, role, scope), now);
        return grant;
    }

    /**
     * Takes a role away.
     *
     * @param grantId the grant
     * @param by      the administrator removing it ({@link org.fixmyquarter.core.Permissions#checkManageRoles})
     * @return the grant removed
     * @throws org.fixmyquarter.core.error.ForbiddenException if {@code by} is not an administrator
     * @throws NotFoundException if there is no such grant
     * @throws ConflictException {@code last-administrator} if it is the last administrator's
     */
    public RoleGrant revoke(String grantId, Actor by) {
        org.fixmyquarter.core.Permissions.checkManageRoles(by);
        RoleGrant grant = grantId == null ? null : em.find(RoleGrant.class, grantId);
        if (grant == null) {
            throw new NotFoundException("role grant", grantId);
        }
        boolean administrator = grant.getRole() == Role.ADMINISTRATOR && grant.getScope() == null;
        if (administrator) {
            lockAdministrators();
            // A parallel request may have removed this very grant while we waited for the lock.
            if (em.createQuery("SELECT COUNT(g) FROM RoleGrant g WHERE g.id = :id", Long.class)
                    .setParameter("id", grantId).getSingleResult() == 0) {
                throw new NotFoundException("role grant", grantId);
            }
        }
        if (administrator && administrators() <= 1) {
            throw new ConflictException("last-administrator", "This is the last administrator; grant the role to "
                    + "someone else first.", "problem.last-administrator.detail");
        }
        em.remove(grant);
        audit.record(by, "user.role_revoked", "user", grant.getUserId(), state(null, grant.getRole(), grant.getScope()),
                null, now());
        return grant;
    }

    /**
     * Serializes every change that could leave the deployment without an administrator: locks
     * the account rows of all administrators, in id order so two callers never deadlock. Two
     * administrators removing each other at once then count one after the other, and the second
     * sees the first's removal. The lock lasts until the transaction ends.
     */
    private void lockAdministrators() {
        List<String> ids = em.createQuery("SELECT DISTINCT g.userId FROM RoleGrant g WHERE g.role = :role"
                        + " AND g.scope IS NULL ORDER BY g.userId", String.class)
                .setParameter("role", Role.ADMINISTRATOR.wireName())
                .getResultList();
        for (String id : ids) {
            PersonLocks.lock(em, id);
        }
    }

    /**
     * The operators' way back when the deployment has no administrator left (see
     * {@code docs/operations.md}): gives the administrator role to an existing account, audited.
     * Does nothing while any administrator exists, so a setting left in place grants nothing
     * later.
     *
     * @param email the address of the account to make administrator
     * @return the grant made, or empty when an administrator exists
     * @throws NotFoundException if no account has the address
     */
    public Optional<RoleGrant> recoverAdministrator(String email) {
        lockAdministrators();
        if (administrators() > 0) {
            return Optional.empty();
        }
        UserAccount account = findByEmail(email).orElseThrow(() -> new NotFoundException("user", email));
        // Holds off a second server recovering at the same moment: the lock of an empty set of
        // administrators protects nothing, so lock the account that is about to become one.
        PersonLocks.lock(em, account);
        if (administrators() > 0) {
            return Optional.empty();
        }
        Instant now = now();
        RoleGrant grant = new RoleGrant(Ids.newId(), account.getId(), Role.ADMINISTRATOR, null, RECOVERY, now);
        em.persist(grant);
        audit.record(new Actor(RECOVERY, "Administrator recovery"), "user.administrator_recovered", "user",
                account.getId(), null, state(account.getEmail(), Role.ADMINISTRATOR, null), now);
        return Optional.of(grant);
    }

    /**
     * @return how many users are administrators of the whole deployment
     */
    public long administrators() {
        return em.createQuery("SELECT COUNT(DISTINCT g.userId) FROM RoleGrant g WHERE g.role = :role"
                        + " AND g.scope IS NULL", Long.class)
                .setParameter("role", Role.ADMINISTRATOR.wireName())
                .getSingleResult();
    }

    /**
     * @param handle a handle, as typed after {@code @}; case does not matter
     * @return the account with that handle
     */
    public Optional<UserAccount> findByHandle(String handle) {
        return em.createQuery("SELECT u FROM UserAccount u WHERE u.handle = :handle", UserAccount.class)
                .setParameter("handle", Handles.normalize(handle)).getResultStream().findFirst();
    }

    /**
     * @return the conflict of a handle another account has, also when a concurrent registration
     *         takes it first
     */
    public static ConflictException handleTaken() {
        return new ConflictException("handle-taken", "Another account has this handle; choose another one.",
                "problem.handle-taken.detail");
    }

    /** @return the handle, checked free for the account {@code owner} ({@code null}: a new one) */
    private String claimHandle(String requested, String owner) {
        String handle = Handles.normalize(requested);
        if (!Handles.valid(handle)) {
            throw new ValidationException(List.of(Handles.invalid()));
        }
        Optional<UserAccount> holder = findByHandle(handle);
        if (holder.isPresent() && !holder.get().getId().equals(owner)) {
            throw handleTaken();
        }
        return handle;
    }

    /**
     * @return the conflict of a registration whose address has an account, also when a concurrent
     *         registration of the same address wins the race at commit
     */
    public static ConflictException emailTaken() {
        return new ConflictException("email-taken", "An account with this e-mail address exists; sign in, or ask for "
                + "a new password.", "problem.email-taken.detail");
    }

    private void validate(NewAccount content, String email) {
        List<FieldError> errors = new ArrayList<>();
        if (email == null || email.isEmpty()) {
            errors.add(FieldError.translatable("email", "validation.required", "is required"));
        } else if (email.length() > EMAIL_MAX || !EMAIL.matcher(email).matches()) {
            errors.add(FieldError.translatable("email", "validation.email", "must be an e-mail address"));
        }
        errors.addAll(PasswordPolicy.check("password", content.password(), email, content.handle(),
                content.displayName()));
        String name = content.displayName() == null ? "" : content.displayName().strip();
        if (name.isEmpty() || name.length() > NAME_MAX) {
            errors.add(FieldError.translatable("displayName", "validation.length-range",
                    "must be 1 to " + NAME_MAX + " characters", 1, NAME_MAX));
        }
        if (content.handle() != null && !Handles.valid(Handles.normalize(content.handle()))) {
            errors.add(Handles.invalid());
        }
        if (content.preferredLocale() != null && normalizeLocale(content.preferredLocale()) == null) {
            errors.add(FieldError.translatable("preferredLanguage", "validation.locale",
                    "must be a language tag such as fr or pt-BR"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }

    private static JsonObject state(String email, Role role, String scope) {
        JsonObjectBuilder state = Outbox.JSON.createObjectBuilder();
        if (email != null) {
            state.add("email", email);
        }
        state.add("role", role.wireName());
        if (scope == null) {
            state.addNull("scope");
        } else {
            state.add("scope", scope);
        }
        return state.build();
    }

    private static String normalizeEmail(String email) {
        return email == null ? null : email.strip().toLowerCase(Locale.ROOT);
    }

    /** @return the tag in its canonical form, or {@code null} if it is not a well-formed tag */
    private static String normalizeLocale(String tag) {
        if (tag == null) {
            return null;
        }
        try {
            Locale locale = new Locale.Builder().setLanguageTag(tag.strip()).build();
            return locale.getLanguage().isEmpty() || tag.length() > 35 ? null : locale.toLanguageTag();
        } catch (IllformedLocaleException e) {
            return null;
        }
    }

    private Instant now() {
        return Clocks.now(clock);
    }
}
