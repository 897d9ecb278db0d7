package org.fixmyquarter.it;

import static org.fixmyquarter.it.support.Api.get;
import static org.fixmyquarter.it.support.Api.json;
import static org.fixmyquarter.it.support.Api.postJson;
import static org.fixmyquarter.it.support.Api.request;
import static org.fixmyquarter.it.support.Api.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every client mistake gets a 4xx RFC 9457 problem that names what is wrong, and writes nothing.
 */
class ProblemResponsesIT {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "empty title           | {\"title\":\"  \",\"category\":\"road\",\"location\":{\"lat\":1,\"lon\":1}}              | title",
        "missing title         | {\"category\":\"road\",\"location\":{\"lat\":1,\"lon\":1}}                             | title",
        "unknown category      | {\"title\":\"x\",\"category\":\"volcano\",\"location\":{\"lat\":1,\"lon\":1}}          | category",
        "latitude above 90     | {\"title\":\"x\",\"category\":\"road\",\"location\":{\"lat\":90.5,\"lon\":1}}          | location.lat",
        "latitude below -90    | {\"title\":\"x\",\"category\":\"road\",\"location\":{\"lat\":-91,\"lon\":1}}           | location.lat",
        "longitude above 180   | {\"title\":\"x\",\"category\":\"road\",\"location\":{\"lat\":1,\"lon\":180.01}}        | location.lon",
        "longitude below -180  | {\"title\":\"x\",\"category\":\"road\",\"location\":{\"lat\":1,\"lon\":-200}}          | location.lon",
        "latitude as text      | {\"title\":\"x\",\"category\":\"road\",\"location\":{\"lat\":\"north\",\"lon\":1}}     | location.lat",
        "missing location      | {\"title\":\"x\",\"category\":\"road\"}                                                | location.address",
        "latitude alone        | {\"title\":\"x\",\"category\":\"road\",\"location\":{\"lat\":1}}                   | location.lon",
        "location not object   | {\"title\":\"x\",\"category\":\"road\",\"location\":[1,2]}                              | location",
        "title as number       | {\"title\":42,\"category\":\"road\",\"location\":{\"lat\":1,\"lon\":1}}                | title",
        "negative accuracy     | {\"title\":\"x\",\"category\":\"road\",\"location\":{\"lat\":1,\"lon\":1,\"accuracy\":-3}} | location.accuracy",
    })
    void invalidReportIsRefusedNamingTheField(String name, String body, String field) {
        HttpResponse<String> response = postJson("/api/v1/reports", body);

        JsonObject problem = problem(response, 400);
        assertEquals("urn:fixmyquarter:problem:validation", problem.getString("type"));
        assertTrue(problem.getString("detail").contains(field), problem.toString());
        boolean named = problem.getJsonArray("errors").stream()
                .map(JsonValue::asJsonObject)
                .anyMatch(e -> e.getString("field").equals(field));
        assertTrue(named, "errors name " + field + ": " + problem);
    }

    @Test
    void titleOverTwoHundredCharactersIsRefused() {
        String title = "x".repeat(201);
        HttpResponse<String> response = postJson("/api/v1/reports",
                "{\"title\":\"" + title + "\",\"category\":\"road\",\"location\":{\"lat\":1,\"lon\":1}}");

        JsonObject problem = problem(response, 400);
        assertTrue(problem.getString("detail").contains("title"), problem.toString());
        assertTrue(problem.getString("detail").contains("200"), problem.toString());
    }

    @Test
    void titleOfExactlyTwoHundredCharactersIsAccepted() {
        HttpResponse<String> response = postJson("/api/v1/reports",
                "{\"title\":\"" + "y".repeat(200) + "\",\"category\":\"road\",\"location\":{\"lat\":1,\"lon\":1}}");

        assertEquals(201, response.statusCode(), response.body());
    }

    @Test
    void everyInvalidFieldIsListedAtOnce() {
        HttpResponse<String> response = postJson("/api/v1/reports",
                "{\"title\":\"\",\"category\":\"nope\",\"location\":{\"lat\":100,\"lon\":200}}");

        assertEquals(4, problem(response, 400).getJsonArray("errors").size());
    }

    @Test
    void malformedJsonIsRefusedWithItsPosition() {
        HttpResponse<String> response = postJson("/api/v1/reports", "{\"title\": \"Pothole\", ");

        JsonObject problem = problem(response, 400);
        assertEquals("urn:fixmyquarter:problem:malformed-json", problem.getString("type"));
        assertTrue(problem.getString("detail").contains("line"), problem.toString());
    }

    @Test
    void nonObjectJsonIsRefused() {
        JsonObject problem = problem(postJson("/api/v1/reports", "[1,2,3]"), 400);
        assertEquals("urn:fixmyquarter:problem:malformed-json", problem.getString("type"));
    }

    @Test
    void jsonNestedTooDeeplyIsRefused() {
        String deep = "[".repeat(5000) + "]".repeat(5000);

        JsonObject problem = problem(postJson("/api/v1/reports", deep), 400);

        assertEquals("urn:fixmyquarter:problem:malformed-json", problem.getString("type"));
    }

    @Test
    void bodyOverSixtyFourKibIs413() {
        String huge = "{\"title\":\"" + "x".repeat(70_000) + "\",\"category\":\"road\",\"location\":{\"lat\":1,\"lon\":1}}";

        JsonObject problem = problem(postJson("/api/v1/reports", huge), 413);

        assertEquals("urn:fixmyquarter:problem:payload-too-large", problem.getString("type"));
    }

    @Test
    void aVeryLongUnknownIdIsNotEchoedInFull() {
        JsonObject problem = problem(get("/api/v1/reports/" + "a".repeat(3000)), 404);

        assertTrue(problem.getString("detail").length() < 200, problem.toString());
    }

    @Test
    void wrongContentTypeIs415() {
        HttpResponse<String> response = send(request("/api/v1/reports").header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("Pothole on Main Street")).build());

        JsonObject problem = problem(response, 415);
        assertTrue(problem.getString("detail").contains("application/json"), problem.toString());
    }

    @Test
    void unknownReportIs404() {
        JsonObject problem = problem(get("/api/v1/reports/doesNotExist123"), 404);
        assertTrue(problem.getString("detail").contains("doesNotExist123"), problem.toString());
    }

    @Test
    void unknownPathIs404Problem() {
        problem(get("/api/v1/no-such-thing"), 404);
    }

    @Test
    void badListParametersAre400() {
        assertEquals("status", firstField(problem(get("/api/v1/reports?status=done"), 400)));
        assertEquals("category", firstField(problem(get("/api/v1/reports?category=volcano"), 400)));
        assertEquals("limit", firstField(problem(get("/api/v1/reports?limit=0"), 400)));
        assertEquals("limit", firstField(problem(get("/api/v1/reports?limit=1000"), 400)));
        assertEquals("limit", firstField(problem(get("/api/v1/reports?limit=ten"), 400)));
        assertEquals("cursor", firstField(problem(get("/api/v1/reports?cursor=not-a-cursor"), 400)));
    }

    private static String firstField(JsonObject problem) {
        return problem.getJsonArray("errors").getJsonObject(0).getString("field");
    }

    static JsonObject problem(HttpResponse<String> response, int status) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/problem+json",
                response.headers().firstValue("Content-Type").orElseThrow().split(";")[0].trim());
        JsonObject problem = json(response);
        assertEquals(status, problem.getInt("status"));
        assertTrue(problem.getString("type").startsWith("urn:fixmyquarter:problem:"), problem.toString());
        assertTrue(!problem.getString("title").isBlank() && !problem.getString("detail").isBlank(), problem.toString());
        return problem;
    }
}
