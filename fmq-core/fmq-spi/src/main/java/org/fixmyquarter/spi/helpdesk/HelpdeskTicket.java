package org.fixmyquarter.spi.helpdesk;

import java.util.Objects;

/**
 * The case a helpdesk opened for a report.
 *
 * @param externalId the helpdesk's own id of the case, at most 200 characters
 * @param url        a link to the case for staff, or {@code null}
 */
public record HelpdeskTicket(String externalId, String url) {

    /**
     * Checks the id.
     */
    public HelpdeskTicket {
        Objects.requireNonNull(externalId, "externalId");
        if (externalId.isBlank() || externalId.length() > 200) {
            throw new IllegalArgumentException("A helpdesk ticket id must be 1 to 200 characters");
        }
        if (url != null && url.length() > 1000) {
            throw new IllegalArgumentException("A helpdesk ticket url must be at most 1000 characters");
        }
    }
}
