package org.fixmyquarter.plugins.media.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real S3 server for tests: Adobe's S3Mock run from its executable jar as a separate process on
 * free ports, with the buckets it is given, its files in a temporary folder it removes on exit.
 * Not a mocked client: requests go over HTTP, signed by the SDK, as they would to AWS or MinIO.
 *
 * <p>The jar is found through the system property {@code fmq.s3mock.jar} (this module's build
 * copies it to {@code target/s3mock/s3mock.jar} and sets it), and run with the Java of the tests
 * unless {@code fmq.s3mock.java} names another {@code java} executable. S3Mock 5.2 is compiled for
 * Java 17, so the tests' own Java does. It accepts any credentials.
 *
 * <p>Starting takes a few seconds; {@link S3MockExtension} shares one server between the test
 * classes of a run. Published in this module's test jar, for the server's integration tests.
 */
public final class S3MockServer implements AutoCloseable {

    /** How long a start may take before the test gives up, a slow shared machine included. */
    private static final Duration START_LIMIT = Duration.ofSeconds(90);

    private static final Duration POLL_PAUSE = Duration.ofMillis(200);

    private final Process process;
    private final int port;
    private final Path log;
    private final Path root;
    private final List<String> buckets;

    private S3MockServer(Process process, int port, Path log, Path root, List<String> buckets) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.root = root;
        this.buckets = buckets;
    }

    /**
     * Starts a server and waits until it answers.
     *
     * @param buckets the buckets it creates at start, at least one
     * @return the running server
     * @throws IllegalStateException if the jar is missing, or the server exits or does not
     *                               answer in time (with the end of its log)
     */
    public static S3MockServer start(String... buckets) {
        if (buckets.length == 0) {
            throw new IllegalArgumentException("give at least one bucket");
        }
        Path jar = Path.of(System.getProperty("fmq.s3mock.jar", "target/s3mock/s3mock.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no S3Mock jar at " + jar.toAbsolutePath() + ": build with Maven, which "
                    + "copies it there, or set the system property fmq.s3mock.jar");
        }
        String java = System.getProperty("fmq.s3mock.java",
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
        int httpPort = freePort();
        // S3Mock also listens for HTTPS; left on its default port, a second server would clash.
        int httpsPort = freePort();
        try {
            Path root = Files.createTempDirectory("s3mock-");
            Path log = Files.createTempFile("s3mock-" + httpPort + "-", ".log");
            List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar",
                    jar.toString(),
                    "--http.port=" + httpPort,
                    "--server.port=" + httpsPort,
                    "--server.address=127.0.0.1",
                    "--com.adobe.testing.s3mock.store.initialBuckets=" + String.join(",", buckets),
                    "--com.adobe.testing.s3mock.store.root=" + root,
                    "--spring.main.banner-mode=off"));
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            S3MockServer server = new S3MockServer(process, httpPort, log, root, List.of(buckets));
            // A child process outlives the JVM that started it: never leave one running after
            // a test run that ended without stopping it.
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "s3mock-stop-" + httpPort));
            server.awaitReady();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start S3Mock", e);
        }
    }

    /**
     * @return where to send S3 requests, {@code http://127.0.0.1:<port>}, path-style
     */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /**
     * @return the HTTP port
     */
    public int port() {
        return port;
    }

    /**
     * @return the first bucket it was started with
     */
    public String bucket() {
        return buckets.get(0);
    }

    /**
     * @return whether the process still runs
     */
    public boolean isRunning() {
        return process.isAlive();
    }

    /**
     * Stops the server and waits until its process has ended; calling it again does nothing.
     */
    public void stop() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        // S3Mock empties its folder on exit but leaves the folder itself.
        deleteQuietly(root);
        deleteQuietly(log);
    }

    private static void deleteQuietly(Path path) {
        try (Stream<Path> paths = Files.walk(path)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // Only leftovers in the temporary folder.
        }
    }

    /** Stops the server, as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (answers()) {
                return;
            }
            try {
                // Waiting for the process doubles as the pause between polls and notices a crash.
                if (process.waitFor(POLL_PAUSE.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new IllegalStateException("S3Mock exited with " + process.exitValue() + ":\n" + logTail());
                }
            } catch (InterruptedException e) {
                stop();
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while S3Mock started", e);
            }
        }
        stop();
        throw new IllegalStateException("S3Mock did not answer on port " + port + " within " + START_LIMIT + ":\n"
                + logTail());
    }

    /** Whether the first bucket answers a HEAD, which S3Mock does once it has created it. */
    private boolean answers() {
        try {
            HttpURLConnection connection = (HttpURLConnection) endpoint().resolve("/" + bucket()).toURL()
                    .openConnection();
            connection.setRequestMethod("HEAD");
            connection.setConnectTimeout(1000);
            connection.setReadTimeout(5000);
            try {
                return connection.getResponseCode() == 200;
            } finally {
                connection.disconnect();
            }
        } catch (IOException e) {
            return false;
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(log " + log + " unreadable: " + e + ")";
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}
