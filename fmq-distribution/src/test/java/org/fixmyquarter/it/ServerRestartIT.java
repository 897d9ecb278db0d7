package org.fixmyquarter.it;

import static org.fixmyquarter.it.support.Api.createReport;
import static org.fixmyquarter.it.support.Api.get;
import static org.fixmyquarter.it.support.Api.json;
import static org.fixmyquarter.it.support.Api.postJson;
import static org.fixmyquarter.it.support.Api.request;
import static org.fixmyquarter.it.support.Api.send;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import jakarta.json.JsonObject;

import org.fixmyquarter.imaging.TestImages;
import org.fixmyquarter.it.support.Api;
import org.fixmyquarter.it.support.People;
import org.junit.jupiter.api.Test;

/**
 * Stopping and starting the server keeps every report and photo: the embedded H2 database is a
 * file, not memory, the photos are in the data folder, and photo work left in the outbox is done
 * after the start. Runs against the H2 server only (PostgreSQL keeps data by nature), in a failsafe
 * execution of its own after the other tests, because it restarts the server they use.
 */
class ServerRestartIT {

    @Test
    void reportsAndPhotosSurviveARestart() throws Exception {
        JsonObject created = createReport("Survives restart", "other");
        // A photo made before the stop, and one uploaded right before it, whose files the photo
        // job may still be making: the outbox carries that work over the restart.
        People.Person rose = People.citizen("Rose", People.uniqueHandle("rose"), "en");
        String report = json(postJson("/api/v1/reports", Api.report("Photo kept", "road", 48.85, 2.35), rose.token()))
                .getString("id");
        String photos = "/api/v1/reports/" + report + "/photos";
        String made = upload(photos, rose.token());
        JsonObject before = awaitReady(photos + "/" + made);
        String thumbnail = before.getJsonObject("files").getJsonObject("thumbnail").getString("url");
        byte[] bytes = download(thumbnail);
        String pending = upload(photos, rose.token());

        server("stop");
        server("start");
        awaitReady(Duration.ofSeconds(120));

        HttpResponse<String> response = get("/api/v1/reports/" + created.getString("id"));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(created, json(response));
        assertEquals(before, json(get(photos + "/" + made)));
        assertArrayEquals(bytes, download(thumbnail), "the file is served as before");
        assertEquals("ready", awaitReady(photos + "/" + pending).getString("state"));
    }

    private static String upload(String photos, String token) {
        HttpResponse<String> created = send(request(photos).header("Authorization", "Bearer " + token)
                .header("Content-Type", "image/jpeg")
                .POST(HttpRequest.BodyPublishers.ofByteArray(TestImages.photoLikeJpeg(1600, 1200))).build());
        assertEquals(201, created.statusCode(), created.body());
        return json(created).getString("id");
    }

    private static JsonObject awaitReady(String photo) {
        JsonObject[] last = new JsonObject[1];
        Api.await(Duration.ofSeconds(90), () -> {
            HttpResponse<String> response = get(photo);
            last[0] = response.statusCode() == 200 ? json(response) : null;
            return last[0] != null && "ready".equals(last[0].getString("state"));
        }, () -> photo + " is not ready: " + last[0]);
        return last[0];
    }

    private static byte[] download(String url) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).GET()
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        return response.body();
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
