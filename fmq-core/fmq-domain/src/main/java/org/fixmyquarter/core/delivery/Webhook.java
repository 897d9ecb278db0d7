package org.fixmyquarter.core.delivery;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * An HTTP receiver an administrator registered: the events it wants are POSTed to it, signed
 * with its secret, as deliveries of the target {@code webhook/<id>}. It carries the state of its
 * own circuit breaker, because a breaker must be per target and shared by every server (see
 * {@code docs/integrations.md}).
 */
@Entity
@Table(name = "fmq_webhook")
public class Webhook {

    /** Calls go through. */
    public static final String CLOSED = "closed";
    /** Calls are held back until the cool-down ends. */
    public static final String OPEN = "open";
    /** One probe call is in flight; its outcome closes or opens the breaker again. */
    public static final String HALF_OPEN = "half_open";

    /** How the consumer of a webhook's deliveries is named, before the webhook's id. */
    public static final String TARGET_PREFIX = "webhook/";

    @Id
    @Column(name = "id", length = 32)
    private String id;

    @Column(name = "url", nullable = false, length = 2000)
    private String url;

    @Column(name = "event_types", nullable = false, length = 2000)
    private String eventTypes;

    @Column(name = "description", length = 500)
    private String description;

    @Column(name = "enabled", nullable = false)
    private boolean enabled;

    @Column(name = "disabled_reason", length = 500)
    private String disabledReason;

    @Column(name = "secret", nullable = false, length = 200)
    private String secret;

    @Column(name = "previous_secret", length = 200)
    private String previousSecret;

    @Column(name = "previous_secret_until")
    private OffsetDateTime previousSecretUntil;

    @Column(name = "breaker_state", nullable = false, length = 16)
    private String breakerState;

    @Column(name = "consecutive_failures", nullable = false)
    private int consecutiveFailures;

    @Column(name = "breaker_until")
    private OffsetDateTime breakerUntil;

    @Column(name = "created_at", nullable = false)
    private OffsetDateTime createdAt;

    @Column(name = "updated_at", nullable = false)
    private OffsetDateTime updatedAt;

    /** For JPA only. */
    protected Webhook() {
    }

    Webhook(String id, String url, List<String> eventTypes, String description, String secret, Instant now) {
        this.id = id;
        this.url = url;
        this.eventTypes = String.join(",", eventTypes);
        this.description = description;
        this.enabled = true;
        this.secret = secret;
        this.breakerState = CLOSED;
        this.createdAt = now.atOffset(ZoneOffset.UTC);
        this.updatedAt = this.createdAt;
    }

    /** @return the webhook's id */
    public String getId() {
        return id;
    }

    /** @return the delivery target of this webhook, {@code webhook/<id>} */
    public String target() {
        return TARGET_PREFIX + id;
    }

    /** @return the absolute http or https URL events are POSTed to */
    public String getUrl() {
        return url;
    }

    /** @return the event types it wants; empty means all */
    public List<String> getEventTypes() {
        return eventTypes.isEmpty() ? List.of() : new ArrayList<>(Arrays.asList(eventTypes.split(",")));
    }

    /** @return what the administrator wrote about it, or {@code null} */
    public String getDescription() {
        return description;
    }

    /** @return whether events are delivered to it */
    public boolean isEnabled() {
        return enabled;
    }

    /** @return why the server switched it off, or {@code null} */
    public String getDisabledReason() {
        return disabledReason;
    }

    /** @return {@link #CLOSED}, {@link #OPEN} or {@link #HALF_OPEN} */
    public String getBreakerState() {
        return breakerState;
    }

    /** @return failed calls in a row since the last success */
    public int getConsecutiveFailures() {
        return consecutiveFailures;
    }

    /** @return when an open breaker lets a probe through, or a half-open one's probe expires; else {@code null} */
    public Instant getBreakerUntil() {
        return breakerUntil == null ? null : breakerUntil.toInstant();
    }

