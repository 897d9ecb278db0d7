package org.fixmyquarter.it;

import static org.fixmyquarter.it.support.Api.BASE_URL;
import static org.fixmyquarter.it.support.Api.adminToken;
import static org.fixmyquarter.it.support.Api.await;
import static org.fixmyquarter.it.support.Api.json;
import static org.fixmyquarter.it.support.Api.postJson;
import static org.fixmyquarter.it.support.Api.request;
import static org.fixmyquarter.it.support.Api.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import javax.xml.parsers.DocumentBuilderFactory;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import com.sun.net.httpserver.HttpServer;

import org.fixmyquarter.imaging.TestImages;
import org.fixmyquarter.it.support.People;
import org.fixmyquarter.plugins.connector.open311.Open311Connector;
import org.fixmyquarter.spi.PluginConfig;
import org.fixmyquarter.spi.event.ReportCreated;
import org.fixmyquarter.spi.event.ReportSnapshot;
import org.fixmyquarter.spi.helpdesk.HelpdeskTicket;
import org.fixmyquarter.spi.helpdesk.HelpdeskUpdate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The Open311 GeoReport v2 endpoints as a client written from the specification uses them, in
 * JSON and in XML (parsed, never string-matched): discovery, services (localized, grouped by
 * parent), service definitions, posting with an API key (made, used and revoked through the
 * admin API), reading requests back with every filter, FixMyStreet's servicerequestupdates, and
 * errors as GeoReport's list of code and description with the right status. Round trips: a request
 * posted here is a report of /api/v1, and a status change made there shows here; FixMyQuarter's own
 * Open311 connector posts here and reads the outcome back.
 *
 * <p>Its reports are placed around a random point far from the other tests', so that lists
 * filtered by position hold only this run's.
 */
class Open311IT {

    private static final String OPEN311 = "/open311/v2/";
    private static final boolean ON_H2 = !"postgresql".equals(System.getProperty("fmq.it.database"));
    /** The jurisdiction the H2 test server is configured with; the PostgreSQL one has none. */
    private static final String JURISDICTION = "fmq.example";

    private static final List<String> REQUEST = List.of("service_request_id", "status", "status_notes", "service_name",
            "service_code", "description", "agency_responsible", "service_notice", "requested_datetime",
            "updated_datetime", "expected_datetime", "address", "address_id", "zipcode", "lat", "long", "media_url");
    private static final List<String> SERVICE = List.of("service_code", "service_name", "description", "metadata",
            "type", "keywords", "group");
    /** The default pack's services that ask questions: attribute[...] (docs/open311.md). */
    private static final Set<String> ASKING = Set.of("streetlight-out", "water-leak");
    private static final List<String> ATTRIBUTE = List.of("variable", "code", "datatype", "required",
            "datatype_description", "order", "description", "values");
    private static final List<String> UPDATE = List.of("update_id", "service_request_id", "status", "updated_datetime",
            "description", "media_url", "external_status_code");

    private static String admin;
    private static String key;
    private static String keyId;
    private static double lat;
    private static double lon;

    @BeforeAll
    static void makeAKey() {
        admin = adminToken();
        Random random = new Random();
        lat = -30 - random.nextInt(20) - random.nextDouble();
        lon = 120 + random.nextInt(20) + random.nextDouble();
        HttpResponse<String> made = postJson("/api/v1/admin/api-keys", "{\"name\":\"Open311IT app\"}", admin);
        assertEquals(201, made.statusCode(), made.body());
        key = json(made).getString("key");
        keyId = json(made).getString("id");
    }

    // ---- discovery and services -------------------------------------------------------------

    @Test
    void discoveryNamesTheEndpointAndBothFormats() throws Exception {
        JsonObject json = json(get("discovery.json"));
        JsonObject endpoint = json.getJsonArray("endpoints").getJsonObject(0);
        assertEquals(BASE_URL + "/open311/v2", endpoint.getString("url"));
        assertEquals("http://wiki.open311.org/GeoReport_v2", endpoint.getString("specification"));
        assertEquals(List.of("text/xml", "application/json"), endpoint.getJsonArray("formats").getValuesAs(
                v -> ((jakarta.json.JsonString) v).getString()));
        assertIsoDateTime(json.getString("changeset"));
        assertNotNull(json.getString("key_service"));

        Element root = xml(get("discovery.xml"), "discovery");
        assertEquals(List.of("changeset", "contact", "key_service", "endpoints"), childNames(root));
        Element xmlEndpoint = only(child(root, "endpoints"), "endpoint");
        assertEquals(List.of("specification", "url", "changeset", "type", "formats"), childNames(xmlEndpoint));
        assertEquals(BASE_URL + "/open311/v2", text(xmlEndpoint, "url"));
        assertEquals(List.of("text/xml", "application/json"), children(child(xmlEndpoint, "formats"), "format")
                .stream().map(Node::getTextContent).toList());
    }

