package org.fixmyquarter.core.audit;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;

import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;

import org.fixmyquarter.core.Actor;
import org.fixmyquarter.core.error.ValidationException;
import org.fixmyquarter.core.internal.Cursors;
import org.fixmyquarter.core.internal.Ids;
import org.fixmyquarter.core.internal.Outbox;

/**
 * The audit log of privileged actions (role changes, status changes, moderation, configuration).
 * Entries are written in the transaction of the action they describe, so an action that rolls
 * back leaves no entry, and one that commits always has one. There is no way to change or remove
 * an entry.
 */
public final class AuditLog {

    /** Most entries per page. */
    public static final int MAX_LIMIT = 200;

    private static final int STATE_MAX = 4000;

    private final EntityManager em;

    /**
     * @param em the entity manager of the current transaction
     */
    public AuditLog(EntityManager em) {
        this.em = Objects.requireNonNull(em, "em");
    }

    /**
     * A page of entries.
     *
     * @param items entries, newest first
     * @param next  the cursor of the following page, or {@code null} on the last
     */
    public record Page(List<AuditEntry> items, String next) {
    }

    /**
     * Adds an entry.
     *
     * @param actor      who acted
     * @param action     what they did, for example {@code user.role_granted}
     * @param targetType the kind of target, for example {@code user}
     * @param targetId   the target's id
     * @param before     the state before, or {@code null}
     * @param after      the state after, or {@code null}
     * @param at         when
     * @return the entry
     */
    public AuditEntry record(Actor actor, String action, String targetType, String targetId, JsonObject before,
                             JsonObject after, Instant at) {
        AuditEntry entry = new AuditEntry(Ids.newId(), at, actor.id(), actor.displayName(), action, targetType,
                targetId, text(before), text(after));
        em.persist(entry);
        return entry;
    }

    /**
     * Lists entries newest first.
     *
     * @param targetId only the entries about this target, or {@code null} for all
     * @param limit    entries per page, 1 to {@link #MAX_LIMIT}
     * @param cursor   the {@code next} of the previous page, or {@code null}
     * @return one page
     * @throws ValidationException if the limit is out of range or the cursor not one we issued
     */
    public Page list(String targetId, int limit, String cursor) {
        Cursors.checkLimit(limit, MAX_LIMIT);
        Cursors.Position after = cursor == null ? null : Cursors.decode(cursor);
        StringBuilder jpql = new StringBuilder("SELECT a FROM AuditEntry a WHERE 1 = 1");
        if (targetId != null) {
            jpql.append(" AND a.targetId = :target");
        }
        if (after != null) {
            jpql.append(" AND (a.occurredAt < :afterTime OR (a.occurredAt = :afterTime AND a.id < :afterId))");
        }
        jpql.append(" ORDER BY a.occurredAt DESC, a.id DESC");
        TypedQuery<AuditEntry> query = em.createQuery(jpql.toString(), AuditEntry.class);
        if (targetId != null) {
            query.setParameter("target", targetId);
        }
        if (after != null) {
            query.setParameter("afterTime", after.createdAt().atOffset(ZoneOffset.UTC));
            query.setParameter("afterId", after.id());
        }
        Cursors.Slice<AuditEntry> page = Cursors.slice(query.setMaxResults(limit + 1).getResultList(), limit,
                a -> Cursors.encode(a.getOccurredAt(), a.getId()));
        return new Page(page.items(), page.next());
    }

    private static String text(JsonObject state) {
        if (state == null) {
            return null;
        }
        String json = state.toString();
        if (json.length() <= STATE_MAX) {
            return json;
        }
        // A state too large to keep whole (a long reason) is cut, and stays valid JSON.
        String cut = Outbox.JSON.createObjectBuilder().add("truncated", json.substring(0, STATE_MAX / 2)).build()
                .toString();
        return cut.length() <= STATE_MAX ? cut : "{\"truncated\":true}";
    }
}
