package org.fixmyquarter.core.area;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonValue;

import org.fixmyquarter.core.internal.Outbox;
import org.junit.jupiter.api.Test;

/**
 * The lines and zones of reports: what is accepted, what is refused with which reason, their
 * representative point and their distances.
 */
class ReportGeometryTest {

    private static JsonValue json(String text) {
        return Outbox.JSON.createReader(new StringReader(text)).readValue();
    }

    private static String refused(String geoJson) {
        return assertThrows(AreaGeometry.InvalidGeometryException.class, () -> ReportGeometry.parse(json(geoJson)))
                .reason();
    }

    @Test
    void aStretchOfStreetIsAcceptedWithItsPointHalfwayAlong() {
        ReportGeometry line = ReportGeometry.parse(json(
                "{\"type\":\"LineString\",\"coordinates\":[[4.80,45.70],[4.81,45.70],[4.81,45.704]]}"));
        assertEquals("LineString", line.type());
        assertEquals(3, line.vertices());
        // 0.01 degrees east then 0.004 north: halfway along is on the first leg, 0.007 east.
        assertEquals(4.807, line.longitude(), 1e-9);
        assertEquals(45.70, line.latitude(), 1e-9);
        assertEquals(45.704, line.maxLat(), 1e-12);
        assertEquals(4.80, line.minLon(), 1e-12);
        assertEquals("{\"type\":\"LineString\",\"coordinates\":[[4.8,45.7],[4.81,45.7],[4.81,45.704]]}",
                line.geoJson());
        assertEquals(line.geoJson(), ReportGeometry.read(line.geoJson()).geoJson());
    }

    @Test
    void aZoneWithAHoleHasItsPointInsideAndNotInTheHole() {
        ReportGeometry zone = ReportGeometry.parse(json("{\"type\":\"Polygon\",\"coordinates\":["
                + "[[4.800,45.700],[4.806,45.700],[4.806,45.704],[4.800,45.704],[4.800,45.700]],"
                + "[[4.802,45.701],[4.804,45.701],[4.804,45.703],[4.802,45.703],[4.802,45.701]]]}"));
        assertEquals("Polygon", zone.type());
        assertEquals(10, zone.vertices());
        assertEquals(0, zone.metresFrom(zone.latitude(), zone.longitude()), 1e-9);
        boolean inHole = zone.latitude() > 45.701 && zone.latitude() < 45.703 && zone.longitude() > 4.802
                && zone.longitude() < 4.804;
        assertTrue(!inHole, "the point must not be in the hole: " + zone.latitude() + ", " + zone.longitude());
        // The middle of the hole is 0.001 degrees of longitude from its edge: about 78 m at 45.7 degrees.
        assertEquals(77.8, zone.metresFrom(45.702, 4.803), 1.0);
    }

    @Test
    void distanceIsToTheNearestPointOfTheShapeNotToItsPoint() {
        ReportGeometry line = ReportGeometry.parse(json(
                "{\"type\":\"LineString\",\"coordinates\":[[4.80,45.70],[4.82,45.70]]}"));
        // 0.001 degrees north of the line's west end: 111 m away, though its middle is 1.5 km off.
        assertEquals(111.2, line.metresFrom(45.701, 4.80), 0.5);
        assertTrue(line.intersectsBox(45.69, 4.79, 45.71, 4.801));
        assertTrue(!line.intersectsBox(45.701, 4.79, 45.71, 4.85));
    }

    @Test
    void aSelfIntersectingZoneIsRefused() {
        assertEquals("self-intersection", refused("{\"type\":\"Polygon\",\"coordinates\":"
                + "[[[4.80,45.70],[4.81,45.71],[4.81,45.70],[4.80,45.71],[4.80,45.70]]]}"));
    }

    @Test
    void anUnclosedRingIsRefused() {
        assertEquals("unclosed-ring", refused("{\"type\":\"Polygon\",\"coordinates\":"
                + "[[[4.80,45.70],[4.801,45.70],[4.801,45.701],[4.80,45.701]]]}"));
    }

    @Test
    void tooManyVerticesAreRefusedWithoutReadingThem() {
        assertEquals("too-many-vertices", refused(line(ReportGeometry.MAX_VERTICES + 1, 1e-6)));
        assertEquals(ReportGeometry.MAX_VERTICES, ReportGeometry.parse(json(line(ReportGeometry.MAX_VERTICES, 1e-6)))
                .vertices());
        assertEquals("too-many-vertices", refused(line(100_000, 1e-7)));
    }

    private static String line(int positions, double step) {
        JsonArrayBuilder coordinates = Outbox.JSON.createArrayBuilder();
        for (int i = 0; i < positions; i++) {
            coordinates.add(Outbox.JSON.createArrayBuilder().add(4.8 + i * step).add(45.7));
        }
        return Outbox.JSON.createObjectBuilder().add("type", "LineString").add("coordinates", coordinates).build()
                .toString();
    }

    @Test
    void tooLongALineOrTooLargeAZoneIsRefused() {
        // 0.07 degrees of longitude at 45.7 degrees: about 5.4 km.
        assertEquals("too-long", refused("{\"type\":\"LineString\",\"coordinates\":[[4.80,45.70],[4.87,45.70]]}"));
        // 0.06 is about 4.7 km: accepted.
        ReportGeometry.parse(json("{\"type\":\"LineString\",\"coordinates\":[[4.80,45.70],[4.86,45.70]]}"));
        // Across the antimeridian: refused as far too long, not read as a short line.
        assertEquals("too-long", refused("{\"type\":\"LineString\",\"coordinates\":[[179.9,10],[-179.9,10]]}"));
        // 0.02 x 0.01 degrees: about 1.56 km x 1.11 km, 1.7 km².
        assertEquals("too-large", refused("{\"type\":\"Polygon\",\"coordinates\":"
                + "[[[4.80,45.70],[4.82,45.70],[4.82,45.71],[4.80,45.71],[4.80,45.70]]]}"));
        // A sliver of 1 m by 10 km: small but far too long around.
        assertEquals("too-long", refused("{\"type\":\"Polygon\",\"coordinates\":"
                + "[[[4.80,45.70],[4.93,45.70],[4.93,45.70001],[4.80,45.70001],[4.80,45.70]]]}"));
    }

    @Test
    void otherShapesAndMalformedOnesAreRefused() {
        assertEquals("not-line-or-polygon", refused("{\"type\":\"Point\",\"coordinates\":[4.8,45.7]}"));
        assertEquals("not-line-or-polygon", refused("{\"type\":\"MultiPolygon\",\"coordinates\":[]}"));
        assertEquals("not-line-or-polygon", refused("\"LineString\""));
        assertEquals("too-few-positions", refused("{\"type\":\"LineString\",\"coordinates\":[[4.8,45.7]]}"));
        assertEquals("malformed", refused("{\"type\":\"LineString\",\"coordinates\":[[4.8,45.7],\"x\"]}"));
        assertEquals("malformed", refused("{\"type\":\"LineString\"}"));
        assertEquals("out-of-range", refused("{\"type\":\"LineString\",\"coordinates\":[[4.8,95],[4.8,45.7]]}"));
        // Two positions at the same place: a line of no length, which JTS finds invalid.
        assertTrue(refused("{\"type\":\"LineString\",\"coordinates\":[[4.8,45.7],[4.8,45.7]]}")
                .startsWith("invalid-"));
    }
}