    @Test
    void servicesAreTheCategoriesLocalizedAndGroupedByParent() throws Exception {
        HttpResponse<String> response = get("services.json");
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        JsonArray services = array(response);
        Map<String, JsonObject> byCode = services.getValuesAs(JsonObject.class).stream()
                .collect(Collectors.toMap(s -> s.getString("service_code"), s -> s));
        assertTrue(byCode.containsKey("road") && byCode.containsKey("pothole"), byCode.keySet().toString());
        for (JsonObject service : byCode.values()) {
            assertEquals(SERVICE, new ArrayList<>(service.keySet()));
            // metadata: whether the service asks questions (services/{code}); the default pack's two do.
            assertEquals(ASKING.contains(service.getString("service_code")) ? JsonValue.TRUE : JsonValue.FALSE,
                    service.get("metadata"), service.toString());
            assertEquals("realtime", service.getString("type"));
            // A comma-separated list, empty when none is known: a string a client can split, never null.
            assertEquals("", service.getString("keywords"));
        }
        // A sub-category's group is its parent's name.
        assertEquals(byCode.get("road").getString("service_name"), byCode.get("pothole").getString("group"));

        JsonArray french = array(get("services.json?locale=fr"));
        JsonObject road = json(send(request("/api/v1/categories").header("Accept-Language", "fr").GET().build()))
                .getJsonArray("items").getValuesAs(JsonObject.class).stream()
                .filter(c -> c.getString("code").equals("road")).findFirst().orElseThrow();
        assertEquals(road.getString("name"), french.getValuesAs(JsonObject.class).stream()
                .filter(s -> s.getString("service_code").equals("road")).findFirst().orElseThrow()
                .getString("service_name"));

        Element root = xml(get("services.xml?locale=fr"), "services");
        List<Element> xmlServices = children(root, "service");
        assertEquals(services.size(), xmlServices.size());
        for (Element service : xmlServices) {
            assertEquals(SERVICE, childNames(service));
            assertEquals(Boolean.toString(ASKING.contains(text(service, "service_code"))), text(service, "metadata"));
        }
    }

    @Test
    void aServiceDefinitionListsItsAttributes() throws Exception {
        JsonObject definition = json(get("services/pothole.json"));
        assertEquals("pothole", definition.getString("service_code"));
        assertEquals(0, definition.getJsonArray("attributes").size());
        Element root = xml(get("services/pothole.xml"), "service_definition");
        assertEquals(List.of("service_code", "attributes"), childNames(root));

        JsonObject leak = json(get("services/water-leak.json"));
        JsonObject severity = leak.getJsonArray("attributes").getJsonObject(0);
        assertEquals(ATTRIBUTE, new ArrayList<>(severity.keySet()));
        assertEquals(JsonValue.TRUE, severity.get("variable"));
        assertEquals("severity", severity.getString("code"));
        assertEquals("singlevaluelist", severity.getString("datatype"));
        assertEquals(JsonValue.FALSE, severity.get("required"));
        assertEquals(1, severity.getInt("order"));
        assertFalse(severity.getString("description").isBlank());
        assertEquals(List.of("drip", "steady", "gushing"), severity.getJsonArray("values").getValuesAs(JsonObject.class)
                .stream().map(v -> v.getString("key")).toList());
        Element xmlSeverity = only(child(xml(get("services/water-leak.xml"), "service_definition"), "attributes"),
                "attribute");
        assertEquals(ATTRIBUTE, childNames(xmlSeverity));
        assertEquals("singlevaluelist", text(xmlSeverity, "datatype"));
        assertEquals("1", text(xmlSeverity, "order"));
        List<Element> values = children(child(xmlSeverity, "values"), "value");
        assertEquals(3, values.size());
        assertEquals(List.of("key", "name"), childNames(values.get(0)));
        assertEquals("drip", text(values.get(0), "key"));
        JsonObject pole = json(get("services/streetlight-out.json")).getJsonArray("attributes").getJsonObject(0);
        assertEquals("pole-number", pole.getString("code"));
        assertEquals("string", pole.getString("datatype"));
        assertEquals(0, pole.getJsonArray("values").size());
        assertError(get("services/no-such-service.json"), 404, "JSON");
        assertError(get("services/no-such-service.xml"), 404, "XML");
    }

