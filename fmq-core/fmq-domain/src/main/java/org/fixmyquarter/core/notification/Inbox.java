package org.fixmyquarter.core.notification;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;

import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;

import org.fixmyquarter.core.error.NotFoundException;
import org.fixmyquarter.core.internal.Clocks;
import org.fixmyquarter.core.internal.Cursors;
import org.fixmyquarter.core.internal.Ids;
import org.fixmyquarter.spi.event.ReportCommented;
import org.fixmyquarter.spi.notification.Notification;

/**
 * A person's in-app notifications: stored by the in-app channel, listed newest first and marked
 * read by their owner only. Every method runs in the caller's transaction.
 */
public class Inbox {

    /**
     * Notifications of a report or a comment a moderator hid leave the inbox with it (they quote
     * its title or text), and come back if it is shown again; so do those of a comment its author
     * deleted, for good.
     */
    private static final String VISIBLE = " AND NOT EXISTS (SELECT r.id FROM Report r WHERE r.id = n.reportId"
            + " AND r.hiding.hiddenAt IS NOT NULL)"
            + " AND NOT EXISTS (SELECT c.id FROM Comment c WHERE c.id = n.commentId"
            + " AND (c.hiding.hiddenAt IS NOT NULL OR c.deletedAt IS NOT NULL))";

    /** Default page size. */
    public static final int DEFAULT_LIMIT = 20;
    /** Largest page size. */
    public static final int MAX_LIMIT = 100;

    private final EntityManager em;
    private final Clock clock;

    /**
     * One page of notifications.
     *
     * @param items  newest first
     * @param next   the cursor of the next page, or {@code null} on the last
     * @param unread how many of the owner's notifications are unread, all pages together
     */
    public record Page(List<InAppNotification> items, String next, long unread) {
    }

    /**
     * @param em    the entity manager of the current transaction
     * @param clock the source of "now"
     */
    public Inbox(EntityManager em, Clock clock) {
        this.em = Objects.requireNonNull(em, "em");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Puts a personal notification into its recipient's inbox, once: storing the same event for
     * the same person again (a redelivery) changes nothing.
     *
     * @param notification a notification with a recipient
     * @return whether it was new
     * @throws IllegalArgumentException if it names no recipient
     */
    public boolean store(Notification notification) {
        if (notification.recipient() == null) {
            throw new IllegalArgumentException("an in-app notification needs a recipient");
        }
        String userId = notification.recipient().accountId();
        String eventId = notification.event().eventId();
        boolean known = !em.createQuery("SELECT n.id FROM InAppNotification n WHERE n.userId = :user"
                        + " AND n.eventId = :event", String.class)
                .setParameter("user", userId).setParameter("event", eventId).setMaxResults(1).getResultList().isEmpty();
        if (known) {
            return false;
        }
        String commentId = notification.event() instanceof ReportCommented
                ? ((ReportCommented) notification.event()).commentId() : null;
        em.persist(new InAppNotification(Ids.newId(), userId, eventId, notification.event().type(),
                notification.event().report().id(), commentId, notification.recipient().reason().name(),
                cut(notification.subject(), 300), cut(notification.text(), 4000), Clocks.now(clock)));
        return true;
    }

    /**
     * @param userId     the owner
     * @param unreadOnly whether to leave out the ones read
     * @param cursor     from a previous page, or {@code null}
     * @param limit      1 to {@link #MAX_LIMIT}
     * @return one page, newest first
     * @throws org.fixmyquarter.core.error.ValidationException if the limit is out of range or the
     *                                                         cursor not one we issued
     */
    public Page list(String userId, boolean unreadOnly, String cursor, int limit) {
        Cursors.checkLimit(limit, MAX_LIMIT);
        Cursors.Position after = cursor == null ? null : Cursors.decode(cursor);
        StringBuilder jpql = new StringBuilder("SELECT n FROM InAppNotification n WHERE n.userId = :user"
                + VISIBLE);
        if (unreadOnly) {
            jpql.append(" AND n.readAt IS NULL");
        }
        if (after != null) {
            jpql.append(" AND (n.createdAt < :time OR (n.createdAt = :time AND n.id < :id))");
        }
        jpql.append(" ORDER BY n.createdAt DESC, n.id DESC");
        TypedQuery<InAppNotification> query = em.createQuery(jpql.toString(), InAppNotification.class)
                .setParameter("user", userId);
        if (after != null) {
            query.setParameter("time", after.createdAt().atOffset(ZoneOffset.UTC)).setParameter("id", after.id());
        }
        Cursors.Slice<InAppNotification> page = Cursors.slice(query.setMaxResults(limit + 1).getResultList(), limit,
                n -> Cursors.encode(n.getCreatedAt(), n.getId()));
        return new Page(page.items(), page.next(), unread(userId));
    }

    /**
     * @param userId the owner
     * @return how many of their notifications are unread
     */
    public long unread(String userId) {
        return em.createQuery("SELECT COUNT(n) FROM InAppNotification n WHERE n.userId = :user AND n.readAt IS NULL"
                + VISIBLE, Long.class).setParameter("user", userId).getSingleResult();
    }

    /**
     * Marks one notification read; marking it again changes nothing.
     *
     * @param userId the signed-in user
     * @param id     one of their notifications
     * @return the notification
     * @throws NotFoundException if they have none with that id (someone else's included)
     */
    public InAppNotification markRead(String userId, String id) {
        // A notification whose report or comment is hidden is not in the inbox, so not here either:
        // the answer would quote what the moderator hid.
        InAppNotification notification = id == null ? null : em.createQuery("SELECT n FROM InAppNotification n"
                        + " WHERE n.id = :id AND n.userId = :user" + VISIBLE, InAppNotification.class)
                .setParameter("id", id).setParameter("user", userId).getResultStream().findFirst().orElse(null);
        if (notification == null) {
            throw new NotFoundException("notification", id);
        }
        notification.markRead(Clocks.now(clock));
        return notification;
    }

    /**
     * Marks all of a person's notifications read.
     *
     * @param userId the signed-in user
     * @return how many were unread
     */
    public int markAllRead(String userId) {
        return em.createQuery("UPDATE InAppNotification n SET n.readAt = :now WHERE n.userId = :user"
                        + " AND n.readAt IS NULL")
                .setParameter("now", Clocks.now(clock).atOffset(ZoneOffset.UTC)).setParameter("user", userId)
                .executeUpdate();
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "\u2026";
    }
}
