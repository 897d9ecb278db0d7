package org.fixmyquarter.core.area;

import java.io.StringReader;
import java.util.Locale;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import org.fixmyquarter.core.internal.GreatCircle;
import org.fixmyquarter.core.internal.Outbox;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.util.AffineTransformation;
import org.locationtech.jts.linearref.LengthIndexedLine;
import org.locationtech.jts.operation.distance.DistanceOp;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;

/**
 * The shape of a report that is not a point: a stretch of street (a GeoJSON {@code LineString}) or
 * a zone (a {@code Polygon}, holes allowed), WGS84, longitude first, read and checked with the
 * same rules and reason codes as an {@link AreaGeometry area's}, under tighter limits: at most
 * {@link #MAX_VERTICES} positions, a line at most {@link #MAX_LINE_METRES} long, a zone at most
 * {@link #MAX_ZONE_SQUARE_METRES} large and {@link #MAX_OUTLINE_METRES} around.
 *
 * <p>A report with a shape also has a position, its <b>representative point</b>, which formats
 * that only know points (Open311, a connector, the map's clusters) and body routing use: for a
 * line the point halfway along it, for a zone a point inside it (JTS's interior point, near its
 * middle and never in a hole). It lies on the shape, so every search that finds the point finds
 * the shape too.
 *
 * <p>Distances and sizes are measured in metres on a flat projection around the shape (or the
 * search's centre): within a fraction of a percent of the great circle at a city's scale.
 */
public final class ReportGeometry {

    /** Most positions of a line, or of a zone's rings together. */
    public static final int MAX_VERTICES = 500;
    /** Longest line, in metres: a stretch of street, not a route across town. */
    public static final double MAX_LINE_METRES = 5_000;
    /** Largest zone, in square metres (1 km²): a square, a park, a block, not a district. */
    public static final double MAX_ZONE_SQUARE_METRES = 1_000_000;
    /** Longest outline of a zone, in metres, so that a thin zone cannot stretch across a region. */
    public static final double MAX_OUTLINE_METRES = 20_000;

    private static final double METRES_PER_DEGREE = Math.toRadians(GreatCircle.EARTH_RADIUS_M);

    private final Geometry geometry;
    private final int vertices;

    private ReportGeometry(Geometry geometry, int vertices) {
        this.geometry = geometry;
        this.vertices = vertices;
    }

