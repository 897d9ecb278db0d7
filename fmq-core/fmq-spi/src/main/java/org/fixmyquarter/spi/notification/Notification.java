package org.fixmyquarter.spi.notification;

import java.util.Locale;
import java.util.Objects;

import org.fixmyquarter.spi.event.ReportEvent;

/**
 * A message about an event, already written in the reader's language by the server.
 *
 * @param event     what happened
 * @param locale    the language {@link #subject()} and {@link #text()} are written in
 * @param subject   one line, for an e-mail subject or a push title
 * @param text      the message, plain text; instants are in the deployment's time zone and
 *                  distances in the locale's units
 * @param recipient the one person this notification is for, on a
 *                  {@linkplain NotificationChannel#personal() personal} channel; {@code null} on a
 *                  channel that writes to a destination of its own configuration
 */
public record Notification(ReportEvent event, Locale locale, String subject, String text, Recipient recipient) {

    /**
     * Checks that every part but the recipient is present.
     */
    public Notification {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(locale, "locale");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(text, "text");
    }

    /**
     * A notification for a channel's own destination, without a recipient, as in SPI 1.0.
     *
     * @param event   what happened
     * @param locale  the language of subject and text
     * @param subject one line
     * @param text    the message
     */
    public Notification(ReportEvent event, Locale locale, String subject, String text) {
        this(event, locale, subject, text, null);
    }
}
