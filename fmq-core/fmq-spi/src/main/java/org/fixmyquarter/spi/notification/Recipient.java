package org.fixmyquarter.spi.notification;

import java.util.Locale;
import java.util.Objects;

/**
 * The person a {@linkplain NotificationChannel#personal() personal} channel writes to, and why
 * they are told.
 *
 * @param accountId   the person's account id, stable; use it to address an inbox or a device;
 *                    {@code body:<id>} for a responsible body's address
 *                    ({@link Reason#RESPONSIBLE_BODY}), which has no inbox nor device
 * @param displayName the name to greet them with
 * @param email       their e-mail address, or {@code null} if the account has none
 * @param locale      the language the notification is written in, the person's own choice where
 *                    they made one
 * @param reason      why this person receives the notification
 * @since SPI 1.1
 */
public record Recipient(String accountId, String displayName, String email, Locale locale, Reason reason) {

    /**
     * Why a person is told about an event; a channel may say so in its message ("you follow this
     * report"). New reasons may be added in a minor SPI version.
     */
    public enum Reason {
        /** Someone mentioned them by {@code @handle} in a comment. */
        MENTIONED,
        /** They follow the report (reporters follow their own reports). */
        FOLLOWING_REPORT,
        /** The report lies in an area they follow. */
        FOLLOWING_AREA,
        /**
         * The address is the delivery address of the body responsible for the report (a council
         * department): not a person's account; write to {@link Recipient#email()} only.
         *
         * @since SPI 1.6
         */
        RESPONSIBLE_BODY
    }

    /**
     * Checks that every part but the e-mail address is present.
     */
    public Recipient {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(locale, "locale");
        Objects.requireNonNull(reason, "reason");
    }
}
