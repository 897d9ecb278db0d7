package org.fixmyquarter.spi.event;

import java.time.Instant;
import java.util.Objects;

/**
 * A report moved from one status to another, for example from {@code open} to
 * {@code in_progress}.
 *
 * @param eventId    stable id of this event
 * @param occurredAt when the status changed
 * @param report     the report after the change
 * @param from       the previous status
 * @param to         the new status
 * @param actorName  who changed it, as shown to the public
 * @param reason     why, as the actor wrote it
 */
public record ReportStatusChanged(String eventId, Instant occurredAt, ReportSnapshot report, String from,
                                  String to, String actorName, String reason) implements ReportEvent {

    /** The {@link #type()} of this event. */
    public static final String TYPE = "report.status_changed";

    /**
     * Checks that every part is present.
     */
    public ReportStatusChanged {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(actorName, "actorName");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
