package org.fixmyquarter.it;

import static org.fixmyquarter.it.ProblemResponsesIT.problem;
import static org.fixmyquarter.it.support.Api.adminToken;
import static org.fixmyquarter.it.support.Api.get;
import static org.fixmyquarter.it.support.Api.json;
import static org.fixmyquarter.it.support.Api.postJson;
import static org.fixmyquarter.it.support.Api.request;
import static org.fixmyquarter.it.support.Api.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reports along a street or over a zone through the API, in a zone imported in the southern Indian
 * Ocean where no other test reports (two districts side by side, each with a body for potholes): a
 * line crossing both districts is routed to both and to the body of its representative point; a
 * rectangle holding only part of the line, and a circle near a zone's edge but far from its middle,
 * find them; the JSON, GeoJSON and Open311 outputs; refused geometries name their reason. The
 * areas and bodies are retired at the end, so later test classes route as before.
 */
class ShapeReportsIT {

    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
    private static final double SOUTH = -49.40;
    private static final double NORTH = -49.38;
    private static final double LINE_LAT = -49.395;

    private static String admin;
    private static String zone;
    private static String west;
    private static String east;
    private static final List<String> BODIES = new ArrayList<>();
    private static String westBody;
    private static String eastBody;

    @BeforeAll
    static void districtsAndBodies() {
        admin = adminToken();
        HttpResponse<String> imported = postJson("/api/v1/admin/areas", "{\"type\":\"FeatureCollection\",\"features\":["
                + feature("Shapes zone " + SUFFIX, null, 70.00, 70.02) + ","
                + feature("Shapes west " + SUFFIX, "Shapes zone " + SUFFIX, 70.00, 70.01) + ","
                + feature("Shapes east " + SUFFIX, "Shapes zone " + SUFFIX, 70.01, 70.02) + "]}", admin);
        assertEquals(201, imported.statusCode(), imported.body());
        zone = json(imported).getJsonArray("items").getJsonObject(0).getString("id");
        west = json(imported).getJsonArray("items").getJsonObject(1).getString("id");
        east = json(imported).getJsonArray("items").getJsonObject(2).getString("id");
        westBody = body("West roads " + SUFFIX, west);
        eastBody = body("East roads " + SUFFIX, east);
    }

    @AfterAll
    static void retireEverything() {
        for (String body : BODIES) {
            send(request("/api/v1/admin/bodies/" + body).header("Authorization", "Bearer " + admin).DELETE().build());
        }
        for (String area : new String[] {west, east, zone}) {
            if (area != null) {
                send(request("/api/v1/admin/areas/" + area).header("Authorization", "Bearer " + admin).DELETE()
                        .build());
            }
        }
    }

    @Test
    void aLineCrossingTwoDistrictsIsInBothWithTheBodyOfItsPoint() {
        // 70.004 to 70.018: its point halfway along, 70.011, is in the east district.
        JsonObject created = created(line(70.004, 70.018));
        String id = created.getString("id");
        assertEquals(LINE_LAT, created.getJsonObject("location").getJsonNumber("lat").doubleValue(), 1e-9);
        assertEquals(70.011, created.getJsonObject("location").getJsonNumber("lon").doubleValue(), 1e-9);
        assertEquals("LineString", created.getJsonObject("geometry").getString("type"));
        assertEquals(eastBody, created.getJsonObject("body").getString("id"), "the body at its representative point");

        JsonObject read = json(get("/api/v1/reports/" + id));
        Set<String> areas = read.getJsonArray("areas").stream().map(a -> a.asJsonObject().getString("id"))
                .collect(Collectors.toSet());
        assertEquals(Set.of(zone, west, east), areas);
        assertEquals(2, read.getJsonObject("geometry").getJsonArray("coordinates").size());
        assertTrue(ids("/api/v1/reports?area=" + west).contains(id), "the west district finds it");
        assertTrue(ids("/api/v1/reports?area=" + east).contains(id), "the east district finds it");
        assertFalse(ids("/api/v1/reports?body=" + westBody).contains(id), "one body handles it");

        // A rectangle around the west end only: the point is 0.006 degrees further east.
        String westEnd = "/api/v1/reports?bbox=70.003," + (LINE_LAT - 0.001) + ",70.005," + (LINE_LAT + 0.001);
        assertTrue(ids(westEnd).contains(id), "a rectangle holding part of the line finds it");
        assertFalse(ids("/api/v1/reports?bbox=70.003," + (LINE_LAT + 0.001) + ",70.02," + NORTH).contains(id),
                "a rectangle beside the line does not");

        // The map's GeoJSON draws the line; Open311 gives its point.
        JsonObject features = json(get(westEnd + "&format=geojson"));
        JsonObject feature = features.getJsonArray("features").stream().map(f -> f.asJsonObject())
                .filter(f -> f.getString("id").equals(id)).findFirst().orElseThrow();
        assertEquals("LineString", feature.getJsonObject("geometry").getString("type"));
        assertEquals(70.004, feature.getJsonObject("geometry").getJsonArray("coordinates").getJsonArray(0)
                .getJsonNumber(0).doubleValue(), 1e-9);
        JsonObject open311 = Json.createReader(new java.io.StringReader(
                get("/open311/v2/requests/" + id + ".json").body())).readArray().getJsonObject(0);
        assertEquals(LINE_LAT, open311.getJsonNumber("lat").doubleValue(), 1e-9);
        assertEquals(70.011, open311.getJsonNumber("long").doubleValue(), 1e-9);
    }

