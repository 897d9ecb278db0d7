package org.fixmyquarter.spi.event;

import java.time.Instant;
import java.util.Objects;

/**
 * A report as it was when an event happened.
 *
 * @param id             the report's opaque id
 * @param title          its title
 * @param description    its description, or {@code null}
 * @param category       its category code
 * @param latitude       WGS84 latitude in degrees
 * @param longitude      WGS84 longitude in degrees
 * @param accuracyMetres how precise the position is, in metres, or {@code null} if unknown
 * @param address        a postal address the citizen gave, or {@code null}
 * @param status         its status: {@code open}, {@code in_progress}, {@code resolved},
 *                       {@code duplicate} or {@code rejected}
 * @param authorName     the name shown for its author ({@code Anonymous} if none)
 * @param createdAt      when it was reported
 * @param updatedAt      when it last changed
 */
public record ReportSnapshot(String id, String title, String description, String category, double latitude,
                             double longitude, Double accuracyMetres, String address, String status,
                             String authorName, Instant createdAt, Instant updatedAt) {

    /**
     * Checks that the parts every report has are present.
     */
    public ReportSnapshot {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(authorName, "authorName");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
