package org.fixmyquarter.core.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpServer;

import org.fixmyquarter.core.Actor;
import org.fixmyquarter.core.RequestContext;
import org.fixmyquarter.core.Tracing;
import org.fixmyquarter.core.MutableClock;
import org.fixmyquarter.core.TestCategories;
import org.fixmyquarter.core.TestDatabase;
import org.fixmyquarter.core.account.Role;
import org.fixmyquarter.core.error.ConflictException;
import org.fixmyquarter.core.error.ForbiddenException;
import org.fixmyquarter.core.error.ValidationException;
import org.fixmyquarter.core.i18n.Messages;
import org.fixmyquarter.core.i18n.NotificationTexts;
import org.fixmyquarter.core.plugin.PluginRegistry;
import org.fixmyquarter.core.report.NewReport;
import org.fixmyquarter.core.report.ReportService;
import org.fixmyquarter.core.report.ReportStatus;
import org.fixmyquarter.spi.PluginConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Webhooks through the dispatcher, against a real HTTP receiver on loopback: the Standard
 * Webhooks signature, the circuit breaker's states, a {@code 410 Gone} switching the webhook off,
 * order per report, secret rotation and replay.
 */
class WebhookDeliveryTest {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final ExecutorService WORKING = Executors.newCachedThreadPool();
    private static final Actor ADMIN = Actor.of("admin-1", "Ada", Role.ADMINISTRATOR);
    private static final Actor OPERATOR = Actor.of("operator-1", "Olga", Role.OPERATOR);
    private static final int BREAKER_FAILURES = 3;
    private static final Duration COOL_DOWN = Duration.ofSeconds(30);

    private static HttpServer receiver;
    /** Statuses the receiver answers, in turn; 200 once they run out. */
    private static final Deque<Integer> ANSWERS = new ArrayDeque<>();
    private static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();

    private final MutableClock clock = new MutableClock(Instant.parse("2025-06-02T08:00:00Z"));

    private record Received(String id, String timestamp, String signature, String body, String requestId,
                            String traceparent) {
    }

