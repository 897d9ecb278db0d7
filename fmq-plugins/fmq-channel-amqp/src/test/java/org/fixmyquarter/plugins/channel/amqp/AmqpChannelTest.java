package org.fixmyquarter.plugins.channel.amqp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import org.fixmyquarter.spi.PluginConfig;
import org.fixmyquarter.spi.PluginException;
import org.fixmyquarter.spi.event.EventOrigin;
import org.fixmyquarter.spi.event.ReportCreated;
import org.fixmyquarter.spi.event.ReportStatusChanged;
import org.fixmyquarter.spi.notification.Notification;
import org.fixmyquarter.spi.tck.SampleEvents;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.rabbitmq.client.Connection;

import jakarta.json.Json;
import jakarta.json.JsonObject;

/**
 * The AMQP channel against the machine's real RabbitMQ: what a consumer of the exchange receives,
 * and how the channel fares when the connection breaks or the broker refuses it.
 */
class AmqpChannelTest {

    private static final String EXCHANGE = "fixmyquarter.test.channel";

    private static final Duration WAIT = Duration.ofSeconds(5);

    private static TestBroker broker;

    private final List<AmqpChannel> channels = new ArrayList<>();
    private String queue;

    @BeforeAll
    static void connect() {
        broker = TestBroker.connect();
    }

    @AfterAll
    static void disconnect() throws Exception {
        broker.close();
    }

    @BeforeEach
    void bindQueue() throws Exception {
        queue = broker.bindQueue(EXCHANGE, "#");
    }

    @AfterEach
    void closeChannels() {
        channels.forEach(AmqpChannel::close);
    }

    @Test
    void publishesEachEventAsOnePersistentJsonMessageRoutedByItsType() throws Exception {
        AmqpChannel channel = channel(Map.of());
        for (String type : SampleEvents.EVENT_TYPES) {
            channel.deliver(SampleEvents.notification(SampleEvents.event(type)));
        }
        List<TestBroker.Received> received = broker.take(queue, SampleEvents.EVENT_TYPES.size(), WAIT);
        assertEquals(SampleEvents.EVENT_TYPES, received.stream().map(TestBroker.Received::routingKey).toList());
        for (TestBroker.Received message : received) {
            Notification sent = SampleEvents.notification(SampleEvents.event(message.routingKey()));
            assertEquals("application/json", message.properties().getContentType());
            assertEquals(2, message.properties().getDeliveryMode(), "persistent");
            assertEquals(sent.event().eventId(), message.properties().getMessageId());
            assertEquals(sent.event().type(), message.properties().getType());
            assertEquals(AmqpChannel.APP_ID, message.properties().getAppId());
            assertEquals(sent.event().occurredAt().getEpochSecond(),
                    message.properties().getTimestamp().toInstant().getEpochSecond());
            assertEquals(SampleEvents.REPORT_ID,
                    message.properties().getHeaders().get(AmqpChannel.REPORT_ID_HEADER).toString());
            JsonObject body = json(message.body());
            assertEquals(sent.event().eventId(), body.getString("eventId"));
            assertEquals(sent.event().type(), body.getString("type"));
            assertEquals(sent.event().occurredAt(), Instant.parse(body.getString("occurredAt")));
            assertEquals(sent.subject(), body.getString("subject"));
            assertEquals(sent.text(), body.getString("text"));
            assertEquals(sent.locale().toLanguageTag(), body.getString("locale"));
            JsonObject report = body.getJsonObject("report");
            assertEquals(SampleEvents.REPORT_ID, report.getString("id"));
            assertEquals(sent.event().report().title(), report.getString("title"));
            assertEquals(sent.event().report().category(), report.getString("category"));
            assertEquals(sent.event().report().status(), report.getString("status"));
            assertEquals(sent.event().report().latitude(), report.getJsonNumber("latitude").doubleValue());
            assertEquals(sent.event().report().longitude(), report.getJsonNumber("longitude").doubleValue());
            assertEquals(sent.event().report().createdAt(), Instant.parse(report.getString("createdAt")));
        }
        ReportStatusChanged changed = SampleEvents.reportStatusChanged();
        JsonObject statusBody = json(received.get(1).body());
        assertEquals(changed.from(), statusBody.getString("from"));
        assertEquals(changed.to(), statusBody.getString("to"));
        assertNotNull(json(received.get(2).body()).getJsonObject("comment"));
    }

