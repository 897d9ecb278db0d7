package org.fixmyquarter.api.delivery;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.fixmyquarter.api.persistence.SchemaMigration;
import org.fixmyquarter.core.delivery.Delivery;

/**
 * Runs the event dispatcher in the background on every server: each round hands new outbox
 * events to the plugins, then makes the deliveries that are due. Rows are claimed with
 * {@code SKIP LOCKED}, so servers share the work without coordinating.
 */
@ApplicationScoped
public class EventDispatchScheduler {

    /** Deliveries per round, so one round cannot run for ever behind a queue. */
    private static final int MAX_PER_ROUND = 200;

    private static final Logger LOG = Logger.getLogger(EventDispatchScheduler.class.getName());

    @Resource
    private ManagedScheduledExecutorService scheduler;

    @Inject
    private DeliveryTransactions transactions;

    @Inject
    private SchemaMigration migration;

    @Inject
    @ConfigProperty(name = "fmq.delivery.poll-interval", defaultValue = "PT1S")
    private Duration interval;

    @Inject
    @ConfigProperty(name = "fmq.delivery.enabled", defaultValue = "true")
    private boolean enabled;

    private ScheduledFuture<?> task;

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        if (!enabled) {
            LOG.info("Event delivery is switched off on this server (fmq.delivery.enabled=false)");
            return;
        }
        task = scheduler.scheduleWithFixedDelay(this::round, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void round() {
        if (migration.schemaVersion() == null) {
            return;
        }
        try {
            while (transactions.fanOut() > 0) {
                // Hand out every waiting event before delivering, oldest first.
            }
            for (int i = 0; i < MAX_PER_ROUND; i++) {
                Optional<Delivery> delivery = transactions.deliverNext();
                if (delivery.isEmpty()) {
                    break;
                }
                Delivery d = delivery.get();
                if (!Delivery.DELIVERED.equals(d.getState()) && d.getLastError() != null) {
                    LOG.warning(() -> "Delivery of event " + d.getEventId() + " to " + d.getConsumer() + ": "
                            + d.getState() + " after " + d.getAttempts() + " attempt(s): " + d.getLastError());
                }
            }
        } catch (RuntimeException e) {
            // A database outage: the next round tries again; nothing is lost, the rows wait.
            LOG.log(Level.WARNING, "Event delivery round failed; retrying in " + interval, e);
        }
    }

    @PreDestroy
    void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }
}
