package org.fixmyquarter.core.area;

import java.io.Serializable;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/**
 * One area a report was routed to when it was created ({@link AreaRouting#route}). Never changed
 * afterwards, so a report keeps the areas of its day even when an area is redrawn or retired.
 */
@Entity
@Table(name = "fmq_report_area")
@IdClass(ReportArea.Key.class)
public class ReportArea {

    @Id
    @Column(name = "report_id", length = 32)
    private String reportId;

    @Id
    @Column(name = "area_id", length = 32)
    private String areaId;

    /** For JPA. */
    protected ReportArea() {
    }

    ReportArea(String reportId, String areaId) {
        this.reportId = reportId;
        this.areaId = areaId;
    }

    /** @return the report */
    public String getReportId() {
        return reportId;
    }

    /** @return the area */
    public String getAreaId() {
        return areaId;
    }

    /**
     * The primary key of a {@link ReportArea}, for JPA.
     */
    public static class Key implements Serializable {

        private static final long serialVersionUID = 1L;

        private String reportId;
        private String areaId;

        /** For JPA. */
        public Key() {
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key && Objects.equals(reportId, ((Key) other).reportId)
                    && Objects.equals(areaId, ((Key) other).areaId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(reportId, areaId);
        }
    }
}
