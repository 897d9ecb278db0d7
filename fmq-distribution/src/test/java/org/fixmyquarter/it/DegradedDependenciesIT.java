package org.fixmyquarter.it;

import static org.fixmyquarter.it.support.ShippedServers.ADMIN_EMAIL;
import static org.fixmyquarter.it.support.ShippedServers.ADMIN_PASSWORD;
import static org.fixmyquarter.it.support.ShippedServers.JAR;
import static org.fixmyquarter.it.support.ShippedServers.fresh;
import static org.fixmyquarter.it.support.ShippedServers.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import org.fixmyquarter.it.support.Api;
import org.fixmyquarter.it.support.ServerProcess;
import org.fixmyquarter.it.support.TcpProxy;
import org.fixmyquarter.plugins.channel.amqp.TestBroker;
import org.fixmyquarter.plugins.connector.open311.FakeOpen311;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The server keeps serving while an optional dependency is down (issue 19): one server started
 * from the shipped jar reaches Redis (shared rate limits) and RabbitMQ (the AMQP channel) through
 * TCP proxies of the test's own, and a city's Open311 helpdesk that the test runs; stopping a
 * proxy cuts the server off that service as its loss would, without stopping the shared Redis and
 * RabbitMQ other tests use. While each is down, reports are listed ({@code 200}) and created
 * ({@code 201}), readiness stays {@code 200 UP} (a load balancer keeps the server) and its
 * {@code dependencies} check names the one that is down; when it is back, readiness no longer
 * names it and the events held meanwhile arrive (the RabbitMQ messages are consumed for real, from
 * a queue of the test's own). No request is answered {@code 500}.
 *
 * <p>Runs in the {@code it-lifecycle} pass, which starts its own servers; ports 9850-9854.
 */
@EnabledIfSystemProperty(named = "fmq.it.lifecycle.jar", matches = ".+")
class DegradedDependenciesIT {

    private static final String TAG = "[DegradedDependenciesIT] ";
    private static final int HTTP_PORT = 9850;
    private static final int HTTPS_PORT = 9851;
    private static final int REDIS_PROXY = 9852;
    private static final int AMQP_PROXY = 9853;
    private static final int OPEN311_PORT = 9854;
    private static final String BASE = "http://localhost:" + HTTP_PORT;
    private static final Duration WITHIN = Duration.ofSeconds(60);
    private static final int HELD_EVENTS = 3;

    /** Every answer of the server under test, to check that none was a 500. */
    private final List<String> answers = new CopyOnWriteArrayList<>();

    @Test
    void readsAndReportsGoOnWhileRedisRabbitMqOrTheHelpdeskIsDown() throws Exception {
        Path dir = fresh("degraded");
        String exchange = "fmq.degraded-it." + System.currentTimeMillis();
        FakeOpen311 helpdesk = new FakeOpen311(OPEN311_PORT);
        ServerProcess server = null;
        try (TcpProxy redis = new TcpProxy(REDIS_PROXY, "127.0.0.1", 6379).start();
                TcpProxy rabbit = new TcpProxy(AMQP_PROXY, TestBroker.HOST, TestBroker.PORT).start();
                TestBroker broker = TestBroker.connect()) {
            String queue = broker.bindQueue(exchange, "report.created");
            server = start(dir, exchange);

            JsonObject ready = dependencies(200);
            assertEquals("ok", ready.getJsonObject("data").getString("status"), ready.toString());
            String watching = ready.getJsonObject("data").getString("watching");
            for (String dependency : List.of("redis", "notification-channel/amqp", "helpdesk-connector/open311",
                    "media-store/filesystem")) {
                assertTrue(watching.contains(dependency), dependency + " is watched: " + ready);
            }

            // Redis: rate limits fall back to this server's memory.
            redis.stop();
            long began = System.nanoTime();
            servesReadsAndReports("Redis down");
            long millis = (System.nanoTime() - began) / 1_000_000;
            JsonObject redisDown = awaitDown("redis");
            System.out.println(TAG + "Redis down: " + redisDown + " (a list and a report took " + millis + " ms)");
            assertTrue(redisDown.getJsonObject("data").getString("redis").contains("in each server's memory"),
                    redisDown.toString());
            redis.start();
            System.out.println(TAG + "Redis back: " + awaitBack("redis"));

            // RabbitMQ: the AMQP channel's deliveries wait in the outbox and are retried.
            rabbit.stop();
            List<String> held = new ArrayList<>();
            for (int i = 0; i < HELD_EVENTS; i++) {
                held.add(servesReadsAndReports("RabbitMQ down " + i));
            }
            JsonObject rabbitDown = awaitDown("notification-channel/amqp");
            System.out.println(TAG + "RabbitMQ down: " + rabbitDown);
            assertTrue(rabbitDown.getJsonObject("data").getString("notification-channel/amqp")
                    .contains("wait in the outbox and are retried"), rabbitDown.toString());
            JsonObject amqp = amqpPlugin();
            assertEquals("active", amqp.getString("state"), amqp.toString());
            assertFalse(amqp.isNull("failingSince"), "the administrator sees since when it fails: " + amqp);
            rabbit.start();
            Set<String> arrived = new java.util.HashSet<>();
            Api.await(WITHIN, () -> {
                try {
                    broker.take(queue, HELD_EVENTS, Duration.ZERO).forEach(m -> arrived.add(reportId(m.body())));
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return arrived.containsAll(held);
            }, () -> "the events of the reports made while RabbitMQ was down reached the queue: " + held + " arrived "
                    + arrived);
            System.out.println(TAG + "RabbitMQ back: " + awaitBack("notification-channel/amqp"));
            assertTrue(amqpPlugin().isNull("failingSince"), amqpPlugin().toString());

            // The helpdesk: its connector's deliveries wait and are retried.
            helpdesk.close();
            String forHelpdesk = servesReadsAndReports("Helpdesk down");
            JsonObject helpdeskDown = awaitDown("helpdesk-connector/open311");
            System.out.println(TAG + "Helpdesk down: " + helpdeskDown);
            helpdesk = new FakeOpen311(OPEN311_PORT);
            FakeOpen311 back = helpdesk;
            Api.await(WITHIN, () -> back.posts().stream().anyMatch(p -> p.params().getOrDefault("description", "")
                    .contains(forHelpdesk)), () -> "the report made while the helpdesk was down reached it: "
                    + back.received());
            System.out.println(TAG + "Helpdesk back: " + awaitBack("helpdesk-connector/open311"));

            List<String> errors = answers.stream().filter(a -> a.startsWith("5")).toList();
            assertTrue(errors.isEmpty(), "no answer was a 5xx: " + errors);
            assertEquals(200, get("/health/live").statusCode(), "liveness never depends on them");
            broker.deleteExchange(exchange);
        } finally {
            helpdesk.close();
            if (server != null) {
                server.terminate();
            }
        }
    }

    /** The AMQP channel in the administrator's list of plugins. */
    private JsonObject amqpPlugin() {
        String token = Api.login(BASE, ADMIN_EMAIL, ADMIN_PASSWORD);
        HttpResponse<String> list = send(Api.request(BASE + "/api/v1/admin/plugins")
                .header("Authorization", "Bearer " + token).GET().build());
        assertEquals(200, list.statusCode(), list.body());
        return Api.json(list).getJsonArray("items").stream().map(JsonValue::asJsonObject)
                .filter(p -> p.getString("id").equals("amqp")).findFirst()
                .orElseThrow(() -> new AssertionError("no amqp plugin: " + list.body()));
    }

    private ServerProcess start(Path dir, String exchange) {
        Map<String, String> env = settings(HTTP_PORT);
        env.put("FMQ_HTTPS_PORT", Integer.toString(HTTPS_PORT));
        env.put("FMQ_DATA_DIR", dir.resolve("data").toString());
        // A database of its own on the shared Redis, reached through the proxy.
        env.put("FMQ_RATELIMIT_REDIS", "redis://127.0.0.1:" + REDIS_PROXY + "/11");
        env.put("FMQ_PLUGIN_AMQP_ENABLED", "true");
        env.put("FMQ_PLUGIN_AMQP_URI", "amqp://guest:guest@127.0.0.1:" + AMQP_PROXY + "/");
        env.put("FMQ_PLUGIN_AMQP_EXCHANGE", exchange);
        env.put("FMQ_PLUGIN_AMQP_CONNECT_TIMEOUT", "PT2S");
        env.put("FMQ_PLUGIN_OPEN311_ENABLED", "true");
        env.put("FMQ_PLUGIN_OPEN311_ENDPOINT", "http://127.0.0.1:" + OPEN311_PORT + "/open311/v2");
        env.put("FMQ_PLUGIN_OPEN311_API_KEY", FakeOpen311.API_KEY);
        env.put("FMQ_PLUGIN_OPEN311_JURISDICTION_ID", FakeOpen311.JURISDICTION);
        env.put("FMQ_PLUGIN_OPEN311_DEFAULT_SERVICE_CODE", "GEN");
        env.put("FMQ_DELIVERY_FIRST_RETRY", "PT1S");
        env.put("FMQ_DELIVERY_MAX_RETRY", "PT2S");
        env.put("FMQ_DELIVERY_MAX_ATTEMPTS", "1000");
        env.put("FMQ_DELIVERY_POLL_INTERVAL", "PT0.2S");
        env.put("FMQ_DELIVERY_TIMEOUT", "PT5S");
        ServerProcess started = ServerProcess.start(ServerProcess.javaJar(JAR), dir, env, dir.resolve("server.log"),
                BASE);
        System.out.println(TAG + "server ready after " + started.startTime().toMillis() + " ms");
        return started;
    }

    /** Lists reports and creates one, each answered as usual; returns the new report's id. */
    private String servesReadsAndReports(String title) {
        HttpResponse<String> list = get("/api/v1/reports?limit=5");
        assertEquals(200, list.statusCode(), list.body());
        HttpResponse<String> created = send(Api.request(BASE + "/api/v1/reports")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Api.report(title, "pothole", 48.8566, 2.3522))).build());
        assertEquals(201, created.statusCode(), created.body());
        return Api.json(created).getString("id");
    }

    /** Waits until readiness names the dependency as down, checking it stays 200 UP meanwhile. */
    private JsonObject awaitDown(String dependency) {
        JsonObject[] last = new JsonObject[1];
        Api.await(WITHIN, () -> {
            last[0] = dependencies(200);
            return down(last[0]).contains(dependency);
        }, () -> "readiness names " + dependency + " as down: " + last[0]);
        assertEquals("degraded", last[0].getJsonObject("data").getString("status"), last[0].toString());
        assertTrue(last[0].getJsonObject("data").getString(dependency).startsWith("down since "), last[0].toString());
        return last[0];
    }

    private JsonObject awaitBack(String dependency) {
        JsonObject[] last = new JsonObject[1];
        Api.await(WITHIN, () -> {
            last[0] = dependencies(200);
            return !down(last[0]).contains(dependency);
        }, () -> "readiness no longer names " + dependency + ": " + last[0]);
        assertFalse(last[0].getJsonObject("data").containsKey(dependency), last[0].toString());
        return last[0];
    }

    private static Set<String> down(JsonObject check) {
        JsonObject data = check.getJsonObject("data");
        return data.containsKey("down") ? Set.of(data.getString("down").split(", ")) : Set.of();
    }

    /** Readiness, which must answer {@code expected} and UP; returns its dependencies check. */
    private JsonObject dependencies(int expected) {
        HttpResponse<String> response = get("/health/ready");
        assertEquals(expected, response.statusCode(), response.body());
        JsonObject health = parse(response.body());
        assertEquals("UP", health.getString("status"), response.body());
        return health.getJsonArray("checks").stream().map(JsonValue::asJsonObject)
                .filter(c -> c.getString("name").equals("dependencies")).findFirst()
                .orElseThrow(() -> new AssertionError("no dependencies check: " + response.body()));
    }

    private HttpResponse<String> get(String path) {
        return send(Api.request(BASE + path).GET().build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        HttpResponse<String> response = Api.send(request);
        answers.add(response.statusCode() + " " + request.method() + " " + request.uri().getPath());
        return response;
    }

    private static String reportId(String body) {
        JsonObject message = parse(body);
        JsonObject report = message.containsKey("report") ? message.getJsonObject("report")
                : message.getJsonObject("data").getJsonObject("report");
        return report.getString("id");
    }

    private static JsonObject parse(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }
}
