package org.fixmyquarter.api.helpdesk;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.fixmyquarter.api.persistence.SchemaMigration;
import org.fixmyquarter.core.delivery.DispatchStoppedException;
import org.fixmyquarter.core.helpdesk.HelpdeskPull;

/**
 * Asks the helpdesk connectors that pull updates about their open cases every
 * {@code fmq.helpdesk.pull-interval} (default {@code PT5M}; {@code PT0S} switches it off), on
 * every server: cases are claimed with {@code SKIP LOCKED}, so servers share the work.
 *
 * <p>A round takes each connector in turn, batch after batch, until every open case was asked
 * about once; a connector that fails ends its own turn, never the round. Stopping works as for the
 * event dispatcher ({@code EventDispatchScheduler}): no new batch starts, and the batch in
 * progress runs to its end, waited for at most {@code fmq.delivery.timeout} plus a margin.
 */
@ApplicationScoped
public class HelpdeskPullScheduler {

    /** Batches of one connector per round, so that one round cannot run for ever. */
    private static final int MAX_BATCHES = 200;

    /** Time for the batch's transaction to commit once its connector call has ended. */
    private static final Duration COMMIT_MARGIN = Duration.ofSeconds(5);

    private static final Logger LOG = Logger.getLogger(HelpdeskPullScheduler.class.getName());

    @Resource
    private ManagedScheduledExecutorService scheduler;

    @Inject
    private HelpdeskPullTransactions transactions;

    @Inject
    private SchemaMigration migration;

    @Inject
    private Clock clock;

    @Inject
    @ConfigProperty(name = "fmq.helpdesk.pull-interval", defaultValue = "PT5M")
    private Duration interval;

    /** A server that delivers no events talks to no plugin in the background either. */
    @Inject
    @ConfigProperty(name = "fmq.delivery.enabled", defaultValue = "true")
    private boolean enabled;

    @Inject
    @ConfigProperty(name = "fmq.delivery.timeout", defaultValue = "PT10S")
    private Duration timeout;

    /** Held for the whole of a round, so that {@link #stop} can wait for the one in progress. */
    private final ReentrantLock running = new ReentrantLock();
    private volatile boolean stopping;
    private ScheduledFuture<?> task;

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        if (!enabled || interval.isZero() || interval.isNegative()) {
            LOG.info("Helpdesk updates are not pulled on this server (fmq.helpdesk.pull-interval=" + interval
                    + ", fmq.delivery.enabled=" + enabled + ")");
            return;
        }
        task = scheduler.scheduleWithFixedDelay(this::round, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void round() {
        if (stopping || migration.schemaVersion() == null) {
            return;
        }
        running.lock();
        try {
            Instant start = clock.instant();
            for (String connector : transactions.connectors()) {
                if (stopping) {
                    return;
                }
                pullAll(connector, start);
            }
        } catch (DispatchStoppedException e) {
            // The server began to stop: the batch rolled back and its cases wait for the next round.
            stopping = true;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Helpdesk pull round failed; retrying in " + interval, e);
        } finally {
            running.unlock();
        }
    }

    private void pullAll(String connector, Instant start) {
        int batchSize = transactions.batchSize();
        for (int i = 0; i < MAX_BATCHES && !stopping; i++) {
            HelpdeskPull.Batch batch;
            try {
                batch = transactions.pullNext(connector, start);
            } catch (DispatchStoppedException e) {
                throw e;
            } catch (RuntimeException e) {
                // A database fault while applying one connector's updates: the others still get their turn.
                LOG.log(Level.WARNING, "Pulling updates from helpdesk connector " + connector + " failed; retrying in "
                        + interval, e);
                return;
            }
            if (batch.error() != null || batch.tickets() < batchSize) {
                return;
            }
        }
    }

    /** Stops before the plugin registry is destroyed, so the batch in progress never calls a closed plugin. */
    void onStop(@Observes @BeforeDestroyed(ApplicationScoped.class) Object event) {
        stop();
    }

    @PreDestroy
    void stop() {
        stopping = true;
        if (task != null) {
            task.cancel(false);
        }
        try {
            if (running.tryLock(timeout.plus(COMMIT_MARGIN).toMillis(), TimeUnit.MILLISECONDS)) {
                running.unlock();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
