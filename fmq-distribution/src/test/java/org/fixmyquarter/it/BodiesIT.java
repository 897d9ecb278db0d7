package org.fixmyquarter.it;

import static org.fixmyquarter.it.ProblemResponsesIT.problem;
import static org.fixmyquarter.it.support.Api.adminToken;
import static org.fixmyquarter.it.support.Api.await;
import static org.fixmyquarter.it.support.Api.get;
import static org.fixmyquarter.it.support.Api.json;
import static org.fixmyquarter.it.support.Api.login;
import static org.fixmyquarter.it.support.Api.postJson;
import static org.fixmyquarter.it.support.Api.request;
import static org.fixmyquarter.it.support.Api.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import org.fixmyquarter.it.support.People;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Responsible bodies through the API, over a zone and its district imported in the South Pacific,
 * where no other test reports: an administrator defines bodies; new reports are routed to the body
 * of their category in the most specific area, or by the area their address names; each report
 * shows its body and the body's queue lists it; a webhook registered for a body receives that
 * body's reports and no other's (a real receiver on loopback, port 9801); an operator granted for
 * one body acts on its reports only; a hand-over is in the public history and reaches the new
 * body's webhook. Everything made here is retired or removed at the end, so later test classes
 * route as before.
 */
class BodiesIT {

    private static final Duration WITHIN = Duration.ofSeconds(20);
    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
    private static final String ZONE = "Bodies zone " + SUFFIX;
    private static final String DISTRICT = "Bodies district " + SUFFIX;

    private static String admin;
    private static HttpServer receiver;
    /** Type and report id of every event the receiver got, with the tag of the webhook it came through. */
    private static final List<String[]> CALLS = new CopyOnWriteArrayList<>();
    private static final List<String> WEBHOOKS = new ArrayList<>();
    private static final List<String> BODIES = new ArrayList<>();
    private static String zone;
    private static String district;

