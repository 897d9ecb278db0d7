package org.fixmyquarter.core.delivery;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The delivery of one outbox event to one plugin (on a personal channel: to one person through
 * it): pending until the plugin took it, retried with
 * growing pauses, dead after the last attempt with its error kept.
 */
@Entity
@Table(name = "fmq_delivery")
public class Delivery {

    /** Waiting for its next attempt. */
    public static final String PENDING = "pending";
    /** The plugin took it. */
    public static final String DELIVERED = "delivered";
    /** Not delivered; no more attempts will be made. */
    public static final String DEAD = "dead";
    /** Nothing to deliver, for example a status change of a report the helpdesk never received. */
    public static final String SKIPPED = "skipped";

    @Id
    @Column(name = "id", length = 32)
    private String id;

    @Column(name = "event_id", nullable = false, length = 32)
    private String eventId;

    @Column(name = "consumer", nullable = false, length = 100)
    private String consumer;

    @Column(name = "recipient_id", nullable = false, length = 64)
    private String recipientId;

    @Column(name = "reason", length = 30)
    private String reason;

    @Column(name = "state", nullable = false, length = 20)
    private String state;

    @Column(name = "attempts", nullable = false)
    private int attempts;

    @Column(name = "next_attempt_at", nullable = false)
    private OffsetDateTime nextAttemptAt;

    @Column(name = "last_error", length = 2000)
    private String lastError;

    @Column(name = "updated_at", nullable = false)
    private OffsetDateTime updatedAt;

    @Column(name = "last_status")
    private Integer lastStatus;

    @Column(name = "last_latency_ms")
    private Integer lastLatencyMs;

    /** For JPA only. */
    protected Delivery() {
    }

    Delivery(String id, String eventId, String consumer, Instant now) {
        this(id, eventId, consumer, null, null, now);
    }

    Delivery(String id, String eventId, String consumer, String recipientId, String reason, Instant now) {
        this.id = id;
        this.eventId = eventId;
        this.consumer = consumer;
        // '' rather than NULL: the unique constraint over (event, consumer, recipient) must hold.
        this.recipientId = recipientId == null ? "" : recipientId;
        this.reason = reason;
        this.state = PENDING;
        this.nextAttemptAt = now.atOffset(ZoneOffset.UTC);
        this.updatedAt = this.nextAttemptAt;
    }

    /** @return the delivery's id */
    public String getId() {
        return id;
    }

    /** @return the account a personal channel writes to, or {@code null} for a channel's own destination */
    public String getRecipientId() {
        return recipientId == null || recipientId.isEmpty() ? null : recipientId;
    }

    /** @return why the recipient is told ({@link org.fixmyquarter.spi.notification.Recipient.Reason}), or {@code null} */
    public String getReason() {
        return reason;
    }

    /** @return the event delivered */
    public String getEventId() {
        return eventId;
    }

    /** @return the target it goes to: {@code <kind>/<plugin id>}, {@code job/<name>} or {@code webhook/<id>} */
    public String getConsumer() {
        return consumer;
    }

    /** @return {@link #PENDING}, {@link #DELIVERED}, {@link #DEAD} or {@link #SKIPPED} */
    public String getState() {
        return state;
    }

    /** @return how many attempts were made */
    public int getAttempts() {
        return attempts;
    }

    /** @return when the next attempt is due, if pending */
    public Instant getNextAttemptAt() {
        return nextAttemptAt.toInstant();
    }

    /** @return the error of the last failed attempt, or {@code null} */
    public String getLastError() {
        return lastError;
    }

    /** @return the HTTP status of the last call of a webhook, or {@code null} (no answer, or not a webhook) */
    public Integer getLastStatus() {
        return lastStatus;
    }

    /** @return how long the last call of a webhook took, in milliseconds, or {@code null} */
    public Integer getLastLatencyMs() {
        return lastLatencyMs;
    }

    /** @return when the delivery last changed */
    public Instant getUpdatedAt() {
        return updatedAt.toInstant();
    }

    void called(Integer status, long latencyMillis) {
        this.lastStatus = status;
        this.lastLatencyMs = (int) Math.min(Integer.MAX_VALUE, latencyMillis);
    }

    /** A person asked for another round: a dead delivery starts again, its attempts counted afresh. */
    void replay(Instant now) {
        this.state = PENDING;
        this.attempts = 0;
        this.nextAttemptAt = now.atOffset(ZoneOffset.UTC);
        this.updatedAt = this.nextAttemptAt;
    }

    void finish(String finalState, String note, Instant now) {
        this.state = finalState;
        this.lastError = note;
        this.updatedAt = now.atOffset(ZoneOffset.UTC);
    }

    void failed(String error, Instant next, boolean dead, Instant now) {
        this.attempts++;
        this.lastError = error.length() > 2000 ? error.substring(0, 2000) : error;
        this.state = dead ? DEAD : PENDING;
        this.nextAttemptAt = next.atOffset(ZoneOffset.UTC);
        this.updatedAt = now.atOffset(ZoneOffset.UTC);
    }

    void postpone(Instant next, String why, Instant now) {
        this.lastError = why;
        this.nextAttemptAt = next.atOffset(ZoneOffset.UTC);
        this.updatedAt = now.atOffset(ZoneOffset.UTC);
    }

    void attempted() {
        this.attempts++;
    }
}
