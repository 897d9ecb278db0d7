package org.fixmyquarter.core.internal;

import java.time.Instant;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;
import jakarta.persistence.EntityManager;

import org.fixmyquarter.core.RequestContext;

/**
 * Writes events to the outbox table inside the caller's transaction.
 */
public final class Outbox {

    /** Looked up once: {@code Json.create...} would search the class path on every call. */
    public static final JsonProvider JSON = JsonProvider.provider();

    /** The envelope's member with the id of the request that caused the event, when there was one. */
    public static final String REQUEST_ID = "requestId";

    private Outbox() {
    }

    /**
     * Adds an event to the outbox; it commits or rolls back with the change it describes.
     *
     * @param em          the entity manager of the current transaction
     * @param type        what happened, for example {@code report.created}
     * @param aggregateId the resource the event is about
     * @param data        the event's data; the envelope (id, type, time, and the id of the request
     *                    being served, {@link RequestContext}) is added here
     * @param at          when the change was made
     * @return the stored event
     */
    public static OutboxEvent record(EntityManager em, String type, String aggregateId, JsonObject data,
                                     Instant at) {
        String id = Ids.newId();
        JsonObjectBuilder envelope = JSON.createObjectBuilder()
                .add("id", id)
                .add("type", type)
                .add("occurredAt", at.toString())
                .add("data", data);
        String requestId = RequestContext.current();
        if (requestId != null) {
            envelope.add(REQUEST_ID, requestId);
        }
        OutboxEvent event = new OutboxEvent(id, type, aggregateId, envelope.build().toString(), at);
        em.persist(event);
        return event;
    }
}
