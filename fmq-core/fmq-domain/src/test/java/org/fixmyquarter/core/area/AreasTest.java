package org.fixmyquarter.core.area;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;

import org.fixmyquarter.core.Actor;
import org.fixmyquarter.core.MutableClock;
import org.fixmyquarter.core.TestCategories;
import org.fixmyquarter.core.TestDatabase;
import org.fixmyquarter.core.account.Role;
import org.fixmyquarter.core.error.ConflictException;
import org.fixmyquarter.core.error.FieldError;
import org.fixmyquarter.core.error.ForbiddenException;
import org.fixmyquarter.core.error.ValidationException;
import org.fixmyquarter.core.internal.Outbox;
import org.fixmyquarter.core.report.NewReport;
import org.fixmyquarter.core.report.Report;
import org.fixmyquarter.core.report.ReportFilter;
import org.fixmyquarter.core.report.ReportService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Areas on H2 with a city shaped like a real import ({@link TestCity}: 50 districts, holes,
 * MultiPolygons): importing, routing new reports by their position (the border rule: a report on
 * a shared border belongs to both districts), the area= search, changing and retiring areas
 * without losing the reports routed to them, and the geometries that are refused with a reason.
 */
class AreasTest {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final Actor ADMIN = Actor.of("admin-1", "Ada", Role.ADMINISTRATOR);
    private static final Actor CITIZEN = Actor.citizen("citizen-1", "Rose");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T08:00:00Z"));

    @BeforeEach
    void empty() {
        DB.deleteAllRows();
    }

    private List<Area> importCity() {
        return DB.inTransaction(em -> new Areas(em, clock).importAreas(TestCity.collection(), Locale.ENGLISH, ADMIN));
    }

    private Map<String, String> idsByName() {
        return DB.inTransaction(em -> new Areas(em, clock).list().stream()
                .collect(Collectors.toMap(a -> a.name(Locale.ENGLISH, null), Area::getId)));
    }

    private Report report(Double lat, Double lon) {
        clock.advance(Duration.ofSeconds(1));
        return DB.inTransaction(em -> new ReportService(em, TestCategories.catalog(), clock).create(
                new NewReport("Pothole", null, TestCategories.CODES.get(0), lat, lon, lat == null ? null : 5.0,
                        lat == null ? "Somewhere in Testville" : null), CITIZEN));
    }

    private Set<String> areaNamesOf(String reportId) {
        return DB.inTransaction(em -> new Areas(em, clock).ofReport(reportId).stream()
                .map(a -> a.name(Locale.ENGLISH, null)).collect(Collectors.toSet()));
    }

    private List<String> search(String areaId) {
        return DB.inTransaction(em -> new ReportService(em, TestCategories.catalog(), clock)
                .list(new ReportFilter(null, null, null, 100).withArea(areaId)).items().stream()
                .map(Report::getId).collect(Collectors.toList()));
    }

    @Test
    void importsACityOfFiftyDistrictsNestedUnderIt() {
        List<Area> imported = importCity();
        assertEquals(51, imported.size());
        Area city = imported.get(0);
        assertEquals("Villetest", city.name(Locale.FRENCH, Locale.ENGLISH));
        assertEquals(TestCity.CITY, city.name(Locale.forLanguageTag("de"), Locale.ENGLISH));
        List<Area> listed = DB.inTransaction(em -> new Areas(em, clock).list());
        assertEquals(51, listed.size());
        assertEquals(city.getId(), listed.get(0).getId(), "the parent comes before its children");
        for (Area district : listed.subList(1, listed.size())) {
            assertEquals(city.getId(), district.getParentId());
            assertEquals("Europe/Paris", district.getTimeZone(), "a district takes its city's time zone");
        }
        Area multi = DB.inTransaction(em -> new Areas(em, clock).get(idsByName().get(TestCity.district(2, 9))));
        assertEquals("MultiPolygon", multi.getGeometry().getString("type"));
        assertEquals(10, multi.getVertices());
        assertEquals(51L, ((Number) DB.queryValue("SELECT COUNT(*) FROM fmq_audit_entry WHERE action = 'area.imported'"))
                .longValue());
    }

