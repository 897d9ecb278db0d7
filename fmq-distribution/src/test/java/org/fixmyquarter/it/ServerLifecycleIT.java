package org.fixmyquarter.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.fixmyquarter.it.support.ShippedServers.ADMIN_EMAIL;
import static org.fixmyquarter.it.support.ShippedServers.ADMIN_PASSWORD;
import static org.fixmyquarter.it.support.ShippedServers.JAR;
import static org.fixmyquarter.it.support.ShippedServers.fresh;
import static org.fixmyquarter.it.support.ShippedServers.postgres;
import static org.fixmyquarter.it.support.ShippedServers.settings;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;


import jakarta.json.JsonObject;

import org.fixmyquarter.imaging.TestImages;
import org.fixmyquarter.it.support.Api;
import org.fixmyquarter.it.support.LoadDuringStop;
import org.fixmyquarter.it.support.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The server a city runs keeps its data and starts again, however it was stopped: the runnable
 * jar started the README's way and the archive's {@code bin/fixmyquarter}, each on the embedded
 * H2 database and on PostgreSQL. Each story writes reports (on H2, photos too) and signs in, stops the server with
 * SIGTERM (a clean stop: exit status 0), starts it again and reads everything back, then kills it
 * with SIGKILL (a crash) and does the same. The sign-in token of the first run must still be
 * accepted after both restarts: the signing key lives in the data folder, not in the runtime.
 *
 * <p>A SIGTERM while citizens post reports cuts no request in flight, and every report answered
 * 201 is there after the restart; a second server started on a data folder in use is refused. An
 * online backup taken while citizens post reports, restored
 * with {@code java -jar fixmyquarter.jar restore} into a fresh data folder, gives a server with
 * every report acknowledged before the backup began, none written after it, and the same tokens;
 * a request that never ends holds its SIGTERM no longer than the drain time.
 *
 * <p>Runs in the {@code it-lifecycle} pass, which starts its own servers; the start times are
 * printed for the operations guide. Each start costs some 15 to 25 seconds, so the checks share
 * the stories' starts rather than start servers of their own.
 */
// Only in the it-lifecycle pass, which names what it tests; -Dit.test would run it in every pass.
@EnabledIfSystemProperty(named = "fmq.it.lifecycle.jar", matches = ".+")
class ServerLifecycleIT {

    private static final Path ARCHIVE = Path.of(System.getProperty("fmq.it.lifecycle.archive", ""));

    @Test
    void theJarStartedTheReadmeWayKeepsItsEmbeddedDatabase() throws IOException {
        Path dir = fresh("jar-h2");
        // No FMQ_DATA_DIR: the default, data/ where the server is started. This story's SIGTERM
        // comes while citizens post reports, as many as the load sends.
        Launch launch = port -> {
            Map<String, String> env = settings(port);
            env.put("FMQ_QUOTA_REPORTS_PER_DAY",
                    Integer.toString(LoadDuringStop.Settings.DEFAULTS.reportsPerCitizen()));
            return ServerProcess.start(ServerProcess.javaJar(JAR), dir, env, dir.resolve("server.log"),
                    "http://localhost:" + port);
        };
        String base = "http://localhost:9781";
        survivesStops(launch, 9781, "jar on H2", new Story() {
            private KeptPhotos photos;

            @Override
            public void whileRunning(ServerProcess server, String token) {
                aSecondServerOnTheSameDataFolderIsRefusedWithAReason(server, dir);
                photos = KeptPhotos.upload(base, token);
            }

            @Override
            public ServerProcess stopAndStartAgain(ServerProcess server, Launch again, int port) {
                return aSigtermUnderLoadCutsNoRequestAndLosesNoAcknowledgedReport(server, again, port);
            }

            @Override
            public void afterRestart() {
                photos.assertKept();
            }
        });
        assertEquals(1, list(dir.resolve("data/runtime")).size(),
                "one unpacked runtime, reused by every start: " + list(dir.resolve("data/runtime")));
        assertTrue(Files.isRegularFile(dir.resolve("data/db/fmq.mv.db")), "the H2 database is in the data folder");
    }

