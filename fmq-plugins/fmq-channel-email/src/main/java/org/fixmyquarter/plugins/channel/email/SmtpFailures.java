package org.fixmyquarter.plugins.channel.email;

import java.io.IOException;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;

import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.fixmyquarter.spi.PluginException;

/**
 * Tells a failure the server should retry from one it should not. SMTP says so itself: a reply
 * {@code 4xx} is transient (mailbox busy, try later), {@code 5xx} permanent (no such mailbox,
 * address refused). A connection refused, reset or timed out is transient too. A refused login or
 * sender is the server's configuration, not this mail's fault: retried, so that no notification is
 * lost while the administrator fixes {@code smtp.username}, {@code smtp.password} or {@code from}.
 */
final class SmtpFailures {

    private SmtpFailures() {
    }

    /**
     * @param failure what Jakarta Mail threw while sending
     * @param to      the address the mail was for, for the message
     * @return the exception for the dispatcher, retryable or not
     */
    static PluginException classify(MessagingException failure, String to) {
        // Jakarta Mail chains the reasons through getCause (its "next exception"): a "send failed"
        // holds the per-address replies, a "could not connect" the socket's exception.
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            int code = replyCode(t);
            if (code >= 500 && t instanceof SMTPSenderFailedException) {
                return new PluginException("the SMTP server refused the sender fmq.plugin.email.from (" + code + "): "
                        + oneLine(t), true, failure);
            }
            if (code >= 500) {
                return new PluginException("the SMTP server refused the mail to " + to + " for good (" + code + "): "
                        + oneLine(t), false, failure);
            }
            if (code >= 400) {
                return new PluginException("the SMTP server deferred the mail to " + to + " (" + code + "): "
                        + oneLine(t), true, failure);
            }
            if (t instanceof AuthenticationFailedException) {
                return new PluginException("the SMTP server refused the login of fmq.plugin.email.smtp.username: "
                        + oneLine(t), true, failure);
            }
            if (t instanceof IOException) {
                return new PluginException("could not reach the SMTP server: " + oneLine(t), true, failure);
            }
        }
        // Anything else (a dropped connection the server explained with nothing) may well pass later.
        return new PluginException("could not send the mail to " + to + ": " + oneLine(failure), true, failure);
    }

    /** The SMTP reply code a failure carries, or 0. */
    private static int replyCode(Throwable t) {
        if (t instanceof SMTPAddressFailedException) {
            return ((SMTPAddressFailedException) t).getReturnCode();
        }
        if (t instanceof SMTPSenderFailedException) {
            return ((SMTPSenderFailedException) t).getReturnCode();
        }
        if (t instanceof SMTPSendFailedException) {
            return ((SMTPSendFailedException) t).getReturnCode();
        }
        return 0;
    }

    private static String oneLine(Throwable t) {
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return message.strip().replaceAll("\\s+", " ");
    }
}
