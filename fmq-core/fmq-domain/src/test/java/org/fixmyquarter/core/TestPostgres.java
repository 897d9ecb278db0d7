package org.fixmyquarter.core;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.function.Function;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;

import org.fixmyquarter.core.area.PostgisAreas;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Assumptions;

/**
 * Test support for the core's PostgreSQL tests: a fresh database of the given name on the server
 * at {@code fmq.test.pg.url} (user {@code fmq.test.pg.user}, password {@code fmq.test.pg.password}),
 * migrated like the server's, with an {@link EntityManagerFactory} of the {@code fmq-test} unit.
 * Without a PostgreSQL the test is skipped, saying why; in CI ({@code CI} set) it fails instead.
 *
 * <pre>{@code
 * TestPostgres pg = TestPostgres.create("fmq_my_test", "MyPostgresTest");
 * try {
 *     pg.inTransaction(em -> ...);
 * } finally {
 *     pg.drop();
 * }
 * }</pre>
 */
public final class TestPostgres {

    private static final String ADMIN_URL = System.getProperty("fmq.test.pg.url",
            "jdbc:postgresql://127.0.0.1:5432/postgres");
    private static final String USER = System.getProperty("fmq.test.pg.user", "postgres");
    private static final String PASSWORD = System.getProperty("fmq.test.pg.password", "");

    private final String database;
    private final String test;
    private final EntityManagerFactory emf;

    private TestPostgres(String database, String test, EntityManagerFactory emf) {
        this.database = database;
        this.test = test;
        this.emf = emf;
    }

    /**
     * Drops and creates the database, migrates it and opens JPA on it.
     *
     * @param database the database's name, unique to the test class
     * @param test     the test's name, for the message when PostgreSQL is missing
     * @return the started database
     */
    public static TestPostgres create(String database, String test) {
        return create(database, test, true);
    }

    private static TestPostgres create(String database, String test, boolean fresh) {
        if (fresh) {
            admin(test, "DROP DATABASE IF EXISTS " + database, "CREATE DATABASE " + database);
        }
        String url = ADMIN_URL.substring(0, ADMIN_URL.lastIndexOf('/') + 1) + database;
        Flyway.configure(TestPostgres.class.getClassLoader()).dataSource(url, USER, PASSWORD)
                .locations(TestDatabase.MIGRATIONS).table(TestDatabase.SCHEMA_HISTORY_TABLE).load().migrate();
        return new TestPostgres(database, test, Persistence.createEntityManagerFactory(TestDatabase.PERSISTENCE_UNIT,
                Map.of("jakarta.persistence.jdbc.driver", "org.postgresql.Driver", "jakarta.persistence.jdbc.url", url,
                        "jakarta.persistence.jdbc.user", USER, "jakarta.persistence.jdbc.password", PASSWORD)));
    }

    /**
     * {@link #create} in a database that has the PostGIS extension, prepared as the server prepares
     * it at start-up ({@link PostgisAreas#prepare}). Without PostGIS on the server the test is
     * skipped, saying so; in CI ({@code CI} set) it fails: {@code .ci/run} installs it.
     *
     * @param database the database's name, unique to the test class
     * @param test     the test's name, for the message when PostgreSQL or PostGIS is missing
     * @return the started database, its areas routed by PostGIS
     */
    public static TestPostgres createWithPostgis(String database, String test) {
        admin(test, "DROP DATABASE IF EXISTS " + database, "CREATE DATABASE " + database);
        String url = ADMIN_URL.substring(0, ADMIN_URL.lastIndexOf('/') + 1) + database;
        try (Connection connection = DriverManager.getConnection(url, USER, PASSWORD);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE EXTENSION IF NOT EXISTS postgis");
        } catch (SQLException e) {
            admin(test, "DROP DATABASE IF EXISTS " + database);
            String why = test + " needs PostGIS on the PostgreSQL at " + ADMIN_URL + ", which cannot create the"
                    + " extension (on Debian: apt-get install postgresql-15-postgis-3, or the package of the server's"
                    + " version): " + e.getMessage();
            if (System.getenv("CI") != null) {
                fail(why + "; CI must provide it (see .ci/run)");
            }
            Assumptions.abort(why);
        }
        TestPostgres pg = create(database, test, false);
        try (Connection connection = DriverManager.getConnection(url, USER, PASSWORD)) {
            if (!PostgisAreas.prepare(connection)) {
                fail("PostGIS is installed in " + database + " but area routing does not use it");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not prepare PostGIS in " + database, e);
        }
        return pg;
    }

    /** @return the factory of the database */
    public EntityManagerFactory emf() {
        return emf;
    }

    /**
     * Runs work in a transaction of a new entity manager: committed if the work returns, rolled
     * back if it throws.
     *
     * @param work what to do
     * @param <T>  what it gives
     * @return what it gave
     */
    public <T> T inTransaction(Function<EntityManager, T> work) {
        return inTransaction(emf, work);
    }

    /**
     * {@link #inTransaction(Function)} on any factory.
     *
     * @param emf  the factory
     * @param work what to do
     * @param <T>  what it gives
     * @return what it gave
     */
    public static <T> T inTransaction(EntityManagerFactory emf, Function<EntityManager, T> work) {
        EntityManager em = emf.createEntityManager();
        try {
            em.getTransaction().begin();
            T result = work.apply(em);
            em.getTransaction().commit();
            return result;
        } finally {
            if (em.getTransaction().isActive()) {
                em.getTransaction().rollback();
            }
            em.close();
        }
    }

    /** Closes JPA and drops the database. */
    public void drop() {
        emf.close();
        admin(test, "DROP DATABASE IF EXISTS " + database);
    }

    private static void admin(String test, String... statements) {
        try (Connection admin = DriverManager.getConnection(ADMIN_URL, USER, PASSWORD);
             Statement statement = admin.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            String why = test + " needs PostgreSQL at " + ADMIN_URL + " (user " + USER + "): " + e.getMessage();
            if (System.getenv("CI") != null) {
                fail(why + "; CI must provide it (see .ci/run)");
            }
            Assumptions.abort(why);
        }
    }
}
