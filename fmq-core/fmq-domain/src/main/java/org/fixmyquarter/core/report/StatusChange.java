package org.fixmyquarter.core.report;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One step of a report's public history: who changed what, when and why.
 *
 * <p>Most steps move the report from one status to another ({@link #KIND_STATUS}); others leave
 * the status as it is and say what else changed: the team it is assigned to
 * ({@link #KIND_ASSIGNED}), that it was merged into another report ({@link #KIND_MERGED}, which
 * also moves it to {@code duplicate}), or that another body is now responsible for it
 * ({@link #KIND_BODY}). {@link #getDetail()} holds the team, the original report or the new body's id.
 * Rows are only ever added. The first row of every report has no {@code from} status: it records
 * the creation.
 */
@Entity
@Table(name = "fmq_status_change")
public class StatusChange {

    /** A move from one status to another, or the creation. */
    public static final String KIND_STATUS = "status";
    /** An assignment to a team or body; the status stays. */
    public static final String KIND_ASSIGNED = "assigned";
    /** A merge into another report, moving this one to {@code duplicate}. */
    public static final String KIND_MERGED = "merged";
    /** A move to another responsible body, with the reason; the status stays. */
    public static final String KIND_BODY = "body";

    @Id
    @Column(name = "id", length = 32)
    private String id;

    @Column(name = "report_id", nullable = false, length = 32)
    private String reportId;

    @Column(name = "from_status", length = 20)
    private String from;

    @Column(name = "to_status", nullable = false, length = 20)
    private String to;

    @Column(name = "kind", nullable = false, length = 20)
    private String kind;

    @Column(name = "detail", length = 200)
    private String detail;

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
        this(id, reportId, KIND_STATUS, null, from, to, actorId, actorName, reason, changedAt);
    }

    /**
     * A history step of any kind.
     *
     * @param id        the entry's id
     * @param reportId  the report
     * @param kind      {@link #KIND_STATUS}, {@link #KIND_ASSIGNED}, {@link #KIND_MERGED} or {@link #KIND_BODY}
     * @param detail    the team assigned, the report merged into, or {@code null}
     * @param from      the status before ({@code null} for the creation)
     * @param to        the status after
     * @param actorId   who
     * @param actorName the name shown for who
     * @param reason    why
     * @param changedAt when
     */
    public StatusChange(String id, String reportId, String kind, String detail, ReportStatus from, ReportStatus to,
                        String actorId, String actorName, String reason, Instant changedAt) {
        this.id = id;
        this.kind = kind;
        this.detail = detail;
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

    /** @return {@link #KIND_STATUS}, {@link #KIND_ASSIGNED}, {@link #KIND_MERGED} or {@link #KIND_BODY} */
    public String getKind() {
        return kind;
    }

    /**
     * @return the team assigned ({@link #KIND_ASSIGNED}), the report merged into
     *         ({@link #KIND_MERGED}), the new body's id ({@link #KIND_BODY}), or {@code null}
     */
    public String getDetail() {
        return detail;
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
