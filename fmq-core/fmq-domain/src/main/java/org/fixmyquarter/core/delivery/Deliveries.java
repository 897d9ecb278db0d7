package org.fixmyquarter.core.delivery;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Query;
import jakarta.persistence.TypedQuery;

import org.fixmyquarter.core.Actor;
import org.fixmyquarter.core.Permissions;
import org.fixmyquarter.core.audit.AuditLog;
import org.fixmyquarter.core.error.ConflictException;
import org.fixmyquarter.core.error.NotFoundException;
import org.fixmyquarter.core.error.ValidationException;
import org.fixmyquarter.core.internal.Clocks;
import org.fixmyquarter.core.internal.Cursors;
import org.fixmyquarter.core.internal.Outbox;
import org.fixmyquarter.core.internal.OutboxEvent;

/**
 * The administrator's view of deliveries, for every target (plugins, background jobs, webhooks):
 * list them by target and state, and replay dead ones. A replay puts a dead delivery back to
 * pending with its attempts counted afresh, due at once; it keeps its event id, so a receiver that
 * did get the event before drops the copy. Replays are audited.
 */
public final class Deliveries {

    /** Most deliveries per page. */
    public static final int MAX_LIMIT = 200;

    private static final Set<String> STATES = Set.of(Delivery.PENDING, Delivery.DELIVERED, Delivery.DEAD,
            Delivery.SKIPPED);

    private final EntityManager em;
    private final Clock clock;
    private final AuditLog audit;

    /**
     * A delivery with what it carries.
     *
     * @param delivery   the delivery
     * @param eventType  its event's type
     * @param subjectId  what the event is about (a report, for webhook events)
     * @param occurredAt when the event happened
     */
    public record Item(Delivery delivery, String eventType, String subjectId, Instant occurredAt) {
    }

    /**
     * A page of deliveries.
     *
     * @param items deliveries, most recently changed first
     * @param next  the cursor of the following page, or {@code null} on the last
     */
    public record Page(List<Item> items, String next) {
    }

    /**
     * @param em    the entity manager of the current transaction
     * @param clock the source of "now"
     */
    public Deliveries(EntityManager em, Clock clock) {
        this.em = Objects.requireNonNull(em, "em");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.audit = new AuditLog(em);
    }

    /**
     * Lists deliveries, most recently changed first.
     *
     * @param target a target such as {@code webhook/<id>} or {@code notification-channel/email}, or {@code null} for all
     * @param state  pending, delivered, dead or skipped, or {@code null} for all
     * @param limit  deliveries per page, 1 to {@link #MAX_LIMIT}
     * @param cursor the {@code next} of the previous page, or {@code null}
     * @param by     the administrator
     * @return one page
     * @throws ValidationException if the state, limit or cursor is not acceptable
     */
    public Page list(String target, String state, int limit, String cursor, Actor by) {
        Permissions.checkManageIntegrations(by);
        if (state != null && !STATES.contains(state)) {
            throw new ValidationException("state", "must be one of pending, delivered, dead, skipped (got '"
                    + (state.length() > 20 ? state.substring(0, 20) + "…" : state) + "')");
        }
        Cursors.checkLimit(limit, MAX_LIMIT);
        Cursors.Position after = cursor == null ? null : Cursors.decode(cursor);
        StringBuilder jpql = new StringBuilder("SELECT d, e FROM Delivery d, OutboxEvent e WHERE d.eventId = e.id");
        if (target != null) {
            jpql.append(" AND d.consumer = :target");
        }
        if (state != null) {
            jpql.append(" AND d.state = :state");
        }
        if (after != null) {
            jpql.append(" AND (d.updatedAt < :afterTime OR (d.updatedAt = :afterTime AND d.id < :afterId))");
        }
        jpql.append(" ORDER BY d.updatedAt DESC, d.id DESC");
        TypedQuery<Object[]> query = em.createQuery(jpql.toString(), Object[].class);
        if (target != null) {
            query.setParameter("target", target);
        }
        if (state != null) {
            query.setParameter("state", state);
        }
        if (after != null) {
            query.setParameter("afterTime", after.createdAt().atOffset(ZoneOffset.UTC));
            query.setParameter("afterId", after.id());
        }
        List<Item> rows = query.setMaxResults(limit + 1).getResultList().stream()
                .map(row -> item((Delivery) row[0], (OutboxEvent) row[1])).toList();
        Cursors.Slice<Item> page = Cursors.slice(rows, limit,
                i -> Cursors.encode(i.delivery().getUpdatedAt(), i.delivery().getId()));
        return new Page(page.items(), page.next());
    }

