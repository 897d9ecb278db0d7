package org.fixmyquarter.spi.tck;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import org.fixmyquarter.spi.event.ReportCommented;
import org.fixmyquarter.spi.event.ReportCreated;
import org.fixmyquarter.spi.event.ReportEvent;
import org.fixmyquarter.spi.event.ReportSnapshot;
import org.fixmyquarter.spi.event.ReportStatusChanged;
import org.fixmyquarter.spi.notification.AccountMessage;
import org.fixmyquarter.spi.notification.Notification;
import org.fixmyquarter.spi.notification.Recipient;

/**
 * The events the contracts send to plugins, with fixed ids and values, for reuse in a plugin's own
 * tests. Every call returns an equal value, so a second delivery of the "same" event is exactly
 * what the server would redeliver.
 */
public final class SampleEvents {

    /** The id of the sample report. */
    public static final String REPORT_ID = "r7Kq2mXb9TzA";

    /** The event id of {@link #reportCreated()}. */
    public static final String CREATED_EVENT_ID = "evt-0001-report-created";

    /** The event id of {@link #reportStatusChanged()}. */
    public static final String STATUS_CHANGED_EVENT_ID = "evt-0002-report-status-changed";

    /** The event id of {@link #reportCommented()}. */
    public static final String COMMENTED_EVENT_ID = "evt-0003-comment-added";

    /** The id of the sample report that has no position. */
    public static final String UNLOCATED_REPORT_ID = "u4Hn8cWe2RpL";

    /** The event id of {@link #unlocatedReportCreated()}. */
    public static final String UNLOCATED_CREATED_EVENT_ID = "evt-0004-unlocated-report-created";

    /** When the sample report was created, in UTC. */
    public static final Instant CREATED_AT = Instant.parse("2025-03-14T09:26:53Z");

    /** When the sample report's status changed, in UTC. */
    public static final Instant CHANGED_AT = Instant.parse("2025-03-15T14:05:00Z");

    /** The event types of this SPI version, the ones {@link #event(String)} knows. */
    public static final List<String> EVENT_TYPES = List.of(ReportCreated.TYPE, ReportStatusChanged.TYPE,
            ReportCommented.TYPE);

    private SampleEvents() {
    }

    /**
     * The sample report as it was when created: an open pothole in Lyon, with every optional part
     * filled so that a plugin's handling of them is exercised.
     *
     * @return the report
     */
    public static ReportSnapshot reportSnapshot() {
        return reportSnapshot("open", CREATED_AT);
    }

    /**
     * A new report.
     *
     * @return the event for {@link #reportSnapshot()}
     */
    public static ReportCreated reportCreated() {
        return new ReportCreated(CREATED_EVENT_ID, CREATED_AT, reportSnapshot());
    }

    /**
     * A report made without a position (the citizen refused geolocation), located by the name of
     * an area only: its coordinates are {@link Double#NaN} and {@link ReportSnapshot#hasPosition()}
     * is {@code false} (SPI 1.2).
     *
     * @return the report
     */
    public static ReportSnapshot unlocatedReportSnapshot() {
        return new ReportSnapshot(UNLOCATED_REPORT_ID, "Street lights out along the canal path",
                "The whole path is dark after 8 pm.", "streetlight-out", Double.NaN, Double.NaN, null,
                "Canal path between Quai Saint-Vincent and Pont Koenig, Lyon", "open", "Anonymous", CREATED_AT,
                CREATED_AT);
    }

    /**
     * A new report without a position.
     *
     * @return the event for {@link #unlocatedReportSnapshot()}
     * @since SPI 1.2
     */
    public static ReportCreated unlocatedReportCreated() {
        return new ReportCreated(UNLOCATED_CREATED_EVENT_ID, CREATED_AT, unlocatedReportSnapshot());
    }

    /**
     * The sample report moved from {@code open} to {@code in_progress}.
     *
     * @return the event, with the report as it was after the change
     */
    public static ReportStatusChanged reportStatusChanged() {
        return new ReportStatusChanged(STATUS_CHANGED_EVENT_ID, CHANGED_AT, reportSnapshot("in_progress", CHANGED_AT),
                "open", "in_progress", "Roads department", "A crew is scheduled for Monday.");
    }

    /**
     * An official reply on the sample report.
     *
     * @return the event, with the report as it was after the status change
     */
    public static ReportCommented reportCommented() {
        return new ReportCommented(COMMENTED_EVENT_ID, CHANGED_AT.plusSeconds(60),
                reportSnapshot("in_progress", CHANGED_AT), "c3Vb8nQw", "Roads department",
                "Thanks @camille, the crew will close the lane on Monday morning.", true);
    }

