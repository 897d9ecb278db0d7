package org.fixmyquarter.spi.event;

import java.time.Instant;
import java.util.Objects;

/**
 * Someone commented on a report: a citizen, or staff posting an official reply.
 *
 * @param eventId    stable id of this event
 * @param occurredAt when the comment was written
 * @param report     the report commented on
 * @param commentId  the comment's id
 * @param authorName who wrote it, as shown to the public
 * @param text       the comment, plain text
 * @param official   whether it is an official reply of the responsible body
 * @since SPI 1.1
 */
public record ReportCommented(String eventId, Instant occurredAt, ReportSnapshot report, String commentId,
                              String authorName, String text, boolean official) implements ReportEvent {

    /** The {@link #type()} of this event. */
    public static final String TYPE = "comment.added";

    /**
     * Checks that every part is present.
     */
    public ReportCommented {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(commentId, "commentId");
        Objects.requireNonNull(authorName, "authorName");
        Objects.requireNonNull(text, "text");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