    @Test
    void aCircleNearAZoneEdgeFindsItThoughItsMiddleIsFar() {
        // About 430 m x 445 m; its west edge at 70.012.
        String zoneReport = created("{\"type\":\"Polygon\",\"coordinates\":[[[70.012,-49.3995],[70.018,-49.3995],"
                + "[70.018,-49.3955],[70.012,-49.3955],[70.012,-49.3995]]]}").getString("id");
        // 0.0008 degrees (some 58 m) west of the edge, some 275 m from the middle.
        String near = "/api/v1/reports?near=-49.3975,70.0112&radius=150m";
        assertTrue(ids(near).contains(zoneReport), "the edge is within 150 m");
        List<String> nearest = ids(near + "&sort=nearest");
        assertEquals(zoneReport, nearest.get(0), nearest.toString());
        assertFalse(ids("/api/v1/reports?near=-49.3975,70.0105&radius=100m").contains(zoneReport),
                "some 109 m from the edge is beyond 100 m");
        JsonObject feature = json(get(near + "&format=geojson")).getJsonArray("features").stream()
                .map(f -> f.asJsonObject()).filter(f -> f.getString("id").equals(zoneReport)).findFirst().orElseThrow();
        assertEquals("Polygon", feature.getJsonObject("geometry").getString("type"));
        JsonObject open311 = Json.createReader(new java.io.StringReader(get(
                "/open311/v2/requests.json?lat=-49.3975&long=70.0112&radius=150").body())).readArray().stream()
                .map(r -> r.asJsonObject()).filter(r -> r.getString("service_request_id").equals(zoneReport))
                .findFirst().orElseThrow(() -> new AssertionError("Open311's circle finds the zone too"));
        double lon = open311.getJsonNumber("long").doubleValue();
        assertTrue(lon > 70.012 && lon < 70.018, "Open311 gives a point inside the zone: " + lon);
    }

    @Test
    void refusedGeometriesNameTheirReason() {
        assertReason("{\"type\":\"Polygon\",\"coordinates\":[[[70.001,-49.399],[70.003,-49.397],[70.003,-49.399],"
                + "[70.001,-49.397],[70.001,-49.399]]]}", "self-intersection");
        assertReason("{\"type\":\"Polygon\",\"coordinates\":[[[70.001,-49.399],[70.003,-49.399],[70.003,-49.397],"
                + "[70.001,-49.397]]]}", "unclosed-ring");
        JsonArrayBuilder many = Json.createArrayBuilder();
        for (int i = 0; i < 501; i++) {
            many.add(Json.createArrayBuilder().add(70.001 + i * 1e-6).add(-49.399));
        }
        assertReason(Json.createObjectBuilder().add("type", "LineString").add("coordinates", many).build().toString(),
                "too-many-vertices");
        assertReason("{\"type\":\"LineString\",\"coordinates\":[[70.0,-49.39],[70.1,-49.39]]}", "too-long");
        assertReason("{\"type\":\"Point\",\"coordinates\":[70.0,-49.39]}", "not-line-or-polygon");

        HttpResponse<String> both = postJson("/api/v1/reports", "{\"title\":\"ShapeReportsIT\",\"category\":\"pothole\","
                + "\"location\":{\"lat\":-49.39,\"lon\":70.005},\"geometry\":" + line(70.004, 70.006) + "}");
        JsonObject problem = problem(both, 400);
        assertEquals("geometry", problem.getJsonArray("errors").getJsonObject(0).getString("field"));
    }

    private static void assertReason(String geometry, String reason) {
        HttpResponse<String> refused = postJson("/api/v1/reports", "{\"title\":\"ShapeReportsIT\","
                + "\"category\":\"pothole\",\"geometry\":" + geometry + "}");
        JsonObject error = problem(refused, 400).getJsonArray("errors").getJsonObject(0);
        assertEquals("geometry", error.getString("field"));
        assertTrue(error.getString("message").endsWith("(" + reason + ")"), error.toString());
    }

    private static String line(double fromLon, double toLon) {
        return "{\"type\":\"LineString\",\"coordinates\":[[" + fromLon + "," + LINE_LAT + "],[" + toLon + ","
                + LINE_LAT + "]]}";
    }

    private static JsonObject created(String geometry) {
        HttpResponse<String> created = postJson("/api/v1/reports", "{\"title\":\"ShapeReportsIT\","
                + "\"category\":\"pothole\",\"geometry\":" + geometry + "}");
        assertEquals(201, created.statusCode(), created.body());
        return json(created);
    }

    private static List<String> ids(String path) {
        HttpResponse<String> response = get(path + (path.contains("?") ? "&" : "?") + "limit=100");
        assertEquals(200, response.statusCode(), response.body());
        return json(response).getJsonArray("items").stream().map(r -> r.asJsonObject().getString("id")).toList();
    }

    private static String feature(String name, String parent, double westLon, double eastLon) {
        return "{\"type\":\"Feature\",\"properties\":{\"name\":\"" + name + "\""
                + (parent == null ? ",\"timeZone\":\"Indian/Kerguelen\"" : ",\"parent\":\"" + parent + "\"")
                + "},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[" + westLon + "," + SOUTH + "],[" + eastLon
                + "," + SOUTH + "],[" + eastLon + "," + NORTH + "],[" + westLon + "," + NORTH + "],[" + westLon + ","
                + SOUTH + "]]]}}";
    }

    private static String body(String name, String area) {
        HttpResponse<String> created = postJson("/api/v1/admin/bodies", "{\"name\":\"" + name + "\",\"rules\":[{"
                + "\"category\":\"pothole\",\"area\":\"" + area + "\"}]}", admin);
        assertEquals(201, created.statusCode(), created.body());
        String id = json(created).getString("id");
        BODIES.add(id);
        return id;
    }
}
