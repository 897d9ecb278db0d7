package org.fixmyquarter.api.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.ToDoubleFunction;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.fixmyquarter.api.persistence.SchemaMigration;
import org.fixmyquarter.core.delivery.Webhook;

/**
 * Gauges of the outbox (its depth and the age of its oldest waiting event) and of the webhooks'
 * circuit breakers. A scrape reads the database at most once per {@link #FRESH_FOR}, however many
 * gauges and scrapers there are; a database that does not answer shows as NaN.
 */
@ApplicationScoped
public class OutboxGauges {

    /** How long one reading serves: Prometheus scrapes every 15 s or more. */
    static final Duration FRESH_FOR = Duration.ofSeconds(5);

    private static final Logger LOG = Logger.getLogger(OutboxGauges.class.getName());

    @Inject
    private MetricRegistry registry;

    @Inject
    private OutboxReadings readings;

    @Inject
    private SchemaMigration migration;

    @Inject
    private Clock clock;

    /** How often a request checks that the gauges are still registered. */
    private static final Duration CHECK_EVERY = Duration.ofSeconds(10);

    private volatile long checkedAt = System.nanoTime();

    private OutboxReadings.Reading last;
    private long lastAt;

    void register(@Observes @Initialized(ApplicationScoped.class) Object event) {
        registerAll();
    }

    /**
     * Registers the gauges again when the registry no longer has them, at most once per
     * {@link #CHECK_EVERY}; the request filter calls it. Counters and histograms are made at their
     * first use, so they come back by themselves; gauges are registered once, at the start, and
     * in CI's test servers (which run for many minutes and many tests) they were gone from
     * /metrics by the time MetricsIT scraped, though a fresh server had them.
     */
    public void ensureRegistered() {
        long now = System.nanoTime();
        if (now - checkedAt < CHECK_EVERY.toNanos()) {
            return;
        }
        checkedAt = now;
        if (registry.getGauge(new org.eclipse.microprofile.metrics.MetricID("fmq.outbox.events.pending")) == null) {
            LOG.info("The outbox gauges were missing from the metric registry; registering them again");
            registerAll();
        }
    }

    private void registerAll() {
        gauge("fmq.outbox.events.pending", "Outbox events committed but not yet handed to their targets",
                MetricUnits.NONE, r -> r.pendingEvents());
        gauge("fmq.deliveries.pending", "Deliveries not yet made or given up (due, or waiting for a retry)",
                MetricUnits.NONE, r -> r.pendingDeliveries());
        gauge("fmq.outbox.oldest.age", "Age of the oldest event whose hand-out or delivery is still to be done;"
                + " 0 when there is none", MetricUnits.SECONDS, r -> r.oldestAge().toMillis() / 1000.0);
        for (String state : new String[] {Webhook.CLOSED, Webhook.OPEN, Webhook.HALF_OPEN}) {
            gauge("fmq.webhooks.breakers", "Enabled webhooks by the state of their circuit breaker",
                    MetricUnits.NONE, r -> r.breakers().getOrDefault(state, 0L), new Tag("state", state));
        }
    }

    private void gauge(String name, String description, String unit, ToDoubleFunction<OutboxReadings.Reading> value,
                       Tag... tags) {
        Metadata metadata = Metadata.builder().withName(name).withDescription(description).withUnit(unit).build();
        // A supplier, which the registry holds strongly (a state object it may hold weakly).
        java.util.function.Supplier<Double> reads = () -> {
            OutboxReadings.Reading reading = reading();
            return reading == null ? Double.NaN : value.applyAsDouble(reading);
        };
        registry.gauge(metadata, reads, tags);
    }

    private synchronized OutboxReadings.Reading reading() {
        long now = System.nanoTime();
        if (last != null && now - lastAt < FRESH_FOR.toNanos()) {
            return last;
        }
        if (migration.schemaVersion() == null) {
            return null;
        }
        try {
            last = readings.read(Instant.now(clock));
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "The outbox gauges could not read the database", e);
            last = null;
        }
        lastAt = now;
        return last;
    }
}