    @Test
    void routesAReportToItsDistrictAndCity() {
        importCity();
        Report inside = report(TestCity.lat(1) + 0.001, TestCity.lon(2) + 0.001);
        assertEquals(Set.of(TestCity.CITY, TestCity.district(1, 2)), areaNamesOf(inside.getId()));
    }

    @Test
    void aReportOnASharedBorderBelongsToBothDistricts() {
        importCity();
        // On the edge between columns 3 and 4 of row 2, and on the corner of four districts.
        Report edge = report(TestCity.lat(2) + 0.005, TestCity.lon(4));
        assertEquals(Set.of(TestCity.CITY, TestCity.district(2, 3), TestCity.district(2, 4)), areaNamesOf(edge.getId()));
        Report corner = report(TestCity.lat(3), TestCity.lon(5));
        assertEquals(Set.of(TestCity.CITY, TestCity.district(2, 4), TestCity.district(2, 5), TestCity.district(3, 4),
                TestCity.district(3, 5)), areaNamesOf(corner.getId()));
    }

    @Test
    void holesIslandsAndTheOutside() {
        importCity();
        assertTrue(TestCity.hasHole(0, 0));
        Report inHole = report(TestCity.lat(0) + 0.005, TestCity.lon(0) + 0.005);
        assertEquals(Set.of(TestCity.CITY), areaNamesOf(inHole.getId()), "a hole is in the city, not in its district");
        double[] island = TestCity.island(3);
        Report onIsland = report(island[1] + 0.001, island[0] + 0.001);
        assertEquals(Set.of(TestCity.CITY, TestCity.district(3, 9)), areaNamesOf(onIsland.getId()));
        Report outside = report(48.8566, 2.3522);
        assertEquals(Set.of(), areaNamesOf(outside.getId()));
        Report withoutPosition = report(null, null);
        assertEquals(Set.of(TestCity.CITY), areaNamesOf(withoutPosition.getId()),
                "without a position, the area its address names (\"Somewhere in Testville\")");
    }

    @Test
    void searchFindsTheReportsRoutedToAnArea() {
        importCity();
        Map<String, String> ids = idsByName();
        Report a = report(TestCity.lat(0) + 0.001, TestCity.lon(1) + 0.001);
        Report b = report(TestCity.lat(4) + 0.001, TestCity.lon(8) + 0.001);
        report(48.8566, 2.3522);
        assertEquals(List.of(a.getId()), search(ids.get(TestCity.district(0, 1))));
        assertEquals(List.of(b.getId(), a.getId()), search(ids.get(TestCity.CITY)));
        ValidationException unknown = assertThrows(ValidationException.class, () -> search("no-such-area"));
        assertEquals("area", unknown.errors().get(0).field());
    }

    @Test
    void aChangedGeometryRoutesNewReportsAndKeepsTheOldOnes() {
        importCity();
        String district = idsByName().get(TestCity.district(0, 1));
        double lat = TestCity.lat(0) + 0.001;
        double lon = TestCity.lon(1) + 0.001;
        Report before = report(lat, lon);
        int version = DB.inTransaction(em -> new Areas(em, clock).get(district).getVersion());
        // The district moves north, out of the grid: the cached polygon of the old version must not be used.
        JsonObject moved = TestCity.polygon(TestCity.rectangle(4.81, 46.0, 4.82, 46.01));
        Area changed = DB.inTransaction(em -> new Areas(em, clock).change(district,
                Outbox.JSON.createObjectBuilder().add("en", "Moved").add("fr", "Déplacé").build(), null, moved,
                Locale.ENGLISH, ADMIN));
        assertNotEquals(version, changed.getVersion());
        assertEquals(46.0, changed.getMinLat());
        Report after = report(lat, lon);
        assertEquals(Set.of(TestCity.CITY), areaNamesOf(after.getId()));
        assertEquals(Set.of(TestCity.CITY, "Moved"), areaNamesOf(before.getId()), "routed reports keep their areas");
        assertEquals(List.of(before.getId()), search(district));
        assertEquals(1L, ((Number) DB.queryValue("SELECT COUNT(*) FROM fmq_audit_entry WHERE action = 'area.changed'"))
                .longValue());
    }

