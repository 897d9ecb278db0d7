package org.fixmyquarter.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * What the tests of the {@code it-lifecycle} pass need to start the shipped jar as a city would:
 * a fresh folder, production-like settings, and the PostgreSQL database of the pass.
 */
public final class ShippedServers {

    /** The runnable jar the pass tests. */
    public static final Path JAR = Path.of(System.getProperty("fmq.it.lifecycle.jar", ""));
    /** The first administrator of every server the pass starts. */
    public static final String ADMIN_EMAIL = "lifecycle-admin@it.example";
    /** That administrator's password. */
    public static final String ADMIN_PASSWORD = "lifecycle-admin-password";

    private static final Path WORK = Path.of(System.getProperty("fmq.it.lifecycle.dir", ""));

    private ShippedServers() {
    }

    /**
     * @param port the HTTP port; HTTPS gets the port 100 above
     * @return production-like settings: the first administrator, and ports of the test's own
     */
    public static Map<String, String> settings(int port) {
        Map<String, String> env = new HashMap<>();
        env.put("FMQ_HTTP_PORT", Integer.toString(port));
        env.put("FMQ_HTTPS_PORT", Integer.toString(port + 100));
        env.put("FMQ_ADMIN_EMAIL", ADMIN_EMAIL);
        env.put("FMQ_ADMIN_PASSWORD", ADMIN_PASSWORD);
        // Each request of Api comes from an address of its own (X-Forwarded-For), as elsewhere.
        env.put("FMQ_RATELIMIT_TRUSTED_PROXIES", "127.0.0.1,0:0:0:0:0:0:0:1");
        return env;
    }

    /**
     * @return the settings that point a server at the pass's PostgreSQL database, emptied for it
     * @throws IOException if the pass wrote none
     */
    public static Map<String, String> postgres() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(Path.of(System.getProperty("fmq.it.lifecycle.postgres")))) {
            properties.load(in);
        }
        Map<String, String> env = new HashMap<>();
        properties.stringPropertyNames().forEach(name -> env.put(name, properties.getProperty(name)));
        return env;
    }

    /**
     * @param name what the folder is for
     * @return a new, empty folder under the pass's work folder
     * @throws IOException if it cannot be made
     */
    public static Path fresh(String name) throws IOException {
        Path dir = WORK.resolve(name + "-" + System.currentTimeMillis()).toAbsolutePath();
        Files.createDirectories(dir);
        return dir;
    }
}
