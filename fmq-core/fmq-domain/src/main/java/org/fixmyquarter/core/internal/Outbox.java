package org.fixmyquarter.core.internal;

import java.time.Instant;
import java.util.Map;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;
import jakarta.persistence.EntityManager;

import org.fixmyquarter.core.RequestContext;
import org.fixmyquarter.core.Tracing;

/**
 * Writes events to the outbox table inside the caller's transaction.
 */
public final class Outbox {

    /** Looked up once: {@code Json.create...} would search the class path on every call. */
    public static final JsonProvider JSON = JsonProvider.provider();

    /** The envelope's member with the id of the request that caused the event, when there was one. */
    public static final String REQUEST_ID = "requestId";

    /**
     * The envelope's member with the W3C {@code traceparent} of the event's span, when the event
     * was recorded inside a trace: the deliveries' spans join that trace.
     */
    public static final String TRACEPARENT = "traceparent";

    private Outbox() {
    }

    /**
     * Adds an event to the outbox; it commits or rolls back with the change it describes.
     *
     * @param em          the entity manager of the current transaction
     * @param type        what happened, for example {@code report.created}
     * @param aggregateId the resource the event is about
     * @param data        the event's data; the envelope (id, type, time, and the id of the request
     *                    being served, {@link RequestContext}, and the trace context, {@link Tracing})
     *                    is added here
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
        Tracing tracing = Tracing.installed();
        // A span for the event only inside a trace (a request's): an event of a background job
        // would otherwise start a trace of one span.
        if (tracing.currentTraceparent() != null) {
            try (Tracing.Span span = tracing.start("outbox " + type, Tracing.Kind.PRODUCER, null,
                    Map.of("fmq.event.id", id, "fmq.event.type", type, "fmq.event.aggregate", String.valueOf(aggregateId)))) {
                if (span.traceparent() != null) {
                    envelope.add(TRACEPARENT, span.traceparent());
                }
            }
        }
        OutboxEvent event = new OutboxEvent(id, type, aggregateId, envelope.build().toString(), at);
        em.persist(event);
        return event;
    }
}
