package org.fixmyquarter.it;

import static org.fixmyquarter.it.support.Api.createReport;
import static org.fixmyquarter.it.support.Api.get;
import static org.fixmyquarter.it.support.Api.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

/**
 * Stopping and starting the server keeps every report: the embedded H2 database is a file, not
 * memory. Runs against the H2 server only (PostgreSQL keeps data by nature), in a failsafe
 * execution of its own after the other tests, because it restarts the server they use.
 */
class ServerRestartIT {

    @Test
    void reportsSurviveARestart() throws Exception {
        JsonObject created = createReport("Survives restart", "other");

        server("stop");
        server("start");
        awaitReady(Duration.ofSeconds(120));

        HttpResponse<String> response = get("/api/v1/reports/" + created.getString("id"));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(created, json(response));
    }

    private static void server(String action) throws IOException, InterruptedException {
        Path wlp = Path.of(System.getProperty("fmq.it.wlp-home"));
        Process process = new ProcessBuilder(wlp.resolve("bin/server").toString(), action,
                System.getProperty("fmq.it.server"))
                .inheritIO()
                .start();
        assertEquals(0, process.waitFor(), "server " + action);
    }

    private static void awaitReady(Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            try {
                if (get("/health/ready").statusCode() == 200) {
                    return;
                }
            } catch (IllegalStateException notListeningYet) {
                // keep waiting
            }
            Thread.sleep(500);
        }
        throw new AssertionError("Server not ready within " + timeout);
    }
}
