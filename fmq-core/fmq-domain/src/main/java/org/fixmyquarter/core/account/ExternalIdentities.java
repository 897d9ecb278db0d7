package org.fixmyquarter.core.account;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;

import org.fixmyquarter.core.Actor;
import org.fixmyquarter.core.audit.AuditLog;
import org.fixmyquarter.core.error.ConflictException;
import org.fixmyquarter.core.error.FieldError;
import org.fixmyquarter.core.error.NotFoundException;
import org.fixmyquarter.core.error.ValidationException;
import org.fixmyquarter.core.internal.Clocks;
import org.fixmyquarter.core.internal.Ids;
import org.fixmyquarter.core.internal.Outbox;
import org.fixmyquarter.core.internal.PersonLocks;

/**
 * Sign-in through the deployment's identity provider. An identity is found by the provider's
 * issuer and subject only: an e-mail address picks no account, because anyone can register any
 * address here (no proof of ownership) or at many providers ({@code email_verified: false}), and
 * matching by it handed the address's account, roles included, to whoever showed it. A person
 * who already has an account signs in with the password and links the provider from there.
 * Runs in the caller's transaction.
 */
public class ExternalIdentities {

    /** The {@code grantedBy} of the citizen role of an account the provider's first sign-in made. */
    public static final String PROVIDER = "identity-provider";

    private final EntityManager em;
    private final Passwords passwords;
    private final Clock clock;
    private final AuditLog audit;
    private final AccountService accounts;

    /**
     * @param em        the entity manager of the current transaction
     * @param passwords to check the password of a person linking an identity
     * @param clock     the source of "now"
     */
    public ExternalIdentities(EntityManager em, Passwords passwords, Clock clock) {
        this(em, passwords, LoginPolicy.DEFAULT, clock);
    }

    /**
     * @param em        the entity manager of the current transaction
     * @param passwords the password hashing
     * @param policy    how failed password checks slow their address down, as at sign-in
     * @param clock     the source of "now"
     */
    public ExternalIdentities(EntityManager em, Passwords passwords, LoginPolicy policy, Clock clock) {
        this.em = Objects.requireNonNull(em, "em");
        this.passwords = Objects.requireNonNull(passwords, "passwords");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.audit = new AuditLog(em);
        this.accounts = new AccountService(em, passwords, policy, clock);
    }

    /**
     * The account a provider identity signs in to: the linked one, whatever the token's e-mail
     * says now; or, for an identity never seen, a new citizen account without a password.
     *
     * @param identity what the provider vouches for
     * @return the account
     * @throws ConflictException   {@code account-exists} if the identity is new and an account
     *                             has its e-mail address: never linked without that account's password
     * @throws ValidationException if a new account would need an address the provider does not
     *                             give, or has not verified
     */
    public UserAccount signIn(ProviderIdentity identity) {
        Instant now = Clocks.now(clock);
        Optional<ExternalIdentity> linked = find(identity.issuer(), identity.subject());
        if (linked.isPresent()) {
            UserAccount account = em.find(UserAccount.class, linked.get().getUserId());
            audit.record(actor(account), "identity.signed-in", "user", account.getId(), null,
                    describe(identity.issuer(), identity.subject()), now);
            return account;
        }
        String email = identity.email() == null ? null : identity.email().strip().toLowerCase(Locale.ROOT);
        if (email == null || email.length() > AccountService.EMAIL_MAX || email.indexOf('@') < 1) {
            throw ValidationException.of("email", "validation.email", "must be an e-mail address");
        }
        if (!identity.emailVerified()) {
            // The address would become the new account's, and block its owner's own registration.
            throw ValidationException.of("subject_token", "validation.email-unverified",
                    "the identity provider has not verified its e-mail address");
        }
        if (emailTaken(email)) {
            audit.record(new Actor(PROVIDER, "Identity provider"), "identity.link-refused", "identity",
                    identity.subject(), null, describe(identity.issuer(), identity.subject()), now);
            throw accountExists();
        }
        String name = displayName(identity.displayName());
        String handle = Handles.free(em, Handles.suggest(name, null));
        // Never the e-mail address: the display name is public, shown as the author of reports.
        UserAccount account = new UserAccount(Ids.newId(), email, handle, name == null ? handle : name, null, null,
                now);
        // Checked above: the provider verified the address.
        account.emailVerified(now);
        em.persist(account);
        em.flush();
        em.persist(new RoleGrant(Ids.newId(), account.getId(), Role.CITIZEN, null, PROVIDER, now));
        em.persist(new ExternalIdentity(Ids.newId(), identity.issuer(), identity.subject(), account.getId(), now));
        audit.record(actor(account), "identity.account-created", "user", account.getId(), null,
                describe(identity.issuer(), identity.subject()), now);
        return account;
    }

    /**
     * Links a provider identity to a signed-in account whose holder proved the password.
     *
     * @param userId   the signed-in account, never one from the request
     * @param password its password; wiped
     * @param identity the provider identity of a verified token
     * @return the link, new or the one already there
     * @throws ValidationException {@code password} if it is not the account's password
     * @throws ConflictException   {@code identity-linked} if the identity signs in to another account
     */
    public ExternalIdentity link(String userId, char[] password, ProviderIdentity identity) {
        return link(userId, password, identity, null);
    }

