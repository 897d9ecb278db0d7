package org.fixmyquarter.api.notification;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import org.fixmyquarter.core.notification.InAppNotification;
import org.fixmyquarter.core.notification.Inbox;
import org.fixmyquarter.spi.notification.Notification;

/**
 * The transaction boundary around the inbox use cases.
 */
@ApplicationScoped
@Transactional
public class InboxTransactions {

    @PersistenceContext(unitName = "fmq")
    private EntityManager em;

    @Inject
    private Clock clock;

    /**
     * Stores what the in-app channel delivers. A transaction of its own: the dispatcher calls the
     * channel on a worker thread, outside the transaction that holds the delivery row.
     *
     * @param notification a notification with a recipient
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void store(Notification notification) {
        inbox().store(notification);
    }

    /** @see Inbox#list */
    Inbox.Page list(String userId, boolean unreadOnly, String cursor, int limit) {
        return inbox().list(userId, unreadOnly, cursor, limit);
    }

    /** @see Inbox#markRead */
    InAppNotification markRead(String userId, String id) {
        return inbox().markRead(userId, id);
    }

    /** @see Inbox#markAllRead */
    int markAllRead(String userId) {
        return inbox().markAllRead(userId);
    }

    /** @see Inbox#unread */
    long unread(String userId) {
        return inbox().unread(userId);
    }

    private Inbox inbox() {
        return new Inbox(em, clock);
    }
}