    // ---- posting and reading back -----------------------------------------------------------

    @Test
    void aRequestPostedWithAKeyIsAReportOfTheApi() throws Exception {
        Map<String, String> form = base("pothole");
        form.put("description", "Deep hole by the school gate\nCars swerve around it.");
        form.put("email", "ana@example.org");
        form.put("first_name", "Ana");
        form.put("last_name", "Silva");
        form.put("phone", "+33 1 23 45 67 89");
        form.put("device_id", "device-1");
        form.put("account_id", "acc-7");
        // A question pothole does not ask: left out, not refused (apps send their own).
        form.put("attribute[depth]", "deep");
        form.put("address_string", "1 Rue de l'École");
        HttpResponse<String> posted = post("requests.json", form);
        assertEquals(201, posted.statusCode(), posted.body());
        JsonObject answer = array(posted).getJsonObject(0);
        assertEquals(List.of("service_request_id", "service_notice", "account_id"), new ArrayList<>(answer.keySet()));
        assertEquals("acc-7", answer.getString("account_id"));
        String id = answer.getString("service_request_id");

        // Round trip: the report of the REST API.
        JsonObject report = json(send(request("/api/v1/reports/" + id).GET().build()));
        assertEquals("pothole", report.getString("category"));
        assertEquals("Deep hole by the school gate", report.getString("title"));
        assertTrue(report.getString("description").contains("Cars swerve"), report.toString());
        assertFalse(report.containsKey("attributes"), report.toString());
        // The contact details are private: the report is anonymous for everyone but operators and
        // administrators, who read them with it.
        assertEquals("Anonymous", report.getString("author"));
        assertFalse(report.containsKey("contact"), report.toString());
        assertFalse(report.toString().contains("ana@example.org"), report.toString());
        String citizen = citizenToken();
        assertFalse(json(send(request("/api/v1/reports/" + id).header("Authorization", "Bearer " + citizen).GET()
                .build())).containsKey("contact"), "a citizen never sees them");
        JsonObject staff = json(send(request("/api/v1/reports/" + id).header("Authorization", "Bearer " + admin).GET()
                .build()));
        JsonObject contact = staff.getJsonObject("contact");
        assertEquals("ana@example.org", contact.getString("email"));
        assertEquals("Ana", contact.getString("firstName"));
        assertEquals("Silva", contact.getString("lastName"));
        assertEquals("+33 1 23 45 67 89", contact.getString("phone"));
        assertEquals("device-1", contact.getString("deviceId"));
        assertEquals("acc-7", contact.getString("appAccountId"));
        assertFalse(contact.containsKey("accountId"), "acc-7 is no account of this server");
        assertIsoDateTime(contact.getString("receivedAt").replace("Z", "+00:00"));
        assertFalse(get("requests/" + id + ".json").body().contains("ana@example.org"), "nor in Open311's answers");

        // Read back in both formats.
        JsonObject read = array(get("requests/" + id + ".json")).getJsonObject(0);
        assertEquals(REQUEST, new ArrayList<>(read.keySet()));
        assertEquals(id, read.getString("service_request_id"));
        assertEquals("open", read.getString("status"));
        assertEquals("pothole", read.getString("service_code"));
        assertEquals(lat, read.getJsonNumber("lat").doubleValue(), 1e-9);
        assertEquals(lon, read.getJsonNumber("long").doubleValue(), 1e-9);
        assertEquals("1 Rue de l'École", read.getString("address"));
        assertTrue(read.getString("description").startsWith("Deep hole by the school gate\nCars swerve"));
        assertIsoDateTime(read.getString("requested_datetime"));
        assertIsoDateTime(read.getString("updated_datetime"));
        assertTrue(read.isNull("expected_datetime"));

        Element request = only(xml(get("requests/" + id + ".xml"), "service_requests"), "request");
        assertEquals(REQUEST, childNames(request));
        assertEquals(lat, Double.parseDouble(text(request, "lat")), 1e-9);
        assertEquals(lon, Double.parseDouble(text(request, "long")), 1e-9);
        assertIsoDateTime(text(request, "requested_datetime"));
        assertEquals("", text(request, "expected_datetime"));

        // The list of keys shows the key was used, never the key itself.
        String keys = send(request("/api/v1/admin/api-keys").header("Authorization", "Bearer " + admin).GET().build())
                .body();
        assertFalse(keys.contains(key), "the key is shown once only");
        JsonObject listed = Json.createReader(new StringReader(keys)).readObject().getJsonArray("items")
                .getValuesAs(JsonObject.class).stream().filter(k -> k.getString("id").equals(keyId)).findFirst()
                .orElseThrow();
        assertFalse(listed.isNull("lastUsedAt"));
        assertTrue(key.startsWith(listed.getString("keyPrefix")));
    }

