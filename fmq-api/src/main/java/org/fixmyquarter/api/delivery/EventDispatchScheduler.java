package org.fixmyquarter.api.delivery;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.fixmyquarter.api.metrics.ServerMetrics;
import org.fixmyquarter.api.persistence.SchemaMigration;
import org.fixmyquarter.core.delivery.Delivery;

/**
 * Runs the event dispatcher in the background on every server: {@code fmq.delivery.workers}
 * workers run rounds side by side, each handing new outbox events to the plugins, then making the
 * deliveries that are due, one at a time; the bulkhead of {@link DeliveryTransactions} keeps a
 * slow target to {@code fmq.delivery.per-target} of them. Rows are claimed with
 * {@code SKIP LOCKED}, so workers and servers share the work without coordinating.
 *
 * <p>When the server stops, no new round starts and the deliveries in progress run to their end
 * (see {@link DispatchRounds}); then one line in the log says what the last rounds finished and
 * released. Open Liberty already waits for the round during its quiesce (up to 30 s) and refuses
 * further plugin calls from its start; when only the application stops, this bean waits for the
 * round itself, for at most {@code fmq.delivery.timeout} plus {@link #COMMIT_MARGIN}.
 */
@ApplicationScoped
public class EventDispatchScheduler {

    /** Deliveries per batch of a round, so that new events are handed out between batches. */
    private static final int MAX_PER_ROUND = 200;

    /**
     * How often finished outbox events older than fmq.outbox.retention are removed, and whatever
     * else is past its retention ({@link RetentionPurge}).
     */
    private static final Duration PURGE_EVERY = Duration.ofMinutes(10);

    /** Time for the delivery's transaction to commit once its plugin call has ended. */
    static final Duration COMMIT_MARGIN = Duration.ofSeconds(5);

    private static final Logger LOG = Logger.getLogger(EventDispatchScheduler.class.getName());

    @Resource
    private ManagedScheduledExecutorService scheduler;

    @Inject
    private DeliveryTransactions transactions;

    @Inject
    private ServerMetrics metrics;

    @Inject
    private org.fixmyquarter.api.cache.PublicReadCache publicReads;

    @Inject
    private SchemaMigration migration;

    @Inject
    private Instance<RetentionPurge> purges;

    @Inject
    @ConfigProperty(name = "fmq.delivery.poll-interval", defaultValue = "PT1S")
    private Duration interval;

    @Inject
    @ConfigProperty(name = "fmq.delivery.enabled", defaultValue = "true")
    private boolean enabled;

    /** A plugin call is abandoned after this long, which bounds the wait for the delivery in progress. */
    @Inject
    @ConfigProperty(name = "fmq.delivery.timeout", defaultValue = "PT10S")
    private Duration deliveryTimeout;

    private DispatchRounds rounds;

    /** When this server last removed finished outbox events; a few times an hour is plenty. */
    private final AtomicLong lastPurge = new AtomicLong(System.nanoTime());

    /** Rounds running side by side on this server, each making one delivery at a time. */
    @Inject
    @ConfigProperty(name = "fmq.delivery.workers", defaultValue = "8")
    private int workers;

    private final List<ScheduledFuture<?>> tasks = new CopyOnWriteArrayList<>();

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        if (!enabled) {
            LOG.info("Event delivery is switched off on this server (fmq.delivery.enabled=false)");
            return;
        }
        rounds = new DispatchRounds(new DispatchRounds.Steps() {
            @Override
            public int fanOut() {
                long before = transactions.handedOutWithoutRequest();
                int handedOut = transactions.fanOut();
                if (transactions.handedOutWithoutRequest() > before) {
                    // Committed: writes made without a request (a status pulled back from a
                    // helpdesk, a rendered photo) reach the public reads too. A request's own
                    // writes dropped the cache when it answered.
                    publicReads.changed();
                }
                return handedOut;
            }

            @Override
            public List<Delivery> deliverSome() {
                // Counted once their transaction committed: a rolled-back turn changed nothing.
                List<Delivery> deliveries = transactions.deliverSome();
                deliveries.forEach(metrics::delivery);
                return deliveries;
            }
        }, MAX_PER_ROUND);
        if (workers < 1) {
            LOG.severe("fmq.delivery.workers must be at least 1, not " + workers + "; this server delivers with one");
            workers = 1;
        }
        long every = Math.max(1, interval.toMillis());
        for (int i = 0; i < workers; i++) {
            // Spread over the interval, so that the workers do not all poll an empty queue at once.
            tasks.add(scheduler.scheduleWithFixedDelay(this::round, every + every * i / workers, every,
                    TimeUnit.MILLISECONDS));
        }
    }

    private void round() {
        if (migration.schemaVersion() == null) {
            return;
        }
        rounds.round(interval);
        long last = lastPurge.get();
        // One worker purges; the others go on delivering.
        if (System.nanoTime() - last > PURGE_EVERY.toNanos() && lastPurge.compareAndSet(last, System.nanoTime())) {
            try {
                while (transactions.purgeOutbox() == DeliveryTransactions.PURGE_BATCH) {
                    // The next batch, each in a transaction of its own.
                }
            } catch (RuntimeException e) {
                LOG.log(java.util.logging.Level.WARNING, "Removing finished outbox events failed; next try in "
                        + PURGE_EVERY.toMinutes() + " minutes", e);
            }
            for (RetentionPurge purge : purges) {
                try {
                    int removed = 0;
                    int batch;
                    do {
                        batch = purge.purge();
                        removed += batch;
                    } while (batch == purge.batch());
                    if (removed > 0) {
                        LOG.info("Removed " + removed + " " + purge.what() + " past their retention");
                    }
                } catch (RuntimeException e) {
                    LOG.log(java.util.logging.Level.WARNING, "Removing " + purge.what() + " past their retention "
                            + "failed; next try in " + PURGE_EVERY.toMinutes() + " minutes", e);
                }
            }
        }
    }

    /**
     * Stops before the application's beans are destroyed, the plugin registry among them, so
     * that the delivery in progress never calls a plugin that is already closed.
     */
    void onStop(@Observes @BeforeDestroyed(ApplicationScoped.class) Object event) {
        stop();
    }

    @PreDestroy
    void stop() {
        tasks.forEach(task -> task.cancel(false));
        if (rounds != null) {
            rounds.stop(deliveryTimeout.plus(COMMIT_MARGIN));
        }
    }
}
