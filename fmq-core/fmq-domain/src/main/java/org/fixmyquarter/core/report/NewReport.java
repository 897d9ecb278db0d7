package org.fixmyquarter.core.report;

/**
 * What a citizen submits to create a report, before validation. Fields a client left out are
 * {@code null}; {@link ReportService#create} checks them all at once.
 *
 * @param title          short summary, required, at most 200 characters
 * @param description    details, optional, at most 5000 characters
 * @param category       a known category code, required
 * @param latitude       WGS84 latitude in degrees, required, in [-90, 90]
 * @param longitude      WGS84 longitude in degrees, required, in [-180, 180]
 * @param accuracyMeters accuracy of the position in metres, optional, in [0, 100000]
 * @param address        a postal address or landmark, optional, at most 500 characters
 */
public record NewReport(String title, String description, String category, Double latitude,
                        Double longitude, Double accuracyMeters, String address) {
}
