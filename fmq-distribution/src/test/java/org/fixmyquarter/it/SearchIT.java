package org.fixmyquarter.it;

import static org.fixmyquarter.it.ProblemResponsesIT.problem;
import static org.fixmyquarter.it.support.Api.get;
import static org.fixmyquarter.it.support.Api.json;
import static org.fixmyquarter.it.support.Api.postJson;
import static org.fixmyquarter.it.support.Api.report;
import static org.fixmyquarter.it.support.Api.request;
import static org.fixmyquarter.it.support.Api.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.fixmyquarter.it.support.People;
import org.fixmyquarter.it.support.People.Person;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Searching reports through the API: nearby and nearest first, a map rectangle as GeoJSON, text,
 * periods, CSV for a spreadsheet, and the errors of malformed searches. Each run works around a
 * random point of its own and a made-up word, so earlier runs' reports never get in the way.
 */
class SearchIT {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final double LAT = -50 + RANDOM.nextDouble() * 100;
    private static final double LON = -150 + RANDOM.nextDouble() * 300;
    /** About 111 m of latitude. */
    private static final double STEP = 0.001;
    private static final String WORD = word();

    /** Reports 111 m, 222 m, ... 555 m north of the centre, nearest first. */
    private static final List<String> NEARBY = new ArrayList<>();
    private static String far;

    @BeforeAll
    static void reports() {
        for (int i = 5; i >= 1; i--) {
            NEARBY.add(0, create("Pothole number " + i + " " + WORD, "pothole", LAT + i * STEP, LON));
        }
        far = create("=HYPERLINK(\"http://evil.example\") light is broken, " + WORD, "streetlight-out",
                LAT + 0.05, LON);
    }

    @Test
    void nearbyReportsComeNearestFirstPageByPage() {
        List<String> seen = new ArrayList<>();
        String next = "/api/v1/reports?near=" + LAT + "," + LON + "&radius=600m&sort=nearest&limit=2";
        while (next != null) {
            JsonObject page = json(get(next));
            page.getJsonArray("items").forEach(r -> seen.add(r.asJsonObject().getString("id")));
            next = page.isNull("next") ? null : "/api/v1/reports?near=" + LAT + "," + LON
                    + "&radius=0.6km&sort=nearest&limit=2&cursor=" + page.getString("next");
        }
        assertEquals(NEARBY, seen, "nearest first, each once, the report 5.5 km away left out");
        assertEquals(NEARBY.subList(0, 2), ids(get("/api/v1/reports?near=" + LAT + "," + LON
                + "&radius=250&sort=nearest")), "a radius in metres without unit");
    }

    @Test
    void theVisibleMapComesAsGeoJsonWithLongitudeFirst() {
        String bbox = (LON - 0.01) + "," + (LAT - 0.01) + "," + (LON + 0.01) + "," + (LAT + 0.01);
        HttpResponse<String> response = send(request("/api/v1/reports?bbox=" + bbox + "&limit=100")
                .header("Accept", "application/geo+json").GET().build());
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/geo+json"));
        JsonObject collection = json(response);
        assertEquals("FeatureCollection", collection.getString("type"));
        List<JsonObject> features = collection.getJsonArray("features").stream().map(JsonValue::asJsonObject)
                .collect(Collectors.toList());
        assertEquals(NEARBY.stream().sorted().collect(Collectors.toList()),
                features.stream().map(f -> f.getString("id")).sorted().collect(Collectors.toList()));
        JsonObject point = features.get(0).getJsonObject("geometry");
        assertEquals("Point", point.getString("type"));
        assertEquals(LON, point.getJsonArray("coordinates").getJsonNumber(0).doubleValue(), 1e-9);
        assertEquals("open", features.get(0).getJsonObject("properties").getString("status"));
        assertEquals(NEARBY.size(), json(get("/api/v1/reports?format=geojson&bbox=" + bbox))
                .getJsonArray("features").size(), "format=geojson for clients that cannot set Accept");
    }

