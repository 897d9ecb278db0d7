package org.fixmyquarter.core.area;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;

import org.fixmyquarter.core.Actor;
import org.fixmyquarter.core.MutableClock;
import org.fixmyquarter.core.TestCategories;
import org.fixmyquarter.core.TestDatabase;
import org.fixmyquarter.core.account.Role;
import org.fixmyquarter.core.report.NewReport;
import org.fixmyquarter.core.report.Report;
import org.fixmyquarter.core.report.ReportFilter;
import org.fixmyquarter.core.report.ReportService;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Areas on PostgreSQL (without PostGIS): the geometry's TEXT column, the routing's native queries
 * and the area= search give the same answers as on H2 ({@link AreasTest}). Needs PostgreSQL at
 * {@code fmq.test.pg.url}, as HelpdeskPullPostgresTest: skipped without one, saying why, and
 * failing in CI ({@code CI=true}).
 */
class AreasPostgresTest {

    private static final String PG_ADMIN_URL = System.getProperty("fmq.test.pg.url",
            "jdbc:postgresql://127.0.0.1:5432/postgres");
    private static final String PG_USER = System.getProperty("fmq.test.pg.user", "postgres");
    private static final String PG_PASSWORD = System.getProperty("fmq.test.pg.password", "");
    private static final String DATABASE = "fmq_areas_test";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T08:00:00Z"));

    @Test
    void importsRoutesAndSearchesAsOnH2() {
        admin("DROP DATABASE IF EXISTS " + DATABASE, "CREATE DATABASE " + DATABASE);
        String url = PG_ADMIN_URL.substring(0, PG_ADMIN_URL.lastIndexOf('/') + 1) + DATABASE;
        Flyway.configure(getClass().getClassLoader()).dataSource(url, PG_USER, PG_PASSWORD)
                .locations(TestDatabase.MIGRATIONS).table(TestDatabase.SCHEMA_HISTORY_TABLE).load().migrate();
        EntityManagerFactory emf = Persistence.createEntityManagerFactory(TestDatabase.PERSISTENCE_UNIT, Map.of(
                "jakarta.persistence.jdbc.driver", "org.postgresql.Driver", "jakarta.persistence.jdbc.url", url,
                "jakarta.persistence.jdbc.user", PG_USER, "jakarta.persistence.jdbc.password", PG_PASSWORD));
        try {
            Actor admin = Actor.of("admin-1", "Ada", Role.ADMINISTRATOR);
            assertEquals(51, inTransaction(emf, em -> new Areas(em, clock).importAreas(TestCity.collection(),
                    Locale.ENGLISH, admin)).size());
            Report border = report(emf, TestCity.lat(2) + 0.005, TestCity.lon(4));
            Report hole = report(emf, TestCity.lat(0) + 0.005, TestCity.lon(0) + 0.005);
            Set<String> names = inTransaction(emf, em -> new Areas(em, clock).ofReport(border.getId()).stream()
                    .map(a -> a.name(Locale.ENGLISH, null)).collect(Collectors.toSet()));
            assertEquals(Set.of(TestCity.CITY, TestCity.district(2, 3), TestCity.district(2, 4)), names);
            String city = inTransaction(emf, em -> new Areas(em, clock).list().get(0).getId());
            List<String> inCity = inTransaction(emf, em -> new ReportService(em, TestCategories.catalog(), clock)
                    .list(new ReportFilter(null, null, null, 10).withArea(city)).items().stream().map(Report::getId)
                    .collect(Collectors.toList()));
            assertEquals(List.of(hole.getId(), border.getId()), inCity);
            Area largest = inTransaction(emf, em -> new Areas(em, clock).ofReport(border.getId()).get(0));
            assertEquals("Polygon", largest.getGeometry().getString("type"), "the geometry reads back from TEXT");
        } finally {
            emf.close();
            admin("DROP DATABASE IF EXISTS " + DATABASE);
        }
    }

    private Report report(EntityManagerFactory emf, double lat, double lon) {
        clock.advance(Duration.ofSeconds(1));
        return inTransaction(emf, em -> new ReportService(em, TestCategories.catalog(), clock).create(
                new NewReport("Pothole", null, TestCategories.CODES.get(0), lat, lon, 5.0, null),
                Actor.citizen("citizen-1", "Rose")));
    }

    private static <T> T inTransaction(EntityManagerFactory emf, Function<EntityManager, T> work) {
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

    private static void admin(String... statements) {
        try (Connection admin = DriverManager.getConnection(PG_ADMIN_URL, PG_USER, PG_PASSWORD);
             Statement statement = admin.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            String why = "AreasPostgresTest needs PostgreSQL at " + PG_ADMIN_URL + " (user " + PG_USER + "): "
                    + e.getMessage();
            if (System.getenv("CI") != null) {
                fail(why + "; CI must provide it (see .ci/run)");
            }
            Assumptions.abort(why);
        }
    }
}
