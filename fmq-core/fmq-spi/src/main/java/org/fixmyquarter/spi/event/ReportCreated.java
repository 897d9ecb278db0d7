package org.fixmyquarter.spi.event;

import java.time.Instant;
import java.util.Objects;

/**
 * A citizen reported a new problem.
 *
 * @param eventId    stable id of this event
 * @param occurredAt when the report was created
 * @param report     the new report
 */
public record ReportCreated(String eventId, Instant occurredAt, ReportSnapshot report) implements ReportEvent {

    /** The {@link #type()} of this event. */
    public static final String TYPE = "report.created";

    /**
     * Checks that every part is present.
     */
    public ReportCreated {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(report, "report");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
