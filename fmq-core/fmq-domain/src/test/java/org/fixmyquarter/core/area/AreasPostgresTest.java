package org.fixmyquarter.core.area;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.json.JsonObject;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Areas on PostgreSQL, without PostGIS (the in-memory index) and with it (the generated geometry
 * column, its GiST index and {@code ST_Covers}): the same routing as on H2 ({@link AreasTest}), in
 * a district, on a shared border and a corner, in a hole, on an island, outside, by an address,
 * after a change and a retirement, and the area= search. Needs PostgreSQL ({@link TestPostgres});
 * the PostGIS case needs the extension installed: each is skipped without it, saying why, and
 * fails in CI.
 */
class AreasPostgresTest {

    private static final Actor ADMIN = Actor.of("admin-1", "Ada", Role.ADMINISTRATOR);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T08:00:00Z"));

    private static TestPostgres database(boolean postgis) {
        return postgis ? TestPostgres.createWithPostgis("fmq_areas_postgis_test", "AreasPostgresTest (PostGIS)")
                : TestPostgres.create("fmq_areas_test", "AreasPostgresTest");
    }

    @ParameterizedTest(name = "PostGIS: {0}")
    @ValueSource(booleans = {false, true})
    void routesAsOnH2(boolean postgis) {
        TestPostgres pg = database(postgis);
        try {
            assertEquals(51, pg.inTransaction(em -> new Areas(em, clock).importAreas(TestCity.collection(),
                    Locale.ENGLISH, ADMIN)).size());
            assertEquals(postgis, pg.inTransaction(em -> AreaIndex.current(em).usesPostgis()),
                    "routing by PostGIS exactly when the database has it");
            Map<String, String> ids = pg.inTransaction(em -> new Areas(em, clock).list().stream()
                    .collect(Collectors.toMap(a -> a.name(Locale.ENGLISH, null), Area::getId)));

            Report inside = report(pg, TestCity.lat(1) + 0.001, TestCity.lon(2) + 0.001, null);
            assertEquals(Set.of(TestCity.CITY, TestCity.district(1, 2)), names(pg, inside));
            Report border = report(pg, TestCity.lat(2) + 0.005, TestCity.lon(4), null);
            assertEquals(Set.of(TestCity.CITY, TestCity.district(2, 3), TestCity.district(2, 4)), names(pg, border));
            Report corner = report(pg, TestCity.lat(3), TestCity.lon(5), null);
            assertEquals(Set.of(TestCity.CITY, TestCity.district(2, 4), TestCity.district(2, 5),
                    TestCity.district(3, 4), TestCity.district(3, 5)), names(pg, corner));
            Report hole = report(pg, TestCity.lat(0) + 0.005, TestCity.lon(0) + 0.005, null);
            assertEquals(Set.of(TestCity.CITY), names(pg, hole), "a hole is in the city, not in its district");
            Report holeEdge = report(pg, TestCity.lat(0) + 0.003, TestCity.lon(0) + 0.005, null);
            assertEquals(Set.of(TestCity.CITY, TestCity.district(0, 0)), names(pg, holeEdge),
                    "the edge of a hole belongs to the area around it");
            double[] island = TestCity.island(3);
            Report onIsland = report(pg, island[1] + 0.001, island[0] + 0.001, null);
            assertEquals(Set.of(TestCity.CITY, TestCity.district(3, 9)), names(pg, onIsland));
            Report outside = report(pg, 48.8566, 2.3522, null);
            assertEquals(Set.of(), names(pg, outside));
            Report byAddress = report(pg, null, null, "Behind the school, Testville, district 4-7");
            assertEquals(Set.of(TestCity.CITY, TestCity.district(4, 7)), names(pg, byAddress));

            List<String> inCity = pg.inTransaction(em -> new ReportService(em, TestCategories.catalog(), clock)
                    .list(new ReportFilter(null, null, null, 10).withArea(ids.get(TestCity.CITY))).items().stream()
                    .map(Report::getId).collect(Collectors.toList()));
            assertEquals(List.of(byAddress.getId(), onIsland.getId(), holeEdge.getId(), hole.getId(), corner.getId(),
                    border.getId(), inside.getId()), inCity);

            // A redrawn district routes by its new polygon at once; a retired one routes nothing.
            String moved = ids.get(TestCity.district(1, 2));
            JsonObject north = TestCity.polygon(TestCity.rectangle(4.81, 46.0, 4.82, 46.01));
            pg.inTransaction(em -> new Areas(em, clock).change(moved, null, null, north, Locale.ENGLISH, ADMIN));
            assertEquals(Set.of(TestCity.CITY), names(pg, report(pg, TestCity.lat(1) + 0.001, TestCity.lon(2) + 0.001,
                    null)));
            assertEquals(Set.of(TestCity.district(1, 2)), names(pg, report(pg, 46.005, 4.815, null)));
            pg.inTransaction(em -> new Areas(em, clock).retire(ids.get(TestCity.district(2, 3)), ADMIN));
            assertEquals(Set.of(TestCity.CITY, TestCity.district(2, 4)), names(pg, report(pg, TestCity.lat(2) + 0.005,
                    TestCity.lon(4), null)));
            assertEquals(Set.of(TestCity.CITY, TestCity.district(2, 3), TestCity.district(2, 4)), names(pg, border),
                    "routed reports keep their areas");
            Area largest = pg.inTransaction(em -> new Areas(em, clock).ofReport(border.getId()).get(0));
            assertEquals("Polygon", largest.getGeometry().getString("type"), "the geometry reads back from TEXT");
        } finally {
            pg.drop();
        }
    }