    /**
     * The person personal channels write to in the contracts: a French-speaking follower of the
     * sample report, with an e-mail address.
     *
     * @return the recipient
     */
    public static Recipient recipient() {
        return new Recipient("acc-0001-camille", "Camille D.", "camille@example.org", Locale.FRENCH,
                Recipient.Reason.FOLLOWING_REPORT);
    }

    /**
     * The sample event of a type.
     *
     * @param type one of {@link #EVENT_TYPES}
     * @return {@link #reportCreated()}, {@link #reportStatusChanged()} or {@link #reportCommented()}
     * @throws IllegalArgumentException for another type
     */
    public static ReportEvent event(String type) {
        if (ReportCreated.TYPE.equals(type)) {
            return reportCreated();
        }
        if (ReportStatusChanged.TYPE.equals(type)) {
            return reportStatusChanged();
        }
        if (ReportCommented.TYPE.equals(type)) {
            return reportCommented();
        }
        throw new IllegalArgumentException("No sample event of type '" + type + "'; known: " + EVENT_TYPES);
    }

    /**
     * The English notification of {@link #reportCreated()}.
     *
     * @return the notification
     */
    public static Notification notification() {
        return notification(reportCreated());
    }

    /**
     * An English notification of an event, as the server would write it.
     *
     * @param event what happened
     * @return the notification
     */
    public static Notification notification(ReportEvent event) {
        ReportSnapshot report = event.report();
        if (!report.hasPosition()) {
            return new Notification(event, Locale.ENGLISH, "New report: " + report.title(),
                    "A new problem was reported on " + event.occurredAt() + ".\nTitle: " + report.title()
                            + "\nCategory: Street light\nPosition: -\nAddress: " + report.address() + "\n\n"
                            + report.description());
        }
        if (event instanceof ReportCommented) {
            ReportCommented comment = (ReportCommented) event;
            return new Notification(event, Locale.ENGLISH, "Official reply on \"" + report.title() + "\"",
                    comment.authorName() + " replied on " + comment.occurredAt() + ":\n" + comment.text());
        }
        if (event instanceof ReportStatusChanged) {
            ReportStatusChanged change = (ReportStatusChanged) event;
            return new Notification(event, Locale.ENGLISH, "Report \"" + report.title() + "\" is now in progress",
                    change.actorName() + " changed the report \"" + report.title() + "\" from open to in progress on "
                            + change.occurredAt() + ".\nReason: " + change.reason());
        }
        return new Notification(event, Locale.ENGLISH, "New report: " + report.title(),
                "A new problem was reported on " + event.occurredAt() + ".\nTitle: " + report.title()
                        + "\nCategory: Pothole\nPosition: 45.764043, 4.835659 (within 8 m)\nAddress: "
                        + report.address() + "\n\n" + report.description());
    }

    /**
     * The notification of an event for one person, as a personal channel receives it: written in
     * the recipient's language (French here).
     *
     * @param event     what happened
     * @param recipient who it is for
     * @return the notification
     */
    public static Notification personalNotification(ReportEvent event, Recipient recipient) {
        return new Notification(event, recipient.locale(), "Du nouveau sur \u00ab " + event.report().title() + " \u00bb",
                "Bonjour " + recipient.displayName() + ",\n" + event.type() + " : " + event.report().title(), recipient);
    }

    private static ReportSnapshot reportSnapshot(String status, Instant updatedAt) {
        return new ReportSnapshot(REPORT_ID, "Deep pothole in front of the bakery",
                "About 30 cm wide, cyclists swerve into traffic to avoid it.", "pothole", 45.764043, 4.835659, 8.0,
                "12 rue de la R\u00e9publique, 69002 Lyon", status, "Camille D.", CREATED_AT, updatedAt);
    }

    /**
     * A password-reset message to {@link #recipient()}'s address, in English, with a link (SPI 1.3).
     *
     * @return the message; its token is {@code tck-sample-token}
     */
    public static AccountMessage accountMessage() {
        Recipient to = recipient();
        return new AccountMessage("evt-0005-password-reset", AccountMessage.Purpose.RESET_PASSWORD, to.accountId(),
                to.displayName(), to.email() == null ? "camille@example.org" : to.email(), Locale.ENGLISH,
                "Choose a new password", "Someone, perhaps you, asked for a new password. To choose one, open the "
                + "link below within 30 minutes, or enter this code in the app:\ntck-sample-token",
                "/account/reset-password#token=tck-sample-token");
    }
}
