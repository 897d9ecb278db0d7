package org.fixmyquarter.core.report;

/**
 * The reports of one cell of the map's grid ({@link ReportGrid}), as {@link ReportService#clusters}
 * counts them: how many, and where they are on average. A cluster of one report also names it, so
 * that a map can show and link it without another request.
 *
 * @param latitude  the mean WGS84 latitude of the cell's reports
 * @param longitude their mean longitude
 * @param count     how many reports the cell holds, at least 1
 * @param id        the report's id when {@code count} is 1, else {@code null}
 * @param title     its title when {@code count} is 1, else {@code null}
 * @param status    its status when {@code count} is 1, else {@code null}
 * @param category  its category code when {@code count} is 1, else {@code null}
 */
public record ReportCluster(double latitude, double longitude, long count, String id, String title,
                            ReportStatus status, String category) {

    /**
     * @return whether the cluster is a single report, named by {@link #id()}
     */
    public boolean single() {
        return count == 1;
    }
}
