package org.fixmyquarter.core.report;

import java.io.Serializable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/**
 * A user's support for a report: at most one per user and report.
 */
@Entity
@Table(name = "fmq_vote")
@IdClass(Vote.Key.class)
public class Vote {

    @Id
    @Column(name = "report_id", length = 32)
    private String reportId;

    @Id
    @Column(name = "user_id", length = 64)
    private String userId;

    @Column(name = "created_at", nullable = false)
    private OffsetDateTime createdAt;

    /** For JPA only. */
    protected Vote() {
    }

    Vote(String reportId, String userId, Instant at) {
        this.reportId = reportId;
        this.userId = userId;
        this.createdAt = at.atOffset(ZoneOffset.UTC);
    }

    /** @return the report supported */
    public String getReportId() {
        return reportId;
    }

    /** @return who supports it */
    public String getUserId() {
        return userId;
    }

    /** The composite key: one vote per report and user. */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;

        private String reportId;
        private String userId;

        /** For JPA only. */
        public Key() {
        }

        /**
         * @param reportId the report
         * @param userId   the user
         */
        public Key(String reportId, String userId) {
            this.reportId = reportId;
            this.userId = userId;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key && Objects.equals(reportId, ((Key) other).reportId)
                    && Objects.equals(userId, ((Key) other).userId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(reportId, userId);
        }
    }
}