    /**
     * PostGIS and the in-memory index give the same areas for every point of a lattice over the
     * city that falls on its borders, corners, holes and islands, and on the slanted edges of a
     * triangle, in the same database.
     */
    @Test
    void postgisAndTheInMemoryIndexAgreeEverywhere() {
        TestPostgres pg = database(true);
        try {
            pg.inTransaction(em -> new Areas(em, clock).importAreas(TestCity.collection(), Locale.ENGLISH, ADMIN));
            pg.inTransaction(em -> new Areas(em, clock).importAreas(TestCity.single("Triangle", TestCity.polygon(
                    TestCity.ring(new double[][] {{4.8, 45.7}, {4.87, 45.74}, {4.83, 45.75}, {4.8, 45.7}}))),
                    Locale.ENGLISH, ADMIN));
            int[] checked = new int[2];
            pg.inTransaction(em -> {
                AreaIndex index = AreaIndex.current(em);
                assertTrue(index.usesPostgis());
                // Steps of a millidegree (n / 10,000: the same doubles as the grid's n / 100) hit
                // every edge, corner and hole edge of the grid exactly.
                for (int i = -2; i <= 52; i++) {
                    for (int j = -2; j <= 122; j++) {
                        double lat = (457000 + 10 * i) / 10000.0;
                        double lon = (48000 + 10 * j) / 10000.0;
                        check(em, index, lat, lon, checked);
                    }
                }
                // On the triangle's slanted edge from (4.8, 45.7) to (4.87, 45.74), as nearly as doubles allow.
                for (int k = 0; k <= 100; k++) {
                    double lon = 4.8 + 0.07 * k / 100;
                    check(em, index, 45.7 + 0.04 * k / 100, lon, checked);
                }
                return null;
            });
            assertTrue(checked[1] > 1000, "the lattice falls in areas: " + checked[1] + " of " + checked[0]);
        } finally {
            pg.drop();
        }
    }

    private static void check(jakarta.persistence.EntityManager em, AreaIndex index, double lat, double lon,
                              int[] checked) {
        Set<String> byPostgis = new HashSet<>(PostgisAreas.areasAt(em, lat, lon));
        assertEquals(new HashSet<>(index.areasInMemory(em, lat, lon)), byPostgis, "at " + lat + ", " + lon);
        checked[0]++;
        if (!byPostgis.isEmpty()) {
            checked[1]++;
        }
    }

    private Set<String> names(TestPostgres pg, Report report) {
        return pg.inTransaction(em -> new Areas(em, clock).ofReport(report.getId()).stream()
                .map(a -> a.name(Locale.ENGLISH, null)).collect(Collectors.toSet()));
    }

    private Report report(TestPostgres pg, Double lat, Double lon, String address) {
        clock.advance(Duration.ofSeconds(1));
        return pg.inTransaction(em -> new ReportService(em, TestCategories.catalog(), clock).create(
                new NewReport("Pothole", null, TestCategories.CODES.get(0), lat, lon, lat == null ? null : 5.0, address),
                Actor.citizen("citizen-1", "Rose")));
    }

}