    @Test
    void answersToAServicesQuestionsAreCheckedAndKeptWithTheReport() throws Exception {
        Map<String, String> form = base("water-leak");
        form.put("attribute[severity]", "gushing");
        String id = postedId(form);
        JsonObject report = json(send(request("/api/v1/reports/" + id).GET().build()));
        assertEquals(Json.createObjectBuilder().add("severity", Json.createArrayBuilder().add("gushing")).build(),
                report.getJsonObject("attributes"));

        Map<String, String> wrong = base("water-leak");
        wrong.put("attribute[severity]", "apocalyptic");
        HttpResponse<String> refused = post("requests.json", wrong);
        assertError(refused, 400, "JSON");
        assertTrue(refused.body().contains("attribute[severity] must be one of drip, steady, gushing"), refused.body());
        Map<String, String> two = base("water-leak");
        two.put("attribute[severity][]", "drip");
        two.put("attribute[severity]", "steady");
        assertError(post("requests.xml", two), 400, "XML");
        Map<String, String> longPole = base("streetlight-out");
        longPole.put("attribute[pole-number]", "x".repeat(501));
        assertError(post("requests.json", longPole), 400, "JSON");
    }

    @Test
    void anAccountIdThatIsAnAccountHereLinksTheContactDetails() {
        String me = json(send(request("/api/v1/auth/me").header("Authorization", "Bearer " + admin).GET().build()))
                .getString("id");
        Map<String, String> form = base("pothole");
        form.put("account_id", me);
        String id = postedId(form);
        JsonObject contact = json(send(request("/api/v1/reports/" + id).header("Authorization", "Bearer " + admin)
                .GET().build())).getJsonObject("contact");
        assertEquals(me, contact.getString("accountId"));
        assertEquals(me, contact.getString("appAccountId"));
    }

