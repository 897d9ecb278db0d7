package org.fixmyquarter.core.area;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import org.fixmyquarter.core.internal.Outbox;

/**
 * Test data shaped like a real import: the city "Testville" (a rectangle, Europe/Paris) and 50
 * districts under it, a grid of 5 rows by 10 columns of 0.01-degree cells from 4.80 E, 45.70 N.
 * Districts whose row plus column is a multiple of 7 have a hole in their middle (a park that is
 * in the city but in no district); the districts of the last column are MultiPolygons with an
 * island in the city's eastern margin. Coordinates are computed as {@code n / 100.0}, so two
 * districts sharing an edge have exactly the same doubles on it. Public for the tests of bodies,
 * which route over the same city.
 */
public final class TestCity {

    static final int ROWS = 5;
    static final int COLUMNS = 10;
    /** The city's English name. */
    public static final String CITY = "Testville";

    private TestCity() {
    }

    public static double lon(int column) {
        return (480 + column) / 100.0;
    }

    public static double lat(int row) {
        return (4570 + row) / 100.0;
    }

    public static String district(int row, int column) {
        return "District " + row + "-" + column;
    }

    static boolean hasHole(int row, int column) {
        return (row + column) % 7 == 0;
    }

    /** The island of a district of the last column: a small square east of the grid. */
    static double[] island(int row) {
        double west = lon(COLUMNS) + 0.003;
        double south = lat(row) + 0.003;
        return new double[] {west, south, west + 0.004, south + 0.004};
    }

    public static JsonObject collection() {
        JsonArrayBuilder features = Outbox.JSON.createArrayBuilder();
        // The city reaches 0.02 degrees east of the grid, where the islands are.
        features.add(feature(Outbox.JSON.createObjectBuilder().add("en", CITY).add("fr", "Villetest"), null,
                "Europe/Paris", polygon(rectangle(lon(0), lat(0), lon(COLUMNS) + 0.02, lat(ROWS)))));
        for (int row = 0; row < ROWS; row++) {
            for (int column = 0; column < COLUMNS; column++) {
                JsonArrayBuilder cell = rectangle(lon(column), lat(row), lon(column + 1), lat(row + 1));
                JsonArrayBuilder rings = Outbox.JSON.createArrayBuilder().add(cell);
                if (hasHole(row, column)) {
                    rings.add(rectangle(lon(column) + 0.003, lat(row) + 0.003, lon(column) + 0.007, lat(row) + 0.007));
                }
                JsonObject geometry;
                if (column == COLUMNS - 1) {
                    double[] i = island(row);
                    geometry = Outbox.JSON.createObjectBuilder().add("type", "MultiPolygon")
                            .add("coordinates", Outbox.JSON.createArrayBuilder().add(rings)
                                    .add(Outbox.JSON.createArrayBuilder().add(rectangle(i[0], i[1], i[2], i[3]))))
                            .build();
                } else {
                    geometry = Outbox.JSON.createObjectBuilder().add("type", "Polygon").add("coordinates", rings).build();
                }
                features.add(feature(null, district(row, column), null, geometry));
            }
        }
        return Outbox.JSON.createObjectBuilder().add("type", "FeatureCollection").add("features", features).build();
    }

    static JsonObject feature(JsonObjectBuilder names, String name, String timeZone, JsonObject geometry) {
        JsonObjectBuilder properties = Outbox.JSON.createObjectBuilder();
        if (names != null) {
            properties.add("name", names);
        } else {
            properties.add("name", name).add("parent", CITY);
        }
        if (timeZone != null) {
            properties.add("timeZone", timeZone);
        }
        return Outbox.JSON.createObjectBuilder().add("type", "Feature").add("properties", properties)
                .add("geometry", geometry).build();
    }

    static JsonObject polygon(JsonArrayBuilder ring) {
        return Outbox.JSON.createObjectBuilder().add("type", "Polygon")
                .add("coordinates", Outbox.JSON.createArrayBuilder().add(ring)).build();
    }

    /** A closed ring, counter-clockwise as RFC 7946 recommends. */
    static JsonArrayBuilder rectangle(double west, double south, double east, double north) {
        return ring(new double[][] {{west, south}, {east, south}, {east, north}, {west, north}, {west, south}});
    }

    static JsonArrayBuilder ring(double[][] positions) {
        JsonArrayBuilder ring = Outbox.JSON.createArrayBuilder();
        for (double[] p : positions) {
            ring.add(Outbox.JSON.createArrayBuilder().add(p[0]).add(p[1]));
        }
        return ring;
    }

    /** A collection of one feature, for the refusals. */
    static JsonObject single(String name, JsonObject geometry) {
        return Outbox.JSON.createObjectBuilder().add("type", "FeatureCollection")
                .add("features", Outbox.JSON.createArrayBuilder().add(feature(
                        Outbox.JSON.createObjectBuilder().add("en", name), null, "Europe/Paris", geometry)))
                .build();
    }
}
