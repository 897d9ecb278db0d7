package org.fixmyquarter.core.report;

import jakarta.json.JsonValue;

/**
 * What a citizen submits to create a report, before validation. Fields a client left out are
 * {@code null}; {@link ReportService#create} checks them all at once.
 *
 * @param title          short summary, required, at most 200 characters
 * @param description    details, optional, at most 5000 characters
 * @param category       a known category code, required
 * @param latitude       WGS84 latitude in degrees, in [-90, 90]; with {@code longitude}, or neither
 * @param longitude      WGS84 longitude in degrees, in [-180, 180]; with {@code latitude}, or neither
 * @param accuracyMeters accuracy of the position in metres, optional, in [0, 100000]; only with a
 *                       position
 * @param address        a postal address, landmark or area, at most 500 characters; optional with
 *                       a position, required without one (a citizen who refused geolocation)
 * @param geometry       a stretch of street or a zone: a GeoJSON {@code LineString} or
 *                       {@code Polygon} ({@link org.fixmyquarter.core.area.ReportGeometry}), or
 *                       {@code null} for a report at a point or an address. Instead of
 *                       {@code latitude} and {@code longitude}, never with them: the report's
 *                       position is then the shape's representative point
 */
public record NewReport(String title, String description, String category, Double latitude,
                        Double longitude, Double accuracyMeters, String address, JsonValue geometry) {

    /**
     * A report at a point, or at an address: without a line or zone.
     *
     * @param title          as above
     * @param description    as above
     * @param category       as above
     * @param latitude       as above
     * @param longitude      as above
     * @param accuracyMeters as above
     * @param address        as above
     */
    public NewReport(String title, String description, String category, Double latitude, Double longitude,
                     Double accuracyMeters, String address) {
        this(title, description, category, latitude, longitude, accuracyMeters, address, null);
    }
}
