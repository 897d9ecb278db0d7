package org.fixmyquarter.core.report;

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
 */
public record NewReport(String title, String description, String category, Double latitude,
                        Double longitude, Double accuracyMeters, String address) {
}
