package org.fixmyquarter.spi.tck;

import static org.fixmyquarter.spi.tck.KitAssertions.assertFailsExactly;
import static org.fixmyquarter.spi.tck.KitAssertions.assertPasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.fixmyquarter.spi.PluginDescriptor;
import org.fixmyquarter.spi.PluginException;
import org.fixmyquarter.spi.SpiVersion;
import org.fixmyquarter.spi.event.ReportCreated;
import org.fixmyquarter.spi.notification.Notification;
import org.fixmyquarter.spi.notification.NotificationChannel;
import org.junit.jupiter.api.Test;

/**
 * Sample channels, correct ones and ones breaking one rule each of
 * {@link NotificationChannelContract}.
 */
class NotificationChannelContractTest {

    /** A correct channel that keeps what it receives, once per event. */
    public static class Recording implements NotificationChannel {
        final Map<String, Notification> received = new LinkedHashMap<>();

        @Override
        public PluginDescriptor descriptor() {
            return new PluginDescriptor("sample-recording", "1.0.0", SpiVersion.VERSION);
        }

        @Override
        public void deliver(Notification notification) throws PluginException {
            received.putIfAbsent(notification.event().eventId(), notification);
        }
    }

    /** A correct channel for new reports only. */
    public static class NewReportsOnly extends Recording {
        @Override
        public boolean accepts(String eventType) {
            return ReportCreated.TYPE.equals(eventType);
        }
    }

    /** Claims success but sends nothing. */
    public static class Forgetful extends Recording {
        @Override
        public void deliver(Notification notification) {
        }
    }

    /** Sends a redelivery again, so the receiver shows it twice. */
    public static class Duplicating extends Recording {
        final Map<String, Integer> copies = new LinkedHashMap<>();

        @Override
        public void deliver(Notification notification) throws PluginException {
            copies.merge(notification.event().eventId(), 1, Integer::sum);
            super.deliver(notification);
        }
    }

    /** Treats a redelivery as an error. */
    public static class RejectsDuplicates extends Recording {
        @Override
        public void deliver(Notification notification) throws PluginException {
            if (received.containsKey(notification.event().eventId())) {
                throw new PluginException("already delivered", false, null);
            }
            super.deliver(notification);
        }
    }

    /** Throws for event types newer than itself. */
    public static class StrictAccepts extends Recording {
        @Override
        public boolean accepts(String eventType) {
            if (!SampleEvents.EVENT_TYPES.contains(eventType)) {
                throw new IllegalArgumentException("unknown event type " + eventType);
            }
            return true;
        }
    }

    /** Accepts nothing, so it is never called. */
    public static class AcceptsNothing extends Recording {
        @Override
        public boolean accepts(String eventType) {
            return false;
        }
    }

    /** A correct personal channel: one inbox per recipient, refuses a notification naming nobody. */
    public static class Inbox extends Recording {
        @Override
        public boolean personal() {
            return true;
        }

        @Override
        public void deliver(Notification notification) throws PluginException {
            if (notification.recipient() == null) {
                throw new PluginException("a personal channel needs a recipient", false, null);
            }
            super.deliver(notification);
        }
    }

    /** A personal channel that "delivers" a notification naming nobody, losing it silently. */
    public static class InboxWithoutCheck extends Recording {
        @Override
        public boolean personal() {
            return true;
        }
    }

    abstract static class CheckingContract<P extends Recording> extends NotificationChannelContract<P> {
        @Override
        protected void assertDelivered(Notification notification) {
            Notification got = plugin().received.get(notification.event().eventId());
            assertTrue(notification.equals(got), "the channel did not receive " + notification.subject());
        }

        @Override
        protected int deliveredCount(Notification notification) {
            return plugin().received.containsKey(notification.event().eventId()) ? 1 : 0;
        }
    }

    /** Counts the copies the duplicating channel made. */
    static class DuplicatingTest extends CheckingContract<Duplicating> {
        @Override
        protected Duplicating createPlugin() {
            return new Duplicating();
        }

        @Override
        protected int deliveredCount(Notification notification) {
            return plugin().copies.getOrDefault(notification.event().eventId(), 0);
        }
    }

    /** The same copies, each with the event id as its message id, as an e-mail channel's Message-ID. */
    static class SameMessageIdTest extends DuplicatingTest {
        @Override
        protected List<String> deliveredMessageIds(Notification notification) {
            return Collections.nCopies(deliveredCount(notification), "<" + notification.event().eventId() + "@tck>");
        }
    }