    /**
     * Reads and checks a GeoJSON geometry object.
     *
     * @param json a GeoJSON {@code LineString} or {@code Polygon}
     * @return the checked shape
     * @throws AreaGeometry.InvalidGeometryException naming the first reason it is refused, with a
     *         stable {@link AreaGeometry.InvalidGeometryException#reason() code}: those of an area
     *         ({@code malformed}, {@code out-of-range}, {@code too-few-positions},
     *         {@code unclosed-ring}, {@code too-many-vertices}, {@code self-intersection},
     *         {@code invalid-...}), {@code not-line-or-polygon}, {@code too-long} and
     *         {@code too-large}
     */
    public static ReportGeometry parse(JsonValue json) {
        if (json == null || json.getValueType() != JsonValue.ValueType.OBJECT) {
            throw invalid("not-line-or-polygon", "must be a GeoJSON LineString or Polygon object");
        }
        JsonObject object = json.asJsonObject();
        JsonValue type = object.get("type");
        String typeName = type instanceof JsonString ? ((JsonString) type).getString() : null;
        if (!"LineString".equals(typeName) && !"Polygon".equals(typeName)) {
            throw invalid("not-line-or-polygon", "must be a GeoJSON LineString (a stretch of street) or Polygon "
                    + "(a zone), not " + (typeName == null ? "a geometry without a type" : typeName));
        }
        JsonArray coordinates = AreaGeometry.array(object.get("coordinates"), "coordinates");
        Geometry geometry;
        int vertices;
        if ("LineString".equals(typeName)) {
            vertices = countChecked(coordinates.size());
            if (vertices < 2) {
                throw invalid("too-few-positions", "a line needs at least 2 positions (got " + vertices + ")");
            }
            geometry = AreaGeometry.FACTORY.createLineString(positions(coordinates, "coordinates"));
        } else {
            if (coordinates.isEmpty()) {
                throw invalid("too-few-positions", "coordinates: a polygon needs an outer ring");
            }
            int total = 0;
            LinearRing[] rings = new LinearRing[coordinates.size()];
            for (int i = 0; i < rings.length; i++) {
                String path = "coordinates[" + i + "]";
                JsonArray ring = AreaGeometry.array(coordinates.get(i), path);
                // Counted before reading: a huge ring is refused without building it.
                total = countChecked(total + ring.size());
                if (ring.size() < 4) {
                    throw invalid("too-few-positions", path + ": a ring needs at least 4 positions (got "
                            + ring.size() + ")");
                }
                Coordinate[] positions = positions(ring, path);
                if (!positions[0].equals2D(positions[positions.length - 1])) {
                    throw invalid("unclosed-ring", path + ": the ring is not closed (its last position must "
                            + "repeat its first)");
                }
                rings[i] = AreaGeometry.FACTORY.createLinearRing(positions);
            }
            LinearRing[] holes = new LinearRing[rings.length - 1];
            System.arraycopy(rings, 1, holes, 0, holes.length);
            geometry = AreaGeometry.FACTORY.createPolygon(rings[0], holes);
            vertices = total;
        }
        TopologyValidationError error = new IsValidOp(geometry).getValidationError();
        if (error != null) {
            Coordinate at = error.getCoordinate();
            String what = geometry instanceof Polygon ? "polygon" : "line";
            throw invalid(AreaGeometry.code(error), "is not a valid " + what + ": "
                    + error.getMessage().toLowerCase(Locale.ROOT) + (at == null ? "" : " near [" + at.x + ", " + at.y + "]"));
        }
        ReportGeometry shape = new ReportGeometry(geometry, vertices);
        shape.checkSize();
        return shape;
    }

    /**
     * Reads a shape as stored ({@link #geoJson()}).
     *
     * @param geoJson the stored text
     * @return the shape
     */
    public static ReportGeometry read(String geoJson) {
        return parse(Outbox.JSON.createReader(new StringReader(geoJson)).readObject());
    }

    private static int countChecked(int count) {
        if (count > MAX_VERTICES) {
            throw invalid("too-many-vertices", "has more than " + MAX_VERTICES + " positions; a report's line or "
                    + "zone needs far fewer: simplify it");
        }
        return count;
    }

    private static Coordinate[] positions(JsonArray positions, String path) {
        Coordinate[] coordinates = new Coordinate[positions.size()];
        for (int i = 0; i < coordinates.length; i++) {
            coordinates[i] = AreaGeometry.position(positions.get(i), path + "[" + i + "]");
        }
        return coordinates;
    }

    private static AreaGeometry.InvalidGeometryException invalid(String reason, String message) {
        return new AreaGeometry.InvalidGeometryException(reason, message);
    }

    private void checkSize() {
        Envelope box = geometry.getEnvelopeInternal();
        // A line of 5 km or a zone of 20 km around is far narrower than this: anything wider was
        // drawn across the antimeridian or is simply too big, and the flat projection below would
        // be meaningless for it.
        if (box.getWidth() > 1 || box.getHeight() > 1) {
            throw invalid("too-long", "spans more than a degree of latitude or longitude; a report's line must be "
                    + "at most " + (long) MAX_LINE_METRES + " m long and a zone at most " + (long) MAX_OUTLINE_METRES
                    + " m around");
        }
        Geometry flat = projected(geometry, box.centre().y, box.centre().x);
        if (geometry instanceof LineString) {
            double length = flat.getLength();
            if (length > MAX_LINE_METRES) {
                throw invalid("too-long", "is " + Math.round(length) + " m long, more than " + (long) MAX_LINE_METRES
                        + " m: report a stretch of street, or several");
            }
        } else {
            double outline = flat.getLength();
            if (outline > MAX_OUTLINE_METRES) {
                throw invalid("too-long", "has an outline of " + Math.round(outline) + " m, more than "
                        + (long) MAX_OUTLINE_METRES + " m");
            }
            double area = flat.getArea();
            if (area > MAX_ZONE_SQUARE_METRES) {
                throw invalid("too-large", "covers " + Math.round(area) + " m², more than "
                        + (long) MAX_ZONE_SQUARE_METRES + " m² (1 km²): report a smaller zone");
            }
        }
    }