    @BeforeAll
    static void zoneAndReceiver() throws IOException {
        admin = adminToken();
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 9801), 0);
        receiver.setExecutor(Executors.newCachedThreadPool());
        receiver.createContext("/bodies", exchange -> {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            JsonObject event;
            try (JsonReader reader = Json.createReader(new StringReader(body))) {
                event = reader.readObject();
            }
            JsonObject data = event.getJsonObject("data");
            CALLS.add(new String[] {exchange.getRequestURI().getQuery().substring("tag=".length()),
                    event.getString("type"), data.getString("reportId", "")});
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        // A square of 0.02 degrees with a district in its north-east quarter.
        HttpResponse<String> imported = postJson("/api/v1/admin/areas", "{\"type\":\"FeatureCollection\",\"features\":["
                + feature(ZONE, null, -130.00, -40.00, -129.98, -39.98) + ","
                + feature(DISTRICT, ZONE, -129.99, -39.99, -129.98, -39.98) + "]}", admin);
        assertEquals(201, imported.statusCode(), imported.body());
        zone = json(imported).getJsonArray("items").getJsonObject(0).getString("id");
        district = json(imported).getJsonArray("items").getJsonObject(1).getString("id");
    }

    @AfterAll
    static void retireEverything() {
        for (String body : BODIES) {
            send(request("/api/v1/admin/bodies/" + body).header("Authorization", "Bearer " + admin).DELETE().build());
        }
        for (String hook : WEBHOOKS) {
            send(request("/api/v1/admin/webhooks/" + hook).header("Authorization", "Bearer " + admin).DELETE().build());
        }
        for (String area : new String[] {district, zone}) {
            if (area != null) {
                send(request("/api/v1/admin/areas/" + area).header("Authorization", "Bearer " + admin).DELETE()
                        .build());
            }
        }
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    @Test
    void reportsGoToTheirBodyAndABodysWebhookReceivesItsReportsOnly() {
        String roadsHook = webhook("roads");
        String roads = body("{\"name\":{\"en\":\"Roads " + SUFFIX + "\",\"fr\":\"Voirie " + SUFFIX + "\"},"
                + "\"rules\":[{\"category\":\"road\",\"area\":\"" + zone + "\"}],"
                + "\"delivery\":{\"type\":\"webhook\",\"webhook\":\"" + roadsHook + "\"}}");
        String districtRoads = body("{\"name\":\"District roads " + SUFFIX + "\",\"rules\":[{\"category\":\"road\","
                + "\"area\":\"" + district + "\"}]}");
        String lighting = body("{\"name\":\"Lighting " + SUFFIX + "\",\"rules\":[{\"category\":\"lighting\",\"area\":\""
                + zone + "\"}]}");

        // The district's and the lighting body's first: by the time the roads report reaches the
        // roads webhook, these were handed out before it, to other targets only.
        String inDistrict = report("road", -39.985, -129.985, null);
        String lamp = report("lighting", -39.995, -129.995, null);
        String byAddress = report("road", null, null, "Behind the school, " + DISTRICT.toUpperCase());
        String road = report("road", -39.995, -129.995, null);

        assertEquals(districtRoads, bodyOf(inDistrict), "the district's body before the zone's");
        assertEquals(lighting, bodyOf(lamp));
        assertEquals(districtRoads, bodyOf(byAddress), "no position: the district its address names");
        JsonObject shown = json(send(request("/api/v1/reports/" + road).header("Accept-Language", "fr").GET().build()));
        assertEquals(roads, shown.getJsonObject("body").getString("id"));
        assertEquals("Voirie " + SUFFIX, shown.getJsonObject("body").getString("name"), "named in the reader's language");
        assertEquals(List.of(byAddress, inDistrict), queue(districtRoads), "the body's queue, newest first");
        assertEquals(List.of(road), queue(roads));
        JsonObject listed = json(get("/api/v1/reports?body=" + roads)).getJsonArray("items").getJsonObject(0);
        assertEquals(roads, listed.getJsonObject("body").getString("id"), "lists show the body too");

        await(WITHIN, () -> received("roads", "report.created", road), () -> "the roads webhook got " + calls());
        assertFalse(received("roads", "report.created", inDistrict) || received("roads", "report.created", lamp)
                || received("roads", "report.created", byAddress), "only the roads body's reports: " + calls());
        problem(get("/api/v1/reports?body=no-such-body"), 400);
    }

    @Test
    void anOperatorOfABodyActsOnItsReportsAndAHandOverReachesTheNewBody() {
        String waterHook = webhook("water");
        String water = body("{\"name\":\"Water " + SUFFIX + "\",\"rules\":[{\"category\":\"water\",\"area\":\"" + zone
                + "\"}],\"delivery\":{\"type\":\"webhook\",\"webhook\":\"" + waterHook + "\"}}");
        String waste = body("{\"name\":\"Waste " + SUFFIX + "\",\"rules\":[{\"category\":\"waste\",\"area\":\"" + zone
                + "\"}]}");
        String leak = report("water", -39.995, -129.995, null);
        String bin = report("waste", -39.995, -129.995, null);

        People.Person person = People.citizen("Wanda Water", null, null);
        HttpResponse<String> granted = postJson("/api/v1/admin/users/" + person.id() + "/roles",
                "{\"role\":\"operator\",\"scope\":\"" + water + "\"}", admin);
        assertEquals(201, granted.statusCode(), granted.body());
        problem(postJson("/api/v1/admin/users/" + person.id() + "/roles",
                "{\"role\":\"administrator\",\"scope\":\"" + water + "\"}", admin), 400);
        String operator = login(person.email(), People.PASSWORD);

        assertEquals(200, postJson("/api/v1/reports/" + leak + "/status",
                "{\"status\":\"in_progress\",\"reason\":\"Valve closed\"}", operator).statusCode());
        assertEquals(201, postJson("/api/v1/reports/" + leak + "/comments",
                "{\"text\":\"We are on it.\",\"official\":true}", operator).statusCode());
        JsonObject refused = problem(postJson("/api/v1/reports/" + bin + "/status",
                "{\"status\":\"in_progress\",\"reason\":\"Not mine\"}", operator), 403);
        assertTrue(refused.getString("detail").contains("your body's"), refused.toString());
        problem(postJson("/api/v1/reports/" + bin + "/assignment", "{\"team\":\"Us\",\"reason\":\"Not mine\"}",
                operator), 403);
        problem(postJson("/api/v1/reports/" + bin + "/comments", "{\"text\":\"Official?\",\"official\":true}",
                operator), 403);

        // The waste body hands its report over to the water body: a blocked drain, not a bin.
        HttpResponse<String> moved = postJson("/api/v1/reports/" + bin + "/body",
                "{\"body\":\"" + water + "\",\"reason\":\"A blocked drain\"}", admin);
        assertEquals(200, moved.statusCode(), moved.body());
        assertEquals(water, json(moved).getJsonObject("body").getString("id"));
        JsonObject step = last(json(get("/api/v1/reports/" + bin + "/history")).getJsonArray("items"));
        assertEquals("body", step.getString("kind"));
        assertEquals(water, step.getString("body"));
        assertEquals("A blocked drain", step.getString("reason"));
        problem(postJson("/api/v1/reports/" + bin + "/body", "{\"body\":\"" + water + "\",\"reason\":\"again\"}",
                admin), 409);
        problem(postJson("/api/v1/reports/" + leak + "/body", "{\"body\":\"" + waste + "\",\"reason\":\"\"}", admin),
                400);
        assertEquals(200, postJson("/api/v1/reports/" + bin + "/status",
                "{\"status\":\"in_progress\",\"reason\":\"Ours now\"}", operator).statusCode(),
                "the water body's operator acts on the report handed over to it");
        await(WITHIN, () -> received("water", "report.body_changed", bin), () -> "the water webhook got " + calls());
        assertTrue(received("water", "report.created", leak), calls());
        assertFalse(received("water", "report.created", bin), "it was the waste body's when it was made");
    }

    @Test
    void administratorsDefineBodiesAndOthersReadThem() {
        String hook = webhook("admin");
        String body = body("{\"name\":\"Parks " + SUFFIX + "\",\"rules\":[{\"category\":\"other\",\"area\":\""
                + district + "\"}],\"delivery\":{\"type\":\"webhook\",\"webhook\":\"" + hook + "\"}}");
        JsonObject adminView = json(get("/api/v1/admin/bodies", admin)).getJsonArray("items").stream()
                .map(JsonValue::asJsonObject).filter(b -> body.equals(b.getString("id"))).findFirst().orElseThrow();
        assertEquals("webhook", adminView.getJsonObject("delivery").getString("type"));
        JsonObject publicView = json(get("/api/v1/bodies/" + body));
        assertFalse(publicView.containsKey("delivery"), "where reports go is the administrators'");
        assertEquals("other", publicView.getJsonArray("rules").getJsonObject(0).getString("category"));

        JsonObject taken = problem(postJson("/api/v1/admin/bodies", "{\"name\":\"Parks again\",\"rules\":[{\"category\":"
                + "\"other\",\"area\":\"" + district + "\"}]}", admin), 409);
        assertTrue(taken.getString("type").endsWith("body-rule-taken"), taken.toString());
        JsonObject invalid = problem(postJson("/api/v1/admin/bodies", "{\"rules\":[{\"category\":\"no-such\"}],"
                + "\"delivery\":{\"type\":\"email\",\"email\":\"nope\"}}", admin), 400);
        assertEquals(3, invalid.getJsonArray("errors").size(), invalid.toString());
        problem(postJson("/api/v1/admin/bodies", "{\"name\":\"Mine\"}", People.citizen("Carl", null, null).token()),
                403);

        HttpResponse<String> renamed = send(request("/api/v1/admin/bodies/" + body).header("Authorization", "Bearer "
                + admin).header("Content-Type", "application/json").method("PATCH",
                HttpRequest.BodyPublishers.ofString("{\"name\":{\"en\":\"Parks and gardens " + SUFFIX + "\"}}")).build());
        assertEquals(200, renamed.statusCode(), renamed.body());
        assertEquals(204, send(request("/api/v1/admin/bodies/" + body).header("Authorization", "Bearer " + admin)
                .DELETE().build()).statusCode());
        JsonObject retired = json(get("/api/v1/bodies/" + body));
        assertTrue(retired.containsKey("retiredAt"), retired.toString());
        assertFalse(json(get("/api/v1/bodies")).getJsonArray("items").stream()
                .anyMatch(b -> body.equals(b.asJsonObject().getString("id"))), "a retired body leaves the list");
        problem(get("/api/v1/bodies/no-such-body"), 404);
    }

    private static String feature(String name, String parent, double west, double south, double east, double north) {
        return "{\"type\":\"Feature\",\"properties\":{\"name\":\"" + name + "\""
                + (parent == null ? ",\"timeZone\":\"Pacific/Pitcairn\"" : ",\"parent\":\"" + parent + "\"")
                + "},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[" + west + "," + south + "],[" + east + ","
                + south + "],[" + east + "," + north + "],[" + west + "," + north + "],[" + west + "," + south + "]]]}}";
    }

    private static String webhook(String tag) {
        HttpResponse<String> created = postJson("/api/v1/admin/webhooks", "{\"url\":\"http://127.0.0.1:9801/bodies?tag="
                + tag + "\",\"description\":\"BodiesIT " + tag + "\"}", admin);
        assertEquals(201, created.statusCode(), created.body());
        String id = json(created).getString("id");
        WEBHOOKS.add(id);
        return id;
    }

    private static String body(String json) {
        HttpResponse<String> created = postJson("/api/v1/admin/bodies", json, admin);
        assertEquals(201, created.statusCode(), created.body());
        String id = json(created).getString("id");
        BODIES.add(id);
        return id;
    }

    private static String report(String category, Double lat, Double lon, String address) {
        var location = Json.createObjectBuilder();
        if (lat != null) {
            location.add("lat", lat).add("lon", lon);
        }
        if (address != null) {
            location.add("address", address);
        }
        HttpResponse<String> created = postJson("/api/v1/reports", Json.createObjectBuilder().add("title", "BodiesIT")
                .add("category", category).add("location", location).build().toString());
        assertEquals(201, created.statusCode(), created.body());
        return json(created).getString("id");
    }

    private static String bodyOf(String reportId) {
        JsonObject report = json(get("/api/v1/reports/" + reportId));
        return report.isNull("body") ? null : report.getJsonObject("body").getString("id");
    }

    private static List<String> queue(String bodyId) {
        return json(get("/api/v1/reports?body=" + bodyId)).getJsonArray("items").stream()
                .map(r -> r.asJsonObject().getString("id")).toList();
    }

    private static boolean received(String tag, String type, String reportId) {
        return CALLS.stream().anyMatch(c -> c[0].equals(tag) && c[1].equals(type) && c[2].equals(reportId));
    }

    private static String calls() {
        return CALLS.stream().map(c -> c[0] + " " + c[1] + " " + c[2]).toList().toString();
    }

    private static JsonObject last(jakarta.json.JsonArray items) {
        return items.getJsonObject(items.size() - 1);
    }
}
