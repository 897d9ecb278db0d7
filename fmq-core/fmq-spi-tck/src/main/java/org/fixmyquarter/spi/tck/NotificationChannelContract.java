package org.fixmyquarter.spi.tck;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.stream.Collectors;

import org.fixmyquarter.spi.PluginException;
import org.fixmyquarter.spi.event.ReportCreated;
import org.fixmyquarter.spi.event.ReportEvent;
import org.fixmyquarter.spi.notification.AccountMessage;
import org.fixmyquarter.spi.notification.Notification;
import org.fixmyquarter.spi.notification.NotificationChannel;
import org.junit.jupiter.api.Test;

/**
 * The contract of a {@link NotificationChannel}: it delivers a notification of every event type it
 * accepts, tolerates the same notification twice (delivery is at least once), and answers
 * {@link NotificationChannel#accepts(String) accepts} for event types newer than itself. Includes
 * the tests of {@link PluginContract}.
 *
 * <p>Implement {@link #createPlugin()}, point {@link #config()} at a fake receiver (a local SMTP or
 * HTTP server, a temporary folder), and override {@link #assertDelivered(Notification)} to check
 * the receiver got the message and {@link #deliveredCount(Notification)} to say how many times it
 * got it, so the kit can check that a redelivery is dropped. The notifications sent are
 * {@link SampleEvents#notification}s.
 *
 * @param <T> the channel's class
 */
public abstract class NotificationChannelContract<T extends NotificationChannel> extends PluginContract<T> {

    /**
     * Creates the contract; subclasses are instantiated by JUnit.
     */
    protected NotificationChannelContract() {
    }

    /**
     * {@inheritDoc}
     *
     * @return {@code NotificationChannel.class}
     */
    @Override
    protected final Class<? super T> extensionPoint() {
        return NotificationChannel.class;
    }

    /**
     * Checks that your receiver got a notification, called after each successful
     * {@link NotificationChannel#deliver(Notification)}. Throw an {@link AssertionError} (any
     * JUnit assertion) if it did not.
     *
     * @param notification what was delivered
     */
    protected void assertDelivered(Notification notification) {
    }

    /** What {@link #deliveredCount(Notification)} returns when the test cannot tell. */
    protected static final int UNKNOWN = -1;

    /**
     * How many times your receiver got a notification: for an impersonal channel, the messages
     * about its event id; for a personal one, about its event id for its recipient. Delivery is at
     * least once, so a channel must drop a redelivery by {@code eventId}
     * ({@link #deliveringTwiceReachesTheReceiverOnce()} checks it is then 1). The default,
     * {@link #UNKNOWN}, skips that check; override it whenever your fake receiver can count.
     *
     * @param notification what was delivered
     * @return how many messages about it the receiver holds, or {@link #UNKNOWN}
     */
    protected int deliveredCount(Notification notification) {
        return UNKNOWN;
    }

    /**
     * For a channel whose receiver itself drops a copy by a stable message id (an e-mail's
     * {@code Message-ID}, which mail programs show once): the ids of the messages the receiver got
     * about a notification, one per message. Then a redelivery may reach the receiver as a second
     * message, but with the same id, never a new one. The default, {@code null}, says the channel
     * does not rely on that: it must drop the duplicate itself.
     *
     * @param notification what was delivered
     * @return the message id of each copy received, or {@code null}
     */
    protected List<String> deliveredMessageIds(Notification notification) {
        return null;
    }

    /**
     * The channel accepts at least one of the event types of this SPI version; otherwise it would
     * never be called. Set {@link #config()} so that it does.
     *
     * @throws Exception if init fails
     */
    @Test
    public void acceptsAtLeastOneKnownEventType() throws Exception {
        assertFalse(acceptedTypes().isEmpty(), () -> "accepts() is false for every event type of this SPI: "
                + SampleEvents.EVENT_TYPES);
    }

    /**
     * {@link NotificationChannel#deliver(Notification)} succeeds for a sample notification of
     * every event type the channel accepts.
     *
     * @throws Exception if init or a delivery fails
     */
    @Test
    public void deliversSampleOfEveryAcceptedType() throws Exception {
        T channel = initialisedPlugin();
        for (String type : acceptedTypes()) {
            Notification notification = sample(channel, SampleEvents.event(type));
            channel.deliver(notification);
            assertDelivered(notification);
        }
    }

    /**
     * A notification about a report without a position (SPI 1.2: coordinates
     * {@link Double#NaN}) is delivered like any other, if the channel accepts new reports.
     *
     * @throws Exception if init or the delivery fails
     */
    @Test
    public void deliversReportWithoutPosition() throws Exception {
        T channel = initialisedPlugin();
        assumeTrue(channel.accepts(ReportCreated.TYPE), "the channel does not accept new reports");
        Notification notification = sample(channel, SampleEvents.unlocatedReportCreated());
        channel.deliver(notification);
        assertDelivered(notification);
    }

