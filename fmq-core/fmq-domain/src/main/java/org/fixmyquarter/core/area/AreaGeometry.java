package org.fixmyquarter.core.area;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import org.fixmyquarter.core.internal.Outbox;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;
import org.locationtech.jts.simplify.TopologyPreservingSimplifier;

/**
 * An area's geometry, read from GeoJSON (RFC 7946) and checked: a Polygon or MultiPolygon of WGS84
 * positions (longitude first), holes allowed, every ring closed, at most {@link #MAX_VERTICES}
 * positions, and valid in the OGC sense (no self-intersection, no hole outside its shell, no
 * overlapping parts), as JTS checks it.
 *
 * <p>The geometry is planar in degrees, as GeoJSON's own rule is: an area must not cross the
 * antimeridian (split it in two parts of a MultiPolygon instead).
 */
public final class AreaGeometry {

    /**
     * Most positions an area may have, all rings together. An OpenStreetMap city district has a
     * few hundred to a few thousand; a whole country's detailed coastline has more and should be
     * simplified before import. The stored GeoJSON then stays near a megabyte at most.
     */
    public static final int MAX_VERTICES = 50_000;

    /** Shared: JTS geometry factories are thread-safe. SRID 4326 is WGS84. */
    static final GeometryFactory FACTORY = new GeometryFactory(new PrecisionModel(), 4326);

    private final Geometry geometry;
    private final int vertices;

    private AreaGeometry(Geometry geometry, int vertices) {
        this.geometry = geometry;
        this.vertices = vertices;
    }

    /**
     * Why a geometry was refused. The message names the reason in English, for the problem
     * document's field error; {@link #reason()} is a stable code.
     */
    public static final class InvalidGeometryException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        private final String reason;

        InvalidGeometryException(String reason, String message) {
            super(message);
            this.reason = reason;
        }

