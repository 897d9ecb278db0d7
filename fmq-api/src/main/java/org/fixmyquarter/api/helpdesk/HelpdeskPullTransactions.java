package org.fixmyquarter.api.helpdesk;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.fixmyquarter.api.plugin.PluginRuntime;
import org.fixmyquarter.core.category.CategoryCatalog;
import org.fixmyquarter.core.helpdesk.HelpdeskPull;

/**
 * The pull's batches, each in a transaction of its own: a slow helpdesk holds its own batch of
 * cases, never another connector's.
 */
@ApplicationScoped
public class HelpdeskPullTransactions {

    @PersistenceContext(unitName = "fmq")
    private EntityManager em;

    @Inject
    private PluginRuntime plugins;

    @Inject
    private CategoryCatalog categories;

    @Inject
    private Clock clock;

    /** The dispatcher's executor, so that a stopping server refuses both alike. */
    @Resource
    private ManagedExecutorService executor;

    /** The dispatcher's limit for one plugin call. */
    @Inject
    @ConfigProperty(name = "fmq.delivery.timeout", defaultValue = "PT10S")
    private Duration timeout;

    private volatile HelpdeskPull pull;

    /** @return the ids of the active connectors that pull updates */
    public List<String> connectors() {
        return pull().connectors();
    }

    /** @return cases asked about per batch */
    public int batchSize() {
        return pull().batchSize();
    }

    /**
     * @param connectorId the connector
     * @param roundStart  when the round began
     * @return what the batch did
     * @see HelpdeskPull#pullNext
     */
    @Transactional
    public HelpdeskPull.Batch pullNext(String connectorId, Instant roundStart) {
        return pull().pullNext(em, connectorId, roundStart);
    }

    private HelpdeskPull pull() {
        if (pull == null) {
            pull = new HelpdeskPull(plugins.registry(), categories, executor, timeout, HelpdeskPull.BATCH_DEFAULT,
                    clock);
        }
        return pull;
    }
}
