package org.fixmyquarter.core.report;

import java.time.Instant;

/**
 * Which reports to list and in which order, one page at a time. Every filter is optional and they
 * combine: a status, a category (with its sub-categories), creation and update periods, a circle
 * around a point, a map rectangle, and words of the title, description or address.
 *
 * @param status   only reports in this status, or {@code null} for all
 * @param category only reports of this category code or one of its sub-categories, or {@code null}
 * @param cursor   the {@link ReportPage#nextCursor()} of the previous page, or {@code null} for the
 *                 first page
 * @param limit    the largest number of reports to return, 1 to {@link #MAX_LIMIT}
 * @param sort     the order; a cursor belongs to the order it was issued for
 * @param staff    whether reports hidden by moderators are listed (for staff) or left out
 * @param created  only reports created in this period, or {@code null}
 * @param updated  only reports last changed in this period, or {@code null}
 * @param near     only reports within this circle, or {@code null}; required to sort by distance
 * @param box      only reports inside this rectangle of the map, or {@code null}
 * @param text     words that must all appear in the title, description or address, or {@code null}
 * @param area     only reports routed to this area (by its id) when they were created, or {@code null}
 * @param body     only reports the responsible body (by its id) handles now, or {@code null}
 */
public record ReportFilter(ReportStatus status, String category, String cursor, int limit, Sort sort,
                           boolean staff, Period created, Period updated, Near near, Box box, String text,
                           String area, String body) {

    /**
     * Without the body filter, as before bodies existed.
     *
     * @param status   only reports in this status, or {@code null}
     * @param category only reports of this category, or {@code null}
     * @param cursor   the previous page's cursor, or {@code null}
     * @param limit    the page size
     * @param sort     the order
     * @param staff    whether hidden reports are listed
     * @param created  only reports created in this period, or {@code null}
     * @param updated  only reports last changed in this period, or {@code null}
     * @param near     only reports within this circle, or {@code null}
     * @param box      only reports inside this rectangle, or {@code null}
     * @param text     words that must all appear, or {@code null}
     * @param area     only reports routed to this area, or {@code null}
     */
    public ReportFilter(ReportStatus status, String category, String cursor, int limit, Sort sort, boolean staff,
                        Period created, Period updated, Near near, Box box, String text, String area) {
        this(status, category, cursor, limit, sort, staff, created, updated, near, box, text, area, null);
    }

    /**
     * Without the area filter, as before areas existed.
     *
     * @param status   only reports in this status, or {@code null}
     * @param category only reports of this category, or {@code null}
     * @param cursor   the previous page's cursor, or {@code null}
     * @param limit    the page size
     * @param sort     the order
     * @param staff    whether hidden reports are listed
     * @param created  only reports created in this period, or {@code null}
     * @param updated  only reports last changed in this period, or {@code null}
     * @param near     only reports within this circle, or {@code null}
     * @param box      only reports inside this rectangle, or {@code null}
     * @param text     words that must all appear, or {@code null}
     */
    public ReportFilter(ReportStatus status, String category, String cursor, int limit, Sort sort, boolean staff,
                        Period created, Period updated, Near near, Box box, String text) {
        this(status, category, cursor, limit, sort, staff, created, updated, near, box, text, null, null);
    }

    /** The orders of a report list. */
    public enum Sort {
        /** Newest first. */
        NEWEST,
        /** Most votes first ("most supported"), newest first among equals. */
        VOTES,
        /** Nearest to the centre of {@link ReportFilter#near()} first. */
        NEAREST
    }

    /**
     * A period of time; either end may be open.
     *
     * @param from the first instant included, or {@code null}
     * @param to   the first instant no longer included, or {@code null}
     */
    public record Period(Instant from, Instant to) {
    }

    /**
     * A circle on the earth.
     *
     * @param latitude     its centre's WGS84 latitude
     * @param longitude    its centre's WGS84 longitude
     * @param radiusMetres its radius, {@link #RADIUS_MIN} to {@link #RADIUS_MAX} metres
     */
    public record Near(double latitude, double longitude, double radiusMetres) {

        /** The smallest radius a search may ask for, in metres. */
        public static final int RADIUS_MIN = 1;

        /** The largest radius a search may ask for, in metres: a region, not a country. */
        public static final int RADIUS_MAX = 100_000;
    }

    /**
     * A rectangle of the map, as GeoJSON and most map libraries give it: west, south, east, north.
     * A rectangle that crosses the antimeridian is not supported.
     *
     * @param minLon the western edge
     * @param minLat the southern edge
     * @param maxLon the eastern edge
     * @param maxLat the northern edge
     */
    public record Box(double minLon, double minLat, double maxLon, double maxLat) {
    }

    /**
     * Without the newer filters, as before search existed.
     *
     * @param status   only reports in this status, or {@code null}
     * @param category only reports of this category, or {@code null}
     * @param cursor   the previous page's cursor, or {@code null}
     * @param limit    the page size
     * @param sort     the order
     * @param staff    whether hidden reports are listed
     */
    public ReportFilter(ReportStatus status, String category, String cursor, int limit, Sort sort, boolean staff) {
        this(status, category, cursor, limit, sort, staff, null, null, null, null, null);
    }

    /**
     * Without hidden reports, as the public sees them.
     *
     * @param status   only reports in this status, or {@code null}
     * @param category only reports of this category, or {@code null}
     * @param cursor   the previous page's cursor, or {@code null}
     * @param limit    the page size
     * @param sort     the order
     */
    public ReportFilter(ReportStatus status, String category, String cursor, int limit, Sort sort) {
        this(status, category, cursor, limit, sort, false);
    }

    /**
     * Newest first, without hidden reports.
     *
     * @param status   only reports in this status, or {@code null}
     * @param category only reports of this category, or {@code null}
     * @param cursor   the previous page's cursor, or {@code null}
     * @param limit    the page size
     */
    public ReportFilter(ReportStatus status, String category, String cursor, int limit) {
        this(status, category, cursor, limit, Sort.NEWEST);
    }

    /**
     * @param next the {@link ReportPage#nextCursor()} of the page just read
     * @return the same filter, for the page after it
     */
    public ReportFilter withCursor(String next) {
        return new ReportFilter(status, category, next, limit, sort, staff, created, updated, near, box, text,
                area, body);
    }

    /** @return this filter, also limited to reports created in {@code period} */
    public ReportFilter withCreated(Period period) {
        return new ReportFilter(status, category, cursor, limit, sort, staff, period, updated, near, box, text,
                area, body);
    }

    /** @return this filter, also limited to reports last changed in {@code period} */
    public ReportFilter withUpdated(Period period) {
        return new ReportFilter(status, category, cursor, limit, sort, staff, created, period, near, box, text,
                area, body);
    }

    /** @return this filter, also limited to reports within {@code circle} */
    public ReportFilter withNear(Near circle) {
        return new ReportFilter(status, category, cursor, limit, sort, staff, created, updated, circle, box, text,
                area, body);
    }

    /** @return this filter, also limited to reports inside {@code rectangle} */
    public ReportFilter withBox(Box rectangle) {
        return new ReportFilter(status, category, cursor, limit, sort, staff, created, updated, near, rectangle, text,
                area, body);
    }

    /** @return this filter, also limited to reports whose title, description or address contain {@code words} */
    public ReportFilter withText(String words) {
        return new ReportFilter(status, category, cursor, limit, sort, staff, created, updated, near, box, words,
                area, body);
    }

    /** @return this filter, also limited to the reports the body {@code bodyId} handles now */
    public ReportFilter withBody(String bodyId) {
        return new ReportFilter(status, category, cursor, limit, sort, staff, created, updated, near, box, text, area,
                bodyId);
    }

    /** @return this filter, also limited to reports routed to the area {@code areaId} */
    public ReportFilter withArea(String areaId) {
        return new ReportFilter(status, category, cursor, limit, sort, staff, created, updated, near, box, text,
                areaId, body);
    }

    /** The page size used when a client does not ask for one. */
    public static final int DEFAULT_LIMIT = 20;

    /** The largest page a client may ask for. */
    public static final int MAX_LIMIT = 100;

    /** The longest text search, in characters. */
    public static final int TEXT_MAX = 200;
}
