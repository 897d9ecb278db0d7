package org.fixmyquarter.core.notification;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A notification in a person's inbox on the site, written in their language when it arrived.
 */
@Entity
@Table(name = "fmq_notification")
public class InAppNotification {

    @Id
    @Column(name = "id", length = 32)
    private String id;

    @Column(name = "user_id", nullable = false, length = 64)
    private String userId;

    @Column(name = "event_id", nullable = false, length = 32)
    private String eventId;

    @Column(name = "event_type", nullable = false, length = 64)
    private String eventType;

    @Column(name = "report_id", nullable = false, length = 32)
    private String reportId;

    @Column(name = "comment_id", length = 32)
    private String commentId;

    @Column(name = "reason", nullable = false, length = 30)
    private String reason;

    @Column(name = "subject", nullable = false, length = 300)
    private String subject;

    @Column(name = "body", nullable = false, length = 4000)
    private String body;

    @Column(name = "created_at", nullable = false)
    private OffsetDateTime createdAt;

    @Column(name = "read_at")
    private OffsetDateTime readAt;

    /** For JPA only. */
    protected InAppNotification() {
    }

    InAppNotification(String id, String userId, String eventId, String eventType, String reportId, String commentId,
                      String reason, String subject, String body, Instant at) {
        this.id = id;
        this.userId = userId;
        this.eventId = eventId;
        this.eventType = eventType;
        this.reportId = reportId;
        this.commentId = commentId;
        this.reason = reason;
        this.subject = subject;
        this.body = body;
        this.createdAt = at.atOffset(ZoneOffset.UTC);
    }

    /** @return the notification's id */
    public String getId() {
        return id;
    }

    /** @return whose inbox it is in */
    public String getUserId() {
        return userId;
    }

    /** @return the event it tells of */
    public String getEventId() {
        return eventId;
    }

    /** @return the event's type, for example {@code comment.added} */
    public String getEventType() {
        return eventType;
    }

    /** @return the report concerned */
    public String getReportId() {
        return reportId;
    }

    /** @return why the person was told: {@code MENTIONED}, {@code FOLLOWING_REPORT}, {@code FOLLOWING_AREA} */
    public String getReason() {
        return reason;
    }

    /** @return one line */
    public String getSubject() {
        return subject;
    }

    /** @return the message */
    public String getBody() {
        return body;
    }

    /** @return when it arrived */
    public Instant getCreatedAt() {
        return createdAt.toInstant();
    }

    /** @return when its owner read it, or {@code null} */
    public Instant getReadAt() {
        return readAt == null ? null : readAt.toInstant();
    }

    void markRead(Instant at) {
        if (readAt == null) {
            readAt = at.atOffset(ZoneOffset.UTC);
        }
    }
}