    @Test
    void theJarOnPostgresqlKeepsItsKeysAndData() throws IOException {
        Path dir = fresh("jar-pg");
        Map<String, String> database = postgres();
        Launch launch = port -> {
            Map<String, String> env = settings(port);
            env.putAll(database);
            env.put("FMQ_DATA_DIR", dir.resolve("state").toString());
            return ServerProcess.start(ServerProcess.javaJar(JAR), dir, env, dir.resolve("server.log"),
                    "http://localhost:" + port);
        };
        survivesStops(launch, 9782, "jar on PostgreSQL", Story.PLAIN);
        assertTrue(Files.isRegularFile(dir.resolve("state/keys/jwt-private.pem")), "the signing key is in FMQ_DATA_DIR");
    }

    @Test
    void theArchiveRunsWithItsScriptAndKeepsItsData() throws Exception {
        Path dir = fresh("archive");
        Path home = unpack(ARCHIVE, dir);
        Path script = home.resolve("bin/fixmyquarter");
        assertTrue(Files.isExecutable(script), "bin/fixmyquarter is executable");
        Launch launch = port -> ServerProcess.start(List.of(script.toString(), "run"), home, settings(port),
                dir.resolve("server.log"), "http://localhost:" + port);
        survivesStops(launch, 9783, "archive's bin/fixmyquarter run", Story.PLAIN);
        assertTrue(Files.isRegularFile(home.resolve("data/db/fmq.mv.db")), "the archive keeps its data in data/");
        assertTrue(Files.isRegularFile(home.resolve("logs/messages.log")), "and its logs in logs/");
    }

