package org.fixmyquarter.core.area;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.fixmyquarter.core.Actor;
import org.fixmyquarter.core.MutableClock;
import org.fixmyquarter.core.TestCategories;
import org.fixmyquarter.core.TestPostgres;
import org.fixmyquarter.core.account.Role;
import org.fixmyquarter.core.report.NewReport;
import org.fixmyquarter.core.report.Report;
import org.fixmyquarter.core.report.ReportFilter;
import org.fixmyquarter.core.report.ReportService;
import org.junit.jupiter.api.Test;

/**
 * Areas on PostgreSQL (without PostGIS): the geometry's TEXT column, the routing's native queries
 * and the area= search give the same answers as on H2 ({@link AreasTest}). Needs PostgreSQL
 * ({@link TestPostgres}): skipped without one, saying why, and failing in CI.
 */
class AreasPostgresTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T08:00:00Z"));

    @Test
    void importsRoutesAndSearchesAsOnH2() {
        TestPostgres pg = TestPostgres.create("fmq_areas_test", "AreasPostgresTest");
        try {
            Actor admin = Actor.of("admin-1", "Ada", Role.ADMINISTRATOR);
            assertEquals(51, pg.inTransaction(em -> new Areas(em, clock).importAreas(TestCity.collection(),
                    Locale.ENGLISH, admin)).size());
            Report border = report(pg, TestCity.lat(2) + 0.005, TestCity.lon(4));
            Report hole = report(pg, TestCity.lat(0) + 0.005, TestCity.lon(0) + 0.005);
            Set<String> names = pg.inTransaction(em -> new Areas(em, clock).ofReport(border.getId()).stream()
                    .map(a -> a.name(Locale.ENGLISH, null)).collect(Collectors.toSet()));
            assertEquals(Set.of(TestCity.CITY, TestCity.district(2, 3), TestCity.district(2, 4)), names);
            String city = pg.inTransaction(em -> new Areas(em, clock).list().get(0).getId());
            List<String> inCity = pg.inTransaction(em -> new ReportService(em, TestCategories.catalog(), clock)
                    .list(new ReportFilter(null, null, null, 10).withArea(city)).items().stream().map(Report::getId)
                    .collect(Collectors.toList()));
            assertEquals(List.of(hole.getId(), border.getId()), inCity);
            Area largest = pg.inTransaction(em -> new Areas(em, clock).ofReport(border.getId()).get(0));
            assertEquals("Polygon", largest.getGeometry().getString("type"), "the geometry reads back from TEXT");
        } finally {
            pg.drop();
        }
    }

    private Report report(TestPostgres pg, double lat, double lon) {
        clock.advance(Duration.ofSeconds(1));
        return pg.inTransaction(em -> new ReportService(em, TestCategories.catalog(), clock).create(
                new NewReport("Pothole", null, TestCategories.CODES.get(0), lat, lon, 5.0, null),
                Actor.citizen("citizen-1", "Rose")));
    }
}
