package org.fixmyquarter.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Turns the SQL script of a backup into the embedded H2 database the server opens, with H2's
 * {@code RUNSCRIPT}, before the server's first start on the data folder.
 *
 * <p>The H2 driver is the one the jar ships for the server (in its {@code jdbc/} folder), so a
 * backup is restored by the same H2 version that will open the database; the launcher itself
 * stays free of it until a restore needs it.
 */
final class DatabaseScript {

    /** Where the server's JDBC drivers sit in the jar: {@code wlp/usr/servers/<name>/jdbc/}. */
    private static final String DRIVERS = "/jdbc/";

    private DatabaseScript() {
    }

    /** Loads a script into a database that does not exist yet. */
    @FunctionalInterface
    interface Loader {
        /**
         * @param script   the SQL script
         * @param database the database's path without H2's {@code .mv.db} suffix
         * @throws IOException if the script cannot be run; the database file may then be half
         *                     written, and the caller throws it away
         */
        void load(Path script, Path database) throws IOException;
    }

    /**
     * @param driver      an H2 driver
     * @param environment the settings: {@code FMQ_DB_USER} (default {@code fmq}) and
     *                    {@code FMQ_DB_PASSWORD} (default empty), the account the server opens the
     *                    database with
     * @return a loader that creates the database with that account and runs the script in it
     */
    static Loader h2(Driver driver, Map<String, String> environment) {
        return (script, database) -> {
            Properties account = new Properties();
            account.setProperty("user", setting(environment, "FMQ_DB_USER", "fmq"));
            account.setProperty("password", setting(environment, "FMQ_DB_PASSWORD", ""));
            // IFEXISTS=FALSE is H2's default: the database is created by this first connection.
            String url = "jdbc:h2:" + database.toAbsolutePath();
            try (Connection connection = driver.connect(url, account);
                 Statement statement = connection.createStatement()) {
                statement.execute("RUNSCRIPT FROM '" + script.toAbsolutePath().toString().replace("'", "''")
                        + "' CHARSET 'UTF-8'");
                // Closed and written out now, not by a shutdown hook after the command has said "restored".
                statement.execute("SHUTDOWN");
            } catch (SQLException e) {
                throw new IOException("The database script of the backup could not be loaded: " + e.getMessage(), e);
            }
        };
    }

    /**
     * @param jar         fixmyquarter.jar
     * @param environment the settings, see {@link #h2(Driver, Map)}
     * @return a loader that uses the H2 driver the jar ships
     */
    static Loader fromJar(Path jar, Map<String, String> environment) {
        return (script, database) -> {
            // Beside the new database, in the restore's temporary folder, and deleted before it is moved.
            Path driverJar = Files.createTempFile(database.toAbsolutePath().getParent(), ".h2-", ".jar");
            try {
                copyDriver(jar, driverJar);
                try (URLClassLoader loader = new URLClassLoader(new URL[] {driverJar.toUri().toURL()},
                        ClassLoader.getPlatformClassLoader())) {
                    Driver driver = (Driver) loader.loadClass("org.h2.Driver").getDeclaredConstructor().newInstance();
                    h2(driver, environment).load(script, database);
                } catch (ReflectiveOperationException e) {
                    throw new IOException("The H2 driver in " + jar + " cannot be loaded: " + e, e);
                }
            } finally {
                Files.deleteIfExists(driverJar);
            }
        };
    }

    private static void copyDriver(Path jar, Path target) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            JarEntry driver = file.stream()
                    .filter(entry -> entry.getName().startsWith(RuntimeImage.PREFIX)
                            && entry.getName().contains(DRIVERS)
                            && entry.getName().substring(entry.getName().lastIndexOf('/') + 1)
                                    .matches("h2(-.+)?\\.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IOException(jar + " holds no H2 driver in the server's jdbc/ folder"));
            try (InputStream in = file.getInputStream(driver)) {
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static String setting(Map<String, String> environment, String name, String fallback) {
        String value = environment.get(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
