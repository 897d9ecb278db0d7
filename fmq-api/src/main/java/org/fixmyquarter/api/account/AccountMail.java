package org.fixmyquarter.api.account;

import java.util.Locale;
import java.util.logging.Logger;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.fixmyquarter.api.plugin.PluginRuntime;
import org.fixmyquarter.api.problem.ProblemException;
import org.fixmyquarter.core.account.AccountEmails;

/**
 * Whether this deployment can mail people about their accounts, and so whether new accounts
 * confirm their address ({@code fmq.auth.email-verification}) and passwords can be reset.
 *
 * <p>{@code auto} (the default) asks for the confirmation exactly when an active notification
 * channel sends account messages (the e-mail channel, once switched on): a server without mail
 * cannot ask for it, and one with mail should. {@code required} and {@code off} decide for
 * themselves; {@code required} without such a channel leaves new accounts unable to sign in, and
 * the server says so at start.
 */
@ApplicationScoped
public class AccountMail {

    /** The setting. */
    public static final String SETTING = "fmq.auth.email-verification";

    private static final Logger LOG = Logger.getLogger(AccountMail.class.getName());

    @Inject
    private PluginRuntime plugins;

    @Inject
    @ConfigProperty(name = SETTING, defaultValue = "auto")
    private String setting;

    /** Checks the setting and tells the operator what it means here, once the plugins are loaded. */
    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION + 950) @Initialized(ApplicationScoped.class)
                 Object event) {
        boolean required = verificationRequired();
        boolean canSend = canSend();
        if (required && !canSend) {
            LOG.severe(SETTING + "=required, but no notification channel sends account mail: new accounts cannot "
                    + "confirm their address and cannot sign in. Switch the e-mail channel on (fmq.plugin.email.*).");
        } else {
            LOG.info("New accounts " + (required ? "confirm their e-mail address before they sign in"
                    : "sign in without confirming their e-mail address") + " (" + SETTING + "=" + mode()
                    + "); password reset by e-mail is " + (canSend ? "available" : "unavailable: no channel sends "
                    + "account mail"));
        }
    }

    /**
     * @return whether a self-registered account confirms its address before it signs in
     * @throws IllegalStateException if the setting has a value other than auto, required or off
     */
    public boolean verificationRequired() {
        return switch (mode()) {
            case "required" -> true;
            case "off" -> false;
            default -> canSend();
        };
    }

    /**
     * @throws ProblemException 503 {@code account-mail-unavailable} if no channel sends account mail
     */
    public void requireSending() {
        if (!canSend()) {
            throw new ProblemException(503, "account-mail-unavailable", "No account mail on this server",
                    "This server sends no e-mail, so it cannot send a link to reset a password; ask an administrator.",
                    java.util.Map.of(), "problem.account-mail-unavailable.detail", java.util.List.of());
        }
    }

    /** @return whether an active channel sends account messages */
    public boolean canSend() {
        return AccountEmails.canSend(plugins.registry());
    }

    private String mode() {
        String mode = setting == null ? "auto" : setting.strip().toLowerCase(Locale.ROOT);
        if (!mode.equals("auto") && !mode.equals("required") && !mode.equals("off")) {
            throw new IllegalStateException(SETTING + " is '" + setting + "'; it must be auto, required or off");
        }
        return mode;
    }
}
