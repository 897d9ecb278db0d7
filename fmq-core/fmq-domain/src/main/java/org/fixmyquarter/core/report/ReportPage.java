package org.fixmyquarter.core.report;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One page of reports.
 *
 * @param items           the reports, in the filter's order (newest first by default)
 * @param nextCursor      pass it to {@link ReportFilter#withCursor(String)} to get the following
 *                        page; {@code null} on the last page. Reports created after the first page
 *                        was read never shift later pages, because the cursor marks a position in
 *                        the order.
 * @param distancesMetres for a search around a point ({@link ReportFilter#near()}), each report's
 *                        great-circle distance from that point, in metres, by report id; empty
 *                        otherwise
 */
public record ReportPage(List<Report> items, String nextCursor, Map<String, Double> distancesMetres) {

    /**
     * Checks the parts and copies them.
     */
    public ReportPage {
        items = List.copyOf(Objects.requireNonNull(items, "items"));
        distancesMetres = Map.copyOf(Objects.requireNonNull(distancesMetres, "distancesMetres"));
    }

    /**
     * A page without distances.
     *
     * @param items      the reports
     * @param nextCursor the cursor of the following page, or {@code null}
     */
    public ReportPage(List<Report> items, String nextCursor) {
        this(items, nextCursor, Map.of());
    }

    /**
     * @param report a report of this page
     * @return its distance from the centre of the search, in metres; empty when the search had no
     *         centre
     */
    public OptionalDouble distanceMetres(Report report) {
        Double metres = distancesMetres.get(report.getId());
        return metres == null ? OptionalDouble.empty() : OptionalDouble.of(metres);
    }
}
