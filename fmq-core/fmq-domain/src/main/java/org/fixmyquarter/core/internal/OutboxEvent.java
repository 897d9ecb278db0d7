package org.fixmyquarter.core.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A domain event waiting to be delivered. Its id is stable across retries, so receivers can drop
 * duplicates of an at-least-once delivery.
 */
@Entity
@Table(name = "fmq_outbox_event")
public class OutboxEvent {

    @Id
    @Column(name = "id", length = 32)
    private String id;

    @Column(name = "event_type", nullable = false, length = 64)
    private String type;

    @Column(name = "aggregate_id", nullable = false, length = 32)
    private String aggregateId;

    @Column(name = "payload", nullable = false, length = 65535)
    private String payload;

    @Column(name = "occurred_at", nullable = false)
    private OffsetDateTime occurredAt;

    @Column(name = "published_at")
    private OffsetDateTime publishedAt;

    @Column(name = "attempts", nullable = false)
    private int attempts;

    /** For JPA only. */
    protected OutboxEvent() {
    }

    /**
     * @param id          the event's stable identifier
     * @param type        what happened, for example {@code report.created}
     * @param aggregateId the id of the report (or other resource) the event is about
     * @param payload     the event as a JSON document
     * @param occurredAt  when the change was made
     */
    public OutboxEvent(String id, String type, String aggregateId, String payload, Instant occurredAt) {
        this.id = id;
        this.type = type;
        this.aggregateId = aggregateId;
        this.payload = payload;
        this.occurredAt = occurredAt.atOffset(ZoneOffset.UTC);
    }

    /** @return the stable event id */
    public String getId() {
        return id;
    }

    /** @return what happened, for example {@code report.status_changed} */
    public String getType() {
        return type;
    }

    /** @return the id of the resource the event is about */
    public String getAggregateId() {
        return aggregateId;
    }

    /** @return the event as a JSON document */
    public String getPayload() {
        return payload;
    }

    /** @return when the change was made, in UTC */
    public Instant getOccurredAt() {
        return occurredAt.toInstant();
    }

    /**
     * @return when the event was handed to its consumers (a delivery row per plugin), or
     * {@code null} while it waits
     */
    public Instant getPublishedAt() {
        return publishedAt == null ? null : publishedAt.toInstant();
    }

    /**
     * Records that the event was handed to its consumers.
     *
     * @param at when
     */
    public void markPublished(Instant at) {
        this.publishedAt = at.atOffset(ZoneOffset.UTC);
    }

    /** @return how many deliveries have been tried */
    public int getAttempts() {
        return attempts;
    }
}
