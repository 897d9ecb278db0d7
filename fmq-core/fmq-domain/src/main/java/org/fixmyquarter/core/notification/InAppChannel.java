package org.fixmyquarter.core.notification;

import java.util.Objects;

import org.fixmyquarter.spi.PluginDescriptor;
import org.fixmyquarter.spi.PluginException;
import org.fixmyquarter.spi.SpiVersion;
import org.fixmyquarter.spi.event.ReportCommented;
import org.fixmyquarter.spi.event.ReportCreated;
import org.fixmyquarter.spi.event.ReportStatusChanged;
import org.fixmyquarter.spi.notification.Notification;
import org.fixmyquarter.spi.notification.NotificationChannel;

/**
 * The built-in personal channel that fills each person's {@link Inbox} on the site. It is an
 * ordinary {@link NotificationChannel}, so it goes through the same dispatcher, retries and admin
 * list as any plugin; what it needs from the server is a way to store a notification in a
 * transaction of its own.
 */
public final class InAppChannel implements NotificationChannel {

    /** The channel's plugin id. */
    public static final String ID = "in-app";

    /**
     * Stores one notification in its own transaction, as {@link Inbox#store(Notification)} does.
     */
    @FunctionalInterface
    public interface Store {
        /**
         * @param notification a notification with a recipient
         */
        void store(Notification notification);
    }

    private final Store store;
    private final String version;

    /**
     * @param store   writes into the inbox
     * @param version the server's version, shown in the admin plugin list
     */
    public InAppChannel(Store store, String version) {
        this.store = Objects.requireNonNull(store, "store");
        this.version = Objects.requireNonNull(version, "version");
    }

    @Override
    public PluginDescriptor descriptor() {
        return new PluginDescriptor(ID, version, SpiVersion.VERSION);
    }

    @Override
    public boolean personal() {
        return true;
    }

    @Override
    public boolean accepts(String eventType) {
        return ReportCreated.TYPE.equals(eventType) || ReportStatusChanged.TYPE.equals(eventType)
                || ReportCommented.TYPE.equals(eventType);
    }

    @Override
    public void deliver(Notification notification) throws PluginException {
        if (notification.recipient() == null) {
            throw new PluginException("the in-app channel writes to a person's inbox and was given nobody", false, null);
        }
        try {
            store.store(notification);
        } catch (RuntimeException e) {
            // The database may be briefly unavailable; the dispatcher tries again later.
            throw new PluginException("could not store the notification: " + e.getMessage(), true, e);
        }
    }
}
