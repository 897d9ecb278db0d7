package org.fixmyquarter.core.audit;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One privileged action: who, what, when, on which target, and the state before and after (JSON
 * text, or {@code null} where there is none). Never changed once written.
 */
@Entity
@Table(name = "fmq_audit_entry")
public class AuditEntry {

    @Id
    @Column(name = "id", length = 32)
    private String id;

    @Column(name = "occurred_at", nullable = false)
    private OffsetDateTime occurredAt;

    @Column(name = "actor_id", nullable = false, length = 64)
    private String actorId;

    @Column(name = "actor_name", nullable = false, length = 100)
    private String actorName;

    @Column(name = "action", nullable = false, length = 64)
    private String action;

    @Column(name = "target_type", nullable = false, length = 32)
    private String targetType;

    @Column(name = "target_id", nullable = false, length = 64)
    private String targetId;

    @Column(name = "before_state", length = 4000)
    private String before;

    @Column(name = "after_state", length = 4000)
    private String after;

    /** For JPA only. */
    protected AuditEntry() {
    }

    AuditEntry(String id, Instant occurredAt, String actorId, String actorName, String action, String targetType,
               String targetId, String before, String after) {
        this.id = id;
        this.occurredAt = occurredAt.atOffset(ZoneOffset.UTC);
        this.actorId = actorId;
        this.actorName = actorName;
        this.action = action;
        this.targetType = targetType;
        this.targetId = targetId;
        this.before = before;
        this.after = after;
    }

    /** @return the entry's id */
    public String getId() {
        return id;
    }

    /** @return when the action was taken */
    public Instant getOccurredAt() {
        return occurredAt.toInstant();
    }

    /** @return who took it: an account id, or {@code setup} for the server itself */
    public String getActorId() {
        return actorId;
    }

    /** @return the actor's name at the time */
    public String getActorName() {
        return actorName;
    }

    /** @return what was done, for example {@code user.role_granted} */
    public String getAction() {
        return action;
    }

    /** @return the kind of target, for example {@code user} or {@code report} */
    public String getTargetType() {
        return targetType;
    }

    /** @return the target's id */
    public String getTargetId() {
        return targetId;
    }

    /** @return the state before, as JSON, or {@code null} */
    public String getBefore() {
        return before;
    }

    /** @return the state after, as JSON, or {@code null} */
    public String getAfter() {
        return after;
    }
}
