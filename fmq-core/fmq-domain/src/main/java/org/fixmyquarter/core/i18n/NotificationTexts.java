package org.fixmyquarter.core.i18n;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.fixmyquarter.core.category.CategoryCatalog;
import org.fixmyquarter.spi.event.ReportCommented;
import org.fixmyquarter.spi.event.ReportCreated;
import org.fixmyquarter.spi.event.ReportEvent;
import org.fixmyquarter.spi.event.ReportSnapshot;
import org.fixmyquarter.spi.event.ReportStatusChanged;
import org.fixmyquarter.spi.notification.AccountMessage;
import org.fixmyquarter.spi.notification.Notification;
import org.fixmyquarter.spi.notification.Recipient;

/**
 * Writes the notification of an event in a reader's language: category and status names
 * translated, instants in the deployment's time zone, distances in the locale's units.
 */
public final class NotificationTexts {

    private final Messages messages;
    private final CategoryCatalog categories;
    private final ZoneId zone;
    private final String units;

    /**
     * @param messages   the translations
     * @param categories the categories, for their translated names
     * @param zone       the time zone instants are shown in
     * @param units      {@code auto}, {@code metric} or {@code imperial}
     */
    public NotificationTexts(Messages messages, CategoryCatalog categories, ZoneId zone, String units) {
        this.messages = Objects.requireNonNull(messages, "messages");
        this.categories = Objects.requireNonNull(categories, "categories");
        this.zone = Objects.requireNonNull(zone, "zone");
        UnitSystem.resolve(units, Locale.ROOT);
        this.units = units;
    }

    /**
     * @param event  what happened
     * @param locale the reader's language
     * @return the notification for a channel's own destination, subject and text written
     */
    public Notification render(ReportEvent event, Locale locale) {
        return render(event, locale, null);
    }

    /**
     * @param event     what happened
     * @param locale    the reader's language
     * @param recipient the person it is for, on a personal channel, or {@code null}
     * @return the notification, subject and text written; a mentioned person reads that they were
     *         mentioned
     */
    public Notification render(ReportEvent event, Locale locale, Recipient recipient) {
        ReportSnapshot report = event.report();
        String when = messages.dateTime(locale, event.occurredAt(), zone);
        if (event instanceof ReportCommented) {
            ReportCommented comment = (ReportCommented) event;
            String kind = recipient != null && recipient.reason() == Recipient.Reason.MENTIONED ? "mentioned"
                    : comment.official() ? "official" : "added";
            List<String> args = List.of(report.title(), comment.authorName(), when, comment.text());
            String subject;
            String text;
            switch (kind) {
                case "mentioned":
                    subject = comment.authorName() + " mentioned you on \"" + report.title() + "\"";
                    text = comment.authorName() + " mentioned you in a comment on \"" + report.title() + "\" on "
                            + when + ":\n" + comment.text();
                    break;
                case "official":
                    subject = "Official reply on \"" + report.title() + "\"";
                    text = comment.authorName() + " posted an official reply on \"" + report.title() + "\" on " + when
                            + ":\n" + comment.text();
                    break;
                default:
                    subject = "New comment on \"" + report.title() + "\"";
                    text = comment.authorName() + " commented on \"" + report.title() + "\" on " + when + ":\n"
                            + comment.text();
            }
            return new Notification(event, locale,
                    messages.text(locale, "notification.comment." + kind + ".subject", subject, args),
                    messages.text(locale, "notification.comment." + kind + ".text", text, args), recipient);
        }
        if (event instanceof ReportStatusChanged) {
            ReportStatusChanged change = (ReportStatusChanged) event;
            List<String> args = List.of(report.title(), status(change.from(), locale), status(change.to(), locale),
                    change.actorName(), when, change.reason());
            return new Notification(event, locale,
                    messages.text(locale, "notification.report.status_changed.subject",
                            "Report \"" + report.title() + "\" is now " + change.to(), args),
                    messages.text(locale, "notification.report.status_changed.text", change.actorName()
                            + " changed the report \"" + report.title() + "\" from " + change.from() + " to "
                            + change.to() + " on " + when + ".\nReason: " + change.reason(), args), recipient);
        }
        if (event instanceof ReportCreated) {
            String category = categories.find(report.category())
                    .map(c -> messages.categoryName(c, locale)).orElse(report.category());
            String position = report.hasPosition()
                    ? String.format(Locale.ROOT, "%.5f, %.5f", report.latitude(), report.longitude()) : "";
            String accuracy = report.accuracyMetres() == null ? "-"
                    : messages.distance(locale, report.accuracyMetres(), UnitSystem.resolve(units, locale));
            List<String> args = List.of(report.title(), category, when, position, accuracy,
                    report.address() == null ? "-" : report.address(),
                    report.description() == null ? "" : report.description());
            String subject = messages.text(locale, "notification.report.created.subject", "New report: "
                    + report.title(), args);
            if (!report.hasPosition()) {
                return new Notification(event, locale, subject, messages.text(locale,
                        "notification.report.created.text-without-position", "A new problem was reported on " + when
                                + ".\nTitle: " + report.title() + "\nCategory: " + category + "\nAddress: "
                                + report.address(), args), recipient);
            }
            return new Notification(event, locale, subject,
                    messages.text(locale, "notification.report.created.text", "A new problem was reported on " + when
                            + ".\nTitle: " + report.title() + "\nCategory: " + category + "\nPosition: " + position
                            + " (within " + accuracy + ")", args), recipient);
        }
        return new Notification(event, locale, event.type() + ": " + report.title(),
                event.type() + ": " + report.title() + " (" + when + ")", recipient);
    }