    /**
     * A media_url is fetched after the answer, from a real HTTP server on this machine's loopback
     * (which the test servers allow with fmq.open311.media-fetch.allow-private; the default refuses
     * it, see MediaFetcherTest), and becomes the report's photo; an address that fails leaves the
     * report without photo and never fails the post.
     */
    @Test
    void aMediaUrlIsFetchedAsThePhotoOfTheReport() throws Exception {
        byte[] jpeg = TestImages.photoLikeJpeg(800, 600);
        HttpServer photos = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        photos.createContext("/leak.jpg", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "image/jpeg");
            exchange.sendResponseHeaders(200, jpeg.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(jpeg);
            }
        });
        photos.start();
        try {
            String base = "http://127.0.0.1:" + photos.getAddress().getPort();
            Map<String, String> form = base("water-leak");
            form.put("media_url", base + "/leak.jpg");
            String id = postedId(form);
            Map<String, String> missing = base("water-leak");
            missing.put("media_url", base + "/no-such-photo.jpg");
            String without = postedId(missing);

            await(Duration.ofSeconds(60), () -> json(send(request("/api/v1/reports/" + id + "/photos").GET().build()))
                    .getJsonArray("items").getValuesAs(JsonObject.class).stream()
                    .anyMatch(p -> "ready".equals(p.getString("state"))), () -> "the photo of " + id + " is ready");
            JsonObject photo = json(send(request("/api/v1/reports/" + id).GET().build())).getJsonArray("photos")
                    .getJsonObject(0);
            assertEquals(800, photo.getInt("width"));
            assertEquals(600, photo.getInt("height"));
            assertFalse(json(send(request("/api/v1/reports/" + id).GET().build())).getString("description", "")
                    .contains(base), "the address is not published in the text");
            assertEquals(0, json(send(request("/api/v1/reports/" + without).GET().build())).getJsonArray("photos")
                    .size());
        } finally {
            photos.stop(0);
        }
    }

    @Test
    void postingInXmlWithAnAddressAloneOrAnAddressId() throws Exception {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("api_key", key);
        form.put("service_code", "streetlight-out");
        form.put("address_string", "Canal path");
        // Empty optional parameters count as absent.
        form.put("lat", "");
        form.put("long", "");
        form.put("email", "");
        form.put("description", "");
        jurisdiction(form);
        HttpResponse<String> posted = post("requests.xml", form);
        assertEquals(201, posted.statusCode(), posted.body());
        Element answer = only(xml(posted, "service_requests"), "request");
        assertEquals(List.of("service_request_id", "service_notice", "account_id"), childNames(answer));
        String id = text(answer, "service_request_id");
        JsonObject read = array(get("requests/" + id + ".json")).getJsonObject(0);
        assertTrue(read.isNull("lat") && read.isNull("long"), read.toString());
        assertEquals("Canal path", read.getString("address"));

        Map<String, String> byId = new LinkedHashMap<>();
        byId.put("api_key", key);
        byId.put("service_code", "streetlight-out");
        byId.put("address_id", "LYON-0042");
        assertEquals(201, post("requests.json", byId).statusCode());
    }

    @Test
    void postingIsRefusedWithTheRightStatusInBothFormats() throws Exception {
        Map<String, String> noKey = base("pothole");
        noKey.remove("api_key");
        assertError(post("requests.json", noKey), 403, "JSON");
        Map<String, String> wrongKey = base("pothole");
        wrongKey.put("api_key", "fmq311_not-a-key");
        assertError(post("requests.xml", wrongKey), 403, "XML");
        Map<String, String> unknownService = base("no-such-service");
        assertError(post("requests.json", unknownService), 400, "JSON");
        Map<String, String> noService = base("pothole");
        noService.remove("service_code");
        assertError(post("requests.xml", noService), 400, "XML");
        Map<String, String> nowhere = base("pothole");
        nowhere.remove("lat");
        nowhere.remove("long");
        assertError(post("requests.json", nowhere), 400, "JSON");
        Map<String, String> half = base("pothole");
        half.remove("long");
        assertError(post("requests.xml", half), 400, "XML");
        Map<String, String> badLat = base("pothole");
        badLat.put("lat", "north");
        assertError(post("requests.json", badLat), 400, "JSON");
        Map<String, String> farLat = base("pothole");
        farLat.put("lat", "91");
        assertError(post("requests.json", farLat), 400, "JSON");
        Map<String, String> badEmail = base("pothole");
        badEmail.put("email", "not-an-address");
        assertError(post("requests.json", badEmail), 400, "JSON");
        Map<String, String> badMedia = base("pothole");
        badMedia.put("media_url", "javascript:alert(1)");
        assertError(post("requests.xml", badMedia), 400, "XML");
        Map<String, String> longText = base("pothole");
        longText.put("description", "x".repeat(4001));
        assertError(post("requests.json", longText), 400, "JSON");
        // Not a form: 415, still in GeoReport's format.
        assertError(send(request(OPEN311 + "requests.json").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"api_key\":\"" + key + "\"}")).build()), 415, "JSON");
        if (ON_H2) {
            Map<String, String> elsewhere = base("pothole");
            elsewhere.put("jurisdiction_id", "elsewhere.example");
            assertError(post("requests.json", elsewhere), 404, "JSON");
        }
    }

    @Test
    void aRevokedKeyIsRefused() throws Exception {
        JsonObject made = json(postJson("/api/v1/admin/api-keys", "{\"name\":\"Open311IT revoked\"}", admin));
        Map<String, String> form = base("pothole");
        form.put("api_key", made.getString("key"));
        assertEquals(201, post("requests.json", form).statusCode());
        assertEquals(204, send(request("/api/v1/admin/api-keys/" + made.getString("id"))
                .header("Authorization", "Bearer " + admin).DELETE().build()).statusCode());
        assertError(post("requests.json", form), 403, "JSON");
        assertError(post("requests.xml", form), 403, "XML");
        // Only administrators manage keys.
        assertEquals(401, postJson("/api/v1/admin/api-keys", "{\"name\":\"x\"}").statusCode());
    }

    // ---- lists, filters and updates ---------------------------------------------------------

    @Test
    void listsFilterByIdServiceStatusPeriodPositionAndPage() throws Exception {
        // From just before this test's posts: the updates of the whole suite could fill a longer period.
        Instant started = Instant.now().minusSeconds(2);
        // A point of this test's own: the other tests post around (lat, lon).
        double listLat = lat + 0.5;
        String first = postedId(at(base("pothole"), listLat));
        String second = postedId(at(base("pothole"), listLat));
        String light = postedId(at(base("streetlight-out"), listLat));
        String near = "&lat=" + listLat + "&long=" + lon + "&radius=500";

        // A status change made through /api/v1 shows here: closed, with its notes and the team.
        changeStatus(second, "in_progress", "Crew scheduled");
        HttpResponse<String> assigned = postJson("/api/v1/reports/" + second + "/assignment",
                "{\"team\":\"Roads team\",\"reason\":\"Their street\"}", admin);
        assertEquals(200, assigned.statusCode(), assigned.body());
        changeStatus(second, "resolved", "Filled with asphalt");

        // service_request_id overrides every other filter; unknown ids are left out.
        JsonArray byIds = array(get("requests.json?service_request_id=" + first + "," + light + ",no-such-id"
                + "&service_code=road&status=closed&start_date=2001-01-01T00:00:00Z&end_date=2001-01-02T00:00:00Z"));
        assertEquals(Set.of(first, light), ids(byIds));

        assertEquals(Set.of(first, second, light), ids(array(get("requests.json?" + near.substring(1)))));
        assertEquals(Set.of(first, second), ids(array(get("requests.json?service_code=pothole" + near))));
        assertEquals(Set.of(first, light), ids(array(get("requests.json?status=open" + near))));
        JsonArray closed = array(get("requests.json?status=closed" + near));
        assertEquals(Set.of(second), ids(closed));
        JsonObject resolved = closed.getJsonObject(0);
        assertEquals("closed", resolved.getString("status"));
        assertEquals("Filled with asphalt", resolved.getString("status_notes"));
        assertEquals("Roads team", resolved.getString("agency_responsible"));

        Element xmlClosed = only(xml(get("requests.xml?status=closed" + near), "service_requests"), "request");
        assertEquals(REQUEST, childNames(xmlClosed));
        assertEquals("closed", text(xmlClosed, "status"));
        assertEquals("Filled with asphalt", text(xmlClosed, "status_notes"));

        // Period: now, in the server's words, includes them; a day in the past does not.
        String today = OffsetDateTime.now().minusHours(1).truncatedTo(ChronoUnit.SECONDS).toString();
        assertEquals(3, array(get("requests.json?start_date=" + enc(today) + near)).size());
        assertEquals(0, array(get("requests.json?end_date=" + enc(OffsetDateTime.now().minusDays(1).toString())
                + near)).size());
        // Far away: nothing.
        assertEquals(0, array(get("requests.json?lat=" + (listLat + 1) + "&long=" + lon + "&radius=500")).size());

        // Pages, newest first.
        JsonArray page1 = array(get("requests.json?page_size=2&page=1" + near));
        JsonArray page2 = array(get("requests.json?page_size=2&page=2" + near));
        assertEquals(2, page1.size());
        assertEquals(1, page2.size());
        assertEquals(light, page1.getJsonObject(0).getString("service_request_id"));
        assertEquals(first, page2.getJsonObject(0).getString("service_request_id"));
        assertEquals(2, children(xml(get("requests.xml?page_size=2" + near), "service_requests"), "request").size());

        // Updates since a moment: the creation of each, then the steps of the second, oldest first.
        String since = enc(started.toString());
        JsonArray updates = array(get("servicerequestupdates.json?start_date=" + since));
        List<JsonObject> ofSecond = updates.getValuesAs(JsonObject.class).stream()
                .filter(u -> u.getString("service_request_id").equals(second)).toList();
        assertEquals(4, ofSecond.size(), ofSecond.toString());
        for (JsonObject update : ofSecond) {
            assertEquals(UPDATE, new ArrayList<>(update.keySet()));
            assertIsoDateTime(update.getString("updated_datetime"));
        }
        JsonObject last = ofSecond.get(3);
        assertEquals("closed", last.getString("status"));
        assertEquals("resolved", last.getString("external_status_code"));
        assertEquals("Filled with asphalt", last.getString("description"));
        assertEquals("in_progress", ofSecond.get(1).getString("external_status_code"));
        assertTrue(ofSecond.get(2).getString("description").contains("Roads team"));

        Element xmlUpdates = xml(get("servicerequestupdates.xml?start_date=" + since), "service_request_updates");
        List<Element> xmlOfSecond = children(xmlUpdates, "request_update").stream()
                .filter(u -> text(u, "service_request_id").equals(second)).toList();
        assertEquals(4, xmlOfSecond.size());
        assertEquals(UPDATE, childNames(xmlOfSecond.get(3)));
        assertEquals("closed", text(xmlOfSecond.get(3), "status"));
    }

    @Test
    void listParametersAreCheckedInBothFormats() throws Exception {
        assertError(get("requests.json?service_code=no-such-service"), 400, "JSON");
        assertError(get("requests.xml?service_code=no-such-service"), 400, "XML");
        assertError(get("requests.json?status=fixed"), 400, "JSON");
        assertError(get("requests.xml?start_date=2020-01-01T00:00:00Z&end_date=2020-12-31T00:00:00Z"), 400, "XML");
        assertError(get("requests.json?start_date=2020-02-01T00:00:00Z&end_date=2020-01-01T00:00:00Z"), 400, "JSON");
        assertError(get("requests.json?start_date=yesterday"), 400, "JSON");
        assertError(get("requests.json?lat=45"), 400, "JSON");
        assertError(get("requests.json?lat=45&long=4&radius=0"), 400, "JSON");
        assertError(get("requests.xml?page_size=1001"), 400, "XML");
        assertError(get("requests.json?page=0"), 400, "JSON");
        assertError(get("servicerequestupdates.json?start_date=2000-01-01T00:00:00Z"), 400, "JSON");
        assertError(get("requests/no-such-request.json"), 404, "JSON");
        assertError(get("requests/no-such-request.xml"), 404, "XML");
        // Paths and formats this server does not have: GeoReport's errors, never an HTML page.
        assertError(get("no-such-endpoint.xml"), 404, "XML");
        assertError(get("no-such-endpoint.json"), 404, "JSON");
        assertError(get("requests.html"), 400, "JSON");
        assertError(send(request(OPEN311 + "discovery.json").DELETE().build()), 405, "JSON");
        if (ON_H2) {
            assertError(get("services.json?jurisdiction_id=elsewhere.example"), 404, "JSON");
            assertEquals(200, get("services.json?jurisdiction_id=" + JURISDICTION).statusCode());
        } else {
            assertEquals(200, get("services.json?jurisdiction_id=anything.example").statusCode());
        }
    }

    // ---- FixMyQuarter's own Open311 client ---------------------------------------------------

    @Test
    void theBuiltInConnectorPostsHereAndReadsTheOutcomeBack() throws Exception {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("endpoint", BASE_URL + "/open311/v2");
        settings.put("api-key", key);
        settings.put("service-codes", "pothole=pothole");
        settings.put("default-service-code", "other");
        settings.put("service-request-updates", "true");
        if (ON_H2) {
            settings.put("jurisdiction-id", JURISDICTION);
        }
        Open311Connector connector = new Open311Connector();
        connector.init(PluginConfig.of(settings));
        try {
            Instant now = Instant.now();
            String reference = "it-" + Long.toHexString(new Random().nextLong());
            ReportSnapshot snapshot = new ReportSnapshot(reference, "Pothole by the bakery", "Deep and wide.",
                    "pothole", lat - 0.5, lon, null, null, "open", "Anonymous", now, now);
            HelpdeskTicket ticket = connector.submit(new ReportCreated("evt-" + reference, now, snapshot));
            String id = ticket.externalId();

            JsonObject report = json(send(request("/api/v1/reports/" + id).GET().build()));
            assertEquals("pothole", report.getString("category"));
            assertEquals("Pothole by the bakery", report.getString("title"));
            assertTrue(report.getString("description").contains(reference), report.toString());

            changeStatus(id, "in_progress", "Crew scheduled");
            changeStatus(id, "resolved", "Filled with asphalt");
            List<HelpdeskUpdate> updates = connector.updates(List.of(ticket), now.minusSeconds(2));
            assertTrue(updates.stream().allMatch(u -> u.externalId().equals(id)), updates.toString());
            assertTrue(updates.stream().anyMatch(u -> u.status() == HelpdeskUpdate.Status.CLOSED
                    && "Filled with asphalt".equals(u.notes())), updates.toString());
        } finally {
            connector.close();
        }
    }

    // ---- helpers ----------------------------------------------------------------------------

    private static String citizenToken() {
        return People.citizen("Open311IT reader", null, "en").token();
    }

    private static Map<String, String> base(String serviceCode) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("api_key", key);
        form.put("service_code", serviceCode);
        form.put("lat", Double.toString(lat));
        form.put("long", Double.toString(lon));
        jurisdiction(form);
        return form;
    }

    private static Map<String, String> at(Map<String, String> form, double latitude) {
        form.put("lat", Double.toString(latitude));
        return form;
    }

    private static void jurisdiction(Map<String, String> form) {
        if (ON_H2) {
            form.put("jurisdiction_id", JURISDICTION);
        }
    }

    private static String postedId(Map<String, String> form) {
        HttpResponse<String> posted = post("requests.json", form);
        assertEquals(201, posted.statusCode(), posted.body());
        return array(posted).getJsonObject(0).getString("service_request_id");
    }

    private static void changeStatus(String id, String status, String reason) {
        HttpResponse<String> changed = postJson("/api/v1/reports/" + id + "/status",
                "{\"status\":\"" + status + "\",\"reason\":\"" + reason + "\"}", admin);
        assertEquals(200, changed.statusCode(), changed.body());
    }

    private static HttpResponse<String> get(String path) {
        return send(request(OPEN311 + path).GET().build());
    }

    private static HttpResponse<String> post(String path, Map<String, String> form) {
        String body = form.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(request(OPEN311 + path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static JsonArray array(HttpResponse<String> response) {
        assertEquals(200 / 100, response.statusCode() / 100, response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        return Json.createReader(new StringReader(response.body())).readArray();
    }

    private static Set<String> ids(JsonArray requests) {
        return requests.getValuesAs(JsonObject.class).stream().map(r -> r.getString("service_request_id"))
                .collect(Collectors.toSet());
    }

    /** Parses an answer as XML and checks its media type and root element. */
    private static Element xml(HttpResponse<String> response, String root) throws Exception {
        assertEquals("text/xml", response.headers().firstValue("Content-Type").orElse("").split(";")[0],
                response.body());
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(
                response.body().getBytes(StandardCharsets.UTF_8)));
        assertEquals(root, document.getDocumentElement().getTagName(), response.body());
        return document.getDocumentElement();
    }

    /** GeoReport's errors: the status, then a list of code and description in the format. */
    private static void assertError(HttpResponse<String> response, int status, String format) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        if ("XML".equals(format)) {
            Element root = xml(response, "errors");
            List<Element> errors = children(root, "error");
            assertFalse(errors.isEmpty());
            for (Element error : errors) {
                assertEquals(List.of("code", "description"), childNames(error));
                assertEquals(status, Integer.parseInt(text(error, "code")));
                assertFalse(text(error, "description").isBlank());
            }
        } else {
            assertEquals("application/json", response.headers().firstValue("Content-Type").orElse("").split(";")[0],
                    response.body());
            JsonArray errors = Json.createReader(new StringReader(response.body())).readArray();
            assertFalse(errors.isEmpty());
            for (JsonObject error : errors.getValuesAs(JsonObject.class)) {
                assertEquals(List.of("code", "description"), new ArrayList<>(error.keySet()));
                assertEquals(status, error.getInt("code"));
                assertFalse(error.getString("description").isBlank());
            }
        }
        assertFalse(response.body().contains("Exception") || response.body().contains("<html"), response.body());
    }

    private static void assertIsoDateTime(String value) {
        // ISO 8601 with an offset or Z: parses as an OffsetDateTime.
        assertNotNull(OffsetDateTime.parse(value), value);
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getTagName().equals(name)) {
                found.add(element);
            }
        }
        return found;
    }

    private static List<String> childNames(Element parent) {
        List<String> names = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element) {
                names.add(element.getTagName());
            }
        }
        return names;
    }

    private static Element child(Element parent, String name) {
        List<Element> found = children(parent, name);
        assertEquals(1, found.size(), "one " + name + " in " + parent.getTagName());
        return found.get(0);
    }

    private static Element only(Element parent, String name) {
        return child(parent, name);
    }

    private static String text(Element parent, String name) {
        return child(parent, name).getTextContent();
    }
}