    @Test
    void anEventARequestCausedCarriesThatRequestsIdAndTheDeliverysTraceContext() throws Exception {
        AmqpChannel channel = channel(Map.of());
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        new EventOrigin("req-amqp-1", traceparent).during(() -> {
            channel.deliver(SampleEvents.notification(SampleEvents.reportCreated()));
            return null;
        });
        channel.deliver(SampleEvents.notification(SampleEvents.reportCreated()));

        List<TestBroker.Received> received = broker.take(queue, 2, WAIT);
        Map<String, Object> caused = received.get(0).properties().getHeaders();
        assertEquals("req-amqp-1", caused.get(AmqpChannel.REQUEST_ID_HEADER).toString());
        assertEquals(traceparent, caused.get(EventOrigin.TRACEPARENT_HEADER).toString());
        Map<String, Object> other = received.get(1).properties().getHeaders();
        assertFalse(other.containsKey(AmqpChannel.REQUEST_ID_HEADER), "no request, no request id: " + other);
        assertFalse(other.containsKey(EventOrigin.TRACEPARENT_HEADER), other.toString());
        assertEquals(SampleEvents.REPORT_ID, other.get(AmqpChannel.REPORT_ID_HEADER).toString());
    }

    @Test
    void leavesOutTheCoordinatesOfAReportWithoutPosition() throws Exception {
        channel(Map.of()).deliver(SampleEvents.notification(SampleEvents.unlocatedReportCreated()));
        List<TestBroker.Received> received = broker.take(queue, 1, WAIT);
        assertEquals(1, received.size());
        JsonObject report = json(received.get(0).body()).getJsonObject("report");
        assertFalse(report.containsKey("latitude"), "a NaN is not JSON");
        assertEquals(SampleEvents.unlocatedReportSnapshot().address(), report.getString("address"));
    }

    @Test
    void declaresTheExchangeIfAbsent() throws Exception {
        String exchange = "fixmyquarter.test.declared";
        broker.deleteExchange(exchange);
        channel(Map.of("exchange", exchange)).deliver(SampleEvents.notification());
        assertTrue(broker.exchangeExists(exchange));
        broker.deleteExchange(exchange);
    }

    @Test
    void survivesAConnectionClosedUnderIt() throws Exception {
        AmqpChannel channel = channel(Map.of());
        channel.deliver(SampleEvents.notification(SampleEvents.reportCreated()));
        Connection first = channel.connection();
        first.close();
        channel.deliver(SampleEvents.notification(SampleEvents.reportStatusChanged()));
        assertTrue(channel.connection().isOpen());
        assertEquals(List.of(ReportCreated.TYPE, ReportStatusChanged.TYPE), broker.take(queue, 2, WAIT).stream()
                .map(TestBroker.Received::routingKey).toList());
    }

    @Test
    void survivesAConnectionThatBrokeWithoutNotice() throws Exception {
        AmqpChannel channel = channel(Map.of());
        channel.deliver(SampleEvents.notification(SampleEvents.reportCreated()));
        // abort: the client sees its socket go, as when the broker or the network drops it.
        channel.connection().abort();
        channel.deliver(SampleEvents.notification(SampleEvents.reportStatusChanged()));
        assertEquals(2, broker.take(queue, 2, WAIT).size());
    }

