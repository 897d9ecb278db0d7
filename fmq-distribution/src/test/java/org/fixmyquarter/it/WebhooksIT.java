package org.fixmyquarter.it;

import static org.fixmyquarter.it.ProblemResponsesIT.problem;
import static org.fixmyquarter.it.support.Api.adminToken;
import static org.fixmyquarter.it.support.Api.await;
import static org.fixmyquarter.it.support.Api.createReport;
import static org.fixmyquarter.it.support.Api.get;
import static org.fixmyquarter.it.support.Api.json;
import static org.fixmyquarter.it.support.Api.postJson;
import static org.fixmyquarter.it.support.Api.request;
import static org.fixmyquarter.it.support.Api.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpServer;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import org.fixmyquarter.it.support.People;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Webhooks against real receivers on loopback (ports 9700-9719): events arrive signed the
 * Standard Webhooks way (checked here with the algorithm written out independently of the
 * server's), once per event id, in order per report, through a receiver that fails its first
 * calls (its circuit breaker opens, and closes again); a receiver answering {@code 410 Gone} gets
 * its webhook switched off, with a notice and an audit entry; dead deliveries come back through
 * the replay API, one or a whole time range.
 */
class WebhooksIT {

    private static final Duration WITHIN = Duration.ofSeconds(20);
    private static final Duration TOLERANCE = Duration.ofMinutes(5);

    private static String admin;
    private static final List<String> WEBHOOKS = new CopyOnWriteArrayList<>();

    /** Answers 2xx and checks every signature against the secrets it was given. */
    private static final Receiver VERIFYING = new Receiver(9701);
    /** Answers 503 to its first calls, then 204. */
    private static final Receiver FLAKY = new Receiver(9702);
    /** Answers 410 while {@link Receiver#gone} holds, then 200. */
    private static final Receiver GONE = new Receiver(9703);
    /** Holds every call until {@link Receiver#release} opens, longer than the server's call timeout (10 s). */
    private static final Receiver HANGING = new Receiver(9704);
    private static final List<Receiver> RECEIVERS = List.of(VERIFYING, FLAKY, GONE, HANGING);

    /** One POST a receiver got. */
    private record Call(String tag, String id, String timestamp, String signature, String body, String type,
                        String reportId, int answered, boolean signed) {
    }

    /** A loopback HTTP server that records what it gets and answers as the test says. */
    private static final class Receiver {
        final int port;
        final List<Call> calls = new CopyOnWriteArrayList<>();
        final List<String> secrets = new CopyOnWriteArrayList<>();
        final AtomicInteger failFirst = new AtomicInteger();
        final AtomicInteger inFlight = new AtomicInteger();
        final CountDownLatch release = new CountDownLatch(1);
        volatile boolean gone;
        HttpServer server;

        Receiver(int port) {
            this.port = port;
        }

        /** @param tag tells the webhooks that share this receiver apart */
        String url(String tag) {
            return "http://127.0.0.1:" + port + "/hooks/fmq?tag=" + tag;
        }

        void start() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
            // A thread per call, as real receivers have (and the server makes several calls at once).
            server.setExecutor(Executors.newCachedThreadPool());
            server.createContext("/hooks/fmq", exchange -> {
                String body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                if (this == HANGING) {
                    inFlight.incrementAndGet();
                    try {
                        release.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        inFlight.decrementAndGet();
                    }
                }
                String id = exchange.getRequestHeaders().getFirst("webhook-id");
                String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
                String signature = exchange.getRequestHeaders().getFirst("webhook-signature");
                int status = gone ? 410 : failFirst.getAndDecrement() > 0 ? 503 : this == FLAKY ? 204 : 200;
                JsonObject event;
                try (JsonReader reader = Json.createReader(new StringReader(body))) {
                    event = reader.readObject();
                }
                JsonObject data = event.getJsonObject("data");
                calls.add(new Call(exchange.getRequestURI().getQuery().substring("tag=".length()), id, timestamp,
                        signature, body, event.getString("type"),
                        data.containsKey("reportId") ? data.getString("reportId") : null, status,
                        verifies(secrets, id, timestamp, body, signature)));
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
            });
            server.start();
        }

        /** @return the calls of one webhook about one report that the receiver accepted */
        List<Call> accepted(String tag, String reportId) {
            return calls.stream().filter(c -> tag.equals(c.tag()) && reportId.equals(c.reportId())
                    && c.answered() / 100 == 2).toList();
        }
    }

    @BeforeAll
    static void startReceivers() throws IOException {
        admin = adminToken();
        for (Receiver receiver : RECEIVERS) {
            receiver.start();
        }
        // Gets every event: it shows when the server has handed an event out.
        register(VERIFYING, "main", List.of());
    }

    @AfterAll
    static void removeWebhooksAndStop() {
        // Later test classes create reports too: left behind, these webhooks would call closed ports.
        for (String id : WEBHOOKS) {
            send(request("/api/v1/admin/webhooks/" + id).header("Authorization", "Bearer " + admin).DELETE().build());
        }
        HANGING.release.countDown();
        for (Receiver receiver : RECEIVERS) {
            if (receiver.server != null) {
                receiver.server.stop(0);
            }
        }
    }

    @Test
    void eventsArriveSignedOncePerEventIdAndInOrderThroughAFailingReceiver() {
        JsonObject flaky = register(FLAKY, "flaky", List.of("report.created", "report.status_changed"));
        // Four failures: the third opens the breaker (fmq.webhooks.breaker.failures=3 on the test
        // server); the fourth is a probe after the cool-down, or a call that several workers had
        // in flight already. Once open, the breaker stays open for its cool-down whatever those
        // calls answer, and only a probe that succeeds closes it.
        FLAKY.failFirst.set(4);

        List<String> reports = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            reports.add(createReport("Webhook lamp " + i, "pothole").getString("id"));
        }
        HttpResponse<String> moved = postJson("/api/v1/reports/" + reports.get(0) + "/status",
                "{\"status\":\"in_progress\",\"reason\":\"Crew sent\"}", admin);
        assertEquals(200, moved.statusCode(), moved.body());

        String flakyPath = "/api/v1/admin/webhooks/" + flaky.getString("id");
        await(WITHIN, () -> "open".equals(breakerOf(flakyPath)), () -> "the flaky receiver's breaker opens: "
                + get(flakyPath, admin).body());
        await(WITHIN, () -> reports.stream().allMatch(r -> FLAKY.accepted("flaky", r).size()
                >= (r.equals(reports.get(0)) ? 2 : 1)), () -> "every event reaches the flaky receiver: " + FLAKY.calls);
        await(WITHIN, () -> "closed".equals(breakerOf(flakyPath)), () -> "the breaker closes after a good probe");
        await(WITHIN, () -> reports.stream().allMatch(r -> VERIFYING.accepted("main", r).size()
                >= (r.equals(reports.get(0)) ? 2 : 1)), () -> "every event reaches the verifying receiver: "
                + VERIFYING.calls);

        for (Map.Entry<String, Receiver> hook : Map.of("main", VERIFYING, "flaky", FLAKY).entrySet()) {
            Receiver receiver = hook.getValue();
            List<Call> ours = receiver.calls.stream().filter(c -> hook.getKey().equals(c.tag())
                    && reports.contains(c.reportId())).toList();
            assertTrue(ours.stream().allMatch(Call::signed), "every signature verifies: " + ours);
            // At least once, and a second copy only as a redelivery of the same event id.
            Map<String, Long> acceptedPerId = ours.stream().filter(c -> c.answered() / 100 == 2)
                    .collect(Collectors.groupingBy(Call::id, Collectors.counting()));
            assertEquals(4, acceptedPerId.size(), hook.getKey() + ": " + ours);
            assertTrue(acceptedPerId.values().stream().allMatch(n -> n == 1), "once per event id: " + ours);
            Map<String, Set<String>> typesPerId = ours.stream().collect(Collectors.groupingBy(Call::id,
                    Collectors.mapping(Call::type, Collectors.toSet())));
            assertTrue(typesPerId.values().stream().allMatch(types -> types.size() == 1),
                    "one id is always one event: " + ours);
            // In order per report: the creation before the status change.
            List<String> first = receiver.accepted(hook.getKey(), reports.get(0)).stream().map(Call::type).toList();
            assertEquals(List.of("report.created", "report.status_changed"), first, hook.getKey());
        }
        assertEquals(4 + 4, FLAKY.calls.stream().filter(c -> reports.contains(c.reportId())).count(),
                "four refused calls, then each event once: the breaker held the others back");

        JsonObject state = json(get(flakyPath, admin));
        assertEquals(0, state.getJsonObject("breaker").getInt("consecutiveFailures"));
        assertFalse(state.containsKey("secret"), "a secret is shown once only");
        assertFalse(get("/api/v1/admin/webhooks", admin).body().contains("whsec_"));

        JsonObject deliveries = json(get("/api/v1/admin/deliveries?target=webhook/" + flaky.getString("id")
                + "&state=delivered", admin));
        JsonObject created = deliveries.getJsonArray("items").stream().map(JsonValue::asJsonObject)
                .filter(d -> d.getString("subjectId").equals(reports.get(0))
                        && "report.created".equals(d.getString("eventType"))).findFirst().orElseThrow();
        assertTrue(created.getInt("attempts") >= 2, created.toString());
        assertEquals(204, created.getInt("lastStatus"));
        assertTrue(created.getInt("latencyMs") >= 0);
        assertTrue(created.isNull("lastError"), created.toString());
        assertEquals("webhook/" + flaky.getString("id"), state.getString("target"));
    }

    @Test
    void aReceiverThatHangsDelaysNoOtherWebhookAndGetsItsEventsOnceItAnswers() {
        register(HANGING, "hangs", List.of("report.created"));
        List<String> reports = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            reports.add(createReport("Hanging receiver lamp " + i, "pothole").getString("id"));
        }

        // Each call to the hanging receiver lasts the server's whole call timeout (10 s); the
        // other webhook gets all six events sooner than that, so none waited behind a hanging call.
        Instant created = Instant.now();
        await(Duration.ofSeconds(9), () -> reports.stream().allMatch(r -> !VERIFYING.accepted("main", r).isEmpty()),
                () -> "every event reaches the other webhook while the hanging one holds its calls: " + VERIFYING.calls);
        assertTrue(HANGING.inFlight.get() >= 1, "the hanging receiver was holding calls meanwhile");
        assertTrue(HANGING.inFlight.get() <= 4, "no more calls at once to one target than its bulkhead allows"
                + " (fmq.delivery.per-target=4): " + HANGING.inFlight.get());
        System.out.println("WebhooksIT: six events reached the other webhook in "
                + Duration.between(created, Instant.now()).toMillis() + " ms while " + HANGING.inFlight.get()
                + " call(s) hung");

        HANGING.release.countDown();
        await(Duration.ofSeconds(60), () -> reports.stream().allMatch(r -> !HANGING.accepted("hangs", r).isEmpty()),
                () -> "once it answers, the receiver that hung gets every event: " + HANGING.calls);
    }

    @Test
    void aRotatedSecretAndThePreviousOneBothSignDuringTheGracePeriod() {
        JsonObject hook = register(VERIFYING, "rotated", List.of("report.created"));
        String old = hook.getString("secret");
        HttpResponse<String> rotated = postJson("/api/v1/admin/webhooks/" + hook.getString("id") + "/rotate-secret",
                "", admin);
        assertEquals(200, rotated.statusCode(), rotated.body());
        String fresh = json(rotated).getString("secret");
        assertFalse(fresh.equals(old));
        assertTrue(json(rotated).getString("previousSecretUntil")
                .compareTo(Instant.now().plus(Duration.ofHours(23)).toString()) > 0, rotated.body());

        String report = createReport("Rotated lamp", "pothole").getString("id");
        await(WITHIN, () -> !VERIFYING.accepted("rotated", report).isEmpty(), () -> "the event arrives: "
                + VERIFYING.calls);
        Call call = VERIFYING.accepted("rotated", report).get(0);
        String[] signatures = call.signature().split(" ");
        assertEquals(2, signatures.length, call.signature());
        assertTrue(verifies(List.of(fresh), call.id(), call.timestamp(), call.body(), signatures[0]), "new secret");
        assertTrue(verifies(List.of(old), call.id(), call.timestamp(), call.body(), signatures[1]), "old secret");
    }

    @Test
    void aGoneReceiverSwitchesItsWebhookOffAndReplayBringsTheEventsBack() {
        GONE.gone = true;
        JsonObject hook = register(GONE, "gone", List.of("report.created"));
        String id = hook.getString("id");
        String path = "/api/v1/admin/webhooks/" + id;
        String before = Instant.now().minusSeconds(1).toString();
        String report = createReport("Gone lamp", "pothole").getString("id");

        await(WITHIN, () -> !json(get(path, admin)).getBoolean("enabled"), () -> "the webhook is switched off");
        JsonObject off = json(get(path, admin));
        assertTrue(off.getString("disabledReason").contains("410"), off.toString());
        assertTrue(get("/api/v1/admin/audit?target=" + id, admin).body().contains("\"webhook.disabled\""));
        JsonObject dead = onlyDelivery(id, "dead");
        assertEquals(410, dead.getInt("lastStatus"));
        assertEquals(report, dead.getString("subjectId"));
        String eventId = dead.getString("eventId");

        // Switched off: a later event is handed to the other webhooks, not to this one.
        String later = createReport("Gone lamp, later", "pothole").getString("id");
        await(WITHIN, () -> !VERIFYING.accepted("main", later).isEmpty(),
                () -> "the later event reaches the verifying receiver");
        assertEquals(1, json(get("/api/v1/admin/deliveries?target=webhook/" + id, admin)).getJsonArray("items").size());

        // The receiver is back: switch the webhook on and replay the dead delivery.
        GONE.gone = false;
        HttpResponse<String> on = send(request(path).header("Authorization", "Bearer " + admin)
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"enabled\":true}")).build());
        assertEquals(200, on.statusCode(), on.body());
        assertTrue(json(on).isNull("disabledReason"));
        HttpResponse<String> replayed = postJson("/api/v1/admin/deliveries/" + dead.getString("id") + "/replay", "",
                admin);
        assertEquals(200, replayed.statusCode(), replayed.body());
        assertEquals(0, json(replayed).getInt("attempts"));
        await(WITHIN, () -> GONE.calls.stream().anyMatch(c -> eventId.equals(c.id()) && c.answered() == 200),
                () -> "the replayed event arrives with its first id: " + GONE.calls);
        await(WITHIN, () -> "delivered".equals(onlyDelivery(id, null).getString("state")), () -> "delivered");
        problem(postJson("/api/v1/admin/deliveries/" + dead.getString("id") + "/replay", "", admin), 409);

        // Gone again: every dead delivery of the target in a time range comes back at once.
        GONE.gone = true;
        String third = createReport("Gone lamp, third", "pothole").getString("id");
        await(WITHIN, () -> !json(get(path, admin)).getBoolean("enabled"), () -> "switched off again");
        GONE.gone = false;
        send(request(path).header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"enabled\":true}")).build());
        problem(postJson("/api/v1/admin/deliveries/replay", "{\"target\":\"webhook/" + id + "\",\"from\":\"yesterday\"}",
                admin), 400);
        HttpResponse<String> all = postJson("/api/v1/admin/deliveries/replay", Json.createObjectBuilder()
                .add("target", "webhook/" + id).add("from", before).add("to", Instant.now().plusSeconds(60).toString())
                .build().toString(), admin);
        assertEquals(200, all.statusCode(), all.body());
        assertEquals(1, json(all).getInt("replayed"));
        await(WITHIN, () -> GONE.accepted("gone", third).size() == 1, () -> "the third event arrives: " + GONE.calls);
        assertTrue(GONE.calls.stream().allMatch(Call::signed));
        assertEquals(1, GONE.accepted("gone", report).size());
    }

    @Test
    void onlyAdministratorsRegisterWebhooksAndBadInputIsAProblemNotAFault() {
        String citizen = People.citizen("Hook", People.uniqueHandle("hook"), "en").token();
        problem(postJson("/api/v1/admin/webhooks", "{\"url\":\"https://example.org/hook\"}", citizen), 403);
        for (String body : List.of("{\"url\":\"ftp://example.org/hook\"}", "{\"url\":\"/relative\"}",
                "{\"url\":\"https://\"}", "{\"description\":\"no url\"}", "{\"url\":\"http://x y\"}",
                "{\"url\":\"https://example.org/hook\",\"eventTypes\":[\"report.exploded\"]}",
                "{\"url\":\"https://example.org/hook\",\"eventTypes\":\"report.created\"}",
                "{\"url\":\"https://example.org/hook\",\"eventTypes\":[42]}", "{\"url\":17}")) {
            JsonObject refused = problem(postJson("/api/v1/admin/webhooks", body, admin), 400);
            assertTrue(refused.toString().contains("url") || refused.toString().contains("eventTypes"), body + " "
                    + refused);
        }
        problem(get("/api/v1/admin/webhooks/no-such-webhook", admin), 404);
        problem(get("/api/v1/admin/deliveries?state=lost", admin), 400);
    }

    private static JsonObject register(Receiver receiver, String tag, List<String> types) {
        var body = Json.createObjectBuilder().add("url", receiver.url(tag)).add("description", "WebhooksIT " + tag);
        if (!types.isEmpty()) {
            body.add("eventTypes", Json.createArrayBuilder(types));
        }
        HttpResponse<String> created = postJson("/api/v1/admin/webhooks", body.build().toString(), admin);
        assertEquals(201, created.statusCode(), created.body());
        JsonObject hook = json(created);
        assertTrue(hook.getString("secret").startsWith("whsec_"), created.body());
        assertTrue(Base64.getDecoder().decode(hook.getString("secret").substring(6)).length >= 24);
        receiver.secrets.add(hook.getString("secret"));
        WEBHOOKS.add(hook.getString("id"));
        return hook;
    }

    private static String breakerOf(String path) {
        return json(get(path, admin)).getJsonObject("breaker").getString("state");
    }

    /** @return the one delivery of a webhook, in a state or any */
    private static JsonObject onlyDelivery(String webhookId, String state) {
        List<JsonValue> items = json(get("/api/v1/admin/deliveries?target=webhook/" + webhookId
                + (state == null ? "" : "&state=" + state), admin)).getJsonArray("items");
        assertEquals(1, items.size(), items.toString());
        return items.get(0).asJsonObject();
    }

    /**
     * The Standard Webhooks check, written from the specification: the secret's base64 after
     * {@code whsec_} is the HMAC-SHA256 key of {@code id.timestamp.body}; the header holds
     * space-separated {@code v1,<base64>} signatures, one of which must match; the timestamp must
     * be recent.
     */
    static boolean verifies(List<String> secrets, String id, String timestamp, String body, String header) {
        if (id == null || timestamp == null || header == null) {
            return false;
        }
        long sent = Long.parseLong(timestamp);
        if (Math.abs(Instant.now().getEpochSecond() - sent) > TOLERANCE.toSeconds()) {
            return false;
        }
        try {
            for (String secret : secrets) {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())),
                        "HmacSHA256"));
                byte[] expected = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
                for (String signature : header.split(" ")) {
                    if (signature.startsWith("v1,") && MessageDigest.isEqual(expected,
                            Base64.getDecoder().decode(signature.substring(3)))) {
                        return true;
                    }
                }
            }
            return false;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