    /** @return when it was registered */
    public Instant getCreatedAt() {
        return createdAt.toInstant();
    }

    /** @return when it was last changed */
    public Instant getUpdatedAt() {
        return updatedAt.toInstant();
    }

    /** @return until when the secret before the last rotation still signs, or {@code null} */
    public Instant getPreviousSecretUntil() {
        return previousSecretUntil == null ? null : previousSecretUntil.toInstant();
    }

    /**
     * @param type an event type
     * @return whether this webhook wants it
     */
    public boolean wants(String type) {
        return eventTypes.isEmpty() || getEventTypes().contains(type);
    }

    /**
     * @param now the current instant
     * @return the secrets a delivery is signed with now: the current one, and the previous one
     *         during its grace period
     */
    List<String> signingSecrets(Instant now) {
        if (previousSecret != null && previousSecretUntil != null && now.isBefore(previousSecretUntil.toInstant())) {
            return List.of(secret, previousSecret);
        }
        return List.of(secret);
    }

    void change(String url, List<String> eventTypes, String description, Boolean enabled, Instant now) {
        if (url != null) {
            this.url = url;
        }
        if (eventTypes != null) {
            this.eventTypes = String.join(",", eventTypes);
        }
        if (description != null) {
            this.description = description.isEmpty() ? null : description;
        }
        if (enabled != null && enabled != this.enabled) {
            this.enabled = enabled;
            if (enabled) {
                // Switched on again by a person: the old notice and breaker state no longer apply.
                this.disabledReason = null;
                closeBreaker();
            }
        }
        this.updatedAt = now.atOffset(ZoneOffset.UTC);
    }

    void rotate(String newSecret, Duration grace, Instant now) {
        this.previousSecret = this.secret;
        this.previousSecretUntil = now.plus(grace).atOffset(ZoneOffset.UTC);
        this.secret = newSecret;
        this.updatedAt = now.atOffset(ZoneOffset.UTC);
    }

    void disable(String reason, Instant now) {
        this.enabled = false;
        this.disabledReason = reason.length() > 500 ? reason.substring(0, 500) : reason;
        this.updatedAt = now.atOffset(ZoneOffset.UTC);
    }

    /**
     * Whether a call may be made now. An open breaker whose cool-down has ended turns half-open and
     * lets this one call through as the probe, holding the turn until {@code probeLease} ends, so
     * that a probe whose server died does not keep the breaker half-open for ever.
     *
     * @return {@code null} when the call may go, else the instant to try again at
     */
    Instant admit(Instant now, Duration probeLease) {
        if (CLOSED.equals(breakerState)) {
            return null;
        }
        Instant until = getBreakerUntil();
        if (until != null && now.isBefore(until)) {
            return until;
        }
        breakerState = HALF_OPEN;
        breakerUntil = now.plus(probeLease).atOffset(ZoneOffset.UTC);
        return null;
    }

    /**
     * A call succeeded: the breaker closes, unless it is open. Several workers call a webhook at
     * once, so a call let through before the breaker opened can succeed after it did; that says
     * nothing of the receiver now, and closing on it cut the cool-down short. An open breaker
     * waits for its probe.
     */
    void callSucceeded() {
        if (OPEN.equals(breakerState)) {
            return;
        }
        closeBreaker();
    }

    /**
     * A call failed. The probe of a half-open breaker failing, or the {@code threshold}-th failure
     * in a row, opens it for {@code coolDown}.
     */
    void callFailed(int threshold, Duration coolDown, Instant now) {
        consecutiveFailures++;
        if (HALF_OPEN.equals(breakerState) || consecutiveFailures >= threshold) {
            breakerState = OPEN;
            breakerUntil = now.plus(coolDown).atOffset(ZoneOffset.UTC);
        }
    }

    private void closeBreaker() {
        breakerState = CLOSED;
        consecutiveFailures = 0;
        breakerUntil = null;
    }
}