    /**
     * Writes a message about a person's own account.
     *
     * @param id          the message's id, the same on every attempt
     * @param purpose     why they receive it
     * @param accountId   their account
     * @param displayName their name
     * @param email       their address, the one the message goes to
     * @param locale      their language
     * @param token       the token of the message's link, or {@code null} for a message without one
     * @param validity    how long the token works, or {@code null} without a token
     * @param path        where the person acts on it, or {@code null}
     * @return the message, subject and text written
     */
    public AccountMessage renderAccount(String id, AccountMessage.Purpose purpose, String accountId,
                                        String displayName, String email, Locale locale, String token,
                                        Duration validity, String path) {
        String code = token == null ? "" : token;
        String hours = validity == null ? "" : Long.toString(validity.toHours());
        String minutes = validity == null ? "" : Long.toString(validity.toMinutes());
        List<String> args = List.of(code, purpose == AccountMessage.Purpose.VERIFY_EMAIL ? hours : minutes, email);
        String subject;
        String text;
        String key;
        switch (purpose) {
            case VERIFY_EMAIL:
                key = "verify-email";
                subject = "Confirm your e-mail address";
                text = "To confirm that " + email + " is your address, open the link below within " + hours
                        + " hours, or enter this code where you registered:\n" + code + "\nIf you did not register, "
                        + "ignore this mail: the account cannot be used until its address is confirmed.";
                break;
            case RESET_PASSWORD:
                key = "reset-password";
                subject = "Choose a new password";
                text = "Someone, perhaps you, asked for a new password for the account of " + email + ". To choose "
                        + "one, open the link below within " + minutes + " minutes, or enter this code in the app:\n"
                        + code + "\nIf it was not you, ignore this mail: your password stays as it is.";
                break;
            default:
                key = "already-registered";
                subject = "Your account already exists";
                text = "Someone, perhaps you, asked to register an account with " + email + ", which has one "
                        + "already. If it was you, sign in with your password, or ask for a new password if you "
                        + "forgot it. If it was not you, ignore this mail: nothing was changed.";
        }
        return new AccountMessage(id, purpose, accountId, displayName, email, locale,
                messages.text(locale, "account-mail." + key + ".subject", subject, args),
                messages.text(locale, "account-mail." + key + ".text", text, args), path);
    }

    private String status(String wireName, Locale locale) {
        return messages.text(locale, "status." + wireName, wireName, List.of());
    }
}
