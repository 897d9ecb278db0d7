package org.fixmyquarter.api.idempotency;

import java.time.Clock;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.fixmyquarter.core.idempotency.IdempotencyKeys;

/**
 * Claims and releases idempotency keys, each in a transaction of its own, committed before the
 * work starts so that other servers see the key in flight; the work completes its key in its own
 * transaction with {@link #keys(EntityManager)}.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.REQUIRES_NEW)
public class IdempotencyTransactions {

    @PersistenceContext(unitName = "fmq")
    private EntityManager em;

    @Inject
    private Clock clock;

    @Inject
    @ConfigProperty(name = "fmq.idempotency.in-flight-timeout", defaultValue = "PT60S")
    private Duration inFlightTimeout;

    @Inject
    @ConfigProperty(name = "fmq.idempotency.retention", defaultValue = "PT24H")
    private Duration retention;

    /**
     * @return what the claim found
     * @see IdempotencyKeys#claim
     */
    public IdempotencyKeys.Claim claim(String scope, String principal, String key, String requestHash) {
        return keys(em).claim(scope, principal, key, requestHash);
    }

    /**
     * Releases a claimed key after the work failed, so the client can retry.
     *
     * @param claimedId the claimed record
     */
    public void release(String claimedId) {
        keys(em).release(claimedId);
    }

    /**
     * @param em the entity manager of the work's transaction
     * @return the keys, with the deployment's settings, to complete one in that transaction
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public IdempotencyKeys keys(EntityManager em) {
        return new IdempotencyKeys(em, clock, inFlightTimeout, retention);
    }
}
