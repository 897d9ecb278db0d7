package org.fixmyquarter.core.area;

import java.util.ArrayList;
import java.util.List;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;

import org.locationtech.jts.algorithm.RayCrossingCounter;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.impl.PackedCoordinateSequence;

/**
 * A stored area's polygon as routing keeps it in memory: each ring's positions packed in one
 * array of doubles (16 bytes a position), and JTS's {@link RayCrossingCounter} to locate a point,
 * ring by ring, with the same robust arithmetic as JTS's {@code covers}. A JTS
 * {@code PreparedGeometry} answers faster on a polygon of thousands of positions, but costs about
 * 140 bytes a position once its index is built: for the 10,000 areas of the benchmark, hundreds of
 * megabytes instead of about fifty (docs/performance.md, "Area routing").
 *
 * <p>Read from GeoJSON that {@link AreaGeometry} checked when it was imported, so it is not
 * checked again.
 */
final class AreaShape {

    /** One polygon: its shell, then its holes, each with its box. */
    private record Part(CoordinateSequence[] rings, Envelope[] boxes) {
    }

    private final Part[] parts;
    private final int vertices;

    private AreaShape(Part[] parts, int vertices) {
        this.parts = parts;
        this.vertices = vertices;
    }

    /**
     * @param geoJson a stored area's Polygon or MultiPolygon
     * @return its shape
     */
    static AreaShape of(JsonObject geoJson) {
        JsonArray coordinates = geoJson.getJsonArray("coordinates");
        List<Part> parts = new ArrayList<>();
        int[] count = {0};
        if ("MultiPolygon".equals(geoJson.getString("type"))) {
            for (int i = 0; i < coordinates.size(); i++) {
                parts.add(part(coordinates.getJsonArray(i), count));
            }
        } else {
            parts.add(part(coordinates, count));
        }
        return new AreaShape(parts.toArray(new Part[0]), count[0]);
    }

    private static Part part(JsonArray rings, int[] count) {
        CoordinateSequence[] sequences = new CoordinateSequence[rings.size()];
        Envelope[] boxes = new Envelope[rings.size()];
        for (int r = 0; r < sequences.length; r++) {
            JsonArray positions = rings.getJsonArray(r);
            double[] packed = new double[positions.size() * 2];
            Envelope box = new Envelope();
            for (int i = 0; i < positions.size(); i++) {
                JsonArray position = positions.getJsonArray(i);
                packed[2 * i] = ((JsonNumber) position.get(0)).doubleValue();
                packed[2 * i + 1] = ((JsonNumber) position.get(1)).doubleValue();
                box.expandToInclude(packed[2 * i], packed[2 * i + 1]);
            }
            count[0] += positions.size();
            sequences[r] = new PackedCoordinateSequence.Double(packed, 2, 0);
            boxes[r] = box;
        }
        return new Part(sequences, boxes);
    }

    /**
     * Whether the point is in the area or on its boundary (JTS's {@code covers}): inside a
     * polygon's shell or on it, and not strictly inside one of its holes.
     *
     * @param point a position, longitude as x
     * @return whether the area covers it
     */
    boolean covers(Coordinate point) {
        for (Part part : parts) {
            if (!part.boxes()[0].covers(point)) {
                continue;
            }
            int shell = RayCrossingCounter.locatePointInRing(point, part.rings()[0]);
            if (shell == Location.BOUNDARY) {
                return true;
            }
            if (shell == Location.INTERIOR && !inAHole(part, point)) {
                return true;
            }
        }
        return false;
    }

    /** Strictly inside a hole; on a hole's edge is on the polygon's boundary, so covered. */
    private static boolean inAHole(Part part, Coordinate point) {
        for (int h = 1; h < part.rings().length; h++) {
            if (part.boxes()[h].covers(point)
                    && RayCrossingCounter.locatePointInRing(point, part.rings()[h]) == Location.INTERIOR) {
                return true;
            }
        }
        return false;
    }

    /** @return how many positions its rings hold */
    int vertices() {
        return vertices;
    }
}
