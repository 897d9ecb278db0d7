package org.fixmyquarter.core.report;

/**
 * Which reports to list, newest first, one page at a time.
 *
 * @param status   only reports in this status, or {@code null} for all
 * @param category only reports of this category code, or {@code null} for all
 * @param cursor   the {@link ReportPage#nextCursor()} of the previous page, or {@code null} for the
 *                 first page
 * @param limit    the largest number of reports to return, 1 to {@link #MAX_LIMIT}
 */
public record ReportFilter(ReportStatus status, String category, String cursor, int limit) {

    /** The page size used when a client does not ask for one. */
    public static final int DEFAULT_LIMIT = 20;

    /** The largest page a client may ask for. */
    public static final int MAX_LIMIT = 100;
}
