package org.fixmyquarter.it.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A FixMyQuarter server started as an operating-system process, the way an operator starts one
 * ({@code java -jar fixmyquarter.jar}, {@code bin/fixmyquarter run}), its output in a log file.
 * Stopped with the signals a service manager sends: SIGTERM ({@link #terminate}) and SIGKILL
 * ({@link #kill}).
 */
public final class ServerProcess {

    /** The longest a start may take on a loaded two-core machine. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    /** The longest a stop may take: Liberty waits up to 30 s for requests in flight. */
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(90);

    private final Process process;
    private final Path log;
    private final String baseUrl;
    private final Duration startTime;

    private ServerProcess(Process process, Path log, String baseUrl, Duration startTime) {
        this.process = process;
        this.log = log;
        this.baseUrl = baseUrl;
        this.startTime = startTime;
    }

    /**
     * Starts the command and waits until {@code /health/ready} answers 200.
     *
     * @param command the command line
     * @param workDir its working folder
     * @param environment variables added to this process's environment
     * @param log the file its output is appended to
     * @param baseUrl where it answers, e.g. {@code http://localhost:9781}
     * @return the ready server
     * @throws IllegalStateException with the end of its output when it exits or is not ready in time
     */
    public static ServerProcess start(List<String> command, Path workDir, Map<String, String> environment, Path log,
            String baseUrl) {
        try {
            Files.createDirectories(workDir);
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(environment);
            long started = System.nanoTime();
            Process process = builder.start();
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
            awaitReady(process, log, baseUrl);
            return new ServerProcess(process, log, baseUrl, Duration.ofNanos(System.nanoTime() - started));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start " + command + ": " + e, e);
        }
    }

    /** @return the command for {@code java -jar <jar> [arguments]} with this JVM's java */
    public static List<String> javaJar(Path jar, String... arguments) {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", jar.toString()));
        command.addAll(List.of(arguments));
        return command;
    }

    private static void awaitReady(Process process, Path log, String baseUrl) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI ready = URI.create(baseUrl + "/health/ready");
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The server exited with " + process.exitValue()
                        + " before it was ready; its output (" + log + "):\n" + tail(log));
            }
            try {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(ready)
                        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            pause();
        }
        process.destroyForcibly();
        throw new IllegalStateException("The server was not ready within " + START_TIMEOUT.toSeconds()
                + " s; its output (" + log + "):\n" + tail(log));
    }

    /** @return how long it took from the process start until ready */
    public Duration startTime() {
        return startTime;
    }

    /** @return the process id */
    public long pid() {
        return process.pid();
    }

    /** @return whether the process still runs */
    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Sends SIGTERM and waits for the process to end.
     *
     * @return its exit status
     * @throws IllegalStateException when it does not end within {@link #STOP_TIMEOUT}
     */
    public int terminate() {
        process.destroy();
        return awaitExit(STOP_TIMEOUT);
    }

    /**
     * Sends SIGKILL, as a crash or a power cut would end it, and waits for the process to end.
     *
     * @return its exit status
     */
    public int kill() {
        process.destroyForcibly();
        return awaitExit(Duration.ofSeconds(30));
    }

    /**
     * @param timeout the longest to wait
     * @return the exit status of a process that ends by itself
     */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                throw new IllegalStateException("The server did not stop within " + timeout.toSeconds()
                        + " s; killed it. Its output (" + log + "):\n" + tail());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** @return the last lines of its output */
    public String tail() {
        return tail(log);
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    private static void pause() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
