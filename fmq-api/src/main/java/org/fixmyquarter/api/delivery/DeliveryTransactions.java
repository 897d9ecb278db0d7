package org.fixmyquarter.api.delivery;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.fixmyquarter.api.plugin.PluginRuntime;
import org.fixmyquarter.core.delivery.Delivery;
import org.fixmyquarter.core.delivery.DeliveryBulkhead;
import org.fixmyquarter.core.delivery.OutboxRetention;
import org.fixmyquarter.core.delivery.DeliverySettings;
import org.fixmyquarter.core.delivery.EventDispatcher;
import org.fixmyquarter.core.delivery.WebhookSettings;
import org.fixmyquarter.core.photo.PhotoFetchJob;
import org.fixmyquarter.core.photo.PhotoJob;
import org.fixmyquarter.core.i18n.Messages;
import org.fixmyquarter.core.i18n.NotificationTexts;

/**
 * The dispatcher's steps, each in a transaction of its own: a slow plugin or webhook holds one
 * delivery row, never a batch.
 */
@ApplicationScoped
@Transactional
public class DeliveryTransactions {

    /** Outbox events removed per transaction. */
    static final int PURGE_BATCH = 500;

    @PersistenceContext(unitName = "fmq")
    private EntityManager em;

    @Inject
    private PluginRuntime plugins;

    @Inject
    private NotificationTexts texts;

    @Inject
    private Messages messages;

    @Inject
    private Clock clock;

    @Resource
    private ManagedExecutorService executor;

    @Inject
    @ConfigProperty(name = "fmq.delivery.max-attempts", defaultValue = "10")
    private int maxAttempts;

    @Inject
    @ConfigProperty(name = "fmq.delivery.timeout", defaultValue = "PT10S")
    private Duration timeout;

    @Inject
    @ConfigProperty(name = "fmq.delivery.first-retry", defaultValue = "PT10S")
    private Duration firstRetry;

    @Inject
    @ConfigProperty(name = "fmq.delivery.max-retry", defaultValue = "PT1H")
    private Duration maxRetry;

    @Inject
    @ConfigProperty(name = "fmq.outbox.retention", defaultValue = "P7D")
    private Duration retention;

    @Inject
    private PhotoJob photoJob;

    @Inject
    private PhotoFetchJob photoFetchJob;

    /** Failed webhook calls in a row that open its circuit breaker. */
    @Inject
    @ConfigProperty(name = "fmq.webhooks.breaker.failures", defaultValue = "5")
    private int breakerFailures;

    /** How long an open breaker holds a webhook's calls back before one probe. */
    @Inject
    @ConfigProperty(name = "fmq.webhooks.breaker.cool-down", defaultValue = "PT1M")
    private Duration breakerCoolDown;

    @Inject
    @ConfigProperty(name = "fmq.webhooks.secret-grace", defaultValue = "PT24H")
    private Duration secretGrace;

    /** Deliveries to one target in progress at once in this server (background jobs: one). */
    @Inject
    @ConfigProperty(name = "fmq.delivery.per-target", defaultValue = "4")
    private int perTarget;

    /**
     * Deliveries to one webhook that one worker sends at once and settles in one transaction,
     * within the webhook's free places of {@code fmq.delivery.per-target}.
     */
    @Inject
    @ConfigProperty(name = "fmq.delivery.batch", defaultValue = "16")
    private int batch;

    private volatile EventDispatcher dispatcher;
    private volatile DeliveryBulkhead bulkhead;

    /**
     * Removes a batch of outbox events whose work is done and that are older than
     * {@code fmq.outbox.retention}, with their deliveries.
     *
     * @return how many events were removed
     */
    public int purgeOutbox() {
        return new OutboxRetention(retention).purge(em, clock.instant(), PURGE_BATCH);
    }

    /**
     * @return how many new events were handed to plugins
     */
    public int fanOut() {
        return dispatcher().fanOut(em);
    }

    /**
     * @return the deliveries attempted (up to {@code fmq.delivery.batch} to one webhook at once,
     *         else one), or empty if none was due
     */
    public List<Delivery> deliverSome() {
        if (batch < 1) {
            throw new IllegalStateException("fmq.delivery.batch must be at least 1, not " + batch);
        }
        return dispatcher().deliverSome(em, bulkhead(), batch);
    }

    /**
     * A photo job takes a photo's size in memory several times over, so jobs run one at a time
     * per server; webhooks and plugins get {@code fmq.delivery.per-target} places each.
     */
    private synchronized DeliveryBulkhead bulkhead() {
        if (bulkhead == null) {
            if (perTarget < 1) {
                throw new IllegalStateException("fmq.delivery.per-target must be at least 1, not " + perTarget);
            }
            bulkhead = new DeliveryBulkhead(target -> target.startsWith(EventDispatcher.JOB_PREFIX) ? 1 : perTarget);
        }
        return bulkhead;
    }

    /**
     * A counter in memory: read without a transaction of its own, as the class's default would
     * start one twice per dispatch round.
     *
     * @see EventDispatcher#handedOutWithoutRequest
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public long handedOutWithoutRequest() {
        return dispatcher().handedOutWithoutRequest();
    }

    private EventDispatcher dispatcher() {
        if (dispatcher == null) {
            Locale locale = messages.defaultLocale();
            dispatcher = new EventDispatcher(plugins.registry(), PluginRuntime.configSource(), texts, locale,
                    new DeliverySettings(maxAttempts, timeout, firstRetry, maxRetry, DeliverySettings.DEFAULTS.batchSize()),
                    executor, clock, List.of(photoJob, photoFetchJob), new WebhookSettings(breakerFailures, breakerCoolDown,
                    secretGrace, WebhookSettings.client(timeout)));
        }
        return dispatcher;
    }
}
