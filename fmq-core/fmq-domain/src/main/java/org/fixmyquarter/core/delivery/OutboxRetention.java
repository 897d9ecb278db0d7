package org.fixmyquarter.core.delivery;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;

import jakarta.persistence.EntityManager;

/**
 * Removes outbox events once their work is done, so that the table stays the size of the recent
 * past: an event published longer ago than the retention, none of whose deliveries is still
 * pending, goes together with its delivery rows (delivered, skipped or given up). Unpublished
 * events and events with a pending delivery are never removed, however old.
 *
 * <p>The retention is also how long an administrator can look at a delivery that was given up
 * ({@code dead}, with its last error) before it is gone.
 */
public final class OutboxRetention {

    /** The retention when none is configured: a week. */
    public static final Duration DEFAULT = Duration.ofDays(7);

    private final Duration retention;

    /**
     * @param retention how long a finished event is kept after its publication; at least a minute,
     *                  so that the pause between two account mails ({@code AccountEmails}) still sees it
     */
    public OutboxRetention(Duration retention) {
        Objects.requireNonNull(retention, "retention");
        if (retention.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException("the outbox retention must be at least one minute, not " + retention);
        }
        this.retention = retention;
    }

    /** @return how long a finished event is kept */
    public Duration retention() {
        return retention;
    }

    /**
     * Removes up to {@code limit} finished events older than the retention, oldest first, in the
     * caller's transaction.
     *
     * @param em    the entity manager of the current transaction
     * @param now   the current time
     * @param limit the most events removed at once, so that one transaction stays short
     * @return how many events were removed; call again while it equals {@code limit}
     */
    public int purge(EntityManager em, Instant now, int limit) {
        List<String> ids = em.createQuery("SELECT e.id FROM OutboxEvent e WHERE e.publishedAt < :before"
                        + " AND NOT EXISTS (SELECT d.id FROM Delivery d WHERE d.eventId = e.id AND d.state = :pending)"
                        + " ORDER BY e.publishedAt", String.class)
                .setParameter("before", now.minus(retention).atOffset(ZoneOffset.UTC))
                .setParameter("pending", Delivery.PENDING)
                .setMaxResults(limit)
                .getResultList();
        if (ids.isEmpty()) {
            return 0;
        }
        em.createQuery("DELETE FROM Delivery d WHERE d.eventId IN :ids").setParameter("ids", ids).executeUpdate();
        return em.createQuery("DELETE FROM OutboxEvent e WHERE e.id IN :ids").setParameter("ids", ids).executeUpdate();
    }
}