    @BeforeAll
    static void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                RECEIVED.add(new Received(exchange.getRequestHeaders().getFirst("webhook-id"),
                        exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                        exchange.getRequestHeaders().getFirst("webhook-signature"),
                        new String(in.readAllBytes(), StandardCharsets.UTF_8),
                        exchange.getRequestHeaders().getFirst("X-Request-Id"),
                        exchange.getRequestHeaders().getFirst("traceparent")));
            }
            Integer status;
            synchronized (ANSWERS) {
                status = ANSWERS.poll();
            }
            exchange.sendResponseHeaders(status == null ? 200 : status, -1);
            exchange.close();
        });
        // A thread per call, as real receivers have: one that hangs must not hold up the others.
        receiver.setExecutor(WORKING);
        receiver.start();
    }

    @AfterAll
    static void stop() {
        receiver.stop(0);
        WORKING.shutdownNow();
    }

    @BeforeEach
    void empty() {
        DB.deleteAllRows();
        RECEIVED.clear();
        ANSWERS.clear();
    }

    @Test
    void theSignatureMatchesAVectorComputedWithOpenssl() {
        // printf '%s' 'msg_p5jXN8AQM9LWM0D4loKWxJBKoqc.1614265330.{"test": 2432232314}' | openssl dgst -sha256
        //   -mac HMAC -macopt hexkey:<hex of base64-decoded MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw> -binary | base64
        assertEquals("v1,0LDX5WfLrZD1+WJV6z2fYlycduyRhxM0A+IQmIYd6tQ=", WebhookSignatures.sign(
                "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJBKoqc", 1614265330,
                "{\"test\": 2432232314}"));
    }

    @Test
    void aNewSecretHasThePrefixAndEnoughRandomBytes() {
        String secret = WebhookSignatures.newSecret();
        assertTrue(secret.startsWith("whsec_"), secret);
        assertTrue(Base64.getDecoder().decode(secret.substring(6)).length >= 24);
        assertNotEquals(secret, WebhookSignatures.newSecret());
    }

    @Test
    void anEventArrivesSignedWithItsStableIdAndTheReportsData() throws Exception {
        Webhooks.WithSecret hook = register(List.of());
        String reportId = report();

        Delivery delivery = deliverNext().orElseThrow();

        assertEquals(Delivery.DELIVERED, delivery.getState());
        assertEquals(Integer.valueOf(200), delivery.getLastStatus());
        assertEquals(1, RECEIVED.size());
        Received got = RECEIVED.get(0);
        assertEquals(delivery.getEventId(), got.id());
        assertEquals(Long.toString(clock.instant().getEpochSecond()), got.timestamp());
        assertEquals(expected(hook.secret(), got), got.signature());
        assertTrue(got.body().startsWith("{\"type\":\"report.created\",\"timestamp\":\"2025-06-02T08:00:00Z\","
                + "\"data\":{\"reportId\":\"" + reportId + "\""), got.body());
    }

    @Test
    void theIdOfTheRequestThatCausedTheEventGoesWithIt() {
        register(List.of());
        String first;
        RequestContext.set("req-7f3a");
        try {
            first = report();
        } finally {
            RequestContext.set(null);
        }
        String later = report();
        assertEquals(Delivery.DELIVERED, deliverNext().orElseThrow().getState());
        assertEquals(Delivery.DELIVERED, deliverNext().orElseThrow().getState());

        // Both events are due at the same instant, so they may arrive in either order.
        Received withRequest = RECEIVED.stream().filter(r -> r.body().contains(first)).findFirst().orElseThrow();
        Received without = RECEIVED.stream().filter(r -> r.body().contains(later)).findFirst().orElseThrow();
        assertEquals("req-7f3a", withRequest.requestId(), "the request's id, on the delivery made later");
        assertNull(without.requestId(), "no request, no header");
        assertFalse(withRequest.body().contains("req-7f3a"), "the body is the event's, as before");
    }

    @Test
    void theDeliveryIsASpanInTheTraceOfTheEventAndTheCallCarriesIt() {
        String webhookId = register(List.of()).webhook().getId();
        RecordingTracing tracing = new RecordingTracing();
        Tracing.install(tracing);
        try {
            tracing.inRequest = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
            String traced = report();
            tracing.inRequest = null;
            String untraced = report();
            assertEquals(Delivery.DELIVERED, deliverNext().orElseThrow().getState());
            assertEquals(Delivery.DELIVERED, deliverNext().orElseThrow().getState());

            String outbox = tracing.started.stream().filter(s -> s.startsWith("outbox report.created <- null"))
                    .findFirst().orElseThrow(() -> new AssertionError(tracing.started.toString()));
            String outboxContext = outbox.substring(outbox.indexOf(" = ") + 3);
            assertTrue(outboxContext.startsWith("00-0af7651916cd43dd8448eb211c80319c-"),
                    "the event's span is in the request's trace: " + tracing.started);
            Received call = RECEIVED.stream().filter(r -> r.body().contains(traced)).findFirst().orElseThrow();
            assertTrue(tracing.started.contains("deliver webhook/" + webhookId + " <- " + outboxContext + " = "
                    + call.traceparent()), "the call carries its delivery span, the event's child: "
                    + tracing.started + ", sent " + call.traceparent());
            Received other = RECEIVED.stream().filter(r -> r.body().contains(untraced)).findFirst().orElseThrow();
            assertEquals(1, tracing.started.stream().filter(s -> s.startsWith("outbox ")).count(),
                    "no span for an event outside a trace: " + tracing.started);
            assertTrue(tracing.started.contains("deliver webhook/" + webhookId + " <- null = "
                    + other.traceparent()), "its delivery starts a trace of its own: " + tracing.started);
        } finally {
            Tracing.install(Tracing.NONE);
        }
    }

    /** Spans as "name <- parent = own traceparent"; a new span's id counts up. */
    private static final class RecordingTracing implements Tracing {
        final List<String> started = new CopyOnWriteArrayList<>();
        volatile String inRequest;
        private final java.util.concurrent.atomic.AtomicInteger ids = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public String currentTraceparent() {
            return inRequest;
        }

        @Override
        public Tracing.Span start(String name, Kind kind, String parent, Map<String, String> attributes) {
            String from = parent != null ? parent : inRequest;
            String trace = from != null ? from.substring(3, 35) : String.format("%032x", 1000 + ids.incrementAndGet());
            String own = "00-" + trace + "-" + String.format("%016x", ids.incrementAndGet()) + "-01";
            started.add(name + " <- " + parent + " = " + own);
            return new Tracing.Span() {
                @Override
                public String traceparent() {
                    return own;
                }

                @Override
                public void failed(String why) {
                }

                @Override
                public void close() {
                }
            };
        }
    }

    @Test
    void onlyTheEventTypesAWebhookWantsReachIt() {
        register(List.of("report.status_changed"));
        String reportId = report();
        assertEquals(Optional.empty(), deliverNext());

        DB.run(em -> new ReportService(em, TestCategories.catalog(), clock).changeStatus(reportId,
                ReportStatus.IN_PROGRESS, "on it", OPERATOR));
        assertEquals(Delivery.DELIVERED, deliverNext().orElseThrow().getState());
        assertTrue(RECEIVED.get(0).body().startsWith("{\"type\":\"report.status_changed\""));
    }

    @Test
    void theBreakerOpensAfterConsecutiveFailuresThenProbesOnceHalfOpen() {
        Webhooks.WithSecret hook = register(List.of());
        report();
        ANSWERS.addAll(List.of(500, 503, 500, 502));

        for (int i = 1; i <= BREAKER_FAILURES; i++) {
            Delivery failed = deliverNext().orElseThrow();
            assertEquals(Delivery.PENDING, failed.getState());
            assertEquals(i, failed.getAttempts());
            assertEquals(i < BREAKER_FAILURES ? Webhook.CLOSED : Webhook.OPEN, breaker(hook));
            clock.advance(Duration.ofSeconds(5));
        }
        assertEquals(3, RECEIVED.size());

        // Open: due again, but the receiver is not called and no attempt is counted.
        Delivery held = deliverNext().orElseThrow();
        assertEquals(3, held.getAttempts());
        assertEquals(3, RECEIVED.size());
        assertTrue(held.getLastError().contains("circuit breaker is open"), held.getLastError());

        // After the cool-down one probe goes; it fails, so the breaker opens again.
        clock.advance(COOL_DOWN);
        assertEquals(4, deliverNext().orElseThrow().getAttempts());
        assertEquals(4, RECEIVED.size());
        assertEquals(Webhook.OPEN, breaker(hook));
        clock.advance(Duration.ofSeconds(5));
        deliverNext();
        assertEquals(4, RECEIVED.size(), "still cooling down");

        // The next probe succeeds: closed, its failures forgotten.
        clock.advance(COOL_DOWN);
        Delivery delivered = deliverNext().orElseThrow();
        assertEquals(Delivery.DELIVERED, delivered.getState());
        assertEquals(Webhook.CLOSED, breaker(hook));
        assertEquals(0, (int) DB.inTransaction(em -> em.find(Webhook.class, hook.webhook().getId())
                .getConsecutiveFailures()));
    }

    @Test
    void aHalfOpenBreakerLetsOnlyTheProbeThrough() {
        Webhooks.WithSecret hook = register(List.of());
        DB.run(em -> {
            Webhook webhook = em.find(Webhook.class, hook.webhook().getId());
            for (int i = 0; i < BREAKER_FAILURES; i++) {
                webhook.callFailed(BREAKER_FAILURES, COOL_DOWN, clock.instant());
            }
        });
        clock.advance(COOL_DOWN);
        DB.run(em -> assertEquals(null, em.find(Webhook.class, hook.webhook().getId()).admit(clock.instant(),
                Duration.ofSeconds(15))));
        assertEquals(Webhook.HALF_OPEN, breaker(hook));
        // While the probe is in flight, another call waits until its turn expires.
        DB.run(em -> assertEquals(clock.instant().plusSeconds(15), em.find(Webhook.class, hook.webhook().getId())
                .admit(clock.instant().plusSeconds(1), Duration.ofSeconds(15))));
    }

    @Test
    void a410GoneSwitchesTheWebhookOffWithANoticeAndAnAuditEntry() {
        Webhooks.WithSecret hook = register(List.of());
        String reportId = report();
        ANSWERS.add(410);

        Delivery gone = deliverNext().orElseThrow();

        assertEquals(Delivery.DEAD, gone.getState());
        assertEquals(Integer.valueOf(410), gone.getLastStatus());
        Webhook webhook = DB.inTransaction(em -> em.find(Webhook.class, hook.webhook().getId()));
        assertFalse(webhook.isEnabled());
        assertTrue(webhook.getDisabledReason().contains("410 Gone"), webhook.getDisabledReason());
        assertEquals(1L, ((Number) DB.queryValue("SELECT COUNT(*) FROM fmq_audit_entry WHERE action = ?"
                + " AND target_id = ?", "webhook.disabled", webhook.getId())).longValue());
        // Its deliveries stop: later events are not handed to it.
        DB.run(em -> new ReportService(em, TestCategories.catalog(), clock).changeStatus(reportId,
                ReportStatus.IN_PROGRESS, "on it", OPERATOR));
        assertEquals(Optional.empty(), deliverNext());
        assertEquals(1, RECEIVED.size());
    }

    @Test
    void aLaterEventOfAReportWaitsForTheEarlierOne() {
        register(List.of());
        String reportId = report();
        ANSWERS.add(500);
        assertEquals(Delivery.PENDING, deliverNext().orElseThrow().getState());

        // Changed before the creation's retry is due: the change is due first, but must wait.
        clock.advance(Duration.ofMillis(100));
        DB.run(em -> new ReportService(em, TestCategories.catalog(), clock).changeStatus(reportId,
                ReportStatus.IN_PROGRESS, "on it", OPERATOR));
        Delivery waiting = deliverNext().orElseThrow();
        assertEquals(0, waiting.getAttempts());
        assertTrue(waiting.getLastError().contains("earlier event"), waiting.getLastError());
        assertEquals(1, RECEIVED.size());

        clock.advance(Duration.ofSeconds(5));
        while (deliverNext().isPresent()) {
            clock.advance(Duration.ofSeconds(1));
        }
        assertEquals(List.of("report.created", "report.created", "report.status_changed"),
                RECEIVED.stream().map(r -> r.body().substring(9, r.body().indexOf('"', 9))).toList());
    }

    @Test
    void duringARotationsGracePeriodBothSecretsSign() throws Exception {
        Webhooks.WithSecret first = register(List.of());
        Webhooks.WithSecret second = DB.inTransaction(em -> webhooks(em).rotateSecret(first.webhook().getId(), ADMIN));
        assertNotEquals(first.secret(), second.secret());
        report();

        deliverNext();

        Received got = RECEIVED.get(0);
        assertEquals(expected(second.secret(), got) + " " + expected(first.secret(), got), got.signature());
        // After 24 hours the old secret stops signing.
        clock.advance(Duration.ofHours(25));
        report();
        deliverNext();
        assertEquals(expected(second.secret(), RECEIVED.get(1)), RECEIVED.get(1).signature());
    }

    @Test
    void aDeadDeliveryIsReplayedWithItsAttemptsCountedAfresh() {
        Webhooks.WithSecret hook = register(List.of());
        report();
        ANSWERS.add(410);
        Delivery dead = deliverNext().orElseThrow();
        assertEquals(Delivery.DEAD, dead.getState());
        DB.run(em -> webhooks(em).change(hook.webhook().getId(), null, null, null, true, ADMIN));

        Deliveries.Item replayed = DB.inTransaction(em -> new Deliveries(em, clock).replay(dead.getId(), ADMIN));

        assertEquals(Delivery.PENDING, replayed.delivery().getState());
        assertEquals(0, replayed.delivery().getAttempts());
        assertEquals(Delivery.DELIVERED, deliverNext().orElseThrow().getState());
        assertEquals(2, RECEIVED.size());
        assertEquals(RECEIVED.get(0).id(), RECEIVED.get(1).id(), "the same event id, so the receiver can drop it");
        // A delivered one is not sent again on purpose.
        assertThrows(ConflictException.class, () -> DB.inTransaction(em -> new Deliveries(em, clock)
                .replay(dead.getId(), ADMIN)));
        Deliveries.Page page = DB.inTransaction(em -> new Deliveries(em, clock).list(hook.webhook().target(),
                Delivery.DELIVERED, 10, null, ADMIN));
        assertEquals(1, page.items().size());
        assertEquals("report.created", page.items().get(0).eventType());
        assertEquals(1, page.items().get(0).delivery().getAttempts());
        assertEquals(1L, ((Number) DB.queryValue("SELECT COUNT(*) FROM fmq_audit_entry WHERE action = ?",
                "delivery.replayed")).longValue());
    }

    @Test
    void allDeadDeliveriesOfATargetAreReplayedInATimeRange() {
        Webhooks.WithSecret hook = register(List.of());
        report();
        clock.advance(Duration.ofHours(1));
        report();
        DB.inTransaction(em -> dispatcher().fanOut(em));
        DB.run(em -> em.createNativeQuery("UPDATE fmq_delivery SET state = 'dead', attempts = 10").executeUpdate());

        int replayed = DB.inTransaction(em -> new Deliveries(em, clock).replayAll(hook.webhook().target(),
                Instant.parse("2025-06-02T08:30:00Z"), null, ADMIN));

        assertEquals(1, replayed);
        assertEquals(1, DB.inTransaction(em -> new Deliveries(em, clock).list(hook.webhook().target(), Delivery.DEAD,
                10, null, ADMIN)).items().size());
        assertEquals(1, (int) DB.inTransaction(em -> new Deliveries(em, clock).replayAll(hook.webhook().target(), null,
                null, ADMIN)));
        assertThrows(ValidationException.class, () -> DB.inTransaction(em -> new Deliveries(em, clock)
                .list(null, "lost", 10, null, ADMIN)));
    }

    @Test
    void badUrlsAndUnknownEventTypesAreRefusedAndOnlyAdministratorsManageWebhooks() {
        for (String url : List.of("ftp://example.org/hook", "not a url", "/relative/hook", "https://", "")) {
            assertThrows(ValidationException.class, () -> DB.inTransaction(em -> webhooks(em).create(url, List.of(),
                    null, ADMIN)), url);
        }
        assertThrows(ValidationException.class, () -> DB.inTransaction(em -> webhooks(em).create(
                "https://example.org/hook", List.of("report.exploded"), null, ADMIN)));
        assertThrows(ForbiddenException.class, () -> DB.inTransaction(em -> webhooks(em).create(
                "https://example.org/hook", List.of(), null, OPERATOR)));
        assertThrows(ForbiddenException.class, () -> DB.inTransaction(em -> new Deliveries(em, clock).list(null, null,
                10, null, OPERATOR)));
    }

    /** Replays a delivery, runs the dispatcher until it is done, then tries to replay it again. */
    private String deliverNextAfterReplay(String id) {
        DB.run(em -> new Deliveries(em, clock).replay(id, ADMIN));
        assertEquals(Delivery.DELIVERED, deliverNext().orElseThrow().getState());
        return id;
    }

    private static String expected(String secret, Received got) throws Exception {
        // Standard Webhooks, written out here rather than calling the code under test.
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        return "v1," + Base64.getEncoder().encodeToString(mac.doFinal((got.id() + "." + got.timestamp() + "."
                + got.body()).getBytes(StandardCharsets.UTF_8)));
    }

    private String breaker(Webhooks.WithSecret hook) {
        return DB.inTransaction(em -> em.find(Webhook.class, hook.webhook().getId()).getBreakerState());
    }

    private Webhooks webhooks(jakarta.persistence.EntityManager em) {
        return new Webhooks(em, clock, Duration.ofHours(24));
    }

    @Test
    void aReceiverThatAnswersWithABodyKeepsOneConnection() {
        List<Integer> clientPorts = new CopyOnWriteArrayList<>();
        // Larger than the client's buffers: left unread, it would keep the connection busy.
        byte[] body = ("{\"received\":true,\"note\":\"" + "x".repeat(256 * 1024) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        receiver.createContext("/chatty", exchange -> {
            exchange.getRequestBody().readAllBytes();
            clientPorts.add(exchange.getRemoteAddress().getPort());
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        try {
            DB.inTransaction(em -> webhooks(em).create("http://127.0.0.1:" + receiver.getAddress().getPort()
                    + "/chatty", List.of(), "answers with a body", ADMIN));
            // One dispatcher, as a server has: its HTTP client keeps the connections.
            EventDispatcher dispatcher = dispatcher();
            for (int i = 0; i < 3; i++) {
                report();
                DB.inTransaction(em -> dispatcher.fanOut(em));
                assertEquals(Delivery.DELIVERED, DB.inTransaction(em -> dispatcher.deliverNext(em)).orElseThrow()
                        .getState());
            }
            // Its body read and closed, each answer hands the connection back for the next call.
            assertEquals(3, clientPorts.size());
            assertEquals(1, clientPorts.stream().distinct().count(), "one connection for the three calls: " + clientPorts);
        } finally {
            receiver.removeContext("/chatty");
        }
    }

    @Test
    void aReceiverThatHangsHoldsOnlyItsOwnPlaceAndTheOtherWebhooksAreServed() throws Exception {
        CountDownLatch hanging = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        receiver.createContext("/hang", exchange -> {
            hanging.countDown();
            try {
                answer.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        try {
            Webhooks.WithSecret slow = DB.inTransaction(em -> webhooks(em).create("http://127.0.0.1:"
                    + receiver.getAddress().getPort() + "/hang", List.of(), "hangs", ADMIN));
            register(List.of());
            for (int i = 0; i < 3; i++) {
                report();
            }
            DB.inTransaction(em -> dispatcher().fanOut(em));
            DeliveryBulkhead bulkhead = DeliveryBulkhead.of(1);
            EventDispatcher dispatcher = dispatcher();

            // A first worker takes the slow webhook's oldest delivery and waits for its answer.
            Future<Optional<Delivery>> stuck = WORKING.submit(() -> {
                Optional<Delivery> made;
                do {
                    made = DB.inTransaction(em -> dispatcher.deliverNext(em, bulkhead));
                } while (made.isPresent() && !made.get().getConsumer().equals(slow.webhook().target()));
                return made;
            });
            assertTrue(hanging.await(10, TimeUnit.SECONDS), "the slow webhook was called");
            assertEquals(1, bulkhead.inProgress(slow.webhook().target()));

            // A second worker delivers every event to the other webhook meanwhile, and passes over
            // the slow one's due deliveries instead of queueing behind the first worker.
            List<Delivery> made = new ArrayList<>();
            Future<?> second = WORKING.submit(() -> {
                Optional<Delivery> next;
                while ((next = DB.inTransaction(em -> dispatcher.deliverNext(em, bulkhead))).isPresent()) {
                    made.add(next.get());
                }
            });
            second.get(20, TimeUnit.SECONDS);
            assertFalse(stuck.isDone(), "the slow webhook is still being called");
            assertTrue(made.stream().noneMatch(d -> d.getConsumer().equals(slow.webhook().target())), made.toString());
            assertEquals(3, RECEIVED.size(), "every event reached the other webhook while the slow one hung");

            answer.countDown();
            assertEquals(Delivery.DELIVERED, stuck.get(20, TimeUnit.SECONDS).orElseThrow().getState());
            assertEquals(0, bulkhead.inProgress(slow.webhook().target()), "the place is free again");
        } finally {
            answer.countDown();
            receiver.removeContext("/hang");
        }
    }

    @Test
    void aBatchToOneWebhookIsSentAtOnceWithinItsPlaces() throws Exception {
        // Each call is answered only once four are in progress: sent one after another, the
        // first would wait for the others until its time limit and fail.
        CountDownLatch together = new CountDownLatch(4);
        receiver.createContext("/together", exchange -> {
            exchange.getRequestBody().readAllBytes();
            together.countDown();
            try {
                together.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            RECEIVED.add(new Received(exchange.getRequestHeaders().getFirst("webhook-id"), null, null, "", null, null));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        try {
            DB.inTransaction(em -> webhooks(em).create("http://127.0.0.1:" + receiver.getAddress().getPort()
                    + "/together", List.of(), "answers four at once", ADMIN));
            for (int i = 0; i < 5; i++) {
                report();
            }
            DB.inTransaction(em -> dispatcher().fanOut(em));
            DeliveryBulkhead bulkhead = DeliveryBulkhead.of(4);

            List<Delivery> batch = DB.inTransaction(em -> dispatcher().deliverSome(em, bulkhead, 16));

            assertEquals(4, batch.size(), "as many as the webhook's places, not the 16 asked for");
            assertTrue(batch.stream().allMatch(d -> Delivery.DELIVERED.equals(d.getState())), batch.toString());
            assertEquals(4, RECEIVED.stream().map(Received::id).distinct().count());
            assertEquals(0, bulkhead.inProgress(batch.get(0).getConsumer()), "the places are free again");
            long delivered = DB.inTransaction(em -> em.createQuery("SELECT COUNT(d) FROM Delivery d WHERE d.state = :s",
                    Long.class).setParameter("s", Delivery.DELIVERED).getSingleResult());
            assertEquals(4, delivered, "committed together");
        } finally {
            receiver.removeContext("/together");
        }
    }

    @Test
    void inABatchALaterEventOfAReportStillWaitsForTheEarlierOne() {
        register(List.of());
        String first = report();
        String second = report();
        clock.advance(Duration.ofMillis(100));
        DB.run(em -> new ReportService(em, TestCategories.catalog(), clock).changeStatus(first,
                ReportStatus.IN_PROGRESS, "on it", OPERATOR));
        DB.inTransaction(em -> dispatcher().fanOut(em));

        List<Delivery> batch = DB.inTransaction(em -> dispatcher().deliverSome(em, DeliveryBulkhead.of(8), 16));

        assertEquals(3, batch.size());
        assertEquals(2, RECEIVED.size(), "both creations, not the change that follows one of them");
        Delivery waiting = batch.stream().filter(d -> Delivery.PENDING.equals(d.getState())).findFirst().orElseThrow();
        assertEquals(0, waiting.getAttempts());
        assertTrue(waiting.getLastError().contains("earlier event"), waiting.getLastError());

        clock.advance(Duration.ofSeconds(1));
        assertEquals(Delivery.DELIVERED, DB.inTransaction(em -> dispatcher().deliverSome(em, DeliveryBulkhead.of(8), 16))
                .get(0).getState());
        assertEquals("report.status_changed", RECEIVED.get(2).body().substring(9, RECEIVED.get(2).body().indexOf('"', 9)));
        assertTrue(RECEIVED.get(2).body().contains(first) && !RECEIVED.get(2).body().contains(second));
    }

    @Test
    void theFailuresOfOneBatchOpenTheBreaker() {
        Webhooks.WithSecret hook = register(List.of());
        for (int i = 0; i < BREAKER_FAILURES; i++) {
            report();
            ANSWERS.add(503);
        }
        DB.inTransaction(em -> dispatcher().fanOut(em));

        List<Delivery> batch = DB.inTransaction(em -> dispatcher().deliverSome(em, DeliveryBulkhead.of(8), 16));

        assertEquals(BREAKER_FAILURES, batch.size());
        assertTrue(batch.stream().allMatch(d -> d.getAttempts() == 1 && Integer.valueOf(503).equals(d.getLastStatus())),
                batch.toString());
        assertEquals(Webhook.OPEN, breaker(hook));
        clock.advance(Duration.ofSeconds(2));
        Delivery held = DB.inTransaction(em -> dispatcher().deliverSome(em, DeliveryBulkhead.of(8), 16)).get(0);
        assertEquals(1, held.getAttempts(), "held back by the open breaker, not attempted");
        assertEquals(BREAKER_FAILURES, RECEIVED.size());
    }

    private Webhooks.WithSecret register(List<String> types) {
        return DB.inTransaction(em -> webhooks(em).create("http://127.0.0.1:" + receiver.getAddress().getPort()
                + "/hook", types, "test receiver", ADMIN));
    }

    private String report() {
        return DB.inTransaction(em -> new ReportService(em, TestCategories.catalog(), clock).create(
                new NewReport("Broken street light", null, TestCategories.CODES.get(0), 45.7578, 4.8320, 5.0, null),
                Actor.citizen("citizen-1", "Rose")).getId());
    }

    private Optional<Delivery> deliverNext() {
        DB.inTransaction(em -> dispatcher().fanOut(em));
        return DB.inTransaction(em -> dispatcher().deliverNext(em));
    }

    private EventDispatcher dispatcher() {
        PluginRegistry plugins = PluginRegistry.builder().add(new TestCategories()).build();
        NotificationTexts texts = new NotificationTexts(Messages.of(List.of(), Locale.ENGLISH), TestCategories.catalog(),
                ZoneId.of("Europe/Paris"), "metric");
        return new EventDispatcher(plugins, id -> PluginConfig.empty(), texts, Locale.ENGLISH,
                new DeliverySettings(10, Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(2), 100),
                WORKING, clock, List.of(), new WebhookSettings(BREAKER_FAILURES, COOL_DOWN, Duration.ofHours(24),
                WebhookSettings.client(Duration.ofSeconds(5))));
    }
}
