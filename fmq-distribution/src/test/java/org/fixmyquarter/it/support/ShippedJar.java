package org.fixmyquarter.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Starts the runnable jar a city deploys, the README's way ({@code java -jar fixmyquarter.jar}
 * with settings in environment variables), before the tests of the {@code it-jar} pass, and
 * stops it with SIGTERM after them. Does nothing in the other passes, which run against the
 * servers the build starts.
 *
 * <p>Settings (failsafe system properties): {@code fmq.it.jar} the jar; {@code fmq.it.jar-dir} a
 * fresh folder to start it in (its data folder inside); {@code fmq.it.jar-env} a properties file of
 * extra environment variables (the PostgreSQL database, written by {@link TestPostgres}); and every
 * {@code fmq.it.jar-env.NAME} property as the variable NAME.
 */
public final class ShippedJar implements LauncherSessionListener {

    private ServerProcess server;

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
        int status = server.terminate();
        if (status != 0) {
            System.err.println("[ShippedJar] The server exited with " + status + " after SIGTERM:\n" + server.tail());
        }
        server = null;
    }

    private void start(Path jar, Path dir) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("No runnable jar at " + jar + ": the build packages it before this pass");
        }
        Map<String, String> env = new HashMap<>();
        env.put("FMQ_DATA_DIR", dir.resolve("data").toString());
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
        server = ServerProcess.start(ServerProcess.javaJar(jar), dir, env, dir.resolve("server.log"), Api.BASE_URL);
        System.out.println("[ShippedJar] " + Api.BASE_URL + " is ready after " + server.startTime().toMillis() + " ms");
        // The key the jar generated in its data folder at its first start, for the tests that
        // forge tokens with it.
        System.setProperty("fmq.it.signing-key", dir.resolve("data/keys/jwt-private.pem").toString());
    }
}
