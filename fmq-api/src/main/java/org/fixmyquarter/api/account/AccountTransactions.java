package org.fixmyquarter.api.account;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.fixmyquarter.core.Actor;
import org.fixmyquarter.core.account.AccountService;
import org.fixmyquarter.core.account.AccountSession;
import org.fixmyquarter.core.account.ExternalIdentities;
import org.fixmyquarter.core.account.ExternalIdentity;
import org.fixmyquarter.core.account.LoginPolicy;
import org.fixmyquarter.core.account.LoginResult;
import org.fixmyquarter.core.account.NewAccount;
import org.fixmyquarter.core.account.Passwords;
import org.fixmyquarter.core.account.ProviderIdentity;
import org.fixmyquarter.core.account.Role;
import org.fixmyquarter.core.account.RoleGrant;
import org.fixmyquarter.core.account.SecondFactorPolicy;
import org.fixmyquarter.core.account.SecondFactors;
import org.fixmyquarter.core.account.SessionPolicy;
import org.fixmyquarter.core.account.Sessions;
import org.fixmyquarter.core.account.UserAccount;
import org.fixmyquarter.core.audit.AuditLog;
import org.fixmyquarter.core.error.ConflictException;
import org.fixmyquarter.core.error.NotFoundException;
import org.fixmyquarter.core.error.ValidationException;

/**
 * The transaction boundary around the account use cases.
 */
@ApplicationScoped
@Transactional
public class AccountTransactions {

    @PersistenceContext(unitName = "fmq")
    private EntityManager em;

    @Inject
    private Clock clock;

    @Inject
    @ConfigProperty(name = "fmq.auth.password-iterations", defaultValue = "600000")
    private int iterations;

    @Inject
    @ConfigProperty(name = "fmq.auth.max-failed-logins", defaultValue = "5")
    private int maxFailures;

    @Inject
    @ConfigProperty(name = "fmq.auth.lockout", defaultValue = "PT15M")
    private Duration lockout;

    @Inject
    @ConfigProperty(name = "fmq.auth.session-lifetime", defaultValue = "P30D")
    private Duration citizenSessionLifetime;

    @Inject
    @ConfigProperty(name = "fmq.auth.staff-session-lifetime", defaultValue = "PT12H")
    private Duration staffSessionLifetime;

    @Inject
    private AccountMail mail;

    @Inject
    @ConfigProperty(name = "fmq.auth.staff-second-factor", defaultValue = "optional")
    private String staffSecondFactorSetting;

    private volatile Passwords passwords;

    private volatile SecondFactorPolicy staffSecondFactor;

    /**
     * {@code fmq.auth.staff-second-factor}: {@code optional} or {@code required}. Any other value
     * is taken for {@code required}, the safe side, and logged.
     *
     * @return whether staff roles need a second factor
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public SecondFactorPolicy staffSecondFactor() {
        SecondFactorPolicy policy = staffSecondFactor;
        if (policy == null) {
            policy = SecondFactorPolicy.fromSetting(staffSecondFactorSetting).orElseGet(() -> {
                java.util.logging.Logger.getLogger(AccountTransactions.class.getName()).severe(
                        "fmq.auth.staff-second-factor is '" + staffSecondFactorSetting + "', neither optional nor "
                                + "required: staff roles need a second factor until it is corrected.");
                return SecondFactorPolicy.REQUIRED;
            });
            staffSecondFactor = policy;
        }
        return policy;
    }

    /**
     * A citizen's own registration where addresses are confirmed: see
     * {@link AccountService#registerWithVerification(NewAccount)}.
     *
     * @param content what the person gave
     * @return the new account, or empty when the address had one
     */
    public Optional<UserAccount> registerWithVerification(NewAccount content) {
        return service().registerWithVerification(content);
    }

    /**
     * @param token the token of a confirmation link
     * @return the account, its address confirmed
     */
    public UserAccount verifyEmail(String token) {
        return service().verifyEmail(token);
    }

    /**
     * @param email an address as typed; nothing happens, silently, unless its account waits for confirmation
     */
    public void requestVerification(String email) {
        service().requestVerification(email);
    }

    /**
     * @param email an address as typed; nothing happens, silently, unless it has an account
     */
    public void requestPasswordReset(String email) {
        service().requestPasswordReset(email);
    }

    /**
     * Sets a new password from a reset link and ends every session of the account: whoever
     * held one (perhaps the reason for the reset) is out.
     *
     * @param token         the token of the link
     * @param newPassword   the new password
     * @param clientAddress where the request comes from
     * @return the account
     */
    public UserAccount resetPassword(String token, char[] newPassword, String clientAddress) {
        UserAccount account = service().resetPassword(token, newPassword, clientAddress);
        sessions().endAll(account.getId(), null, Sessions.PASSWORD_RESET, new Actor(account.getId(),
                account.getDisplayName()));
        return account;
    }

    /**
     * Opens a sign-in session, audited.
     *
     * @param accountId     who signed in
     * @param method        how
     * @param providerRoles roles the identity provider conferred for this session
     * @return the session, its account and the roles it gives
     */
    public Sessions.Active startSession(String accountId, AccountSession.Method method, Set<Role> providerRoles) {
        return startSession(accountId, method, providerRoles, false);
    }

