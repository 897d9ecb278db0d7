package org.fixmyquarter.spi.notification;

import org.fixmyquarter.spi.Plugin;
import org.fixmyquarter.spi.PluginException;

/**
 * Delivers notifications to people: e-mail, chat, push, SMS.
 *
 * <p>The server calls {@link #deliver(Notification)} from its dispatcher, after the change
 * committed, at least once per event the channel {@linkplain #accepts(String) accepts}; a
 * retryable failure is tried again later with growing pauses, up to a limit.
 *
 * <p>A channel is one of two kinds. An <em>impersonal</em> channel (the default) writes every
 * event to one destination of its own configuration (a chat room, a log); it receives one
 * notification per event, in the language of {@code fmq.plugin.<id>.locale} or the deployment's
 * default. A <em>{@linkplain #personal() personal}</em> channel writes to the people an event
 * concerns (mentioned users, followers of the report or of its area); it receives one notification
 * per person, in that person's language, with {@link Notification#recipient()} set.
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
     * Whether this channel writes to the people an event concerns (e-mail, in-app, push) rather
     * than to one destination of its own.
     *
     * @return {@code false} unless overridden
     * @since SPI 1.1
     */
    default boolean personal() {
        return false;
    }

    /**
     * Sends one notification. Use {@code notification.event().eventId()} (with the recipient's
     * account id on a personal channel) to drop a duplicate.
     *
     * @param notification what to say, already translated
     * @throws PluginException if it could not be sent; say whether a retry may help
     */
    void deliver(Notification notification) throws PluginException;

    /**
     * Whether this channel sends people the messages about their own accounts: the link that
     * confirms an address, the link that sets a new password. The server asks new accounts to
     * confirm their address, and offers password resets, only while such a channel is active.
     * Only a channel that reaches the person privately (their mailbox) should say yes.
     *
     * @return {@code false} unless overridden
     * @since SPI 1.3
     */
    default boolean sendsAccountMessages() {
        return false;
    }

    /**
     * Sends one account message to {@link AccountMessage#email()}; called only if
     * {@link #sendsAccountMessages()} says yes. Delivery is at least once, as for notifications:
     * use {@link AccountMessage#id()} to drop a duplicate.
     *
     * @param message what to say, already translated; it may hold a secret token
     * @throws PluginException if it could not be sent; say whether a retry may help
     * @since SPI 1.3
     */
    default void deliver(AccountMessage message) throws PluginException {
        throw new PluginException("this channel does not send account messages", false, null);
    }
}
