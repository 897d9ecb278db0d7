package org.fixmyquarter.core.report;

/**
 * Which reports to list, newest or most supported first, one page at a time.
 *
 * @param status   only reports in this status, or {@code null} for all
 * @param category only reports of this category code, or {@code null} for all
 * @param cursor   the {@link ReportPage#nextCursor()} of the previous page, or {@code null} for the
 *                 first page
 * @param limit    the largest number of reports to return, 1 to {@link #MAX_LIMIT}
 * @param sort     the order; a cursor belongs to the order it was issued for
 * @param staff    whether reports hidden by moderators are listed (for staff) or left out
 */
public record ReportFilter(ReportStatus status, String category, String cursor, int limit, Sort sort,
                           boolean staff) {

    /** The orders of a report list. */
    public enum Sort {
        /** Newest first. */
        NEWEST,
        /** Most votes first ("most supported"), newest first among equals. */
        VOTES
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

    /** The page size used when a client does not ask for one. */
    public static final int DEFAULT_LIMIT = 20;

    /** The largest page a client may ask for. */
    public static final int MAX_LIMIT = 100;
}
