package org.fixmyquarter.it;

import static org.fixmyquarter.it.support.Api.await;
import static org.fixmyquarter.it.support.Api.createReport;
import static org.fixmyquarter.it.support.Api.get;
import static org.fixmyquarter.it.support.Api.postJson;
import static org.fixmyquarter.it.support.Api.request;
import static org.fixmyquarter.it.support.Api.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.fixmyquarter.it.support.MonitoringFiles;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a city's operations team reads: Prometheus metrics at /metrics, labelled by route template,
 * which the shipped dashboard can draw; JSON log lines that carry the request id; and no FFDC
 * incident file for a client's mistake.
 */
class MetricsIT {

    /** The logs folder of the Liberty test server of this pass. */
    /** The type of the access-log lines in the JSON logs. */
    private static final String ACCESS = "liberty_accesslog";

    private static final Path LOGS = Path.of(System.getProperty("fmq.it.wlp-home", "target/liberty/wlp"), "usr/servers",
            System.getProperty("fmq.it.server", "fmq-it-h2"), "logs");

    /**
     * Only against the Liberty test servers (the H2 and PostgreSQL passes), whose logs folder it
     * reads and whose plugins receive every new report: -Dit.test runs a class in every pass.
     */
    @BeforeAll
    static void onTheLibertyTestServers() {
        Assumptions.assumeTrue(System.getProperty("fmq.it.wlp-home") != null,
                "MetricsIT runs against the Liberty test servers of the H2 and PostgreSQL passes");
    }

    @Test
    void metricsAreLabelledByRouteTemplateAndCoverWhatTheDashboardDraws() throws IOException {
        String id = createReport("Metrics: bin overflowing at the market", "overflowing-bin").getString("id");
        assertEquals(200, get("/api/v1/reports/" + id).statusCode());
        assertEquals(404, get("/api/v1/reports/no-such-report-" + UUID.randomUUID()).statusCode());

        // Deliveries are made in the background: the plugins of the test servers get the new report.
        await(Duration.ofSeconds(60), () -> scrape().contains("fmq_deliveries_total{"),
                () -> "a delivery counted in /metrics:\n" + scrape());
        String metrics = scrape();

        assertTrue(metrics.contains("route=\"/api/v1/reports/{id}\""), "the route template, not the path: " + metrics);
        assertFalse(metrics.contains(id), "no report id in any label");
        assertTrue(sample(metrics, "fmq_http_requests_seconds_count", "route=\"/api/v1/reports/{id}\"", "status=\"404\"")
                .isPresent(), metrics);
        assertTrue(sample(metrics, "fmq_http_requests_seconds_bucket", "route=\"/api/v1/reports\"", "method=\"POST\"",
                "le=\"0.25\"").isPresent(), "a latency histogram: " + metrics);
        assertTrue(sample(metrics, "fmq_reports_created_total", "channel=\"api\"").orElse(0.0) >= 1, metrics);
        for (String name : List.of("fmq_outbox_events_pending", "fmq_deliveries_pending", "fmq_outbox_oldest_age_seconds",
                "fmq_webhooks_breakers", "fmq_ratelimit_refusals_total", "memory_usedHeap_bytes", "gc_total",
                "connectionpool_managedConnections")) {
            assertTrue(sample(metrics, name).isPresent(), name + " in " + metrics);
        }

        Set<String> missing = new TreeSet<>(MonitoringFiles.dashboardMetrics());
        missing.removeAll(MonitoringFiles.sampleNames(metrics));
        assertEquals(Set.of(), missing, "metrics the dashboard reads but the server does not export");
    }