    /** The shape in metres east (x) and north (y) of a centre, on the plane tangent there. */
    private static Geometry projected(Geometry geometry, double lat, double lon) {
        double cos = Math.cos(Math.toRadians(lat));
        AffineTransformation toMetres = AffineTransformation.translationInstance(-lon, -lat)
                .scale(METRES_PER_DEGREE * cos, METRES_PER_DEGREE);
        return toMetres.transform(geometry);
    }

    /** @return {@code LineString} or {@code Polygon} */
    public String type() {
        return geometry instanceof Polygon ? "Polygon" : "LineString";
    }

    /** @return how many positions it has, all rings together */
    public int vertices() {
        return vertices;
    }

    /** @return the representative point's latitude: see the class documentation */
    public double latitude() {
        return representative().getY();
    }

    /** @return the representative point's longitude: see the class documentation */
    public double longitude() {
        return representative().getX();
    }

    private Coordinate representative() {
        if (geometry instanceof LineString) {
            LengthIndexedLine line = new LengthIndexedLine(geometry);
            return line.extractPoint(geometry.getLength() / 2);
        }
        return geometry.getInteriorPoint().getCoordinate();
    }

    /** @return the southern edge of its bounding box */
    public double minLat() {
        return geometry.getEnvelopeInternal().getMinY();
    }

    /** @return the northern edge of its bounding box */
    public double maxLat() {
        return geometry.getEnvelopeInternal().getMaxY();
    }

    /** @return the western edge of its bounding box */
    public double minLon() {
        return geometry.getEnvelopeInternal().getMinX();
    }

    /** @return the eastern edge of its bounding box */
    public double maxLon() {
        return geometry.getEnvelopeInternal().getMaxX();
    }

    /**
     * @return the distance in metres from a position to the nearest point of the shape: 0 on the
     *         line, or inside the zone
     */
    public double metresFrom(double latitude, double longitude) {
        Geometry flat = projected(geometry, latitude, longitude);
        Point origin = AreaGeometry.FACTORY.createPoint(new Coordinate(0, 0));
        return DistanceOp.distance(flat, origin);
    }

    /**
     * @return whether the shape touches the rectangle (its edge included)
     */
    public boolean intersectsBox(double minLat, double minLon, double maxLat, double maxLon) {
        return geometry.intersects(AreaGeometry.FACTORY.toGeometry(new Envelope(minLon, maxLon, minLat, maxLat)));
    }

    /** The JTS shape, for routing in this package. */
    Geometry geometry() {
        return geometry;
    }

    /** @return the shape as compact GeoJSON text, as stored and as the API writes it */
    public String geoJson() {
        JsonArrayBuilder coordinates;
        if (geometry instanceof Polygon) {
            Polygon polygon = (Polygon) geometry;
            coordinates = Outbox.JSON.createArrayBuilder().add(positions(polygon.getExteriorRing()));
            for (int i = 0; i < polygon.getNumInteriorRing(); i++) {
                coordinates.add(positions(polygon.getInteriorRingN(i)));
            }
        } else {
            coordinates = positions((LineString) geometry);
        }
        return Outbox.JSON.createObjectBuilder().add("type", type()).add("coordinates", coordinates).build()
                .toString();
    }

    private static JsonArrayBuilder positions(LineString line) {
        JsonArrayBuilder positions = Outbox.JSON.createArrayBuilder();
        for (Coordinate c : line.getCoordinates()) {
            positions.add(Outbox.JSON.createArrayBuilder().add(c.x).add(c.y));
        }
        return positions;
    }
}
