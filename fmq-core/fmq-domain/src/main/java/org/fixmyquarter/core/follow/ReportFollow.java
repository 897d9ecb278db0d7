package org.fixmyquarter.core.follow;

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
 * A person following a report: they are told of its status changes and comments.
 */
@Entity
@Table(name = "fmq_report_follow")
@IdClass(ReportFollow.Key.class)
public class ReportFollow {

    @Id
    @Column(name = "report_id", length = 32)
    private String reportId;

    @Id
    @Column(name = "user_id", length = 64)
    private String userId;

    @Column(name = "created_at", nullable = false)
    private OffsetDateTime createdAt;

    /** For JPA only. */
    protected ReportFollow() {
    }

    ReportFollow(String reportId, String userId, Instant at) {
        this.reportId = reportId;
        this.userId = userId;
        this.createdAt = at.atOffset(ZoneOffset.UTC);
    }

    /** @return the report followed */
    public String getReportId() {
        return reportId;
    }

    /** @return who follows it */
    public String getUserId() {
        return userId;
    }

    /** @return since when */
    public Instant getCreatedAt() {
        return createdAt.toInstant();
    }

    /** The composite key: a person follows a report once. */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;

        private String reportId;
        private String userId;

        /** For JPA only. */
        public Key() {
        }

        /**
         * @param reportId the report
         * @param userId   the follower
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
