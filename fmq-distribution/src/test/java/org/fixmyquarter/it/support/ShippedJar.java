package org.fixmyquarter.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Starts the runnable jar a city deploys, the README's way ({@code java -jar fixmyquarter.jar}
 * with settings in environment variables), before the tests of the {@code it-jar} pass, and
 * stops it with SIGTERM after them. Does nothing in the other passes, which run against the
 * servers the build starts.
 *
 * <p>Settings (failsafe system properties): {@code fmq.it.jar} the jar; {@code fmq.it.jar-dir} a
 * fresh folder for its unpacked runtime and output; {@code fmq.it.jar-env} a properties file of
 * extra environment variables (the PostgreSQL database, written by {@link TestPostgres}); and every
 * {@code fmq.it.jar-env.NAME} property as the variable NAME.
 */
public final class ShippedJar implements LauncherSessionListener {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    private Process server;

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        String jar = System.getProperty("fmq.it.jar");
        if (jar == null || jar.isBlank() || server != null) {
            return;
        }
        try {
            start(Path.of(jar), Path.of(System.getProperty("fmq.it.jar-dir")));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start the runnable jar " + jar + ": " + e, e);
        }
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        if (server == null) {
            return;
        }
        server.destroy();
        try {
            if (!server.waitFor(60, TimeUnit.SECONDS)) {
                System.err.println("[ShippedJar] The server did not stop within 60 s of SIGTERM; killing it");
                server.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server = null;
    }

    private void start(Path jar, Path dir) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("No runnable jar at " + jar + ": the build packages it before this pass");
        }
        Files.createDirectories(dir);
        Path log = dir.resolve("server.log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("WLP_JAR_EXTRACT_DIR", dir.resolve("runtime").toString());
        String envFile = System.getProperty("fmq.it.jar-env");
        if (envFile != null && !envFile.isBlank()) {
            Properties extra = new Properties();
            try (InputStream in = Files.newInputStream(Path.of(envFile))) {
                extra.load(in);
            }
            extra.stringPropertyNames().forEach(name -> env.put(name, extra.getProperty(name)));
        }
        System.getProperties().stringPropertyNames().stream().filter(name -> name.startsWith("fmq.it.jar-env."))
                .forEach(name -> env.put(name.substring("fmq.it.jar-env.".length()), System.getProperty(name)));
        server = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (server != null) {
                server.destroyForcibly();
            }
        }));
        awaitReady(log);
        // The key the jar generated at its first start, for the tests that forge tokens with it.
        System.setProperty("fmq.it.signing-key",
                dir.resolve("runtime/wlp/usr/servers/fmq/data/keys/jwt-private.pem").toString());
    }

    private void awaitReady(Path log) throws IOException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI ready = URI.create(Api.BASE_URL + "/health/ready");
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!server.isAlive()) {
                throw new IllegalStateException("The runnable jar exited with " + server.exitValue()
                        + " before it was ready; its output: " + log + "\n" + tail(log));
            }
            try {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(ready)
                        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    System.out.println("[ShippedJar] " + Api.BASE_URL + " is ready: " + response.body());
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("The runnable jar was not ready within " + START_TIMEOUT.toSeconds()
                + " s; its output: " + log + "\n" + tail(log));
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