        /**
         * @return a stable code: {@code not-polygon}, {@code malformed}, {@code out-of-range},
         *         {@code too-few-positions}, {@code unclosed-ring}, {@code too-many-vertices},
         *         {@code crosses-antimeridian}, {@code self-intersection} or another
         *         {@code invalid-...} code of JTS's checks
         */
        public String reason() {
            return reason;
        }
    }

    /**
     * Reads and checks a GeoJSON geometry object.
     *
     * @param json a GeoJSON {@code Polygon} or {@code MultiPolygon}
     * @return the checked geometry
     * @throws InvalidGeometryException naming the first reason it is refused
     */
    public static AreaGeometry parse(JsonValue json) {
        if (json == null || json.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new InvalidGeometryException("not-polygon", "must be a GeoJSON Polygon or MultiPolygon object");
        }
        JsonObject object = json.asJsonObject();
        JsonValue type = object.get("type");
        String typeName = type instanceof JsonString ? ((JsonString) type).getString() : null;
        JsonArray coordinates = array(object.get("coordinates"), "coordinates");
        int[] count = {0};
        Geometry geometry;
        if ("Polygon".equals(typeName)) {
            geometry = polygon(coordinates, "coordinates", count);
        } else if ("MultiPolygon".equals(typeName)) {
            if (coordinates.isEmpty()) {
                throw new InvalidGeometryException("too-few-positions", "a MultiPolygon needs at least one polygon");
            }
            Polygon[] polygons = new Polygon[coordinates.size()];
            for (int i = 0; i < polygons.length; i++) {
                polygons[i] = polygon(array(coordinates.get(i), "coordinates[" + i + "]"), "coordinates[" + i + "]",
                        count);
            }
            geometry = FACTORY.createMultiPolygon(polygons);
        } else {
            throw new InvalidGeometryException("not-polygon", "must be a GeoJSON Polygon or MultiPolygon, not "
                    + (typeName == null ? "a geometry without a type" : typeName));
        }
        // Wider than half the earth: most likely a ring drawn across the antimeridian, which in
        // GeoJSON's planar degrees would cover the other side of the world instead.
        if (geometry.getEnvelopeInternal().getWidth() > 180) {
            throw new InvalidGeometryException("crosses-antimeridian", "spans more than 180 degrees of longitude; "
                    + "split an area that crosses the antimeridian into two parts of a MultiPolygon");
        }
        TopologyValidationError error = new IsValidOp(geometry).getValidationError();
        if (error != null) {
            Coordinate at = error.getCoordinate();
            throw new InvalidGeometryException(code(error), "is not a valid polygon: "
                    + error.getMessage().toLowerCase(Locale.ROOT)
                    + (at == null ? "" : " near [" + at.x + ", " + at.y + "]"));
        }
        return new AreaGeometry(geometry, count[0]);
    }

    /** A stable reason code for a JTS validity error; shared with {@link ReportGeometry}, as the helpers below. */
    static String code(TopologyValidationError error) {
        switch (error.getErrorType()) {
            case TopologyValidationError.SELF_INTERSECTION:
            case TopologyValidationError.RING_SELF_INTERSECTION:
                return "self-intersection";
            case TopologyValidationError.HOLE_OUTSIDE_SHELL:
                return "invalid-hole";
            case TopologyValidationError.NESTED_SHELLS:
                return "invalid-nested-shells";
            default:
                return "invalid-" + error.getMessage().toLowerCase(Locale.ROOT).replaceAll("[^a-z]+", "-")
                        .replaceAll("^-|-$", "");
        }
    }

    private static Polygon polygon(JsonArray rings, String path, int[] count) {
        if (rings.isEmpty()) {
            throw new InvalidGeometryException("too-few-positions", path + ": a polygon needs an outer ring");
        }
        LinearRing shell = ring(array(rings.get(0), path + "[0]"), path + "[0]", count);
        LinearRing[] holes = new LinearRing[rings.size() - 1];
        for (int i = 1; i < rings.size(); i++) {
            holes[i - 1] = ring(array(rings.get(i), path + "[" + i + "]"), path + "[" + i + "]", count);
        }
        return FACTORY.createPolygon(shell, holes);
    }

    private static LinearRing ring(JsonArray positions, String path, int[] count) {
        count[0] += positions.size();
        // Checked before reading the positions: a huge ring is refused without building it.
        if (count[0] > MAX_VERTICES) {
            throw new InvalidGeometryException("too-many-vertices", "has more than " + MAX_VERTICES
                    + " positions; simplify it (for example with mapshaper or QGIS) before importing");
        }
        if (positions.size() < 4) {
            throw new InvalidGeometryException("too-few-positions", path + ": a ring needs at least 4 positions "
                    + "(got " + positions.size() + ")");
        }
        Coordinate[] coordinates = new Coordinate[positions.size()];
        for (int i = 0; i < coordinates.length; i++) {
            coordinates[i] = position(positions.get(i), path + "[" + i + "]");
        }
        if (!coordinates[0].equals2D(coordinates[coordinates.length - 1])) {
            throw new InvalidGeometryException("unclosed-ring", path + ": the ring is not closed (its last position "
                    + "must repeat its first)");
        }
        return FACTORY.createLinearRing(coordinates);
    }

    static Coordinate position(JsonValue value, String path) {
        JsonArray position = array(value, path);
        if (position.size() < 2 || position.size() > 3 || !(position.get(0) instanceof JsonNumber)
                || !(position.get(1) instanceof JsonNumber)) {
            throw new InvalidGeometryException("malformed", path + ": a position is [longitude, latitude]");
        }
        double lon = ((JsonNumber) position.get(0)).doubleValue();
        double lat = ((JsonNumber) position.get(1)).doubleValue();
        if (!(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90)) {
            throw new InvalidGeometryException("out-of-range", path + ": [" + lon + ", " + lat
                    + "] is off the earth (longitude -180 to 180, latitude -90 to 90)");
        }
        return new Coordinate(lon, lat);
    }

    static JsonArray array(JsonValue value, String path) {
        if (value == null || value.getValueType() != JsonValue.ValueType.ARRAY) {
            throw new InvalidGeometryException("malformed", path + " must be an array");
        }
        return value.asJsonArray();
    }

    /** @return the JTS geometry: a Polygon or a MultiPolygon, valid */
    public Geometry geometry() {
        return geometry;
    }

    /** @return how many positions its rings hold */
    public int vertices() {
        return vertices;
    }

    /** @return the southern edge of its bounding box */
    public double minLat() {
        return geometry.getEnvelopeInternal().getMinY();
    }

    /** @return the western edge of its bounding box */
    public double minLon() {
        return geometry.getEnvelopeInternal().getMinX();
    }

    /** @return the northern edge of its bounding box */
    public double maxLat() {
        return geometry.getEnvelopeInternal().getMaxY();
    }

    /** @return the eastern edge of its bounding box */
    public double maxLon() {
        return geometry.getEnvelopeInternal().getMaxX();
    }

    /** @return the geometry as compact GeoJSON text, as stored */
    public String geoJson() {
        return geoJson(geometry);
    }

    /**
     * @param tolerance how far, in degrees, a simplified edge may stray from the original
     * @return the geometry simplified (Douglas-Peucker keeping the topology: no ring crosses
     *         itself or another), as compact GeoJSON text, for drawing on a map
     */
    public String simplifiedGeoJson(double tolerance) {
        Geometry simple = TopologyPreservingSimplifier.simplify(geometry, tolerance);
        return simple instanceof Polygon || simple instanceof MultiPolygon ? geoJson(simple) : geoJson(geometry);
    }

    private static String geoJson(Geometry geometry) {
        JsonArrayBuilder coordinates = Outbox.JSON.createArrayBuilder();
        String type;
        if (geometry instanceof MultiPolygon) {
            type = "MultiPolygon";
            for (int i = 0; i < geometry.getNumGeometries(); i++) {
                coordinates.add(rings((Polygon) geometry.getGeometryN(i)));
            }
        } else {
            type = "Polygon";
            coordinates = rings((Polygon) geometry);
        }
        return Outbox.JSON.createObjectBuilder().add("type", type).add("coordinates", coordinates).build().toString();
    }

    private static JsonArrayBuilder rings(Polygon polygon) {
        List<LinearRing> rings = new ArrayList<>();
        rings.add(polygon.getExteriorRing());
        for (int i = 0; i < polygon.getNumInteriorRing(); i++) {
            rings.add(polygon.getInteriorRingN(i));
        }
        JsonArrayBuilder result = Outbox.JSON.createArrayBuilder();
        for (LinearRing ring : rings) {
            JsonArrayBuilder positions = Outbox.JSON.createArrayBuilder();
            for (Coordinate c : ring.getCoordinates()) {
                positions.add(Outbox.JSON.createArrayBuilder().add(c.x).add(c.y));
            }
            result.add(positions);
        }
        return result;
    }
}