    /**
     * The broker closes the connection (as an administrator's {@code rabbitmqctl close_connection},
     * or a node going down, does): only that connection, found by its port, so that other users of
     * the machine's broker keep theirs. Needs {@code rabbitmqctl} with the right to run it; the
     * client-side closes above cover the rest where it is absent.
     */
    @Test
    void survivesTheBrokerClosingItsConnection() throws Exception {
        AmqpChannel channel = channel(Map.of());
        channel.deliver(SampleEvents.notification(SampleEvents.reportCreated()));
        Connection first = channel.connection();
        // The client's implementation knows its socket's port; the broker lists connections by it.
        int port = ((com.rabbitmq.client.impl.AMQConnection) first).getLocalPort();
        String pid = null;
        for (String line : rabbitmqctl("-q", "list_connections", "pid", "peer_port").split("\n")) {
            String[] columns = line.trim().split("\\s+");
            if (columns.length == 2 && columns[1].equals(String.valueOf(port))) {
                pid = columns[0];
            }
        }
        assertNotNull(pid, "rabbitmqctl does not list the channel's connection (local port " + port + ")");
        rabbitmqctl("close_connection", pid, "closed by AmqpChannelTest");
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (first.isOpen() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertFalse(first.isOpen(), "the broker did not close the connection");
        channel.deliver(SampleEvents.notification(SampleEvents.reportStatusChanged()));
        assertEquals(List.of(ReportCreated.TYPE, ReportStatusChanged.TYPE), broker.take(queue, 2, WAIT).stream()
                .map(TestBroker.Received::routingKey).toList());
    }

    private static String rabbitmqctl(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("rabbitmqctl"));
        command.addAll(List.of(arguments));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            assumeTrue(false, "rabbitmqctl is not available: " + e);
            throw e;
        }
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assumeTrue(process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) && process.exitValue() == 0,
                () -> "rabbitmqctl " + String.join(" ", arguments) + " failed: " + output);
        return output;
    }

    @Test
    void deliversFromManyThreadsAtOnce() throws Exception {
        AmqpChannel channel = channel(Map.of());
        int count = 64;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String id = "evt-thread-" + i;
                done.add(pool.submit(() -> {
                    channel.deliver(new Notification(new ReportCreated(id, SampleEvents.CREATED_AT,
                            SampleEvents.reportSnapshot()), Locale.ENGLISH, "subject", "text"));
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }
        Set<String> ids = broker.take(queue, count, WAIT).stream().map(m -> m.properties().getMessageId())
                .collect(Collectors.toSet());
        assertEquals(count, ids.size());
    }

    @Test
    void wrongPasswordIsNotRetryableAndNotShown() throws Exception {
        AmqpChannel channel = channel(Map.of("uri", "amqp://guest:wrong-secret@" + TestBroker.HOST + ":"
                + TestBroker.PORT + "/"));
        PluginException e = assertThrows(PluginException.class, () -> channel.deliver(SampleEvents.notification()));
        assertFalse(e.isRetryable(), e::getMessage);
        assertTrue(e.getMessage().contains("refused the login"), e::getMessage);
        assertFalse(e.getMessage().contains("wrong-secret"), e::getMessage);
    }

    @Test
    void virtualHostThatDoesNotExistIsNotRetryable() throws Exception {
        AmqpChannel channel = channel(Map.of("uri", TestBroker.URI + "no-such-vhost"));
        PluginException e = assertThrows(PluginException.class, () -> channel.deliver(SampleEvents.notification()));
        assertFalse(e.isRetryable(), e::getMessage);
    }

    @Test
    void unreachableBrokerIsRetryable() throws Exception {
        AmqpChannel channel = channel(Map.of("uri", "amqp://guest:guest@127.0.0.1:1/", "connect-timeout", "PT1S"));
        PluginException e = assertThrows(PluginException.class, () -> channel.deliver(SampleEvents.notification()));
        assertTrue(e.isRetryable(), e::getMessage);
        assertFalse(e.getMessage().contains("guest:guest"), e::getMessage);
    }

    @Test
    void publishesOnlyTheEventTypesItIsToldTo() throws Exception {
        AmqpChannel channel = channel(Map.of("event-types", "report.created, report.status_changed"));
        assertTrue(channel.accepts(ReportCreated.TYPE));
        assertTrue(channel.accepts(ReportStatusChanged.TYPE));
        assertFalse(channel.accepts("comment.added"));
        assertTrue(channel(Map.of()).accepts("comment.added"));
    }

    @Test
    void closeClosesTheConnection() throws Exception {
        AmqpChannel channel = channel(Map.of());
        channel.deliver(SampleEvents.notification());
        Connection connection = channel.connection();
        channel.close();
        assertFalse(connection.isOpen());
    }

    private AmqpChannel channel(Map<String, String> settings) throws PluginException {
        Map<String, String> all = new HashMap<>(Map.of("uri", TestBroker.URI, "exchange", EXCHANGE));
        all.putAll(settings);
        AmqpChannel channel = new AmqpChannel();
        channels.add(channel);
        channel.init(PluginConfig.of(all));
        return channel;
    }

    private static JsonObject json(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }
}
