package org.fixmyquarter.api.report;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.fixmyquarter.core.error.FieldError;
import org.fixmyquarter.core.error.ValidationException;
import org.fixmyquarter.core.report.ReportFilter;
import org.fixmyquarter.core.report.ReportGrid;

/**
 * Reads the search parameters of {@code GET /reports} into a {@link ReportFilter}: where each
 * parameter is malformed, the client is told which and what was expected, all at once. Whether a
 * well-formed value makes sense (a latitude of 91, a period ending before it starts) is the core's
 * check.
 */
final class SearchParameters {

    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");
    private static final Pattern DISTANCE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(m|km)?");

    private static final Instant FIRST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LAST = Instant.parse("9999-12-31T00:00:00Z");

    private final List<FieldError> errors = new ArrayList<>();

    /**
     * @param filter    the filter without search parameters
     * @param near      {@code lat,lon}, or {@code null}
     * @param radius    {@code 500m}, {@code 2km} or metres, or {@code null} for {@code defaultRadius}
     * @param bbox      {@code minLon,minLat,maxLon,maxLat}, or {@code null}
     * @param created   {from, to}: each a date or an instant, or {@code null}
     * @param updated   {from, to}, likewise
     * @param text      words to find, or {@code null}
     * @return the filter with these parameters
     * @throws ValidationException naming every malformed parameter
     */
    static ReportFilter apply(ReportFilter filter, String near, String radius, String bbox, String[] created,
                              String[] updated, String text) {
        SearchParameters parameters = new SearchParameters();
        ReportFilter result = filter;
        double[] centre = parameters.numbers("near", near, 2,
                "must be lat,lon in decimal degrees, such as 45.7578,4.8320");
        Double metres = parameters.distance(radius);
        if (centre != null) {
            result = result.withNear(new ReportFilter.Near(centre[0], centre[1], metres == null ? 1000 : metres));
        } else if (radius != null && !radius.isEmpty()) {
            parameters.errors.add(FieldError.translatable("near", "validation.required", "is required"));
        }
        double[] box = parameters.numbers("bbox", bbox, 4,
                "must be minLon,minLat,maxLon,maxLat: west, south, east, north");
        if (box != null) {
            result = result.withBox(new ReportFilter.Box(box[0], box[1], box[2], box[3]));
        }
        ReportFilter.Period createdPeriod = parameters.period("createdFrom", created[0], "createdTo", created[1]);
        if (createdPeriod != null) {
            result = result.withCreated(createdPeriod);
        }
        ReportFilter.Period updatedPeriod = parameters.period("updatedFrom", updated[0], "updatedTo", updated[1]);
        if (updatedPeriod != null) {
            result = result.withUpdated(updatedPeriod);
        }
        if (text != null && !text.isEmpty()) {
            result = result.withText(text);
        }
        if (!parameters.errors.isEmpty()) {
            throw new ValidationException(parameters.errors);
        }
        return result;
    }

    /**
     * @param lat           a latitude, required
     * @param lon           a longitude, required
     * @param radius        a distance, or {@code null} for {@code defaultMetres}
     * @param defaultMetres the radius when none is given
     * @return {lat, lon, radius in metres}
     * @throws ValidationException naming each missing or malformed parameter
     */
    static double[] position(String lat, String lon, String radius, double defaultMetres) {
        SearchParameters parameters = new SearchParameters();
        double[] position = {parameters.number("lat", lat), parameters.number("lon", lon), defaultMetres};
        Double metres = parameters.distance(radius);
        if (metres != null) {
            position[2] = metres;
        }
        if (!parameters.errors.isEmpty()) {
            throw new ValidationException(parameters.errors);
        }
        return position;
    }

    /**
     * @param value the {@code zoom} parameter as sent
     * @return it as a number, not yet checked against its range (the core does that)
     * @throws ValidationException naming {@code zoom} when it is missing or not a whole number
     */
    static int zoom(String value) {
        if (value == null || value.isEmpty()) {
            throw ValidationException.of("zoom", "validation.required", "is required");
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw ValidationException.of("zoom", "validation.whole-number-range", "must be a whole number between "
                    + ReportGrid.MIN_ZOOM + " and " + ReportGrid.MAX_ZOOM, ReportGrid.MIN_ZOOM, ReportGrid.MAX_ZOOM);
        }
    }

    private double number(String field, String value) {
        if (value == null || value.isEmpty()) {
            errors.add(FieldError.translatable(field, "validation.required", "is required"));
        } else if (!NUMBER.matcher(value.trim()).matches()) {
            errors.add(FieldError.translatable(field, "validation.not-number", "must be a number"));
        } else {
            return Double.parseDouble(value.trim());
        }
        return Double.NaN;
    }

    private double[] numbers(String field, String value, int count, String expected) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        String[] parts = value.split(",", -1);
        double[] numbers = new double[count];
        boolean valid = parts.length == count;
        for (int i = 0; valid && i < count; i++) {
            String part = parts[i].trim();
            valid = NUMBER.matcher(part).matches();
            if (valid) {
                numbers[i] = Double.parseDouble(part);
            }
        }
        if (!valid) {
            errors.add(FieldError.translatable(field, "validation." + field + "-format", expected));
            return null;
        }
        return numbers;
    }

    private Double distance(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        Matcher matcher = DISTANCE.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            errors.add(FieldError.translatable("radius", "validation.distance",
                    "must be a distance such as 500m, 1.5km or 800 (metres)"));
            return null;
        }
        double number = Double.parseDouble(matcher.group(1));
        return "km".equals(matcher.group(2)) ? number * 1000 : number;
    }

    private ReportFilter.Period period(String fromField, String from, String toField, String to) {
        Instant start = instant(fromField, from, false);
        Instant end = instant(toField, to, true);
        return start == null && end == null ? null : new ReportFilter.Period(start, end);
    }

    /** A date alone means the whole day, in UTC: from its start, or up to its end. */
    private Instant instant(String field, String value, boolean end) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            Instant instant;
            if (value.length() == 10) {
                LocalDate day = LocalDate.parse(value);
                instant = (end ? day.plusDays(1) : day).atStartOfDay().toInstant(ZoneOffset.UTC);
            } else {
                instant = java.time.OffsetDateTime.parse(value).toInstant();
            }
            // Databases store years 1 to 9999; beyond, the query would fail rather than find nothing.
            if (instant.isBefore(FIRST) || instant.isAfter(LAST)) {
                throw new DateTimeException("out of range");
            }
            return instant;
        } catch (DateTimeException e) {
            errors.add(FieldError.translatable(field, "validation.instant",
                    "must be a date such as 2026-05-01 or an instant such as 2026-05-01T08:00:00Z"));
            return null;
        }
    }
}