    /**
     * Opens a sign-in session, audited.
     *
     * @param accountId     who signed in
     * @param method        how
     * @param providerRoles roles the identity provider conferred for this session
     * @param secondFactor  whether the sign-in passed a second factor
     * @return the session, its account and the roles it gives
     */
    public Sessions.Active startSession(String accountId, AccountSession.Method method, Set<Role> providerRoles,
                                        boolean secondFactor) {
        UserAccount account = service().get(accountId);
        Sessions sessions = sessions();
        AccountSession session = sessions.start(account, method, providerRoles, secondFactor);
        return sessions.check(session.getId(), accountId).orElseThrow(() -> new IllegalStateException(
                "A session just opened is not open: " + session.getId()));
    }

    /**
     * @param sessionId a token's {@code sid}
     * @param accountId the token's subject
     * @return the session and the roles its person holds now, if it is still open
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Sessions.Active> session(String sessionId, String accountId) {
        return sessions().check(sessionId, accountId);
    }

    /**
     * Signs out of one session.
     *
     * @param sessionId the session
     * @param by        its person
     */
    public void endSession(String sessionId, Actor by) {
        sessions().end(sessionId, by);
    }

    /**
     * Signs a person out of every session.
     *
     * @param accountId the person
     * @param by        who does it
     * @return how many sessions ended
     */
    public int endAllSessions(String accountId, Actor by) {
        return sessions().endAll(accountId, null, Sessions.SIGNED_OUT_EVERYWHERE, by);
    }

    /**
     * @param content  what the person gave
     * @param role     the role the account starts with
     * @param by       who creates it
     * @return the account
     */
    public UserAccount register(NewAccount content, Role role, String by) {
        return service().register(content, role, by);
    }

    /**
     * Commits the failure count with the outcome, so the delays hold.
     *
     * @param email         the address given
     * @param password      the password given
     * @param clientAddress where the attempt comes from
     * @return the outcome
     */
    public LoginResult login(String email, char[] password, String clientAddress) {
        return service().login(email, password, clientAddress);
    }

    /**
     * Commits the failure count with the outcome, so the delays hold, and the time step or
     * recovery code used, so it is good once.
     *
     * @param email         the address given
     * @param password      the password given
     * @param code          a code of the authenticator app, or {@code null}
     * @param recoveryCode  a recovery code, or {@code null}
     * @param clientAddress where the attempt comes from
     * @return the outcome
     */
    public LoginResult login(String email, char[] password, String code, String recoveryCode, String clientAddress) {
        return service().login(email, password, code, recoveryCode, clientAddress);
    }

    /**
     * @param userId an account
     * @return whether it has a confirmed second factor
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean secondFactorEnabled(String userId) {
        return secondFactors().enabled(userId);
    }

    /**
     * @param userId        the signed-in user
     * @param password      their password; a wrong one counts against the client address
     * @param clientAddress where the request comes from
     * @return a new secret to confirm
     */
    // A wrong password still commits its counted failure.
    @Transactional(dontRollbackOn = ValidationException.class)
    public SecondFactors.Enrolment enrolSecondFactor(String userId, char[] password, String clientAddress) {
        return secondFactors().enrol(userId, password, clientAddress);
    }

    /**
     * @param userId the signed-in user
     * @param code   a code of the new secret
     * @return the recovery codes, shown once
     */
    public java.util.List<String> confirmSecondFactor(String userId, String code) {
        return secondFactors().confirm(userId, code);
    }

    /**
     * @param userId        the signed-in user
     * @param password      their password
     * @param code          a code, or {@code null}
     * @param recoveryCode  a recovery code, or {@code null}
     * @param clientAddress where the request comes from: wrong passwords and codes count against it
     * @return whether a factor was removed
     */
    // A wrong password or code still commits its counted failure.
    @Transactional(dontRollbackOn = ValidationException.class)
    public boolean disableSecondFactor(String userId, char[] password, String code, String recoveryCode,
                                       String clientAddress) {
        return secondFactors().disable(userId, password, code, recoveryCode, clientAddress);
    }

    /**
     * An administrator removes a person's second factor (a lost device) and ends the person's
     * sessions, in one transaction, audited.
     *
     * @param userId the person
     * @param by     the administrator
     * @return whether a confirmed factor was removed
     */
    public boolean removeSecondFactor(String userId, Actor by) {
        boolean removed = secondFactors().remove(userId, by);
        if (removed) {
            sessions().endAll(userId, null, Sessions.SECOND_FACTOR_REMOVED, by);
        }
        return removed;
    }

    /**
     * @param id an account id
     * @return the account and its roles
     */
    public AccountService.AccountView view(String id) {
        AccountService service = service();
        UserAccount account = service.get(id);
        return new AccountService.AccountView(account, service.roles(id));
    }

    /**
     * @param email  only this address, or {@code null}
     * @param limit  accounts per page
     * @param cursor the previous page's cursor, or {@code null}
     * @return a page of accounts
     */
    public AccountService.AccountPage list(String email, int limit, String cursor) {
        return service().list(email, limit, cursor);
    }

