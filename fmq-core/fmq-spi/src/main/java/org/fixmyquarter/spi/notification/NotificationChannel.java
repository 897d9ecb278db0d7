package org.fixmyquarter.spi.notification;

import org.fixmyquarter.spi.Plugin;
import org.fixmyquarter.spi.PluginException;

/**
 * Delivers notifications to people: e-mail, chat, push, SMS.
 *
 * <p>The server calls {@link #deliver(Notification)} from its dispatcher, after the change
 * committed, at least once per event the channel {@linkplain #accepts(String) accepts}; a
 * retryable failure is tried again later with growing pauses, up to a limit. Where the messages go
 * (an address, a chat room) is the channel's configuration; the language is set by
 * {@code fmq.plugin.<id>.locale}, or the deployment's default.
 */
public interface NotificationChannel extends Plugin {

    /**
     * @param eventType an event type such as {@code report.created}
     * @return whether this channel wants events of that type; all of them unless overridden
     */
    default boolean accepts(String eventType) {
        return true;
    }

    /**
     * Sends one notification. Use {@code notification.event().eventId()} to drop a duplicate.
     *
     * @param notification what to say, already translated
     * @throws PluginException if it could not be sent; say whether a retry may help
     */
    void deliver(Notification notification) throws PluginException;
}
