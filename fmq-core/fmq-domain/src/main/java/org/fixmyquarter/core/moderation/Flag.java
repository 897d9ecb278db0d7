package org.fixmyquarter.core.moderation;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * Someone's flag on a report or on one of its comments: why they think a moderator should look.
 * Open until a moderator hides the content, dismisses the flags or merges the report; then
 * resolved, with who, when and how, and kept.
 */
@Entity
@Table(name = "fmq_flag")
public class Flag {

    /** The flag is on a report. */
    public static final String KIND_REPORT = "report";
    /** The flag is on a comment. */
    public static final String KIND_COMMENT = "comment";

    @Id
    @Column(name = "id", length = 32)
    private String id;

    @Column(name = "target_kind", nullable = false, length = 10)
    private String targetKind;

    @Column(name = "report_id", nullable = false, length = 32)
    private String reportId;

    @Column(name = "comment_id", length = 32)
    private String commentId;

    @Column(name = "target", nullable = false, length = 40)
    private String target;

    @Column(name = "open_target", length = 40)
    private String openTarget;

    @Column(name = "reason", nullable = false, length = 20)
    private String reason;

    @Column(name = "note", length = 500)
    private String note;

    @Column(name = "duplicate_of", length = 32)
    private String duplicateOf;

    @Column(name = "flagged_by", nullable = false, length = 64)
    private String flaggedBy;

    @Column(name = "created_at", nullable = false)
    private OffsetDateTime createdAt;

    @Column(name = "resolved_at")
    private OffsetDateTime resolvedAt;

    @Column(name = "resolved_by", length = 64)
    private String resolvedBy;

    @Column(name = "resolution", length = 20)
    private String resolution;

    /** For JPA only. */
    protected Flag() {
    }

    Flag(String id, String reportId, String commentId, FlagReason reason, String note, String duplicateOf,
         String flaggedBy, Instant at) {
        this.id = id;
        this.targetKind = commentId == null ? KIND_REPORT : KIND_COMMENT;
        this.reportId = reportId;
        this.commentId = commentId;
        this.target = Flags.target(reportId, commentId);
        this.openTarget = target;
        this.reason = reason.wireName();
        this.note = note;
        this.duplicateOf = duplicateOf;
        this.flaggedBy = flaggedBy;
        this.createdAt = at.atOffset(ZoneOffset.UTC);
    }

    /** @return the flag's id */
    public String getId() {
        return id;
    }

    /** @return {@link #KIND_REPORT} or {@link #KIND_COMMENT} */
    public String getTargetKind() {
        return targetKind;
    }

    /** @return the report flagged, or the report of the comment flagged */
    public String getReportId() {
        return reportId;
    }

    /** @return the comment flagged, or {@code null} for a flag on a report */
    public String getCommentId() {
        return commentId;
    }

    /** @return why */
    public FlagReason getReason() {
        return FlagReason.fromWireName(reason).orElseThrow();
    }

    /** @return what the flagger added, or {@code null} */
    public String getNote() {
        return note;
    }

    /** @return for a duplicate: the report this one repeats; otherwise {@code null} */
    public String getDuplicateOf() {
        return duplicateOf;
    }

    /** @return the account id of who flagged */
    public String getFlaggedBy() {
        return flaggedBy;
    }

    /** @return when */
    public Instant getCreatedAt() {
        return createdAt.toInstant();
    }

    /** @return whether no moderator has acted on it yet */
    public boolean isOpen() {
        return resolvedAt == null;
    }

    /** @return when it was resolved, or {@code null} */
    public Instant getResolvedAt() {
        return resolvedAt == null ? null : resolvedAt.toInstant();
    }

    /** @return the account id of the moderator who resolved it, or {@code null} */
    public String getResolvedBy() {
        return resolvedBy;
    }

    /** @return how: {@code hidden}, {@code dismissed} or {@code merged}; {@code null} while open */
    public String getResolution() {
        return resolution;
    }
}
