package org.fixmyquarter.api.integration;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.fixmyquarter.core.Actor;
import org.fixmyquarter.core.delivery.Deliveries;
import org.fixmyquarter.core.delivery.Webhook;
import org.fixmyquarter.core.delivery.Webhooks;

/**
 * The transaction boundary around the webhook and delivery use cases; the core checks who may.
 */
@ApplicationScoped
@Transactional
public class IntegrationTransactions {

    @PersistenceContext(unitName = "fmq")
    private EntityManager em;

    @Inject
    private Clock clock;

    @Inject
    @ConfigProperty(name = "fmq.webhooks.secret-grace", defaultValue = "PT24H")
    private Duration secretGrace;

    private Webhooks webhooks() {
        return new Webhooks(em, clock, secretGrace);
    }

    private Deliveries deliveries() {
        return new Deliveries(em, clock);
    }

    /** @see Webhooks#create */
    public Webhooks.WithSecret create(String url, List<String> eventTypes, String description, Actor by) {
        return webhooks().create(url, eventTypes, description, by);
    }

    /** @see Webhooks#list */
    public List<Webhook> list(Actor by) {
        return webhooks().list(by);
    }

    /** @see Webhooks#get */
    public Webhook get(String id, Actor by) {
        return webhooks().get(id, by);
    }

    /** @see Webhooks#change */
    public Webhook change(String id, String url, List<String> eventTypes, String description, Boolean enabled,
                          Actor by) {
        return webhooks().change(id, url, eventTypes, description, enabled, by);
    }

    /** @see Webhooks#delete */
    public void delete(String id, Actor by) {
        webhooks().delete(id, by);
    }

    /** @see Webhooks#rotateSecret */
    public Webhooks.WithSecret rotateSecret(String id, Actor by) {
        return webhooks().rotateSecret(id, by);
    }

    /** @see Deliveries#list */
    public Deliveries.Page deliveries(String target, String state, int limit, String cursor, Actor by) {
        return deliveries().list(target, state, limit, cursor, by);
    }

    /** @see Deliveries#replay */
    public Deliveries.Item replay(String id, Actor by) {
        return deliveries().replay(id, by);
    }

    /** @see Deliveries#replayAll */
    public int replayAll(String target, Instant from, Instant to, Actor by) {
        return deliveries().replayAll(target, from, to, by);
    }
}
