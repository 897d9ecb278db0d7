package org.fixmyquarter.spi.notification;

import java.util.Locale;
import java.util.Objects;

/**
 * A message to one person about their own account, such as the link that confirms their e-mail
 * address, already written in their language by the server. Only channels that
 * {@linkplain NotificationChannel#sendsAccountMessages() send account messages} receive one.
 *
 * <p>Unlike a {@link Notification}, it may hold a secret: {@link #path()} and {@link #text()}
 * carry a single-use token that proves whoever holds it reads this person's mail. Send it to
 * {@link #email()} only, and never write it to a log.
 *
 * @param id          the message's id, the same on every attempt to send it: use it to drop a duplicate
 * @param purpose     why the person receives it
 * @param accountId   the person's account id
 * @param displayName the name to greet them with
 * @param email       the address to write to, the only one the message may go to
 * @param locale      the language {@link #subject()} and {@link #text()} are written in
 * @param subject     one line
 * @param text        the message, plain text; it tells the token and how long it is valid, where
 *                    there is one
 * @param path        where the person acts on the message, to append to the site's public address
 *                    (for example {@code /account/verify-email#token=...}; the token is in the
 *                    fragment so that browsers never send it to a server), or {@code null} when
 *                    there is nothing to open
 * @since SPI 1.3
 */
public record AccountMessage(String id, Purpose purpose, String accountId, String displayName, String email,
                             Locale locale, String subject, String text, String path) {

    /**
     * Why a person receives an account message. New purposes may be added in a minor SPI
     * version: send the text of one you do not know as it is.
     */
    public enum Purpose {
        /** They registered: the message holds the link that confirms their address. */
        VERIFY_EMAIL,
        /** Someone (perhaps they) asked to register again with their address, which has an account. */
        ALREADY_REGISTERED,
        /** Someone (perhaps they) asked for a new password: the message holds the link to set one. */
        RESET_PASSWORD
    }

    /**
     * Checks that every part but the path is present.
     */
    public AccountMessage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(locale, "locale");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(text, "text");
    }

    /** Leaves the text and the path out: they may hold a token. */
    @Override
    public String toString() {
        return "AccountMessage[id=" + id + ", purpose=" + purpose + ", accountId=" + accountId + ", locale="
                + locale.toLanguageTag() + "]";
    }
}
