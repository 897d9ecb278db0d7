package org.fixmyquarter.spi.event;

import java.time.Instant;
import java.util.Objects;

/**
 * A report as it was when an event happened.
 *
 * <p>Since SPI 1.2 a report may have no position: a citizen who refused geolocation can report
 * with an address or the name of an area only. Its {@code latitude} and {@code longitude} are then
 * {@link Double#NaN}; check {@link #hasPosition()} before using them (a NaN written into JSON or
 * a URL is an error, not a place).
 *
 * @param id             the report's opaque id
 * @param title          its title
 * @param description    its description, or {@code null}
 * @param category       its category code
 * @param latitude       WGS84 latitude in degrees, or {@link Double#NaN} if the report has no position
 * @param longitude      WGS84 longitude in degrees, or {@link Double#NaN} if the report has no position
 * @param accuracyMetres how precise the position is, in metres, or {@code null} if unknown or if
 *                       there is no position
 * @param address        a postal address, landmark or area the citizen gave, or {@code null}; never
 *                       {@code null} when the report has no position
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

    /**
     * Whether the report was made at a position. Without one, {@link #latitude()} and
     * {@link #longitude()} are {@link Double#NaN} and {@link #address()} says where it is.
     *
     * @return {@code true} if both coordinates are numbers
     * @since SPI 1.2
     */
    public boolean hasPosition() {
        return !Double.isNaN(latitude) && !Double.isNaN(longitude);
    }
}
