package org.fixmyquarter.core;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import jakarta.persistence.Persistence;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Test support: a real database for one test class. An in-memory H2 of its own, migrated with the
 * core's Flyway scripts (the same location and history table as the server), and an
 * {@link EntityManagerFactory} of the {@code fmq-test} unit on it.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final TestDatabase DB = new TestDatabase();
 *
 * @BeforeEach
 * void empty() { DB.deleteAllRows(); }
 * }</pre>
 *
 * <p>The database is created before the first test of the class and dropped after the last.
 * Tests of the class share it: {@link #deleteAllRows()} empties it between tests.
 */
public final class TestDatabase implements BeforeAllCallback, AfterAllCallback {

    /** Where the core keeps its migrations. */
    public static final String MIGRATIONS = "classpath:META-INF/fmq/migration";
    /** The server's Flyway history table. */
    public static final String SCHEMA_HISTORY_TABLE = "fmq_schema_history";
    /** The persistence unit of {@code src/test/resources/META-INF/persistence.xml}. */
    public static final String PERSISTENCE_UNIT = "fmq-test";

    private String url;
    private MigrateResult migration;
    private EntityManagerFactory emf;

    @Override
    public void beforeAll(ExtensionContext context) {
        start(context.getRequiredTestClass().getSimpleName());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    /**
     * Creates, migrates and opens the database; for use without the extension.
     *
     * @param name a readable part of the database's name
     */
    public void start(String name) {
        if (emf != null) {
            throw new IllegalStateException("already started");
        }
        // DB_CLOSE_DELAY=-1: Flyway, JPA and the helpers each open their own connections.
        url = "jdbc:h2:mem:" + name + "-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        migration = Flyway.configure(TestDatabase.class.getClassLoader())
                .dataSource(url, "sa", "")
                .locations(MIGRATIONS)
                .failOnMissingLocations(true)
                .table(SCHEMA_HISTORY_TABLE)
                .load()
                .migrate();
        if (!migration.success || migration.migrationsExecuted == 0) {
            throw new IllegalStateException("the migrations did not run: " + migration.migrationsExecuted + " applied");
        }
        emf = Persistence.createEntityManagerFactory(PERSISTENCE_UNIT, Map.of(
                "jakarta.persistence.jdbc.driver", "org.h2.Driver",
                "jakarta.persistence.jdbc.url", url,
                "jakarta.persistence.jdbc.user", "sa",
                "jakarta.persistence.jdbc.password", ""));
    }

    /** Closes JPA and drops the in-memory database. */
    public void stop() {
        try {
            if (emf != null) {
                emf.close();
            }
        } finally {
            emf = null;
            if (url != null) {
                try (Connection c = connection(); Statement s = c.createStatement()) {
                    s.execute("SHUTDOWN");
                } catch (SQLException e) {
                    throw new IllegalStateException("could not drop " + url, e);
                } finally {
                    url = null;
                }
            }
        }
    }

    /**
     * @return what Flyway did when the database was created
     */
    public MigrateResult migration() {
        return migration;
    }

    /**
     * @return the factory of the database
     */
    public EntityManagerFactory emf() {
        if (emf == null) {
            throw new IllegalStateException("the database is not started");
        }
        return emf;
    }

    /**
     * Runs work in a transaction of a new entity manager: committed if the work returns, rolled
     * back if it throws (and the exception passed on).
     *
     * @param work what to do
     * @param <T>  what it gives
     * @return what it gave
     */
    public <T> T inTransaction(Function<EntityManager, T> work) {
        EntityManager em = emf().createEntityManager();
        EntityTransaction tx = em.getTransaction();
        try {
            tx.begin();
            T result = work.apply(em);
            tx.commit();
            return result;
        } finally {
            if (tx.isActive()) {
                tx.rollback();
            }
            em.close();
        }
    }

    /**
     * {@link #inTransaction(Function)} for work that gives nothing.
     *
     * @param work what to do
     */
    public void run(Consumer<EntityManager> work) {
        inTransaction(em -> {
            work.accept(em);
            return null;
        });
    }

    /**
     * Reads the database with plain JDBC, past JPA.
     *
     * @param sql    a query
     * @param params its parameters
     * @return the rows, each the list of its column values
     */
    public List<List<Object>> query(String sql, Object... params) {
        try (Connection c = connection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            List<List<Object>> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<Object> row = new ArrayList<>(columns);
                    for (int i = 1; i <= columns; i++) {
                        row.add(rs.getObject(i));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /**
     * @param sql    a query giving one row of one column
     * @param params its parameters
     * @return that value
     */
    public Object queryValue(String sql, Object... params) {
        List<List<Object>> rows = query(sql, params);
        if (rows.size() != 1 || rows.get(0).size() != 1) {
            throw new IllegalStateException("expected one value from " + sql + ", got " + rows);
        }
        return rows.get(0).get(0);
    }

    /**
     * Empties every table the migrations created, keeping the schema and its history.
     */
    public void deleteAllRows() {
        List<String> tables = new ArrayList<>();
        for (List<Object> row : query("SELECT table_name FROM information_schema.tables"
                + " WHERE table_schema = 'PUBLIC' AND table_type = 'BASE TABLE'")) {
            String table = (String) row.get(0);
            if (!table.equalsIgnoreCase(SCHEMA_HISTORY_TABLE)) {
                tables.add(table);
            }
        }
        try (Connection c = connection(); Statement s = c.createStatement()) {
            s.execute("SET REFERENTIAL_INTEGRITY FALSE");
            try {
                for (String table : tables) {
                    s.execute("DELETE FROM \"" + table + "\"");
                }
            } finally {
                s.execute("SET REFERENTIAL_INTEGRITY TRUE");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not empty " + tables, e);
        }
    }

    /**
     * Gives actors an account, with plain JDBC: the core lets only people with an account vote and
     * follow. The account has no password and no role grant; the actor's roles are what counts.
     *
     * @param actors actors whose ids (at most 32 characters) become account ids
     */
    public void accountsFor(org.fixmyquarter.core.Actor... actors) {
        try (Connection c = connection(); PreparedStatement s = c.prepareStatement("INSERT INTO fmq_user"
                + " (id, email, display_name, handle, created_at, version) VALUES (?, ?, ?, ?, CURRENT_TIMESTAMP, 1)")) {
            for (org.fixmyquarter.core.Actor actor : actors) {
                String handle = actor.id().replaceAll("[^A-Za-z0-9_]", "_");
                s.setString(1, actor.id());
                s.setString(2, handle.toLowerCase(java.util.Locale.ROOT) + "@test.example");
                s.setString(3, actor.displayName());
                s.setString(4, handle.length() > 30 ? handle.substring(0, 30) : handle);
                s.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the accounts", e);
        }
    }

    private Connection connection() throws SQLException {
        return DriverManager.getConnection(url, "sa", "");
    }
}
