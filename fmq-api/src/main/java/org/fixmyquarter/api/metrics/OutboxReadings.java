package org.fixmyquarter.api.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import org.fixmyquarter.core.delivery.Webhook;
import org.fixmyquarter.core.internal.Clocks;

/**
 * Reads the work the outbox still holds and the webhooks' circuit breakers, in one short read
 * transaction. These are rows of the shared database, so every server reports the same values.
 */
@ApplicationScoped
@Transactional
public class OutboxReadings {

    /** Events committed but not yet handed to their targets, and the oldest of them. */
    private static final String EVENTS = "SELECT COUNT(*), MIN(occurred_at) FROM fmq_outbox_event WHERE published_at IS NULL";
    /** Deliveries still to be made (due, or waiting for a retry), and the event time of the oldest. */
    private static final String DELIVERIES = "SELECT COUNT(*), MIN(e.occurred_at) FROM fmq_delivery d"
            + " JOIN fmq_outbox_event e ON e.id = d.event_id WHERE d.state = 'pending'";
    private static final String BREAKERS = "SELECT breaker_state, COUNT(*) FROM fmq_webhook WHERE enabled = TRUE"
            + " GROUP BY breaker_state";

    @PersistenceContext(unitName = "fmq")
    private EntityManager em;

    /**
     * What the gauges show at one moment.
     *
     * @param pendingEvents     events not yet handed out
     * @param pendingDeliveries deliveries not yet made or given up
     * @param oldestAge         how long ago the oldest event still waiting (either way) occurred; zero when none
     * @param breakers          enabled webhooks per circuit-breaker state, every state present
     */
    public record Reading(long pendingEvents, long pendingDeliveries, Duration oldestAge, Map<String, Long> breakers) {
    }

    /**
     * @param now the present
     * @return the current reading
     */
    public Reading read(Instant now) {
        Object[] events = (Object[]) em.createNativeQuery(EVENTS).getSingleResult();
        Object[] deliveries = (Object[]) em.createNativeQuery(DELIVERIES).getSingleResult();
        Instant oldest = earliest(Clocks.instantOf(events[1]), Clocks.instantOf(deliveries[1]));
        Map<String, Long> breakers = new LinkedHashMap<>();
        for (String state : List.of(Webhook.CLOSED, Webhook.OPEN, Webhook.HALF_OPEN)) {
            breakers.put(state, 0L);
        }
        for (Object row : em.createNativeQuery(BREAKERS).getResultList()) {
            Object[] columns = (Object[]) row;
            breakers.put(String.valueOf(columns[0]), ((Number) columns[1]).longValue());
        }
        Duration age = oldest == null || oldest.isAfter(now) ? Duration.ZERO : Duration.between(oldest, now);
        return new Reading(((Number) events[0]).longValue(), ((Number) deliveries[0]).longValue(), age, breakers);
    }

    private static Instant earliest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isBefore(b) ? a : b;
    }
}
