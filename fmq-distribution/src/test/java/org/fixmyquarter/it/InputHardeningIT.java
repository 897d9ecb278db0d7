package org.fixmyquarter.it;

import static org.fixmyquarter.it.ProblemResponsesIT.problem;
import static org.fixmyquarter.it.support.Api.BASE_URL;
import static org.fixmyquarter.it.support.Api.adminToken;
import static org.fixmyquarter.it.support.Api.get;
import static org.fixmyquarter.it.support.Api.json;
import static org.fixmyquarter.it.support.Api.postJson;
import static org.fixmyquarter.it.support.Api.request;
import static org.fixmyquarter.it.support.Api.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.fixmyquarter.it.support.Api;
import org.fixmyquarter.it.support.People;
import org.fixmyquarter.it.support.People.Person;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every bad input is refused before it is stored, with a problem document naming what is wrong,
 * and nothing stored can break a read (docs/api.md, "Request decoding and errors").
 */
class InputHardeningIT {

    private static final String PASSWORD = "a long enough password";

    // --- 1. Assignment: refused when invalid; the history stays readable ---

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{\"team\":\"\",\"reason\":\"r\"}", "{\"team\":\"   \",\"reason\":\"r\"}",
            "{\"reason\":\"r\"}", "{\"team\":5,\"reason\":\"r\"}", "{\"team\":[\"Roads\"],\"reason\":\"r\"}",
            "{\"team\":{},\"reason\":\"r\"}", "{\"team\":true,\"reason\":\"r\"}", "LONG"})
    void anInvalidAssignmentIsRefusedNamingTeam(String body) {
        Person operator = People.staff("Olga", "operator");
        String report = newReport("Assignment " + word());
        if ("LONG".equals(body)) {
            body = "{\"team\":\"" + "t".repeat(10_000) + "\",\"reason\":\"r\"}";
        }
        int before = history(report).size();

        JsonObject problem = problem(postJson("/api/v1/reports/" + report + "/assignment", body, operator.token()), 400);

        assertEquals("team", firstField(problem), problem.toString());
        assertEquals(before, history(report).size(), "nothing added to the history");
        assertEquals(JsonValue.NULL, json(get("/api/v1/reports/" + report)).get("assignedTo"));
    }

    @Test
    void unassigningWithNullIsRecordedAndTheHistoryStaysReadable() {
        Person operator = People.staff("Otto", "operator");
        String report = newReport("Unassign " + word());
        String path = "/api/v1/reports/" + report + "/assignment";
        assertEquals(200, postJson(path, "{\"team\":\"Roads\",\"reason\":\"Theirs\"}", operator.token()).statusCode());

        HttpResponse<String> unassigned = postJson(path, "{\"team\":null,\"reason\":\"Not theirs after all\"}",
                operator.token());

        assertEquals(200, unassigned.statusCode(), unassigned.body());
        assertEquals(JsonValue.NULL, json(unassigned).get("assignedTo"));
        // An entry without a team is what older versions stored for "" and blank teams too.
        JsonArray history = history(report);
        JsonObject last = history.getJsonObject(history.size() - 1);
        assertEquals("assigned", last.getString("kind"));
        assertEquals(JsonValue.NULL, last.get("assignedTo"));
        assertEquals("Roads", history.getJsonObject(history.size() - 2).getString("assignedTo"));
    }

    // --- 2. Malformed Accept and Accept-Language ---

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "Accept          | */*;q=abc",
        "Accept          | ;;;",
        "Accept          | text/csv;q=2",
        "Accept          | application/json;q=",
    })
    void aMalformedNegotiationHeaderIs400NamingIt(String header, String value) {
        String report = newReport("Accept " + word());
        for (String path : List.of("/api/v1/reports/" + report, "/api/v1/reports", "/api/v1/categories")) {
            JsonObject problem = problem(send(request(path).header(header, value).GET().build()), 400);
            assertEquals(header, firstField(problem), path + ": " + problem);
        }
    }

    @ParameterizedTest(name = "Accept-Language: {0}")
    @ValueSource(strings = {"fr;q=abc", ";;;===", "de;q=2"})
    void aMalformedAcceptLanguageGetsTheDefaultLanguage(String value) {
        String report = newReport("Language " + word());
        for (String path : List.of("/api/v1/reports/" + report, "/api/v1/reports/no-such-report", "/api/v1/categories")) {
            HttpResponse<String> response = send(request(path).header("Accept-Language", value).GET().build());
            assertTrue(response.statusCode() == 200 || response.statusCode() == 404, path + ": " + response.body());
            assertTrue(response.headers().firstValue("Content-Type").orElseThrow().contains("json"), path);
            assertEquals("en", response.headers().firstValue("Content-Language").orElse("en"), path);
        }
    }

    @Test
    void wellFormedNegotiationHeadersStillWork() {
        String report = newReport("Browser " + word());
        HttpResponse<String> response = send(request("/api/v1/reports/" + report)
                .header("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8")
                .header("Accept-Language", "fr-CA, en;q=0.8").GET().build());
        assertEquals(200, response.statusCode(), response.body());
    }

    // --- 3. Exactly one JSON value, no duplicate keys ---

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"%sxyz", "%s {}", "%s%s", "%s]", "%s null"})
    void anythingAfterTheJsonValueIsRefusedAndNothingStored(String shape) {
        String word = word();
        String body = Api.report("Trailing " + word, "road", 1, 2);

        JsonObject problem = problem(postJson("/api/v1/reports", String.format(shape, body, body)), 400);

        assertEquals("urn:fixmyquarter:problem:malformed-json", problem.getString("type"));
        assertEquals(0, reportsWith(word));
    }

    @Test
    void aDuplicateKeyIsRefusedNamingItAndNothingStored() {
        String word = word();
        String body = "{\"title\":\"Duplicate " + word + "\",\"title\":\"Other " + word + "\",\"category\":\"road\","
                + "\"location\":{\"lat\":1,\"lon\":2,\"lat\":3}}";

        JsonObject problem = problem(postJson("/api/v1/reports", body), 400);

        List<String> fields = fields(problem);
        assertTrue(fields.contains("title") || fields.contains("location.lat"), problem.toString());
        assertEquals(0, reportsWith(word));
    }

    // --- 4. UTF-8 only ---

    @ParameterizedTest(name = "{0}")
    @CsvSource({"overlong slash, C0AF", "truncated sequence, E29C", "surrogate as bytes, EDA080",
            "lone continuation byte, 80", "latin-1 e acute, E9"})
    void invalidUtf8IsRefusedWhereverTextIsStored(String name, String hex) {
        byte[] bad = hex(hex);
        String word = word();
        Person citizen = People.citizen("Uma", null, null);
        Person operator = People.staff("Ugo", "operator");
        String report = newReport("Utf8 " + word);

        // A report's title.
        assertMalformed(postBytes("/api/v1/reports", null, "{\"title\":\"Bad " + word + " ", bad,
                "\",\"category\":\"road\",\"location\":{\"lat\":1,\"lon\":2}}"));
        assertEquals(1, reportsWith(word), "only the report made for the test");

        // A comment.
        assertMalformed(postBytes("/api/v1/reports/" + report + "/comments", citizen.token(), "{\"text\":\"bad ", bad,
                "\"}"));
        assertEquals(0, json(get("/api/v1/reports/" + report + "/comments")).getJsonArray("items").size());

        // A display name.
        String email = "utf8-" + UUID.randomUUID() + "@example.org";
        assertMalformed(postBytes("/api/v1/auth/register", null, "{\"email\":\"" + email + "\",\"password\":\""
                + PASSWORD + "\",\"displayName\":\"Ren", bad, "e\"}"));
        assertEquals(0, json(get("/api/v1/admin/users?email=" + email, adminToken())).getJsonArray("items").size());

        // A reason.
        int before = history(report).size();
        assertMalformed(postBytes("/api/v1/reports/" + report + "/status", operator.token(),
                "{\"status\":\"in_progress\",\"reason\":\"crew ", bad, "\"}"));
        assertEquals(before, history(report).size());
        assertEquals("open", json(get("/api/v1/reports/" + report)).getString("status"));
    }

    @Test
    void anEscapedLoneSurrogateIsRefused() {
        String word = word();
        JsonObject problem = problem(postJson("/api/v1/reports", "{\"title\":\"Lone " + word + " \\ud800\","
                + "\"category\":\"road\",\"location\":{\"lat\":1,\"lon\":2}}"), 400);
        assertEquals("title", firstField(problem));
        assertEquals(0, reportsWith(word));
    }

    @Test
    void invalidUtf8InAQueryParameterIsRefusedNamingIt() {
        // %C0%AF would be read as U+FFFD and searched for.
        assertEquals("q", firstField(problem(get("/api/v1/reports?q=%C0%AF"), 400)));
        assertEquals("path", firstField(problem(get("/api/v1/reports/%ED%A0%80"), 400)));
    }

    // --- 5. Every error is a problem document ---

    @ParameterizedTest(name = "Content-Type: {0}")
    @ValueSource(strings = {"foo", ";;;", "application/json;charset", "application/", "application/json, text/plain"})
    void aMalformedContentTypeIs400NamingItAndNothingStored(String contentType) {
        String word = word();
        HttpResponse<String> response = send(request("/api/v1/reports").header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(Api.report("Type " + word, "road", 1, 2))).build());

        assertEquals("Content-Type", firstField(problem(response, 400)));
        assertEquals(0, reportsWith(word));
    }

    @Test
    void aBadEscapeInTheQueryIsAProblemNamingTheParameter() throws IOException {
        // java.net.URI refuses to build such an address: sent as raw bytes.
        RawResponse response = raw("GET /api/v1/reports?status=%zz HTTP/1.1\r\n");
        assertProblem(response, 400);
        assertTrue(response.body.contains("\"field\":\"status\""), response.body);

        RawResponse nameless = raw("GET /api/v1/reports?%zz=1 HTTP/1.1\r\n");
        assertProblem(nameless, 400);
        assertTrue(nameless.body.contains("\"field\":\"query\""), nameless.body);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"GET, /nothing-here, 404", "FOO, /api/v1, 404", "FOO, /api/v1/reports, 405",
            "PATCH, /api/v1/reports, 405", "DELETE, /api/v1/, 404", "GET, /error-problem, 404",
            "POST, /api/v1/categories, 405"})
    void containerAndRuntimeErrorsAreProblems(String method, String path, int status) {
        problem(send(request(path).method(method, HttpRequest.BodyPublishers.noBody()).build()), status);
    }

    @Test
    void theRuntimesOwnMessagesAreNotShown() {
        HttpResponse<String> response = send(request("/api/v1/reports/" + newReport("Allow " + word()))
                .method("PUT", HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json")
                .build());
        JsonObject problem = problem(response, 405);
        assertTrue(!problem.getString("detail").contains("RESTEASY"), problem.toString());
        assertTrue(response.headers().firstValue("Allow").isPresent(), response.headers().toString());
    }

    // --- 6. Per-person limits under concurrency ---

    @Test
    void twentyFiveParallelFollowsStoreTwentyAreas() throws Exception {
        Person citizen = People.citizen("Paula", null, null);
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            String body = "{\"name\":\"Area " + i + "\",\"lat\":45.75,\"lon\":4.83,\"radius\":500}";
            calls.add(() -> postJson("/api/v1/me/following/areas", body, citizen.token()).statusCode());
        }

        List<Integer> statuses = inParallel(calls);

        assertEquals(20, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
        assertTrue(statuses.stream().allMatch(s -> s == 201 || s == 400), statuses.toString());
        assertEquals(20, json(get("/api/v1/me/following", citizen.token())).getJsonArray("areas").size());
    }

    @Test
    void parallelWrongPasswordsCountOneAfterTheOther() throws Exception {
        Person citizen = People.citizen("Lars", null, null);
        String wrong = Json.createObjectBuilder().add("email", citizen.email()).add("password", "not the password")
                .build().toString();
        String address = "10.252." + (int) (Math.random() * 250) + "." + (int) (Math.random() * 250);
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            calls.add(() -> send(request("/api/v1/auth/login").setHeader("X-Forwarded-For", address)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(wrong))
                    .build()).statusCode());
        }

        List<Integer> statuses = inParallel(calls);

        // All answered alike; from the fifth failure (fmq.auth.max-failed-logins) the address waits,
        // and the guesses it makes meanwhile are not even checked, so exactly five are counted.
        assertEquals(8, statuses.stream().filter(s -> s == 401).count(), statuses.toString());
        long counted = json(get("/api/v1/admin/audit?target=" + citizen.id(), adminToken())).getJsonArray("items")
                .stream().filter(e -> "user.sign_in_failed".equals(e.asJsonObject().getString("action"))).count();
        assertEquals(5, counted);
        // The account's owner, elsewhere, is not locked out.
        assertEquals(200, postJson("/api/v1/auth/login", Json.createObjectBuilder().add("email", citizen.email())
                .add("password", PASSWORD).build().toString()).statusCode());
    }

    // --- 7. Every parameter: out of range or unparsable is a 400 naming it ---

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "/api/v1/reports?limit=-1                               | limit",
        "/api/v1/reports?limit=1.5                              | limit",
        "/api/v1/reports?limit=99999999999                      | limit",
        "/api/v1/reports?limit=5&limit=6                        | limit",
        "/api/v1/reports?format=csv&format=json                 | format",
        "/api/v1/reports?cursor=%25%25                          | cursor",
        "/api/v1/reports?sort=votes&cursor=abc                  | cursor",
        "/api/v1/reports?sort=nearest&near=1,2&cursor=abc       | cursor",
        "/api/v1/reports?sort=oldest                            | sort",
        "/api/v1/reports?sort=nearest                           | sort",
        "/api/v1/reports?status=done                            | status",
        "/api/v1/reports?category=volcano                       | category",
        "/api/v1/reports?format=xml                             | format",
        "/api/v1/reports?near=91,0                              | near",
        "/api/v1/reports?near=NaN,2                             | near",
        "/api/v1/reports?near=1                                 | near",
        "/api/v1/reports?radius=2km                             | near",
        "/api/v1/reports?near=1,2&radius=1e400                  | radius",
        "/api/v1/reports?near=1,2&radius=0                      | radius",
        "/api/v1/reports?near=1,2&radius=101km                  | radius",
        "/api/v1/reports?bbox=1,2,3                             | bbox",
        "/api/v1/reports?bbox=10,0,0,10                         | bbox",
        "/api/v1/reports?createdFrom=2026-13-01                 | createdFrom",
        "/api/v1/reports?createdTo=tomorrow                     | createdTo",
        "/api/v1/reports?updatedFrom=99999-01-01                | updatedFrom",
        "/api/v1/reports?updatedTo=2026-05-01T08:00             | updatedTo",
        "/api/v1/reports?createdFrom=2026-05-02&createdTo=2026-05-01 | created",
        "/api/v1/reports?q=%20%20                               | q",
        "/api/v1/reports/similar?lat=1&lon=2                    | category",
        "/api/v1/reports/similar?lat=x&lon=2&category=road      | lat",
        "/api/v1/reports/similar?lat=1&lon=200&category=road    | lon",
        "/api/v1/reports/similar?lat=1&lon=2&category=road&limit=-5 | limit",
        "/api/v1/reports/similar?lat=1&lon=2&category=road&radius=abc | radius",
        "/api/v1/reports/similar?lat=1&lon=2&category=road&radius=3km | radius",
    })
    void aBadPublicParameterIs400NamingIt(String path, String field) {
        assertTrue(fields(problem(get(path), 400)).contains(field), path);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "/api/v1/me/notifications?unread=maybe    | unread",
        "/api/v1/me/notifications?limit=0         | limit",
        "/api/v1/me/notifications?cursor=zzz      | cursor",
        "/api/v1/admin/users?limit=-1             | limit",
        "/api/v1/admin/users?limit=ten            | limit",
        "/api/v1/admin/users?cursor=abc           | cursor",
        "/api/v1/admin/audit?limit=1000           | limit",
        "/api/v1/admin/audit?cursor=abc           | cursor",
        "/api/v1/moderation/flags?state=closed    | state",
        "/api/v1/moderation/flags?limit=-1        | limit",
        "/api/v1/moderation/flags?cursor=abc      | cursor",
    })
    void aBadStaffParameterIs400NamingIt(String path, String field) {
        assertTrue(fields(problem(get(path, adminToken()), 400)).contains(field), path);
    }

    @Test
    void aBadIdempotencyKeyIs400NamingItAndNothingStored() {
        String word = word();
        HttpResponse<String> response = send(request("/api/v1/reports").header("Content-Type", "application/json")
                .header("Idempotency-Key", "k".repeat(300))
                .POST(HttpRequest.BodyPublishers.ofString(Api.report("Key " + word, "road", 1, 2))).build());
        assertEquals("Idempotency-Key", firstField(problem(response, 400)));
        assertEquals(0, reportsWith(word));
    }

    // --- helpers ---

    /** A word no other report contains, to find what a test stored. */
    private static String word() {
        return "w" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    private static String newReport(String title) {
        HttpResponse<String> created = postJson("/api/v1/reports", Api.report(title, "road", 45.75, 4.83));
        assertEquals(201, created.statusCode(), created.body());
        return json(created).getString("id");
    }

    private static int reportsWith(String word) {
        return json(get("/api/v1/reports?q=" + word)).getJsonArray("items").size();
    }

    private static JsonArray history(String report) {
        HttpResponse<String> response = get("/api/v1/reports/" + report + "/history");
        assertEquals(200, response.statusCode(), response.body());
        return json(response).getJsonArray("items");
    }

    private static String firstField(JsonObject problem) {
        return problem.getJsonArray("errors").getJsonObject(0).getString("field");
    }

    private static List<String> fields(JsonObject problem) {
        List<String> fields = new ArrayList<>();
        problem.getJsonArray("errors").forEach(e -> fields.add(e.asJsonObject().getString("field")));
        return fields;
    }

    private static byte[] hex(String hex) {
        byte[] bytes = new byte[hex.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return bytes;
    }

    private static HttpResponse<String> postBytes(String path, String token, String before, byte[] bad, String after) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(before.getBytes(StandardCharsets.UTF_8));
        body.writeBytes(bad);
        body.writeBytes(after.getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder request = request(path).header("Content-Type", "application/json; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    private static void assertMalformed(HttpResponse<String> response) {
        JsonObject problem = problem(response, 400);
        assertEquals("urn:fixmyquarter:problem:malformed-json", problem.getString("type"));
        assertTrue(problem.getString("detail").contains("UTF-8"), problem.toString());
    }

    private static List<Integer> inParallel(List<Callable<Integer>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        try {
            List<Integer> results = new ArrayList<>();
            for (Future<Integer> future : pool.invokeAll(calls)) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /** A response read off the socket: what an HTTP client library would refuse to send. */
    private record RawResponse(int status, String contentType, String body) {
    }

    private static RawResponse raw(String requestLine) throws IOException {
        URI base = URI.create(BASE_URL);
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write((requestLine + "Host: " + base.getHost() + ":" + base.getPort() + "\r\nX-Forwarded-For: 10.9."
                    + (int) (Math.random() * 250) + "." + (int) (Math.random() * 250)
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int end = response.indexOf("\r\n\r\n");
            String head = response.substring(0, end);
            String contentType = "";
            for (String line : head.split("\r\n")) {
                if (line.toLowerCase().startsWith("content-type:")) {
                    contentType = line.substring("content-type:".length()).trim();
                }
            }
            return new RawResponse(Integer.parseInt(head.split(" ")[1]), contentType, response.substring(end + 4));
        }
    }

    private static void assertProblem(RawResponse response, int status) {
        assertEquals(status, response.status, response.body);
        assertEquals("application/problem+json", response.contentType.split(";")[0].trim(), response.body);
        assertTrue(response.body.contains("urn:fixmyquarter:problem:"), response.body);
    }
}
