package org.fixmyquarter.spi.notification;

import java.util.Locale;
import java.util.Objects;

import org.fixmyquarter.spi.event.ReportEvent;

/**
 * A message about an event, already written in the reader's language by the server.
 *
 * @param event   what happened
 * @param locale  the language {@link #subject()} and {@link #text()} are written in
 * @param subject one line, for an e-mail subject or a push title
 * @param text    the message, plain text; instants are in the deployment's time zone and
 *                distances in the locale's units
 */
public record Notification(ReportEvent event, Locale locale, String subject, String text) {

    /**
     * Checks that every part is present.
     */
    public Notification {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(locale, "locale");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(text, "text");
    }
}
