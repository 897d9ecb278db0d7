package org.fixmyquarter.core.report;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One step of a report's public history: who moved it from which status to which, when and why.
 *
 * <p>Rows are only ever added. The first row of every report has no {@code from} status: it
 * records the creation.
 */
@Entity
@Table(name = "fmq_status_change")
public class StatusChange {

    @Id
    @Column(name = "id", length = 32)
    private String id;

    @Column(name = "report_id", nullable = false, length = 32)
    private String reportId;

    @Column(name = "from_status", length = 20)
    private String from;

    @Column(name = "to_status", nullable = false, length = 20)
    private String to;

    @Column(name = "actor_id", nullable = false, length = 64)
    private String actorId;

    @Column(name = "actor_name", nullable = false, length = 100)
    private String actorName;

    @Column(name = "reason", length = 1000)
    private String reason;

    @Column(name = "changed_at", nullable = false)
    private OffsetDateTime changedAt;

    /** For JPA only. */
    protected StatusChange() {
    }

    StatusChange(String id, String reportId, ReportStatus from, ReportStatus to, String actorId,
                 String actorName, String reason, Instant changedAt) {
        this.id = id;
        this.reportId = reportId;
        this.from = from == null ? null : from.wireName();
        this.to = to.wireName();
        this.actorId = actorId;
        this.actorName = actorName;
        this.reason = reason;
        this.changedAt = changedAt.atOffset(ZoneOffset.UTC);
    }

    /** @return the identifier of this history entry */
    public String getId() {
        return id;
    }

    /** @return the report this entry belongs to */
    public String getReportId() {
        return reportId;
    }

    /** @return the status before, or {@code null} for the creation entry */
    public ReportStatus getFrom() {
        return from == null ? null : ReportStatus.fromWireName(from).orElseThrow();
    }

    /** @return the status after */
    public ReportStatus getTo() {
        return ReportStatus.fromWireName(to).orElseThrow();
    }

    /** @return who made the change */
    public String getActorId() {
        return actorId;
    }

    /** @return the name shown for who made the change */
    public String getActorName() {
        return actorName;
    }

    /** @return why, as the actor wrote it */
    public String getReason() {
        return reason;
    }

    /** @return when, in UTC */
    public Instant getChangedAt() {
        return changedAt.toInstant();
    }
}
