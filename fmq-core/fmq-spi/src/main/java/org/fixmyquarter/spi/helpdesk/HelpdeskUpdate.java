package org.fixmyquarter.spi.helpdesk;

import java.time.Instant;
import java.util.Objects;

/**
 * What a helpdesk says of one of its cases when asked for news: whether it is still open, its
 * own finer status, and the notes its staff wrote, so the server can show them in the report's
 * public history.
 *
 * <p>A connector returns the state of a case as the helpdesk has it now, or one entry per change
 * when the helpdesk keeps a list of them; the server compares it with what it already applied, so
 * returning the same update again is harmless.
 *
 * @param externalId     the id of the case, exactly as in the {@link HelpdeskTicket} asked about
 * @param status         whether the helpdesk considers the case open or closed
 * @param externalStatus the helpdesk's own status code (for example {@code INVESTIGATING}), or
 *                       {@code null}; at most 100 characters
 * @param notes          what the helpdesk's staff wrote about the case, plain text, or
 *                       {@code null}; at most 4000 characters
 * @param updatedAt      when the helpdesk last changed the case, in UTC
 * @since SPI 1.5
 */
public record HelpdeskUpdate(String externalId, Status status, String externalStatus, String notes,
                             Instant updatedAt) {

    /**
     * Whether a case is still being worked on, in the two words every helpdesk has (Open311's
     * {@code open} and {@code closed}); a finer status goes in {@link #externalStatus()}.
     */
    public enum Status {
        /** The helpdesk is still working on the case. */
        OPEN,
        /** The helpdesk has finished with the case (fixed, or refused). */
        CLOSED
    }

    /**
     * Checks that the parts every update has are present, and the lengths the server stores.
     */
    public HelpdeskUpdate {
        Objects.requireNonNull(externalId, "externalId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (externalId.isBlank() || externalId.length() > 200) {
            throw new IllegalArgumentException("A helpdesk ticket id must be 1 to 200 characters");
        }
        if (externalStatus != null && externalStatus.length() > 100) {
            throw new IllegalArgumentException("A helpdesk status code must be at most 100 characters");
        }
        if (notes != null && notes.length() > 4000) {
            throw new IllegalArgumentException("Helpdesk notes must be at most 4000 characters");
        }
    }
}