    @Test
    void aRetiredAreaKeepsItsReportsAndRoutesNoNewOne() {
        importCity();
        Map<String, String> ids = idsByName();
        String district = ids.get(TestCity.district(1, 1));
        double lat = TestCity.lat(1) + 0.001;
        double lon = TestCity.lon(1) + 0.001;
        Report before = report(lat, lon);
        ConflictException parent = assertThrows(ConflictException.class,
                () -> DB.run(em -> new Areas(em, clock).retire(ids.get(TestCity.CITY), ADMIN)));
        assertEquals("area-has-children", parent.reason());
        Area retired = DB.inTransaction(em -> new Areas(em, clock).retire(district, ADMIN));
        assertTrue(retired.isRetired());
        Report after = report(lat, lon);
        assertEquals(Set.of(TestCity.CITY), areaNamesOf(after.getId()));
        assertEquals(Set.of(TestCity.CITY, TestCity.district(1, 1)), areaNamesOf(before.getId()));
        assertEquals(List.of(before.getId()), search(district), "a retired area's reports are still found");
        assertEquals(50, DB.inTransaction(em -> new Areas(em, clock).list()).size());
        assertThrows(ConflictException.class, () -> DB.run(em -> new Areas(em, clock).change(district, null,
                Outbox.JSON.createValue("Europe/Berlin"), null, Locale.ENGLISH, ADMIN)));
    }

    @Test
    void aChangeMadeByAnotherServerRoutesTheNextReport() {
        importCity();
        String district = idsByName().get(TestCity.district(1, 2));
        double lat = TestCity.lat(1) + 0.001;
        double lon = TestCity.lon(2) + 0.001;
        assertEquals(Set.of(TestCity.CITY, TestCity.district(1, 2)), areaNamesOf(report(lat, lon).getId()));
        // Another server retires the district: its row and the generation token change, nothing else.
        DB.run(em -> {
            em.createNativeQuery("UPDATE fmq_area SET retired_at = CURRENT_TIMESTAMP, version = version + 1"
                    + " WHERE id = ?1").setParameter(1, district).executeUpdate();
            em.createNativeQuery("UPDATE fmq_area_generation SET token = 'another-server' WHERE id = 1")
                    .executeUpdate();
        });
        assertEquals(Set.of(TestCity.CITY), areaNamesOf(report(lat, lon).getId()),
                "this server read the areas again at its next report");
    }

    @Test
    void aBowTieIsRefusedAsSelfIntersecting() {
        JsonObject bowTie = TestCity.polygon(TestCity.ring(new double[][] {{4.80, 45.70}, {4.81, 45.71}, {4.81, 45.70},
                {4.80, 45.71}, {4.80, 45.70}}));
        FieldError error = refused(TestCity.single("Bow tie", bowTie));
        assertEquals("features[0].geometry", error.field());
        assertTrue(error.message().startsWith("feature 0 (Bow tie): is not a valid polygon: self-intersection"),
                error.message());
        assertTrue(error.message().endsWith("(self-intersection)"), error.message());
    }

    @Test
    void anUnclosedRingIsRefused() {
        JsonObject open = TestCity.polygon(TestCity.ring(new double[][] {{4.80, 45.70}, {4.81, 45.70}, {4.81, 45.71},
                {4.80, 45.71}}));
        FieldError error = refused(TestCity.single("Open", open));
        assertEquals("features[0].geometry", error.field());
        assertTrue(error.message().contains("not closed") && error.message().endsWith("(unclosed-ring)"),
                error.message());
    }