    /** With a server running on a data folder, a second one started there gives up at once. */
    private static void aSecondServerOnTheSameDataFolderIsRefusedWithAReason(ServerProcess first, Path dir) {
        try {
            Path log = dir.resolve("second.log");
            Process second = new ProcessBuilder(ServerProcess.javaJar(JAR)).directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            second.getOutputStream().close();
            assertTrue(second.waitFor(60, TimeUnit.SECONDS), "the second server gives up at once");
            assertEquals(1, second.exitValue(), Files.readString(log));
            assertTrue(Files.readString(log).contains("Another FixMyQuarter server (process " + first.pid()
                    + ") is using the data folder"), Files.readString(log));
            assertTrue(first.isAlive(), "the first server runs on");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anOnlineBackupTakenUnderLoadRestoresIntoAFreshDataFolderWithTheSameDataAndTokens() throws Exception {
        Path dir = fresh("backup");
        int port = 9785;
        String base = "http://localhost:" + port;
        Map<String, String> env = settings(port);
        env.put("FMQ_DATA_DIR", dir.resolve("data").toString());
        env.put("FMQ_QUOTA_REPORTS_PER_DAY", Integer.toString(LoadDuringStop.Settings.DEFAULTS.reportsPerCitizen()));
        ServerProcess server = ServerProcess.start(ServerProcess.javaJar(JAR), dir, env, dir.resolve("server.log"), base);
        String token = signIn(base);
        String id = report(base, token, "Graffiti on the school wall", null);
        Path zip = dir.resolve("backup.zip");
        // Citizens keep posting while the backup is taken: the server must not wait for it, and
        // the copy must be of one instant.
        LoadDuringStop.Result load = LoadDuringStop.run(base, () -> {
            try {
                HttpResponse<Path> backup = HttpClient.newHttpClient().send(Api.request(base + "/api/v1/admin/backup")
                        .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofFile(zip));
                assertEquals(200, backup.statusCode(), () -> readQuietly(zip));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
        System.out.println("[ServerLifecycleIT] load during the backup: " + load.summary());
        assertTrue(load.outcomes().stream().allMatch(o -> o.kind() == LoadDuringStop.Kind.COMPLETED),
                "every request during the backup is answered 2xx: " + load.summary());
        String later = report(base, token, "Bin overflowing after the backup", null);
        assertEquals(0, server.terminate(), server.tail());

        Path restored = dir.resolve("restored");
        assertEquals(0, runJar(dir, Map.of("FMQ_DATA_DIR", restored.toString()), "restore", zip.toString()),
                () -> readQuietly(dir.resolve("restore.log")));
        assertEquals(1, runJar(dir, Map.of("FMQ_DATA_DIR", restored.toString()), "restore", zip.toString()),
                "a second restore into a data folder that now holds a database is refused");
        assertTrue(Files.readString(dir.resolve("restore.log")).contains(restored.toString()),
                "the refusal names the folder");

        env.put("FMQ_DATA_DIR", restored.toString());
        env.put("FMQ_DRAIN_TIMEOUT", "PT3S");
        server = ServerProcess.start(ServerProcess.javaJar(JAR), dir, env, dir.resolve("restored.log"), base);
        boolean stopped = false;
        try {
            readBack(base, token, Map.of(id, "Graffiti on the school wall"), "after the restore");
            int inCopy = 0;
            for (LoadDuringStop.Outcome outcome : load.of(LoadDuringStop.Kind.COMPLETED)) {
                int status = LoadDuringStop.readBack(base, outcome).statusCode();
                if (outcome.ended().isBefore(load.stopBegan())) {
                    assertEquals(200, status, "acknowledged before the backup began: " + outcome);
                } else if (outcome.sent().isAfter(load.stopEnded())) {
                    assertEquals(404, status, "sent after the backup was sent: " + outcome);
                }
                inCopy += status == 200 ? 1 : 0;
            }
            System.out.println("[ServerLifecycleIT] restored " + inCopy + " of " + load.of(
                    LoadDuringStop.Kind.COMPLETED).size() + " reports posted during the backup");
            assertEquals(404, Api.get(base + "/api/v1/reports/" + later).statusCode(),
                    "a report written after the backup is not in it");
            stopped = true;
            aRequestThatNeverEndsHoldsTheStopNoLongerThanTheDrainTime(server, port);
        } finally {
            if (!stopped) {
                server.terminate();
            }
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return file + " unreadable: " + e;
        }
    }

    /**
     * A client that announces a body and never sends it holds a SIGTERM no longer than
     * FMQ_DRAIN_TIMEOUT (Liberty alone would wait for it over a minute); the stop is then forced
     * and says why. The data it kept is proven by the SIGKILL of the stories above, a harder stop.
     */
    private static void aRequestThatNeverEndsHoldsTheStopNoLongerThanTheDrainTime(ServerProcess server, int port)
            throws IOException {
        try (java.net.Socket slow = new java.net.Socket("localhost", port)) {
            slow.getOutputStream().write(("POST /api/v1/reports HTTP/1.1\r\nHost: localhost\r\nContent-Type: "
                    + "application/json\r\nContent-Length: 500\r\n\r\n{\"title\":").getBytes(StandardCharsets.US_ASCII));
            slow.getOutputStream().flush();
            long started = System.nanoTime();
            int status = server.terminate();
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            System.out.println("[ServerLifecycleIT] stop with a request that never ends, FMQ_DRAIN_TIMEOUT=PT3S: "
                    + took.toMillis() + " ms, exit status " + status);
            assertTrue(took.compareTo(Duration.ofSeconds(3 + 15 + 10)) < 0, "the stop took " + took + ":\n"
                    + server.tail());
            if (status != 0) {
                assertEquals(1, status, server.tail());
                assertTrue(server.tail().contains("FMQ_DRAIN_TIMEOUT"), "the forced end says why:\n" + server.tail());
            }
        }
    }

    /**
     * A SIGTERM while citizens post reports cuts no request in flight, exits with 0, and every
     * report answered 201 is there after the restart; a request cut as Liberty closed its
     * kept-alive connection is retried with its key.
     */
    private static ServerProcess aSigtermUnderLoadCutsNoRequestAndLosesNoAcknowledgedReport(ServerProcess running,
            Launch launch, int port) {
        String base = "http://localhost:" + port;
        LoadDuringStop.Result result = LoadDuringStop.run(base,
                () -> assertEquals(0, running.terminate(), "a SIGTERM under load exits with 0:\n" + running.tail()));
        System.out.println("[ServerLifecycleIT] SIGTERM under load: " + result.summary());
        List<LoadDuringStop.Outcome> cut = result.of(LoadDuringStop.Kind.CUT);
        assertEquals(List.of(), cut.stream().filter(o -> !o.afterStopBegan()).toList(),
                "requests in flight when the stop began, cut by it");
        assertTrue(result.outcomes().stream().noneMatch(o -> o.status() >= 500), "no 5xx: " + result.summary());
        List<LoadDuringStop.Outcome> completed = result.of(LoadDuringStop.Kind.COMPLETED);
        assertTrue(completed.size() > 10, "the load ran: " + result.summary());

        ServerProcess server = launch.start(port);
        for (LoadDuringStop.Outcome outcome : completed) {
            assertEquals(200, LoadDuringStop.readBack(base, outcome).statusCode(), "acknowledged " + outcome);
        }
        // A request sent on a kept-alive connection just as Liberty closed it (operations.md,
        // "Stopping the server"): its retry with the same key stores the report or answers the
        // stored one, once the key's in-flight time is over.
        for (LoadDuringStop.Outcome outcome : cut) {
            String[] id = {null};
            Api.await(Duration.ofSeconds(90), () -> {
                HttpResponse<String> retried = LoadDuringStop.retry(base, outcome);
                if (retried.statusCode() / 100 == 2) {
                    id[0] = Api.json(retried).getString("id");
                }
                return id[0] != null;
            }, () -> "a retry of " + outcome + " with its key");
            assertEquals(200, Api.get(base + "/api/v1/reports/" + id[0]).statusCode(), "retried " + outcome);
        }
        return server;
    }

    private static int runJar(Path dir, Map<String, String> env, String... arguments) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(ServerProcess.javaJar(JAR, arguments)).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("restore.log")
                        .toFile()));
        builder.environment().putAll(env);
        Process process = builder.start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the command ends");
        return process.exitValue();
    }

    /**
     * Photos survive a stop: one made before it, served byte for byte the same after, and one
     * uploaded right before it, whose files the photo job may still be making: the outbox carries
     * that work over the restart. On H2 with the file-system store, both in the data folder.
     */
    private record KeptPhotos(String base, String photos, String made, JsonObject before, byte[] thumbnail,
            String pending) {

        static KeptPhotos upload(String base, String token) {
            String report = report(base, token, "Photo kept", null);
            String photos = base + "/api/v1/reports/" + report + "/photos";
            String made = photo(photos, token);
            JsonObject before = awaitReady(photos + "/" + made);
            byte[] thumbnail = download(before.getJsonObject("files").getJsonObject("thumbnail").getString("url"));
            return new KeptPhotos(base, photos, made, before, thumbnail, photo(photos, token));
        }

        void assertKept() {
            assertEquals(before, Api.json(Api.get(photos + "/" + made)), "the photo after the restart");
            assertArrayEquals(thumbnail, download(before.getJsonObject("files").getJsonObject("thumbnail")
                    .getString("url")), "its thumbnail is served as before");
            assertEquals("ready", awaitReady(photos + "/" + pending).getString("state"),
                    "the photo uploaded right before the stop is made after the start");
        }

        private static String photo(String photos, String token) {
            HttpResponse<String> created = Api.send(Api.request(photos).header("Authorization", "Bearer " + token)
                    .header("Content-Type", "image/jpeg")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(TestImages.photoLikeJpeg(1600, 1200))).build());
            assertEquals(201, created.statusCode(), created.body());
            return Api.json(created).getString("id");
        }

        private static JsonObject awaitReady(String photo) {
            JsonObject[] last = new JsonObject[1];
            Api.await(Duration.ofSeconds(90), () -> {
                HttpResponse<String> response = Api.get(photo);
                last[0] = response.statusCode() == 200 ? Api.json(response) : null;
                return last[0] != null && "ready".equals(last[0].getString("state"));
            }, () -> photo + " is not ready: " + last[0]);
            return last[0];
        }

        private static byte[] download(String url) {
            try {
                HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        java.net.URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
                assertEquals(200, response.statusCode(), url);
                return response.body();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Starts a server on a port and waits until it is ready. */
    private interface Launch {
        ServerProcess start(int port);
    }

    /** What a story does beside writing, stopping and reading back. */
    private interface Story {
        /** Nothing more: a plain SIGTERM, then the SIGKILL every story has. */
        Story PLAIN = new Story() {
        };

        /**
         * @param server the first server, running, with reports written
         * @param token  the administrator's token
         */
        default void whileRunning(ServerProcess server, String token) {
        }

        /** Checks more after the SIGTERM's restart than the reports and the token. */
        default void afterRestart() {
        }

        /**
         * Stops the server cleanly and starts it again: by default a plain SIGTERM.
         *
         * @param server the running server
         * @param launch how it was started
         * @param port   its port
         * @return the server started again
         */
        default ServerProcess stopAndStartAgain(ServerProcess server, Launch launch, int port) {
            assertEquals(0, server.terminate(), "a SIGTERM stop exits with 0:\n" + server.tail());
            return launch.start(port);
        }
    }

    private static void survivesStops(Launch launch, int port, String what, Story story) {
        String base = "http://localhost:" + port;
        List<Duration> starts = new ArrayList<>();
        ServerProcess server = launch.start(port);
        starts.add(server.startTime());
        String token = signIn(base);
        Map<String, String> reports = new LinkedHashMap<>();
        String key = UUID.randomUUID().toString();
        String idempotent = report(base, token, "Broken bench by the fountain", key);
        reports.put(idempotent, "Broken bench by the fountain");
        for (String title : List.of("Streetlight out on Elm row", "Water leak under the bridge")) {
            reports.put(report(base, token, title, null), title);
        }
        story.whileRunning(server, token);

        server = story.stopAndStartAgain(server, launch, port);
        starts.add(server.startTime());
        readBack(base, token, reports, "after SIGTERM");
        story.afterRestart();
        assertEquals(idempotent, report(base, token, "Broken bench by the fountain", key),
                "a retry with the first run's Idempotency-Key gets the first report");

        reports.put(report(base, token, "Flooded underpass", null), "Flooded underpass");
        assertNotEquals(0, server.kill());
        server = launch.start(port);
        starts.add(server.startTime());
        readBack(base, token, reports, "after SIGKILL");
        assertEquals(0, server.terminate(), server.tail());
        System.out.printf("[ServerLifecycleIT] %s: first start %.1f s, after SIGTERM %.1f s, after SIGKILL %.1f s%n",
                what, starts.get(0).toMillis() / 1000.0, starts.get(1).toMillis() / 1000.0,
                starts.get(2).toMillis() / 1000.0);
    }

    private static void readBack(String base, String token, Map<String, String> reports, String when) {
        HttpResponse<String> me = Api.get(base + "/api/v1/auth/me", token);
        assertEquals(200, me.statusCode(), "the first run's token is still valid " + when + ": " + me.body());
        reports.forEach((id, title) -> {
            HttpResponse<String> read = Api.get(base + "/api/v1/reports/" + id);
            assertEquals(200, read.statusCode(), "report " + id + " " + when + ": " + read.body());
            assertEquals(title, Api.json(read).getString("title"), when);
        });
    }

    private static String signIn(String base) {
        return Api.login(base, ADMIN_EMAIL, ADMIN_PASSWORD);
    }

    private static String report(String base, String token, String title, String idempotencyKey) {
        HttpRequest.Builder request = Api.request(base + "/api/v1/reports").header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token);
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        HttpResponse<String> created = Api.send(request.POST(HttpRequest.BodyPublishers.ofString(
                "{\"title\":\"" + title + "\",\"category\":\"pothole\",\"location\":{\"lat\":48.8566,\"lon\":2.3522}}"))
                .build());
        assertTrue(created.statusCode() == 201 || created.statusCode() == 200, created.statusCode() + " " + created.body());
        return Api.json(created).getString("id");
    }

    private static Path unpack(Path archive, Path into) throws Exception {
        Process tar = new ProcessBuilder("tar", "-xzf", archive.toAbsolutePath().toString()).directory(into.toFile())
                .redirectErrorStream(true).start();
        String output = new String(tar.getInputStream().readAllBytes());
        assertEquals(0, tar.waitFor(), output);
        try (Stream<Path> top = Files.list(into)) {
            return top.filter(Files::isDirectory).filter(p -> p.getFileName().toString().startsWith("fixmyquarter-"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no fixmyquarter-<version>/ in " + archive));
        }
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> children = Files.list(dir)) {
            return children.toList();
        }
    }
}