    @Test
    void everyRequestGetsAnIdThatItsJsonLogLineCarries() {
        String sent = "it-" + UUID.randomUUID();
        HttpResponse<String> response = send(request("/api/v1/categories").header("X-Request-Id", sent).GET().build());
        assertEquals(sent, response.headers().firstValue("X-Request-Id").orElse(null));

        String trace = "4bf92f3577b34da6a3ce929d0e0e4736";
        HttpResponse<String> traced = send(request("/api/v1/categories")
                .header("traceparent", "00-" + trace + "-00f067aa0ba902b7-01").GET().build());
        assertEquals(trace, traced.headers().firstValue("X-Request-Id").orElse(null), "a W3C trace id");

        HttpResponse<String> plain = get("/api/v1/categories");
        assertTrue(plain.headers().firstValue("X-Request-Id").orElse("").matches("[0-9a-f]{32}"), "made when none came");
        HttpResponse<String> junk = send(request("/api/v1/categories").header("X-Request-Id", "two words").GET().build());
        assertFalse(junk.headers().firstValue("X-Request-Id").orElse("two words").contains(" "),
                "what is no plain token never reaches the logs");

        await(Duration.ofSeconds(20), () -> logLines(sent).stream().anyMatch(l -> l.getString("type").equals(ACCESS)),
                () -> "the access-log line of " + sent + " in " + LOGS.resolve("messages.log"));
        for (JsonObject line : logLines(sent)) {
            if (line.getString("type").equals(ACCESS)) {
                assertEquals(sent, line.getString("ibm_responseHeader_x-request-id"), line.toString());
                assertEquals("/api/v1/categories", line.getString("ibm_uriPath"), line.toString());
            } else {
                // What the application or the server logged while serving it (the first request
                // of a server logs where its rate limits live, for one).
                assertEquals(sent, line.getString("ext_requestId"), line.toString());
            }
        }
    }

    @Test
    void aClientsBadInputWritesNoFfdcFile() {
        Set<String> before = ffdcFiles();
        String token = org.fixmyquarter.it.support.Api.adminToken();
        // Refused by the core's rules inside a transaction (the cause of the files before).
        assertEquals(400, postJson("/api/v1/reports", "{\"title\":\"\",\"description\":\"x\",\"category\":\"no-such\","
                + "\"location\":{\"lat\":45.0,\"lon\":4.8}}", token).statusCode());
        assertEquals(404, get("/api/v1/reports/no-such-report").statusCode());
        assertEquals(400, postJson("/api/v1/reports", "{not json", token).statusCode());
        assertEquals(400, get("/api/v1/reports?limit=many").statusCode());
        assertEquals(401, postJson("/api/v1/auth/login", "{\"email\":\"nobody@it.example\",\"password\":\"wrong password 1\"}")
                .statusCode());
        // A request after them: the incidents of the ones before would be written by now.
        assertEquals(200, get("/api/v1/categories").statusCode());
        // Only the incidents of client errors: the test server may meet a real fault meanwhile.
        List<String> clientErrors = ffdcFiles().stream().filter(f -> !before.contains(f))
                .filter(f -> read(LOGS.resolve("ffdc").resolve(f)).matches("(?s).*Exception = (org\\.fixmyquarter\\.core\\.error\\."
                        + "|org\\.fixmyquarter\\.api\\.problem\\.|jakarta\\.ws\\.rs\\.|jakarta\\.json\\.).*"))
                .toList();
        assertEquals(List.of(), clientErrors, "FFDC files for client errors in " + LOGS.resolve("ffdc"));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String scrape() {
        HttpResponse<String> response = get("/metrics");
        assertEquals(200, response.statusCode(), "/metrics needs no credentials: " + response.body());
        return response.body();
    }

    /** @return the value of the first sample of that name whose labels contain all the given ones */
    private static Optional<Double> sample(String metrics, String name, String... labels) {
        return metrics.lines().filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .filter(l -> Stream.of(labels).allMatch(l::contains))
                .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst();
    }

    /** @return the JSON lines of messages.log that mention the text */
    private static List<JsonObject> logLines(String text) {
        try (Stream<String> lines = Files.lines(LOGS.resolve("messages.log"))) {
            return lines.filter(l -> l.contains(text))
                    .map(l -> Json.createReader(new StringReader(l)).readObject()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> ffdcFiles() {
        Path folder = LOGS.resolve("ffdc");
        if (!Files.isDirectory(folder)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).collect(java.util.stream.Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