    /**
     * Puts one dead delivery back to pending.
     *
     * @param id the delivery's id
     * @param by the administrator
     * @return the delivery, pending again
     * @throws NotFoundException if there is none
     * @throws ConflictException {@code not-dead} if it is not dead: a pending one is tried anyway,
     *                           a delivered one is not sent twice on purpose
     */
    public Item replay(String id, Actor by) {
        Permissions.checkManageIntegrations(by);
        Delivery delivery = id == null || id.length() > 32 ? null
                : em.find(Delivery.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (delivery == null) {
            throw new NotFoundException("delivery", id);
        }
        if (!Delivery.DEAD.equals(delivery.getState())) {
            throw new ConflictException("not-dead", "Only a dead delivery can be replayed; this one is "
                    + delivery.getState() + ".");
        }
        Instant now = Clocks.now(clock);
        delivery.replay(now);
        audit.record(by, "delivery.replayed", "delivery", delivery.getId(), null, Outbox.JSON.createObjectBuilder()
                .add("target", delivery.getConsumer()).add("eventId", delivery.getEventId()).build(), now);
        return item(delivery, em.find(OutboxEvent.class, delivery.getEventId()));
    }

    /**
     * Puts every dead delivery of a target back to pending, optionally only those of events that
     * happened in a time range.
     *
     * @param target the target, such as {@code webhook/<id>}
     * @param from   the earliest event time included, or {@code null}
     * @param to     the event time excluded from there on, or {@code null}
     * @param by     the administrator
     * @return how many deliveries were replayed
     * @throws ValidationException if the target is missing or the range is empty
     */
    public int replayAll(String target, Instant from, Instant to, Actor by) {
        Permissions.checkManageIntegrations(by);
        if (target == null || target.isBlank()) {
            throw new ValidationException("target", "is required, such as webhook/<id> or notification-channel/email");
        }
        if (from != null && to != null && !from.isBefore(to)) {
            throw new ValidationException("to", "must be after from");
        }
        Instant now = Clocks.now(clock);
        StringBuilder jpql = new StringBuilder("UPDATE Delivery d SET d.state = :pending, d.attempts = 0,"
                + " d.nextAttemptAt = :now, d.updatedAt = :now WHERE d.consumer = :target AND d.state = :dead");
        if (from != null || to != null) {
            jpql.append(" AND d.eventId IN (SELECT e.id FROM OutboxEvent e WHERE 1 = 1");
            if (from != null) {
                jpql.append(" AND e.occurredAt >= :from");
            }
            if (to != null) {
                jpql.append(" AND e.occurredAt < :to");
            }
            jpql.append(")");
        }
        Query update = em.createQuery(jpql.toString())
                .setParameter("pending", Delivery.PENDING)
                .setParameter("now", now.atOffset(ZoneOffset.UTC))
                .setParameter("target", target)
                .setParameter("dead", Delivery.DEAD);
        if (from != null) {
            update.setParameter("from", from.atOffset(ZoneOffset.UTC));
        }
        if (to != null) {
            update.setParameter("to", to.atOffset(ZoneOffset.UTC));
        }
        int count = update.executeUpdate();
        var after = Outbox.JSON.createObjectBuilder().add("target", target).add("replayed", count);
        if (from != null) {
            after.add("from", from.toString());
        }
        if (to != null) {
            after.add("to", to.toString());
        }
        audit.record(by, "delivery.replayed_all", "delivery_target", target.length() > 64 ? target.substring(0, 64)
                : target, null, after.build(), now);
        return count;
    }

    private static Item item(Delivery delivery, OutboxEvent event) {
        return new Item(delivery, event == null ? null : event.getType(), event == null ? null
                : event.getAggregateId(), event == null ? null : event.getOccurredAt());
    }
}
