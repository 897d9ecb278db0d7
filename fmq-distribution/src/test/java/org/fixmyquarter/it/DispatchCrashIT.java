package org.fixmyquarter.it;

import static org.fixmyquarter.it.support.ShippedServers.ADMIN_EMAIL;
import static org.fixmyquarter.it.support.ShippedServers.ADMIN_PASSWORD;
import static org.fixmyquarter.it.support.ShippedServers.JAR;
import static org.fixmyquarter.it.support.ShippedServers.fresh;
import static org.fixmyquarter.it.support.ShippedServers.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpServer;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import org.fixmyquarter.it.support.Api;
import org.fixmyquarter.it.support.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The crash test of the shared dispatch (issue 16): two servers, started from the shipped jar as
 * an operator starts them, on one fresh PostgreSQL database, deliver to one webhook receiver on
 * loopback while clients create 1,000 reports through both. After about 300 acknowledged reports
 * one server's JVM is killed with SIGKILL; the clients go on through the other, and the killed
 * server is started again the same way. Afterwards every report answered {@code 201} has reached
 * the receiver ({@code report.created}, signature verified) at least once, no delivery is dead or
 * left pending, and the surviving server delivered while the other was down. The kill comes while
 * the receiver holds calls of both servers recorded but unanswered (each server makes at most
 * {@link #PER_TARGET} calls to the webhook at once, its bulkhead), so the killed server dies in the
 * middle of its calls, and those events must come again.
 *
 * <p>Redeliveries (a {@code webhook-id} received more than once: the killed server had made the
 * call but not committed it) are allowed and counted; requests cut by the kill are counted, not
 * taken as acknowledged. The figures are printed for {@code docs/integrations.md}.
 *
 * <p>Runs in the {@code it-lifecycle} pass, which starts its own servers, on the database
 * {@code prepare-it-crash-postgres} makes; it fails, saying so, when no PostgreSQL answers.
 */
// Only in the it-lifecycle pass, which names the database; -Dit.test would run it in every pass.
@EnabledIfSystemProperty(named = "fmq.it.lifecycle.jar", matches = ".+")
class DispatchCrashIT {

    private static final String TAG = "[DispatchCrashIT] ";
    private static final int RECEIVER_PORT = 9740;
    private static final int[] HTTP_PORTS = {9741, 9742};
    /** Away from 9743, the it-jar pass's HTTPS port. */
    private static final int[] HTTPS_PORTS = {9744, 9745};
    private static final int REPORTS = 1000;
    private static final int KILL_AFTER = 300;
    private static final int CLIENTS = 4;
    /** The killed server, A; B survives. */
    private static final int KILLED = 0;
    private static final Duration DELIVERED_WITHIN = Duration.ofSeconds(90);
    /**
     * The longest the receiver holds calls unanswered, waiting for both servers' calls, before it
     * gives up and tries again: well below the delivery timeout, so that a server never abandons a
     * held call and makes another in its place.
     */
    private static final Duration HOLD_AT_MOST = Duration.ofSeconds(4);
    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(10);
    /** Each server's workers, and the most of them that call the one webhook at once (its bulkhead). */
    private static final int WORKERS = 4;
    private static final int PER_TARGET = 2;
    /** Calls held at once only when both servers have all their places at the webhook taken. */
    private static final int HELD_AT_KILL = 2 * PER_TARGET;

    @Test
    void aServerKilledWhileReportsAreDeliveredLosesNoAcknowledgedEvent() throws Exception {
        long began = System.nanoTime();
        Map<String, String> database = postgresOrFail();
        Path dir = fresh("dispatch-crash");
        Receiver receiver = new Receiver();
        receiver.start();
        ServerProcess[] servers = new ServerProcess[2];
        String[] bases = {"http://localhost:" + HTTP_PORTS[0], "http://localhost:" + HTTP_PORTS[1]};
        try {
            // One after the other: the first start migrates the schema and creates the administrator.
            for (int i = 0; i < 2; i++) {
                servers[i] = start(i, dir, database);
                System.out.println(TAG + "server " + name(i) + " ready after " + servers[i].startTime().toMillis()
                        + " ms");
            }
            String admin = Api.login(bases[1], ADMIN_EMAIL, ADMIN_PASSWORD);
            HttpResponse<String> created = Api.postJson(bases[1] + "/api/v1/admin/webhooks", Json.createObjectBuilder()
                    .add("url", "http://127.0.0.1:" + RECEIVER_PORT + "/hooks/crash")
                    .add("eventTypes", Json.createArrayBuilder().add("report.created"))
                    .add("description", "Crash test receiver").build().toString(), admin);
            assertEquals(201, created.statusCode(), created.body());
            JsonObject webhook = Api.json(created);
            receiver.secret = webhook.getString("secret");
            String target = "webhook/" + webhook.getString("id");

            Load load = new Load(bases);
            long loadBegan = System.nanoTime();
            List<Future<?>> clients = load.start();
            assertTrue(load.killNow.await(120, TimeUnit.SECONDS), "the clients reached " + KILL_AFTER
                    + " acknowledged reports: " + load.summary());
            // Each server makes at most PER_TARGET calls to the webhook at once: that many held
            // twice over are both servers' calls, so the killed server dies having made calls it
            // never saw answered.
            List<String> heldAtKill = null;
            long holdingSince = System.nanoTime();
            while (heldAtKill == null && System.nanoTime() - holdingSince < TimeUnit.SECONDS.toNanos(60)) {
                List<String> held = receiver.hold();
                long deadline = System.nanoTime() + HOLD_AT_MOST.toNanos();
                while (held.size() < HELD_AT_KILL && System.nanoTime() < deadline) {
                    Thread.sleep(1);
                }
                if (held.size() >= HELD_AT_KILL) {
                    heldAtKill = List.copyOf(held);
                    load.up[KILLED].set(false);
                    receiver.killedAt = System.nanoTime();
                    servers[KILLED].kill();
                }
                receiver.release();
            }
            assertTrue(heldAtKill != null, "within 60 s, both servers had all their calls at the receiver at once: "
                    + receiver.calls.size() + " calls received");
            assertEquals(HELD_AT_KILL, heldAtKill.size(), "calls held at the kill, " + PER_TARGET + " per server: "
                    + heldAtKill);
            int acknowledgedAtKill = load.acknowledged.get();
            long pid = servers[KILLED].pid();
            int exit = servers[KILLED].awaitExit(Duration.ofSeconds(1));
            System.out.println(TAG + "SIGKILL to server " + name(KILLED) + " (process " + pid + ", exit status " + exit
                    + ") after " + acknowledgedAtKill + " acknowledged reports");
            servers[KILLED] = start(KILLED, dir, database);
            receiver.restartedAt = System.nanoTime();
            load.up[KILLED].set(true);
            int acknowledgedAtRestart = load.acknowledged.get();
            System.out.println(TAG + "server " + name(KILLED) + " started again in "
                    + servers[KILLED].startTime().toMillis() + " ms; " + (acknowledgedAtRestart - acknowledgedAtKill)
                    + " reports acknowledged by " + name(1 - KILLED) + " meanwhile");
            for (Future<?> client : clients) {
                client.get(120, TimeUnit.SECONDS);
            }
            long loadEnded = System.nanoTime();

            Set<String> acknowledged = load.ids.keySet();
            Api.await(DELIVERED_WITHIN, () -> receiver.missing(acknowledged).isEmpty(),
                    () -> receiver.missing(acknowledged).size() + " acknowledged report(s) never reached the "
                            + "receiver, e.g. " + receiver.missing(acknowledged).stream().limit(10).toList()
                            + "; deliveries: " + deliveries(bases[1], admin, target, "pending")
                            + deliveries(bases[1], admin, target, "dead"));
            long allReceived = System.nanoTime();
            // Events of requests cut by the kill may have been stored too: once nothing is pending,
            // the redeliveries counted below are all there will be.
            Api.await(DELIVERED_WITHIN, () -> deliveries(bases[1], admin, target, "pending").isEmpty(),
                    () -> "deliveries still pending: " + deliveries(bases[1], admin, target, "pending"));

            List<Call> calls = List.copyOf(receiver.calls);
            Map<String, Long> perId = calls.stream().collect(Collectors.groupingBy(Call::id, Collectors.counting()));
            long redelivered = perId.values().stream().filter(n -> n > 1).count();
            long extraCopies = perId.values().stream().mapToLong(n -> n - 1).sum();
            Set<String> receivedReports = calls.stream().map(Call::reportId).collect(Collectors.toSet());
            long unacknowledgedReceived = receivedReports.stream().filter(r -> !acknowledged.contains(r)).count();
            long duringOutage = calls.stream().filter(c -> c.at() > receiver.killedAt && c.at() < receiver.restartedAt)
                    .count();
            System.out.println(TAG + "acknowledged " + acknowledged.size() + " reports (server A " + load.count(0)
                    + ", server B " + load.count(1) + ") in " + millis(loadBegan, loadEnded) + " ms; failed requests "
                    + load.failed.size() + " " + load.failedSummary() + "; other answers " + load.otherAnswers.size());
            System.out.println(TAG + "received " + calls.size() + " calls for " + perId.size() + " events; "
                    + redelivered + " event(s) redelivered (" + extraCopies + " extra copies); "
                    + unacknowledgedReceived + " event(s) of reports whose request was cut; " + duringOutage
                    + " calls while " + name(KILLED) + " was down; lost "
                    + receiver.missing(acknowledged).size() + "; bad signatures " + receiver.badSignatures.get()
                    + "; calls held at the kill " + heldAtKill.stream().map(id -> id + " received " + perId.get(id)
                    + "x").toList());
            System.out.println(TAG + "every acknowledged event received " + millis(loadEnded, allReceived)
                    + " ms after the last acknowledgement; whole test " + millis(began, System.nanoTime()) + " ms");

            assertTrue(acknowledged.size() >= REPORTS, "acknowledged reports: " + load.summary());
            assertEquals(List.of(), receiver.missing(acknowledged).stream().toList(), "acknowledged reports lost");
            assertEquals(0, receiver.badSignatures.get(), "calls whose signature does not verify");
            assertEquals(List.of(), receiver.malformed, "calls that are not a report.created event with a webhook-id");
            assertTrue(calls.stream().collect(Collectors.groupingBy(Call::id, Collectors.mapping(Call::reportId,
                    Collectors.toSet()))).values().stream().allMatch(reports -> reports.size() == 1),
                    "a webhook-id always names the same report");
            assertEquals(List.of(), load.otherAnswers, "answers other than 201");
            assertEquals(List.of(), load.failed.stream().filter(f -> f.server() != KILLED).toList(),
                    "failed requests to the server that was not killed");
            assertEquals(List.of(), deliveries(bases[1], admin, target, "dead"), "dead deliveries");
            assertTrue(duringOutage > 0, "the surviving server delivered while the other was down");
            List<String> redeliveredHeld = heldAtKill.stream().filter(id -> perId.get(id) > 1).toList();
            assertTrue(redeliveredHeld.size() >= PER_TARGET, "of the calls held at the kill, the killed server's are"
                    + " sent again: " + heldAtKill.stream().map(id -> id + " received " + perId.get(id) + "x").toList());
        } finally {
            stopAll(servers);
            receiver.stop();
        }
    }

    /**
     * @return the settings of the test's own PostgreSQL database, checked to answer
     */
    private static Map<String, String> postgresOrFail() throws IOException {
        String file = System.getProperty("fmq.it.crash.postgres", "");
        if (file.isBlank() || !Files.isRegularFile(Path.of(file))) {
            fail("The crash test runs on PostgreSQL only, and no database was prepared for it (-Dfmq.it.crash.postgres="
                    + file + "): the build's prepare-it-crash-postgres step (TestPostgres) writes it; it needs "
                    + "PostgreSQL at 127.0.0.1:5432, user postgres, or -Dfmq.it.pg.host/port/user/password");
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            properties.load(in);
        }
        Map<String, String> env = new HashMap<>();
        properties.stringPropertyNames().forEach(name -> env.put(name, properties.getProperty(name)));
        Properties login = new Properties();
        login.setProperty("user", env.getOrDefault("FMQ_DB_USER", ""));
        login.setProperty("password", env.getOrDefault("FMQ_DB_PASSWORD", ""));
        login.setProperty("connectTimeout", "5");
        try (Connection connection = new org.postgresql.Driver().connect(env.get("FMQ_DB_URL"), login)) {
            assertTrue(connection.isValid(5), "PostgreSQL at " + env.get("FMQ_DB_URL"));
        } catch (SQLException e) {
            fail("The crash test runs on PostgreSQL only, and PostgreSQL does not answer at " + env.get("FMQ_DB_URL")
                    + ": " + e.getMessage() + ". Start it at 127.0.0.1:5432 (user postgres) or point the build at one "
                    + "with -Dfmq.it.pg.host/port/user/password", e);
        }
        return env;
    }

    /** Starts server {@code i} (again) from the shipped jar, in its own data folder, on the shared database. */
    private static ServerProcess start(int i, Path dir, Map<String, String> database) {
        Path home = dir.resolve("server-" + name(i));
        Map<String, String> env = settings(HTTP_PORTS[i]);
        env.put("FMQ_HTTPS_PORT", Integer.toString(HTTPS_PORTS[i]));
        env.putAll(database);
        env.put("FMQ_DATA_DIR", home.resolve("data").toString());
        env.put("FMQ_DELIVERY_FIRST_RETRY", "PT1S");
        env.put("FMQ_DELIVERY_MAX_RETRY", "PT2S");
        env.put("FMQ_DELIVERY_POLL_INTERVAL", "PT0.2S");
        env.put("FMQ_DELIVERY_TIMEOUT", DELIVERY_TIMEOUT.toString());
        env.put("FMQ_DELIVERY_WORKERS", Integer.toString(WORKERS));
        env.put("FMQ_DELIVERY_PER_TARGET", Integer.toString(PER_TARGET));
        return ServerProcess.start(ServerProcess.javaJar(JAR), home, env, dir.resolve("server-" + name(i) + ".log"),
                "http://localhost:" + HTTP_PORTS[i]);
    }

    private static void stopAll(ServerProcess[] servers) {
        List<Thread> stops = new ArrayList<>();
        for (ServerProcess server : servers) {
            if (server != null && server.isAlive()) {
                Thread stop = new Thread(server::terminate);
                stop.start();
                stops.add(stop);
            }
        }
        for (Thread stop : stops) {
            try {
                stop.join(ServerProcess.STOP_TIMEOUT.toMillis() + 30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** @return the deliveries of a target in a state, as the administrator lists them */
    private static List<JsonValue> deliveries(String base, String admin, String target, String state) {
        HttpResponse<String> response = Api.get(base + "/api/v1/admin/deliveries?limit=200&target=" + target
                + "&state=" + state, admin);
        assertEquals(200, response.statusCode(), response.body());
        return Api.json(response).getJsonArray("items");
    }

    private static String name(int server) {
        return server == 0 ? "A" : "B";
    }

    private static long millis(long from, long to) {
        return TimeUnit.NANOSECONDS.toMillis(to - from);
    }

    /** Calls held unanswered: their ids, and what answers them. */
    private record Hold(CountDownLatch release, List<String> ids) {
    }

    /** One call the receiver got: the event id, the report, and when ({@link System#nanoTime()}). */
    private record Call(String id, String reportId, long at) {
    }

    /**
     * The city's receiver: verifies each call's signature the Standard Webhooks way (as
     * {@code docs/integrations.md} writes it out), records it, and answers 204.
     */
    private static final class Receiver {
        final List<Call> calls = new CopyOnWriteArrayList<>();
        final Set<String> reports = ConcurrentHashMap.newKeySet();
        final List<String> malformed = new CopyOnWriteArrayList<>();
        final AtomicInteger badSignatures = new AtomicInteger();
        volatile String secret;
        /** While set, every call is recorded and held unanswered until it is released. */
        private volatile Hold hold;
        volatile long killedAt = Long.MAX_VALUE;
        volatile long restartedAt = Long.MAX_VALUE;
        private HttpServer server;
        private ExecutorService executor;

        void start() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", RECEIVER_PORT), 50);
            executor = Executors.newFixedThreadPool(4);
            server.setExecutor(executor);
            server.createContext("/hooks/crash", exchange -> {
                try {
                    String body;
                    try (InputStream in = exchange.getRequestBody()) {
                        body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    }
                    String id = exchange.getRequestHeaders().getFirst("webhook-id");
                    String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
                    String signature = exchange.getRequestHeaders().getFirst("webhook-signature");
                    if (!verifies(secret, id, timestamp, body, signature)) {
                        badSignatures.incrementAndGet();
                        exchange.sendResponseHeaders(400, -1);
                        return;
                    }
                    JsonObject event;
                    try (JsonReader reader = Json.createReader(new StringReader(body))) {
                        event = reader.readObject();
                    }
                    JsonObject data = event.getJsonObject("data");
                    if (id == null || !"report.created".equals(event.getString("type", null)) || data == null
                            || !data.containsKey("reportId")) {
                        malformed.add(body);
                        exchange.sendResponseHeaders(400, -1);
                        return;
                    }
                    calls.add(new Call(id, data.getString("reportId"), System.nanoTime()));
                    reports.add(data.getString("reportId"));
                    Hold hold = this.hold;
                    if (hold != null) {
                        // Recorded, not yet answered, until the kill is done.
                        hold.ids().add(id);
                        try {
                            hold.release().await(HOLD_AT_MOST.toMillis(), TimeUnit.MILLISECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    exchange.sendResponseHeaders(204, -1);
                } catch (RuntimeException e) {
                    malformed.add(e.toString());
                    exchange.sendResponseHeaders(500, -1);
                } catch (IOException e) {
                    // The killed server's call: it cannot be answered any more.
                } finally {
                    exchange.close();
                }
            });
            server.start();
        }

        /** @return from now on, calls are recorded but not answered until {@link #release()}; their ids */
        List<String> hold() {
            Hold fresh = new Hold(new CountDownLatch(1), new CopyOnWriteArrayList<>());
            hold = fresh;
            return fresh.ids();
        }

        /** Answers the held calls, and the next ones at once. */
        void release() {
            Hold last = hold;
            hold = null;
            if (last != null) {
                last.release().countDown();
            }
        }

        /** @return the acknowledged reports whose creation has not been received */
        Set<String> missing(Set<String> acknowledged) {
            return acknowledged.stream().filter(r -> !reports.contains(r)).collect(Collectors.toSet());
        }

        void stop() {
            server.stop(0);
            executor.shutdownNow();
        }

        private static boolean verifies(String secret, String id, String timestamp, String body, String header) {
            if (secret == null || id == null || timestamp == null || header == null) {
                return false;
            }
            try {
                if (Math.abs(Instant.now().getEpochSecond() - Long.parseLong(timestamp)) > 300) {
                    return false;
                }
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())),
                        "HmacSHA256"));
                byte[] expected = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
                for (String signature : header.split(" ")) {
                    if (signature.startsWith("v1,")
                            && MessageDigest.isEqual(expected, Base64.getDecoder().decode(signature.substring(3)))) {
                        return true;
                    }
                }
                return false;
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                return false;
            }
        }
    }

    /** A request that got no answer. */
    private record Failed(int server, String error) {
    }

    /**
     * Clients creating reports anonymously through both servers in turn, each request from an
     * address of its own; a server marked down gets no new requests.
     */
    private static final class Load {
        final String[] bases;
        final AtomicBoolean[] up = {new AtomicBoolean(true), new AtomicBoolean(true)};
        final AtomicInteger acknowledged = new AtomicInteger();
        final Map<String, Integer> ids = new ConcurrentHashMap<>();
        final List<Failed> failed = new CopyOnWriteArrayList<>();
        final List<String> otherAnswers = new CopyOnWriteArrayList<>();
        final CountDownLatch killNow = new CountDownLatch(1);
        private final AtomicLong turn = new AtomicLong();

        Load(String[] bases) {
            this.bases = bases;
        }

        List<Future<?>> start() {
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                clients.add(pool.submit(this::client));
            }
            pool.shutdown();
            return clients;
        }

        private void client() {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            while (acknowledged.get() < REPORTS) {
                int server = (int) (turn.getAndIncrement() % 2);
                if (!up[server].get()) {
                    server = 1 - server;
                }
                HttpRequest request = Api.request(bases[server] + "/api/v1/reports").timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(Api.report("Crash test " + turn.get(), "pothole",
                                48.8566, 2.3522))).build();
                try {
                    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 201) {
                        ids.put(Api.json(response).getString("id"), server);
                        if (acknowledged.incrementAndGet() == KILL_AFTER) {
                            killNow.countDown();
                        }
                    } else {
                        otherAnswers.add(name(server) + " " + response.statusCode() + " " + response.body());
                    }
                } catch (ConnectException | HttpConnectTimeoutException e) {
                    failed.add(new Failed(server, "refused: " + e));
                } catch (IOException e) {
                    failed.add(new Failed(server, "cut: " + e));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        long count(int server) {
            return ids.values().stream().filter(s -> s == server).count();
        }

        String failedSummary() {
            return failed.stream().collect(Collectors.groupingBy(f -> name(f.server()) + " "
                    + f.error().substring(0, f.error().indexOf(':')), Collectors.counting())).toString();
        }

        String summary() {
            return acknowledged.get() + " acknowledged, failed " + failedSummary() + ", other answers "
                    + otherAnswers.stream().limit(5).toList();
        }
    }
}