    /**
     * {@link #link(String, char[], ProviderIdentity)}, where a wrong password counts as a failed
     * sign-in of the client address and an attempt within its delay is refused unchecked
     * ({@link LoginPolicy}): the form gives no more guesses than the sign-in does. Commit the
     * transaction when this throws, or the failure is not counted.
     *
     * @param userId        the signed-in account, never one from the request
     * @param password      its password; wiped
     * @param identity      the provider identity of a verified token
     * @param clientAddress where the request comes from, or {@code null} if unknown
     * @return the link, new or the one already there
     * @throws ValidationException {@code password} if it is not the account's password
     * @throws ConflictException   {@code identity-linked} if the identity signs in to another account
     */
    public ExternalIdentity link(String userId, char[] password, ProviderIdentity identity, String clientAddress) {
        try {
            // Two links of one account at once must not both see "not linked yet".
            UserAccount account = PersonLocks.lock(em, userId);
            if (account == null) {
                throw new NotFoundException("user", userId);
            }
            Instant now = Clocks.now(clock);
            if (password == null || !accounts.passwordAccepted(account, password, clientAddress, "identity-link")) {
                audit.record(actor(account), "identity.link-refused", "user", userId, null,
                        describe(identity.issuer(), identity.subject()), now);
                throw new ValidationException(List.of(FieldError.translatable("password",
                        "validation.current-password", "is not the account's password")));
            }
            Optional<ExternalIdentity> existing = find(identity.issuer(), identity.subject());
            if (existing.isPresent()) {
                if (existing.get().getUserId().equals(userId)) {
                    return existing.get();
                }
                audit.record(actor(account), "identity.link-refused", "user", userId, null,
                        describe(identity.issuer(), identity.subject()), now);
                throw identityLinked();
            }
            ExternalIdentity link = new ExternalIdentity(Ids.newId(), identity.issuer(), identity.subject(), userId,
                    now);
            em.persist(link);
            audit.record(actor(account), "identity.linked", "user", userId, null,
                    describe(identity.issuer(), identity.subject()), now);
            return link;
        } finally {
            Passwords.wipe(password);
        }
    }

    /**
     * Unlinks a provider identity from the signed-in account: it no longer signs in to it (a
     * later sign-in with it is a first sign-in, refused while the address has this account).
     * Sessions begun with it stay open until they end. Audited.
     *
     * @param userId     the signed-in account, never one from the request
     * @param identityId the link, as listed by {@link #of(String)}
     * @throws NotFoundException if the account has no such link
     * @throws ConflictException {@code last-sign-in-method} if the account has no password and no
     *                           other identity: it could never be signed in to again
     */
    public void unlink(String userId, String identityId) {
        // Serialized with link() and with another unlink of the same account: two unlinks at once
        // must not both see "another way to sign in remains".
        UserAccount account = PersonLocks.lock(em, userId);
        ExternalIdentity identity = identityId == null ? null : em.find(ExternalIdentity.class, identityId);
        if (account == null || identity == null || !identity.getUserId().equals(userId)) {
            throw new NotFoundException("identity", identityId);
        }
        if (account.getPasswordHash() == null && of(userId).size() <= 1) {
            throw new ConflictException("last-sign-in-method", "This identity is the only way to sign in to the "
                    + "account: set a password first (ask for a password reset), then unlink it.",
                    "problem.last-sign-in-method.detail");
        }
        em.remove(identity);
        audit.record(actor(account), "identity.unlinked", "user", userId,
                describe(identity.getIssuer(), identity.getSubject()), null, Clocks.now(clock));
    }

    /**
     * @param userId an account
     * @return the provider identities that sign in to it, oldest first
     */
    public List<ExternalIdentity> of(String userId) {
        return em.createQuery("SELECT i FROM ExternalIdentity i WHERE i.userId = :user ORDER BY i.linkedAt, i.id",
                ExternalIdentity.class).setParameter("user", userId).getResultList();
    }

    /**
     * @return the conflict of a first provider sign-in whose address has an account
     */
    public static ConflictException accountExists() {
        return new ConflictException("account-exists", "An account with this e-mail address exists. Sign in with "
                + "its password, then link the identity provider from the account.", "problem.account-exists.detail");
    }

    /**
     * @return the conflict of a link of an identity that signs in to another account, also when a
     *         concurrent link won the unique constraint
     */
    public static ConflictException identityLinked() {
        return new ConflictException("identity-linked", "This identity of the provider signs in to another "
                + "account; unlink it there first.", "problem.identity-linked.detail");
    }

    private Optional<ExternalIdentity> find(String issuer, String subject) {
        return em.createQuery("SELECT i FROM ExternalIdentity i WHERE i.issuer = :issuer AND i.subject = :subject",
                ExternalIdentity.class).setParameter("issuer", issuer).setParameter("subject", subject)
                .getResultStream().findFirst();
    }

    private boolean emailTaken(String email) {
        return !em.createQuery("SELECT u.id FROM UserAccount u WHERE u.email = :email", String.class)
                .setParameter("email", email).setMaxResults(1).getResultList().isEmpty();
    }

    /** @return the provider's name, cut to fit, or {@code null} for none */
    private static String displayName(String given) {
        if (given == null || given.isBlank()) {
            return null;
        }
        String name = given.strip();
        return name.length() > AccountService.NAME_MAX ? name.substring(0, AccountService.NAME_MAX) : name;
    }

    private static Actor actor(UserAccount account) {
        return new Actor(account.getId(), account.getDisplayName());
    }

    /** What the audit log keeps of an identity: never a token, nor the e-mail address. */
    private static JsonObject describe(String issuer, String subject) {
        return Outbox.JSON.createObjectBuilder().add("issuer", issuer).add("subject", subject).build();
    }
}
