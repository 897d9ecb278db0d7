package org.fixmyquarter.core.area;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.StringReader;
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
import org.fixmyquarter.core.internal.Outbox;
import org.fixmyquarter.core.report.NewReport;
import org.fixmyquarter.core.report.Report;
import org.fixmyquarter.core.report.ReportFilter;
import org.fixmyquarter.core.report.ReportPage;
import org.fixmyquarter.core.report.ReportService;
import org.junit.jupiter.api.Test;

/**
 * Reports along a street or over a zone on PostgreSQL (without PostGIS): the same routing and the
 * same answers to bbox, near and nearest-first pages as on H2 ({@link ShapeReportsTest}). Needs
 * PostgreSQL ({@link TestPostgres}): skipped without one, saying why, and failing in CI.
 */
class ShapeReportsPostgresTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T08:00:00Z"));

    @Test
    void routesAndSearchesAsOnH2() {
        TestPostgres pg = TestPostgres.create("fmq_shapes_test", "ShapeReportsPostgresTest");
        try {
            pg.inTransaction(em -> new Areas(em, clock).importAreas(TestCity.collection(), Locale.ENGLISH,
                    Actor.of("admin-1", "Ada", Role.ADMINISTRATOR)));
            double lat = TestCity.lat(1) + 0.005;
            Report line = report(pg, "{\"type\":\"LineString\",\"coordinates\":[[" + (TestCity.lon(2) + 0.004) + ","
                    + lat + "],[" + (TestCity.lon(3) + 0.004) + "," + lat + "]]}", null, null);
            Set<String> names = pg.inTransaction(em -> new Areas(em, clock).ofReport(line.getId()).stream()
                    .map(a -> a.name(Locale.ENGLISH, null)).collect(Collectors.toSet()));
            assertEquals(Set.of(TestCity.CITY, TestCity.district(1, 2), TestCity.district(1, 3)), names);
            // Only the line's west end is in the rectangle.
            assertEquals(List.of(line.getId()), ids(list(pg, new ReportFilter(null, null, null, 20).withBox(
                    new ReportFilter.Box(TestCity.lon(2) + 0.003, lat - 0.001, TestCity.lon(2) + 0.005, lat + 0.001)))));

            double west = TestCity.lon(4);
            double south = TestCity.lat(2);
            Report zone = report(pg, "{\"type\":\"Polygon\",\"coordinates\":[[[" + west + "," + south + "],["
                    + (west + 0.009) + "," + south + "],[" + (west + 0.009) + "," + (south + 0.009) + "],[" + west + ","
                    + (south + 0.009) + "],[" + west + "," + south + "]]]}", null, null);
            Report point = report(pg, null, south + 0.0045, west - 0.002);
            ReportFilter.Near near = new ReportFilter.Near(south + 0.0045, west - 0.00065, 300);
            ReportPage first = list(pg, new ReportFilter(null, null, null, 1, ReportFilter.Sort.NEAREST).withNear(near));
            assertEquals(List.of(zone.getId()), ids(first));
            assertEquals(50.5, first.distanceMetres(zone).getAsDouble(), 1.0);
            ReportPage second = list(pg, new ReportFilter(null, null, first.nextCursor(), 1, ReportFilter.Sort.NEAREST)
                    .withNear(near));
            assertEquals(List.of(point.getId()), ids(second));
            assertNull(second.nextCursor());
        } finally {
            pg.drop();
        }
    }

    private ReportPage list(TestPostgres pg, ReportFilter filter) {
        return pg.inTransaction(em -> new ReportService(em, TestCategories.catalog(), clock).list(filter));
    }

    private static List<String> ids(ReportPage page) {
        return page.items().stream().map(Report::getId).collect(Collectors.toList());
    }

    private Report report(TestPostgres pg, String geometry, Double lat, Double lon) {
        clock.advance(Duration.ofSeconds(1));
        return pg.inTransaction(em -> new ReportService(em, TestCategories.catalog(), clock).create(
                new NewReport("Broken kerb", null, TestCategories.CODES.get(0), lat, lon, null, null,
                        geometry == null ? null : Outbox.JSON.createReader(new StringReader(geometry)).readValue()),
                Actor.citizen("citizen-1", "Rose")));
    }
}
