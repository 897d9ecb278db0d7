package org.fixmyquarter.plugins.channel.amqp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.fixmyquarter.spi.PluginConfig;
import org.fixmyquarter.spi.notification.Notification;
import org.fixmyquarter.spi.tck.NotificationChannelContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * Runs the SPI test kit against the AMQP channel, publishing to the machine's real RabbitMQ: every
 * sample the kit delivers must arrive on a queue bound to the channel's exchange.
 *
 * <p>The channel keeps no memory of what it published (a server may run several copies of it), so
 * a redelivery reaches the queue again, with the same message id, by which consumers drop it; the
 * kit's duplicate check is given the message ids of the copies.
 */
class AmqpChannelContractTest extends NotificationChannelContract<AmqpChannel> {

    private static final String EXCHANGE = "fixmyquarter.test.contract";

    private static TestBroker broker;

    private final List<TestBroker.Received> received = new ArrayList<>();
    private String queue;

    @BeforeAll
    static void connect() {
        broker = TestBroker.connect();
    }

    @AfterAll
    static void disconnect() throws Exception {
        broker.close();
    }

    /** A queue per test, since the kit's samples have the same event ids in every test. */
    @BeforeEach
    void bindQueue() throws Exception {
        queue = broker.bindQueue(EXCHANGE, "#");
    }

    @Override
    protected AmqpChannel createPlugin() {
        return new AmqpChannel();
    }

    @Override
    protected PluginConfig config() {
        return PluginConfig.of(Map.of("uri", TestBroker.URI, "exchange", EXCHANGE));
    }

    @Override
    protected void assertDelivered(Notification notification) {
        assertTrue(copies(notification).size() >= 1,
                () -> "no message with message-id " + notification.event().eventId() + " arrived");
    }

    @Override
    protected int deliveredCount(Notification notification) {
        return copies(notification).size();
    }

    @Override
    protected List<String> deliveredMessageIds(Notification notification) {
        return copies(notification).stream().map(m -> m.properties().getMessageId()).toList();
    }

    /** The messages about the notification's event, by its type (the routing key) and report. */
    private List<TestBroker.Received> copies(Notification notification) {
        try {
            // The channel waited for the confirm, so the messages are in the queue already.
            received.addAll(broker.take(queue, Integer.MAX_VALUE, Duration.ZERO));
        } catch (Exception e) {
            throw new AssertionError("reading the test queue failed: " + e, e);
        }
        return received.stream().filter(m -> m.routingKey().equals(notification.event().type())
                && m.body().contains("\"" + notification.event().report().id() + "\"")).toList();
    }
}