    @Test
    void tooManyVerticesAreRefused() {
        // A circle of 100,000 positions: valid, but beyond the limit.
        int n = 100_000;
        double[][] circle = new double[n + 1][];
        for (int i = 0; i < n; i++) {
            double a = 2 * Math.PI * i / n;
            circle[i] = new double[] {4.8 + 0.01 * Math.cos(a), 45.7 + 0.01 * Math.sin(a)};
        }
        circle[n] = circle[0];
        FieldError error = refused(TestCity.single("Coastline", TestCity.polygon(TestCity.ring(circle))));
        assertTrue(error.message().contains("more than " + AreaGeometry.MAX_VERTICES + " positions")
                && error.message().endsWith("(too-many-vertices)"), error.message());
    }

    @Test
    void aRingAcrossTheAntimeridianIsRefused() {
        // Fiji drawn from 179 E to 179 W: as planar degrees it would cover the whole other side of the earth.
        JsonObject across = TestCity.polygon(TestCity.rectangle(-179.5, -17.0, 179.5, -16.0));
        FieldError error = refused(TestCity.single("Fiji", across));
        assertTrue(error.message().endsWith("(crosses-antimeridian)"), error.message());
    }

    @Test
    void everyBadFeatureIsNamedAndNothingIsStored() {
        JsonArrayBuilder features = Outbox.JSON.createArrayBuilder()
                .add(TestCity.feature(Outbox.JSON.createObjectBuilder().add("en", "Good"), null, "Europe/Paris",
                        TestCity.polygon(TestCity.rectangle(4.8, 45.7, 4.81, 45.71))))
                .add(TestCity.feature(null, "Orphan", null, TestCity.polygon(TestCity.rectangle(4.8, 45.7, 4.81, 45.71))))
                .add(TestCity.feature(Outbox.JSON.createObjectBuilder().add("en", "Line"), null, "Mars/Olympus",
                        Outbox.JSON.createObjectBuilder().add("type", "LineString").add("coordinates",
                                TestCity.ring(new double[][] {{4.8, 45.7}, {4.81, 45.71}})).build()));
        ValidationException e = assertThrows(ValidationException.class, () -> DB.run(em -> new Areas(em, clock)
                .importAreas(Outbox.JSON.createObjectBuilder().add("type", "FeatureCollection").add("features", features)
                        .build(), Locale.ENGLISH, ADMIN)));
        Set<String> fields = new HashSet<>();
        e.errors().forEach(f -> fields.add(f.field()));
        assertEquals(Set.of("features[1].properties.parent", "features[2].properties.timeZone", "features[2].geometry"),
                fields, e.errors().toString());
        assertEquals(0L, ((Number) DB.queryValue("SELECT COUNT(*) FROM fmq_area")).longValue());
    }

    @Test
    void onlyAdministratorsManageAreas() {
        assertThrows(ForbiddenException.class, () -> DB.run(em -> new Areas(em, clock)
                .importAreas(TestCity.collection(), Locale.ENGLISH, CITIZEN)));
        assertThrows(ForbiddenException.class, () -> DB.run(em -> new Areas(em, clock)
                .importAreas(TestCity.collection(), Locale.ENGLISH, Actor.of("op", "Op", Role.OPERATOR))));
    }

    private FieldError refused(JsonObject collection) {
        ValidationException e = assertThrows(ValidationException.class,
                () -> DB.run(em -> new Areas(em, clock).importAreas(collection, Locale.ENGLISH, ADMIN)));
        assertEquals(1, e.errors().size(), e.errors().toString());
        assertEquals(0L, ((Number) DB.queryValue("SELECT COUNT(*) FROM fmq_area")).longValue());
        return e.errors().get(0);
    }
}
