package org.fixmyquarter.core.report;

import java.util.List;

/**
 * One page of reports.
 *
 * @param items      the reports, newest first
 * @param nextCursor pass it in the next {@link ReportFilter} to get the following page; {@code null}
 *                   on the last page. Reports created after the first page was read never shift
 *                   later pages, because the cursor marks a position in creation order.
 */
public record ReportPage(List<Report> items, String nextCursor) {
}
