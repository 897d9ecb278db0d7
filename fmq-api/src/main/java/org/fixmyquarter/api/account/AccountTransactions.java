package org.fixmyquarter.api.account;

import java.time.Clock;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.fixmyquarter.core.Actor;
import org.fixmyquarter.core.account.AccountService;
import org.fixmyquarter.core.account.LoginPolicy;
import org.fixmyquarter.core.account.LoginResult;
import org.fixmyquarter.core.account.NewAccount;
import org.fixmyquarter.core.account.Passwords;
import org.fixmyquarter.core.account.Role;
import org.fixmyquarter.core.account.RoleGrant;
import org.fixmyquarter.core.account.UserAccount;
import org.fixmyquarter.core.audit.AuditLog;
import org.fixmyquarter.core.error.NotFoundException;

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

    private volatile Passwords passwords;

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
     * Commits the failure count with the outcome, so a lock-out holds.
     *
     * @param email    the address given
     * @param password the password given
     * @return the outcome
     */
    public LoginResult login(String email, char[] password) {
        return service().login(email, password);
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
     * @param email       the address the identity provider vouches for
     * @param displayName the name it gives
     * @return the account, found or created, with its roles
     */
    public AccountService.AccountView external(String email, String displayName) {
        AccountService service = service();
        UserAccount account = service.externalAccount(email, displayName);
        return new AccountService.AccountView(account, service.roles(account.getId()));
    }

    /**
     * @param userId          the signed-in user
     * @param displayName     a new name, or {@code null}
     * @param preferredLocale a new language tag, {@code ""} for none, or {@code null}
     * @param handle          a new handle, or {@code null}
     * @param currentPassword the current password, with a new one
     * @param newPassword     a new password, or {@code null}
     * @return the account with its roles
     */
    public AccountService.AccountView updateOwn(String userId, String displayName, String preferredLocale,
                                                String handle, char[] currentPassword, char[] newPassword) {
        AccountService service = service();
        UserAccount account = service.updateOwn(userId, displayName, preferredLocale, handle, currentPassword,
                newPassword);
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
        return new AccountService(em, passwords, new LoginPolicy(maxFailures, lockout), clock);
    }
}
