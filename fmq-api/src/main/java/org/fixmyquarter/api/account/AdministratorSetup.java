package org.fixmyquarter.api.account;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.fixmyquarter.api.persistence.SchemaMigration;
import org.fixmyquarter.core.account.AccountService;
import org.fixmyquarter.core.account.NewAccount;
import org.fixmyquarter.core.account.Role;

/**
 * Makes sure a deployment has an administrator from its first start: the account of
 * {@code FMQ_ADMIN_EMAIL} / {@code FMQ_ADMIN_PASSWORD}, or, when no password is set, one with a
 * random password printed once to the server log. Never a built-in default password. Does
 * nothing once any administrator exists.
 *
 * <p>Recovery: when a deployment has accounts but no administrator left (all removed, or an
 * old database), {@code FMQ_ADMIN_RECOVERY_EMAIL} names an existing account that gets the
 * administrator role at the next start, audited as {@code user.administrator_recovered}.
 */
@ApplicationScoped
public class AdministratorSetup {

    private static final Logger LOG = Logger.getLogger(AdministratorSetup.class.getName());

    @Inject
    private AccountTransactions accounts;

    @Inject
    private SchemaMigration migration;

    @Inject
    @ConfigProperty(name = "fmq.admin.email", defaultValue = "admin@fixmyquarter.local")
    private String email;

    @Inject
    @ConfigProperty(name = "fmq.admin.password")
    private Optional<String> password;

    @Inject
    @ConfigProperty(name = "fmq.admin.recovery-email")
    private Optional<String> recoveryEmail;

    /** After the schema migration, which observes the same event at the default priority. */
    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION + 900) @Initialized(ApplicationScoped.class)
                 Object event) {
        if (migration.schemaVersion() == null) {
            return;
        }
        Optional<String> recovery = recoveryEmail.map(String::strip).filter(e -> !e.isEmpty());
        if (recovery.isPresent()) {
            recover(recovery.get());
        }
        try {
            if (accounts.administrators() > 0) {
                return;
            }
            String chosen = password.filter(p -> !p.isBlank()).orElse(null);
            String secret = chosen != null ? chosen : randomPassword();
            accounts.register(new NewAccount(email, secret.toCharArray(), "Administrator", null), Role.ADMINISTRATOR,
                    AccountService.SETUP);
            if (chosen == null) {
                LOG.warning("Created the first administrator " + email + " with the one-time password " + secret
                        + " ; sign in and change it, or set FMQ_ADMIN_EMAIL and FMQ_ADMIN_PASSWORD before the first start");
            } else {
                LOG.info("Created the first administrator " + email + " from FMQ_ADMIN_EMAIL / FMQ_ADMIN_PASSWORD");
            }
        } catch (RuntimeException e) {
            // Another server created it at the same moment, or the settings are invalid: say so.
            LOG.log(Level.WARNING, "Could not create the first administrator " + email + ": " + e.getMessage(), e);
        }
    }

    private void recover(String address) {
        try {
            if (accounts.recoverAdministrator(address)) {
                LOG.warning("Administrator recovery: " + address + " is now an administrator (FMQ_ADMIN_RECOVERY_EMAIL);"
                        + " remove the setting");
            } else {
                LOG.info("FMQ_ADMIN_RECOVERY_EMAIL is set but the deployment has an administrator: nothing granted;"
                        + " remove the setting");
            }
        } catch (RuntimeException e) {
            LOG.warning("Administrator recovery for " + address + " failed: " + e.getMessage());
        }
    }

    private static String randomPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