    @Test
    void wordsCategoriesAndPeriodsCombine() {
        assertEquals(NEARBY.size() + 1, ids(get("/api/v1/reports?q=" + WORD + "&limit=100")).size());
        assertEquals(List.of(NEARBY.get(2)), ids(get("/api/v1/reports?q=number%203%20" + WORD)));
        assertEquals(List.of(far), ids(get("/api/v1/reports?q=" + WORD + "&category=lighting")),
                "a category includes its sub-categories");
        assertEquals(List.of(), ids(get("/api/v1/reports?q=" + WORD + "&createdFrom="
                + Instant.now().plusSeconds(3600))));
        assertEquals(NEARBY.size() + 1, ids(get("/api/v1/reports?q=" + WORD + "&limit=100&createdFrom="
                + java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(1) + "&updatedTo="
                + java.time.LocalDate.now(java.time.ZoneOffset.UTC))).size(), "dates mean whole days");
        if ("postgresql".equals(System.getProperty("fmq.it.database"))) {
            assertEquals(List.of(far), ids(get("/api/v1/reports?q=lights%20" + WORD)),
                    "PostgreSQL stems words: lights finds light");
        }
    }

    @Test
    void operatorsExportCsvThatASpreadsheetCannotMistakeForFormulas() {
        HttpResponse<String> response = send(request("/api/v1/reports?q=" + WORD + "&limit=100")
                .header("Accept", "text/csv").GET().build());
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Disposition").orElse("").contains("reports.csv"));
        String[] lines = response.body().split("\r\n");
        assertEquals("id,title,category,status,votes,lat,lon,address,author,assignedTo,createdAt,updatedAt,hidden,bodyId,bodyName",
                lines[0]);
        assertEquals(NEARBY.size() + 2, lines.length);
        // An id may begin with "-", which the export prefixes with a quote like any cell a spreadsheet
        // could read as a formula, so the line is found by the id anywhere in its first cell.
        String farLine = List.of(lines).stream().filter(l -> l.split(",")[0].contains(far)).findFirst().orElseThrow();
        assertTrue(farLine.contains(",\"'=HYPERLINK(\"\"http://evil.example\"\") light is broken, " + WORD + "\","),
                farLine);
    }

    @Test
    void beforeSubmittingACitizenSeesTheLikelyDuplicates() {
        JsonObject answer = json(get("/api/v1/reports/similar?lat=" + LAT + "&lon=" + LON
                + "&category=pothole&radius=400m&text=Pothole%20number"));
        List<JsonObject> items = answer.getJsonArray("items").stream().map(JsonValue::asJsonObject)
                .collect(Collectors.toList());
        assertEquals(NEARBY.subList(0, 3).stream().sorted().collect(Collectors.toList()),
                items.stream().map(i -> i.getString("id")).sorted().collect(Collectors.toList()),
                "the three potholes within 400 m");
        assertEquals(NEARBY.get(0), items.get(0).getString("id"), "as alike as the others, and nearest");
        assertEquals(111, items.get(0).getInt("distance"), 2);
        assertEquals("lat", field(get("/api/v1/reports/similar?lon=4&category=pothole")));
        assertEquals("category", field(get("/api/v1/reports/similar?lat=45&lon=4&category=unknown-thing")));
    }

    @Test
    void aReportWithoutPositionIsListedButLeftOutOfDistancesAndMaps() {
        String word = word();
        Person citizen = People.citizen("Noor No-GPS", null, null);
        HttpResponse<String> created = postJson("/api/v1/reports", "{\"title\":\"Lights out along the canal " + word
                + "\",\"category\":\"streetlight-out\",\"location\":{\"address\":\"Canal path, " + word
                + " quarter\"}}", citizen.token());
        assertEquals(201, created.statusCode(), created.body());
        JsonObject location = json(created).getJsonObject("location");
        assertEquals("Canal path, " + word + " quarter", location.getString("address"));
        assertTrue(!location.containsKey("lat") && !location.containsKey("lon"), location.toString());
        String id = json(created).getString("id");

        assertEquals(List.of(id), ids(get("/api/v1/reports?q=" + word)), "found by its words");
        assertEquals(List.of(id), ids(get("/api/v1/reports?q=" + word + "%20quarter")), "and by its address alone");
        assertEquals(List.of(), ids(get("/api/v1/reports?q=" + word + "&near=" + LAT + "," + LON + "&radius=100km")));
        assertEquals(List.of(), ids(get("/api/v1/reports?q=" + word + "&bbox=-180,-90,180,90")));
        JsonObject feature = json(get("/api/v1/reports?format=geojson&q=" + word)).getJsonArray("features")
                .getJsonObject(0);
        assertEquals(id, feature.getString("id"));
        assertEquals(JsonValue.ValueType.NULL, feature.get("geometry").getValueType(), "GeoJSON's unlocated feature");
        String csvLine = get("/api/v1/reports?format=csv&q=" + word).body().split("\r\n")[1];
        assertTrue(csvLine.startsWith(id + ",") && csvLine.contains(",0,,,\"Canal path, "), csvLine);
    }

