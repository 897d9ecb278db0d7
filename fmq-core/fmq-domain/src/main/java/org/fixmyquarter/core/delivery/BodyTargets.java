package org.fixmyquarter.core.delivery;

import java.io.StringReader;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.persistence.EntityManager;

import org.fixmyquarter.core.body.Body;
import org.fixmyquarter.core.internal.Outbox;
import org.fixmyquarter.core.internal.OutboxEvent;
import org.fixmyquarter.core.plugin.PluginKind;

/**
 * Which delivery targets the responsible bodies name, read once per fan-out batch: the rule that
 * sends a body's reports to its own target and to no other body's.
 *
 * <p>A target (a helpdesk connector, a webhook) that a live body names is <em>claimed</em>: it
 * receives the events of the reports whose body names it, and no others. A target no live body
 * names receives every report's events, as before bodies existed, so a deployment without bodies
 * delivers as it always did.
 */
final class BodyTargets {

    /** What a report handed over to another body emits; its new body's target receives it. */
    static final String HANDED_OVER = org.fixmyquarter.core.internal.Events.BODY_CHANGED;

    private final Map<String, Body> bodies = new HashMap<>();
    private final Set<String> claimed = new HashSet<>();
    private boolean mailed;

    private BodyTargets(List<Body> all) {
        for (Body body : all) {
            bodies.put(body.getId(), body);
            String target = consumerOf(body);
            if (target != null && !body.isRetired()) {
                claimed.add(target);
            }
            mailed |= body.getTargetKind() == Body.Target.EMAIL;
        }
    }

    /**
     * @param em the entity manager of the current transaction
     * @return the bodies' targets as they are now, retired bodies included (their reports keep going
     *         to their target until moved)
     */
    static BodyTargets load(EntityManager em) {
        return new BodyTargets(em.createQuery("SELECT b FROM Body b", Body.class).getResultList());
    }

    /**
     * @param consumer a delivery target: a plugin's key ({@code helpdesk_connector/open311}) or a
     *                 webhook's ({@code webhook/<id>})
     * @param bodyId   the body of the report the event is about, or {@code null}
     * @return whether the target receives the event: it is the body's own, or no body claims it
     */
    boolean admits(String consumer, String bodyId) {
        return !claimed.contains(consumer) || isBodyTarget(consumer, bodyId);
    }

    /**
     * @param consumer a delivery target
     * @param bodyId   a body, or {@code null}
     * @return whether it is the body's own target
     */
    boolean isBodyTarget(String consumer, String bodyId) {
        Body body = bodyId == null ? null : bodies.get(bodyId);
        return body != null && consumer.equals(consumerOf(body));
    }

    /**
     * @param bodyId a body, or {@code null}
     * @return the body, if it exists
     */
    Body body(String bodyId) {
        return bodyId == null ? null : bodies.get(bodyId);
    }

    /** @return whether any body names a target or an address, so that events need their report's body */
    boolean anyTargeted() {
        return !claimed.isEmpty() || mailed;
    }

    /**
     * The body of the report an event tells of: the one its summary carries (the body when the
     * event happened), else, for the events without a summary (votes, comment edits, photos), the
     * report's body now. Every report event's aggregate is its report.
     *
     * @param em  the entity manager of the current transaction
     * @param row an outbox event
     * @return the body's id, or {@code null}
     */
    static String bodyOf(EntityManager em, OutboxEvent row) {
        try (JsonReader reader = Outbox.JSON.createReader(new StringReader(row.getPayload()))) {
            JsonObject data = reader.readObject().getJsonObject("data");
            if (data != null && data.containsKey("reportId") && data.containsKey("title")) {
                return data.getString("bodyId", null);
            }
        } catch (RuntimeException e) {
            // An unreadable event is reported where it is read for its plugins.
            return null;
        }
        List<?> body = em.createNativeQuery("SELECT body_id FROM fmq_report WHERE id = ?1")
                .setParameter(1, row.getAggregateId()).getResultList();
        return body.isEmpty() || body.get(0) == null ? null : body.get(0).toString();
    }

    /** @return the delivery target a body names, as the deliveries' consumer column writes it, or {@code null} */
    private static String consumerOf(Body body) {
        switch (body.getTargetKind()) {
            case CONNECTOR:
                return PluginKind.HELPDESK_CONNECTOR.wireName() + "/" + body.getTarget();
            case WEBHOOK:
                return Webhook.TARGET_PREFIX + body.getTarget();
            default:
                return null;
        }
    }
}