    /** Copies with a new message id each, which a mail program shows twice. */
    static class NewMessageIdTest extends DuplicatingTest {
        @Override
        protected List<String> deliveredMessageIds(Notification notification) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < deliveredCount(notification); i++) {
                ids.add("<" + notification.event().eventId() + "." + i + "@tck>");
            }
            return ids;
        }
    }

    /** A test that cannot count what its receiver got. */
    static class NotCountingTest extends DuplicatingTest {
        @Override
        protected int deliveredCount(Notification notification) {
            return UNKNOWN;
        }
    }

    static class RecordingTest extends CheckingContract<Recording> {
        @Override
        protected Recording createPlugin() {
            return new Recording();
        }
    }

    static class NewReportsOnlyTest extends CheckingContract<NewReportsOnly> {
        @Override
        protected NewReportsOnly createPlugin() {
            return new NewReportsOnly();
        }
    }

    static class ForgetfulTest extends CheckingContract<Forgetful> {
        @Override
        protected Forgetful createPlugin() {
            return new Forgetful();
        }
    }

    static class RejectsDuplicatesTest extends CheckingContract<RejectsDuplicates> {
        @Override
        protected RejectsDuplicates createPlugin() {
            return new RejectsDuplicates();
        }
    }

    static class StrictAcceptsTest extends CheckingContract<StrictAccepts> {
        @Override
        protected StrictAccepts createPlugin() {
            return new StrictAccepts();
        }
    }

    static class AcceptsNothingTest extends CheckingContract<AcceptsNothing> {
        @Override
        protected AcceptsNothing createPlugin() {
            return new AcceptsNothing();
        }
    }

    static class InboxTest extends CheckingContract<Inbox> {
        @Override
        protected Inbox createPlugin() {
            return new Inbox();
        }

        @Override
        protected void assertDelivered(Notification notification) {
            super.assertDelivered(notification);
            assertTrue(notification.recipient() != null, "a personal channel was sent no recipient");
        }
    }

    static class InboxWithoutCheckTest extends CheckingContract<InboxWithoutCheck> {
        @Override
        protected InboxWithoutCheck createPlugin() {
            return new InboxWithoutCheck();
        }
    }

    @Test
    void correctPersonalChannelPassesWithRecipients() {
        assertPasses(InboxTest.class, 15);
    }

    @Test
    void channelSendingARedeliveryAgainFails() {
        assertFailsExactly(DuplicatingTest.class, "deliveringTwiceReachesTheReceiverOnce");
        assertFailsExactly(NewMessageIdTest.class, "deliveringTwiceReachesTheReceiverOnce");
    }

    @Test
    void copiesWithOneStableMessageIdPass() {
        assertPasses(SameMessageIdTest.class, 14);
    }

    @Test
    void duplicateCheckIsSkippedWhenTheTestCannotCount() {
        assertPasses(NotCountingTest.class, 13);
    }

    @Test
    void personalChannelAcceptingNotificationWithoutRecipientFails() {
        assertFailsExactly(InboxWithoutCheckTest.class, "personalChannelRefusesNotificationWithoutRecipient");
    }

    @Test
    void correctChannelPasses() {
        assertPasses(RecordingTest.class, 14);
    }

    @Test
    void channelForSomeEventTypesPasses() {
        assertPasses(NewReportsOnlyTest.class, 14);
    }

    @Test
    void channelThatDeliversNothingFailsTheReceiverCheck() {
        assertFailsExactly(ForgetfulTest.class, "deliversSampleOfEveryAcceptedType", "deliveringTwiceDoesNotThrow",
                "deliversReportWithoutPosition", "deliveringTwiceReachesTheReceiverOnce");
    }

    @Test
    void channelRejectingRedeliveryFails() {
        assertFailsExactly(RejectsDuplicatesTest.class, "deliveringTwiceDoesNotThrow",
                "deliveringTwiceReachesTheReceiverOnce");
    }

    @Test
    void channelThrowingForUnknownTypeFails() {
        assertFailsExactly(StrictAcceptsTest.class, "acceptsOfUnknownTypeDoesNotThrow");
    }

    @Test
    void channelAcceptingNothingFails() {
        assertFailsExactly(AcceptsNothingTest.class, "acceptsAtLeastOneKnownEventType");
    }
}