    @Test
    void aReportMustSayWhereItIs() {
        Person citizen = People.citizen("Noor No-GPS", null, null);
        HttpResponse<String> nowhere = postJson("/api/v1/reports",
                "{\"title\":\"Somewhere\",\"category\":\"pothole\",\"location\":{}}", citizen.token());
        JsonObject error = problem(nowhere, 400).getJsonArray("errors").getJsonObject(0);
        assertEquals("location.address", error.getString("field"));
        assertTrue(error.getString("message").contains("no position"), error.toString());
        assertEquals("location.lon", field(postJson("/api/v1/reports",
                "{\"title\":\"Half a position\",\"category\":\"pothole\",\"location\":{\"lat\":45.1}}",
                citizen.token())));
        assertEquals("location.accuracy", field(postJson("/api/v1/reports", "{\"title\":\"Vague\",\"category\":"
                + "\"pothole\",\"location\":{\"accuracy\":10,\"address\":\"Main square\"}}", citizen.token())));
    }

    @Test
    void malformedSearchesAreTold() {
        assertEquals("near", field(get("/api/v1/reports?near=somewhere")));
        assertEquals("near", field(get("/api/v1/reports?near=95,4")));
        assertEquals("radius", field(get("/api/v1/reports?near=45,4&radius=far")));
        assertEquals("radius", field(get("/api/v1/reports?near=45,4&radius=500km")));
        assertEquals("sort", field(get("/api/v1/reports?sort=nearest")));
        assertEquals("bbox", field(get("/api/v1/reports?bbox=5,46,4,45")));
        assertEquals("bbox", field(get("/api/v1/reports?bbox=1,2,3")));
        assertEquals("createdFrom", field(get("/api/v1/reports?createdFrom=yesterday")));
        assertEquals("createdFrom", field(get("/api/v1/reports?createdFrom=%2B300000-01-01T00:00:00Z")));
        assertEquals("created", field(get("/api/v1/reports?createdFrom=2026-05-02&createdTo=2026-05-01")));
        assertEquals("format", field(get("/api/v1/reports?format=xml")));
        assertEquals("q", field(get("/api/v1/reports?q=" + "x".repeat(201))));
        JsonObject notAcceptable = problem(send(request("/api/v1/reports").header("Accept", "application/xml").GET()
                .build()), 406);
        assertTrue(notAcceptable.getString("detail").contains("application/geo+json"), notAcceptable.toString());
    }

    /** @return the field the first error of a 400 problem names */
    static String field(HttpResponse<String> response) {
        return problem(response, 400).getJsonArray("errors").getJsonObject(0).getString("field");
    }

    private static List<String> ids(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.body());
        return json(response).getJsonArray("items").stream().map(r -> r.asJsonObject().getString("id"))
                .collect(Collectors.toList());
    }

    /** By a citizen of its own each: a citizen may file only a few reports a day. */
    static String create(String title, String category, double lat, double lon) {
        Person citizen = People.citizen("Sam Searcher", null, null);
        HttpResponse<String> created = postJson("/api/v1/reports", report(title, category, lat, lon), citizen.token());
        assertEquals(201, created.statusCode(), created.body());
        return json(created).getString("id");
    }

    private static String word() {
        StringBuilder word = new StringBuilder("zq");
        for (int i = 0; i < 8; i++) {
            word.append((char) ('a' + RANDOM.nextInt(26)));
        }
        return word.toString().toLowerCase(Locale.ROOT);
    }
}