    /**
     * Delivering the same notification (same event id) twice does not throw: the server may
     * redeliver after a crash or a timeout whose first attempt did succeed. Drop the duplicate or
     * send it again, but do not fail.
     *
     * @throws Exception if init fails
     */
    @Test
    public void deliveringTwiceDoesNotThrow() throws Exception {
        T channel = initialisedPlugin();
        List<String> types = acceptedTypes();
        assumeFalse(types.isEmpty(), "the channel accepts no event type");
        Notification notification = sample(channel, SampleEvents.event(types.get(0)));
        channel.deliver(notification);
        assertDoesNotThrow(() -> channel.deliver(notification),
                "a second delivery of the same notification threw; delivery is at least once");
        assertDelivered(notification);
    }

    /**
     * Delivering the same notification twice leaves the receiver with one message: the channel
     * drops the redelivery by its {@code eventId} (with the recipient's account id, for a personal
     * channel), or, if it relies on a stable message id ({@link #deliveredMessageIds}), sends the
     * copy with the same id. Runs when {@link #deliveredCount(Notification)} is overridden.
     *
     * @throws Exception if init or a delivery fails
     */
    @Test
    public void deliveringTwiceReachesTheReceiverOnce() throws Exception {
        T channel = initialisedPlugin();
        List<String> types = acceptedTypes();
        assumeFalse(types.isEmpty(), "the channel accepts no event type");
        Notification notification = sample(channel, SampleEvents.event(types.get(0)));
        channel.deliver(notification);
        channel.deliver(notification);
        int count = deliveredCount(notification);
        assumeTrue(count != UNKNOWN, "deliveredCount(Notification) is not overridden: the kit cannot see "
                + "whether a redelivery is dropped");
        if (count == 1) {
            return;
        }
        assertNotEquals(0, count, "the receiver got nothing after two deliveries");
        List<String> ids = deliveredMessageIds(notification);
        assertNotNull(ids, () -> "the receiver got the same notification " + count + " times; drop a "
                + "redelivery by its eventId (delivery is at least once)");
        assertEquals(count, ids.size(), "deliveredMessageIds() must give one id per message received");
        assertTrue(ids.stream().allMatch(id -> id != null && !id.isBlank()), () -> "a copy without message id: " + ids);
        assertEquals(1, ids.stream().distinct().count(), () -> "the receiver got " + count
                + " copies with different message ids, so it shows them all: " + ids);
    }

    /**
     * {@link NotificationChannel#accepts(String)} of an event type it does not know returns rather
     * than throws, since new event types arrive in minor SPI versions.
     *
     * @throws Exception if init fails
     */
    @Test
    public void acceptsOfUnknownTypeDoesNotThrow() throws Exception {
        T channel = initialisedPlugin();
        assertDoesNotThrow(() -> channel.accepts("report.tck_unknown_type"),
                "accepts() threw for an unknown event type; return false instead");
    }

    /**
     * A {@linkplain NotificationChannel#personal() personal} channel turns down, without a retry,
     * a notification that names nobody: the server never sends one, and a retry could not help.
     *
     * @throws Exception if init fails
     */
    @Test
    public void personalChannelRefusesNotificationWithoutRecipient() throws Exception {
        T channel = initialisedPlugin();
        assumeTrue(channel.personal(), "the channel is not personal");
        List<String> types = acceptedTypes();
        assumeFalse(types.isEmpty(), "the channel accepts no event type");
        PluginException refused = assertThrows(PluginException.class,
                () -> channel.deliver(SampleEvents.notification(SampleEvents.event(types.get(0)))),
                "a personal channel accepted a notification without a recipient");
        assertFalse(refused.isRetryable(), "the refusal of a notification without recipient was retryable");
    }

    /**
     * A channel that {@linkplain NotificationChannel#sendsAccountMessages() sends account messages}
     * (SPI 1.3) sends {@link SampleEvents#accountMessage()}, twice without failing (delivery is at
     * least once), and never shows its token in the message's {@code toString()}, which logs may
     * print. Override {@link #assertAccountMessageDelivered(AccountMessage)} to check your receiver.
     *
     * @throws Exception if init fails
     */
    @Test
    public void sendsAnAccountMessageWhenItSaysItDoes() throws Exception {
        T channel = initialisedPlugin();
        assumeTrue(channel.sendsAccountMessages(), "the channel does not send account messages");
        AccountMessage message = SampleEvents.accountMessage();
        channel.deliver(message);
        assertDoesNotThrow(() -> channel.deliver(message),
                "a second delivery of the same account message threw; delivery is at least once");
        assertAccountMessageDelivered(message);
    }

    /**
     * Checks that your receiver got an account message, after a successful
     * {@link NotificationChannel#deliver(AccountMessage)}.
     *
     * @param message what was delivered
     */
    protected void assertAccountMessageDelivered(AccountMessage message) {
    }

    /** Personal channels get the sample addressed to {@link SampleEvents#recipient()}. */
    private static Notification sample(NotificationChannel channel, ReportEvent event) {
        return channel.personal() ? SampleEvents.personalNotification(event, SampleEvents.recipient())
                : SampleEvents.notification(event);
    }

    private List<String> acceptedTypes() throws Exception {
        T channel = initialisedPlugin();
        return SampleEvents.EVENT_TYPES.stream().filter(channel::accepts).collect(Collectors.toList());
    }
}