    /**
     * @param userId the user
     * @param role   the role
     * @param scope  an area or body, or {@code null}
     * @param by     the administrator
     * @return the grant
     */
    public RoleGrant grant(String userId, Role role, String scope, Actor by) {
        return service().grant(userId, role, scope, by);
    }

    /**
     * @param userId  the user the grant must belong to
     * @param grantId the grant
     * @param by      the administrator
     */
    public void revoke(String userId, String grantId, Actor by) {
        AccountService service = service();
        boolean owned = service.roles(userId).stream().anyMatch(g -> g.getId().equals(grantId));
        if (!owned) {
            // A grant of another user named under this one is not found here: no cross-object edits.
            throw new NotFoundException("role grant", grantId);
        }
        service.revoke(grantId, by);
    }

    /**
     * @param targetId only entries about this target, or {@code null}
     * @param limit    entries per page
     * @param cursor   the previous page's cursor, or {@code null}
     * @return a page of the audit log
     */
    public AuditLog.Page audit(String targetId, int limit, String cursor) {
        return new AuditLog(em).list(targetId, limit, cursor);
    }

    /**
     * @param identity what the identity provider vouches for
     * @return the account linked to it, or a new one, with its roles
     */
    // A refused first sign-in still commits its audit entry.
    @Transactional(dontRollbackOn = {ConflictException.class, ValidationException.class})
    public AccountService.AccountView external(ProviderIdentity identity) {
        UserAccount account = identities().signIn(identity);
        return new AccountService.AccountView(account, service().roles(account.getId()));
    }

    /**
     * @param userId   the signed-in user
     * @param password their password, proof that the holder of the account links it; wiped
     * @param identity the provider identity to link
     * @param clientAddress where the request comes from: a wrong password counts against it
     * @return the link
     */
    // A refused link (wrong password, identity of another account) still commits its audit entry.
    @Transactional(dontRollbackOn = {ConflictException.class, ValidationException.class})
    public ExternalIdentity linkIdentity(String userId, char[] password, ProviderIdentity identity,
                                         String clientAddress) {
        return identities().link(userId, password, identity, clientAddress);
    }

    /**
     * @param userId     the signed-in user
     * @param identityId one of its links
     */
    public void unlinkIdentity(String userId, String identityId) {
        identities().unlink(userId, identityId);
    }

    /**
     * @param userId the signed-in user
     * @return the provider identities linked to the account
     */
    public java.util.List<ExternalIdentity> identities(String userId) {
        return identities().of(userId);
    }

    /**
     * @param userId          the signed-in user
     * @param displayName     a new name, or {@code null}
     * @param preferredLocale a new language tag, {@code ""} for none, or {@code null}
     * @param handle          a new handle, or {@code null}
     * @param currentPassword the current password, with a new one
     * @param newPassword     a new password, or {@code null}; it ends every other session of the
     *                        account, in the same transaction
     * @param session         the session the change is made in, which stays open
     * @param clientAddress   where the request comes from: a wrong current password counts against it
     * @return the account with its roles; a refused change commits only the counted failure
     */
    @Transactional(dontRollbackOn = ValidationException.class)
    public AccountService.AccountView updateOwn(String userId, String displayName, String preferredLocale,
                                                String handle, char[] currentPassword, char[] newPassword,
                                                String session, String clientAddress) {
        AccountService service = service();
        boolean passwordChange = newPassword != null;
        UserAccount account = service.updateOwn(userId, displayName, preferredLocale, handle, currentPassword,
                newPassword, clientAddress);
        if (passwordChange) {
            // Whoever else holds a token of this account (a thief, an old device) is out now.
            sessions().endAll(userId, session, Sessions.PASSWORD_CHANGED,
                    new Actor(userId, account.getDisplayName()));
        }
        return new AccountService.AccountView(account, service.roles(userId));
    }

    /**
     * @param email an address as typed
     * @return whether an account has it
     */
    public boolean emailRegistered(String email) {
        return email != null && service().findByEmail(email.strip().toLowerCase(java.util.Locale.ROOT)).isPresent();
    }

    /**
     * @return how many users administer the whole deployment
     */
    public long administrators() {
        return service().administrators();
    }

    private Sessions sessions() {
        return new Sessions(em, new SessionPolicy(citizenSessionLifetime, staffSessionLifetime), clock);
    }

    private SecondFactors secondFactors() {
        service();
        return new SecondFactors(em, passwords, new LoginPolicy(maxFailures, lockout), clock);
    }

    private ExternalIdentities identities() {
        service();
        return new ExternalIdentities(em, passwords, new LoginPolicy(maxFailures, lockout), clock);
    }

    /**
     * @param email the address of an existing account
     * @return whether it was made administrator: {@code false} while the deployment has one
     */
    public boolean recoverAdministrator(String email) {
        return service().recoverAdministrator(email).isPresent();
    }

    private AccountService service() {
        if (passwords == null) {
            passwords = new Passwords(iterations);
        }
        return new AccountService(em, passwords, new LoginPolicy(maxFailures, lockout), clock,
                mail.verificationRequired());
    }
}
