package org.fixmyquarter.core.area;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.fixmyquarter.core.TestDatabase;
import org.fixmyquarter.core.account.Role;
import org.fixmyquarter.core.error.ValidationException;
import org.fixmyquarter.core.internal.Outbox;
import org.fixmyquarter.core.report.NewReport;
import org.fixmyquarter.core.report.Report;
import org.fixmyquarter.core.report.ReportFilter;
import org.fixmyquarter.core.report.ReportPage;
import org.fixmyquarter.core.report.ReportService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Reports along a street or over a zone on H2, in {@link TestCity}: routed to every district they
 * touch, and found by a rectangle or circle that reaches the shape but not its representative point.
 */
class ShapeReportsTest {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final Actor ADMIN = Actor.of("admin-1", "Ada", Role.ADMINISTRATOR);
    private static final Actor CITIZEN = Actor.citizen("citizen-1", "Rose");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T08:00:00Z"));

    @BeforeEach
    void empty() {
        DB.deleteAllRows();
        DB.inTransaction(em -> new Areas(em, clock).importAreas(TestCity.collection(), Locale.ENGLISH, ADMIN));
    }

    private Report report(String geometry, Double lat, Double lon) {
        clock.advance(Duration.ofSeconds(1));
        return DB.inTransaction(em -> new ReportService(em, TestCategories.catalog(), clock).create(
                new NewReport("Broken kerb", null, TestCategories.CODES.get(0), lat, lon, null, null,
                        geometry == null ? null : Outbox.JSON.createReader(new StringReader(geometry)).readValue()),
                CITIZEN));
    }

    private static String line(double lon1, double lat1, double lon2, double lat2) {
        return "{\"type\":\"LineString\",\"coordinates\":[[" + lon1 + "," + lat1 + "],[" + lon2 + "," + lat2 + "]]}";
    }

    private static String square(double west, double south, double side) {
        return "{\"type\":\"Polygon\",\"coordinates\":[[[" + west + "," + south + "],[" + (west + side) + "," + south
                + "],[" + (west + side) + "," + (south + side) + "],[" + west + "," + (south + side) + "],[" + west
                + "," + south + "]]]}";
    }

    private Set<String> areaNamesOf(String reportId) {
        return DB.inTransaction(em -> new Areas(em, clock).ofReport(reportId).stream()
                .map(a -> a.name(Locale.ENGLISH, null)).collect(Collectors.toSet()));
    }

    private ReportPage list(ReportFilter filter) {
        return DB.inTransaction(em -> new ReportService(em, TestCategories.catalog(), clock).list(filter));
    }

    private static List<String> ids(ReportPage page) {
        return page.items().stream().map(Report::getId).collect(Collectors.toList());
    }

    @Test
    void aLineCrossingTwoDistrictsIsInBothAndKeepsAPointOnIt() {
        double lat = TestCity.lat(1) + 0.005;
        Report report = report(line(TestCity.lon(2) + 0.004, lat, TestCity.lon(3) + 0.004, lat), null, null);
        assertEquals(Set.of(TestCity.CITY, TestCity.district(1, 2), TestCity.district(1, 3)),
                areaNamesOf(report.getId()));
        assertEquals(lat, report.getLatitude(), 1e-9);
        assertEquals(TestCity.lon(3) - 0.001, report.getLongitude(), 1e-9);
        assertTrue(report.getGeometry().startsWith("{\"type\":\"LineString\""), report.getGeometry());
    }

    @Test
    void aRectangleHoldingOnlyPartOfALineFindsIt() {
        double lat = TestCity.lat(1) + 0.005;
        Report street = report(line(TestCity.lon(2), lat, TestCity.lon(2) + 0.03, lat), null, null);
        Report elsewhere = report(null, lat + 0.002, TestCity.lon(2) + 0.015);
        // Around the line's west end only: its representative point, 0.015 further east, is outside.
        ReportFilter westEnd = new ReportFilter(null, null, null, 20).withBox(
                new ReportFilter.Box(TestCity.lon(2) - 0.001, lat - 0.001, TestCity.lon(2) + 0.002, lat + 0.001));
        assertEquals(List.of(street.getId()), ids(list(westEnd)));
        ReportFilter north = new ReportFilter(null, null, null, 20).withBox(
                new ReportFilter.Box(TestCity.lon(2), lat + 0.001, TestCity.lon(2) + 0.03, lat + 0.003));
        assertEquals(List.of(elsewhere.getId()), ids(list(north)));
    }

    @Test
    void aCircleNearAZoneEdgeFindsItAndMeasuresToTheEdge() {
        double west = TestCity.lon(4);
        double south = TestCity.lat(2);
        // A zone of about 700 m x 990 m: its middle is some 400 m from a point 50 m west of it.
        Report zone = report(square(west, south, 0.009), null, null);
        Report point = report(null, south + 0.0045, west - 0.002);
        double lat = south + 0.0045;
        double lon = west - 0.00065;
        ReportFilter near = new ReportFilter(null, null, null, 20, ReportFilter.Sort.NEAREST)
                .withNear(new ReportFilter.Near(lat, lon, 100));
        ReportPage page = list(near);
        assertEquals(List.of(zone.getId()), ids(page));
        assertEquals(50.5, page.distanceMetres(zone).getAsDouble(), 1.0);
        // A wider circle finds both, the zone first, its edge being nearer than the point.
        ReportPage wider = list(new ReportFilter(null, null, null, 20, ReportFilter.Sort.NEAREST)
                .withNear(new ReportFilter.Near(lat, lon, 300)));
        assertEquals(List.of(zone.getId(), point.getId()), ids(wider));
        // One per page: the cursor carries the zone's distance, not its point's.
        ReportPage first = list(new ReportFilter(null, null, null, 1, ReportFilter.Sort.NEAREST)
                .withNear(new ReportFilter.Near(lat, lon, 300)));
        assertEquals(List.of(zone.getId()), ids(first));
        ReportPage second = list(new ReportFilter(null, null, first.nextCursor(), 1, ReportFilter.Sort.NEAREST)
                .withNear(new ReportFilter.Near(lat, lon, 300)));
        assertEquals(List.of(point.getId()), ids(second));
        assertNull(second.nextCursor());
        // Newest first, the same circle selects the same reports.
        assertEquals(Set.of(zone.getId()), Set.copyOf(ids(list(new ReportFilter(null, null, null, 20)
                .withNear(new ReportFilter.Near(lat, lon, 100))))));
    }

    @Test
    void aPointAndAShapeTogetherOrABadShapeAreRefusedWithTheReason() {
        ValidationException both = assertThrows(ValidationException.class,
                () -> report(line(4.8, 45.7, 4.81, 45.7), 45.7, 4.8));
        assertEquals("geometry", both.errors().get(0).field());
        ValidationException bowTie = assertThrows(ValidationException.class, () -> report(
                "{\"type\":\"Polygon\",\"coordinates\":[[[4.80,45.70],[4.801,45.701],[4.801,45.70],[4.80,45.701],"
                        + "[4.80,45.70]]]}", null, null));
        assertTrue(bowTie.errors().get(0).message().endsWith("(self-intersection)"), bowTie.errors().toString());
        assertEquals(0, list(new ReportFilter(null, null, null, 20)).items().size());
    }
}
