package org.fixmyquarter.it;

import static org.fixmyquarter.it.support.Api.adminToken;
import static org.fixmyquarter.it.support.Api.createReport;
import static org.fixmyquarter.it.support.Api.get;
import static org.fixmyquarter.it.support.Api.json;
import static org.fixmyquarter.it.support.Api.login;
import static org.fixmyquarter.it.support.Api.postJson;
import static org.fixmyquarter.it.support.Api.request;
import static org.fixmyquarter.it.support.Api.send;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import org.fixmyquarter.it.support.RawHttp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Throws malformed bodies, headers, query and path parameters at every operation of the served
 * OpenAPI document, as a hostile or broken client would, over a raw socket so that nothing is
 * cleaned up on the way. Each operation fails on any {@code 5xx}, on any error answer that is not
 * an RFC 9457 problem document, and on any change to the stored data after a refused write.
 *
 * <p>The inputs are drawn from a seeded generator: {@code -Dfmq.it.fuzz.seed=N} replays a run (the
 * seed is printed), {@code -Dfmq.it.fuzz.random=N} adds N random byte strings per body operation.
 */
class FuzzIT {

    private static final long SEED = Long.getLong("fmq.it.fuzz.seed", 20261206L);
    private static final int RANDOM_BODIES = Integer.getInteger("fmq.it.fuzz.random", 2);
    private static final String PASSWORD = "a long enough password";

    private static String admin;
    private static String citizen;
    private static String report;
    private static String comment;
    private static String area;

    /** One malformed request. */
    private record Case(String what, String method, String target, List<String> headers, byte[] body) {
    }

    @BeforeAll
    static void someData() {
        admin = adminToken();
        String email = "fuzz-" + UUID.randomUUID() + "@example.org";
        postJson("/api/v1/auth/register", Json.createObjectBuilder().add("email", email).add("password", PASSWORD)
                .add("displayName", "Fuzz").build().toString());
        citizen = login(email, PASSWORD);
        report = createReport("Fuzzed pothole", "pothole").getString("id");
        comment = json(postJson("/api/v1/reports/" + report + "/comments", "{\"text\":\"fuzz\"}", citizen)).getString("id");
        area = json(postJson("/api/v1/me/following/areas", "{\"name\":\"Fuzz\",\"lat\":45.75,\"lon\":4.83,\"radius\":300}",
                citizen)).getString("id");
        System.out.println("[FuzzIT] seed " + SEED + " (-Dfmq.it.fuzz.seed=" + SEED + " replays this run)");
    }

    @TestFactory
    Stream<DynamicTest> everyOperationRefusesMalformedInputCleanly() {
        JsonObject paths = json(send(request("/openapi").header("Accept", "application/json").GET().build()))
                .getJsonObject("paths");
        List<DynamicTest> tests = new ArrayList<>();
        paths.forEach((path, item) -> item.asJsonObject().forEach((method, operation) -> {
            if (List.of("get", "post", "put", "patch", "delete").contains(method)) {
                String name = method.toUpperCase() + " " + path;
                tests.add(DynamicTest.dynamicTest(name, () -> fuzz(method.toUpperCase(), path,
                        operation.asJsonObject(), item.asJsonObject())));
            }
        }));
        return tests.stream();
    }

    private void fuzz(String method, String template, JsonObject operation, JsonObject item) {
        Random random = new Random(SEED ^ (method + template).hashCode());
        boolean write = !"GET".equals(method);
        List<String> failures = new ArrayList<>();
        List<Case> cases = cases(method, template, parameters(operation, item), random);
        // The state before each write: taken once, then carried from one refused write to the next.
        String state = write ? fingerprint() : null;
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            List<String> headers = new ArrayList<>(c.headers());
            if (headers.stream().noneMatch(h -> h.startsWith("Authorization:"))) {
                // Alternately the administrator (who reaches the most code) and a citizen (who owns the comment and area).
                headers.add("Authorization: Bearer " + (i % 2 == 0 ? admin : citizen));
            }
            headers.add("X-Forwarded-For: 10.77." + random.nextInt(256) + "." + random.nextInt(256));
            RawHttp.Answer answer = RawHttp.send(c.method(), c.target(), headers, c.body());
            String where = c.method() + " " + c.target() + " [" + c.what() + "]";
            if (answer.status() >= 500) {
                failures.add(where + ": " + answer.status() + " " + abbreviate(answer.text()));
            } else if (answer.status() >= 400 && !refusedByTheWebContainer(c, answer)) {
                String problem = problemError(answer);
                if (problem != null) {
                    failures.add(where + ": " + answer.status() + " " + problem);
                }
            }
            if (write) {
                String after = fingerprint();
                if (answer.status() >= 400 && !state.equals(after)) {
                    failures.add(where + ": refused with " + answer.status() + " but the stored data changed: "
                            + firstDifference(state, after));
                }
                state = after;
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " of " + cases.size() + " malformed requests got a bad answer "
                + "(seed " + SEED + "):\n" + String.join("\n", failures));
    }

    /** The operation's parameters, its own and its path's: name -> where ("path", "query", "header"). */
    private static Map<String, String> parameters(JsonObject operation, JsonObject item) {
        Map<String, String> parameters = new java.util.LinkedHashMap<>();
        for (JsonObject source : List.of(item, operation)) {
            if (source.containsKey("parameters")) {
                source.getJsonArray("parameters").forEach(p -> parameters.put(p.asJsonObject().getString("name"),
                        p.asJsonObject().getString("in")));
            }
        }
        return parameters;
    }

    private static String realValue(String name) {
        switch (name) {
            case "id":
                return report;
            case "commentId":
                return comment;
            case "areaId":
                return area;
            default:
                return "x" + name;
        }
    }

    private static String target(String template, Map<String, String> parameters, String path, String pathValue) {
        String target = template;
        for (var parameter : parameters.entrySet()) {
            if ("path".equals(parameter.getValue())) {
                String value = parameter.getKey().equals(path) ? pathValue : realValue(parameter.getKey());
                target = target.replace("{" + parameter.getKey() + "}", value);
            }
        }
        return target;
    }

    private static List<Case> cases(String method, String template, Map<String, String> parameters, Random random) {
        List<Case> cases = new ArrayList<>();
        String target = target(template, parameters, null, null);
        boolean body = !"GET".equals(method) && !"DELETE".equals(method);
        List<String> json = List.of("Content-Type: application/json");
        if (body) {
            for (var bad : bodies(random).entrySet()) {
                cases.add(new Case("body: " + bad.getKey(), method, target, json, bad.getValue()));
            }
            for (String type : List.of("foo", ";;;", "text/plain", "multipart/form-data",
                    "application/json; charset=nonsense", "application/json; charset=iso-8859-1")) {
                byte[] latin1 = "{\"title\":\"caf\u00e9\",\"text\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
                cases.add(new Case("Content-Type " + type, method, target, List.of("Content-Type: " + type), latin1));
            }
        }
        byte[] payload = body ? "{}".getBytes(StandardCharsets.UTF_8) : null;
        List<String> base = body ? json : List.of();
        for (String header : List.of("Accept: */*;q=abc", "Accept: application/xml", "Accept: ;", "Accept: garbage/",
                "Accept: text/csv;q=2", "Accept-Language: *;q=abc", "Accept-Language: " + "x".repeat(3000),
                "Accept-Language: \u00e9\u00e9", "Idempotency-Key: ", "Idempotency-Key: " + "k".repeat(5000),
                "If-None-Match: garbage", "X-Forwarded-For: not an address", "Authorization: Bearer",
                "Authorization: Digest x")) {
            List<String> headers = new ArrayList<>(base);
            headers.add(header);
            cases.add(new Case("header " + abbreviate(header), method, target, headers, payload));
        }
        List<String> values = List.of("-1", "abc", "1e999", "99999999999999999999", "%zz", "%C0%AF", "%00",
                "%27%20OR%201%3D1--", "x".repeat(5000), "NaN", "2026-13-45T99:99:99Z");
        for (var parameter : parameters.entrySet()) {
            if ("query".equals(parameter.getValue())) {
                for (String value : values) {
                    cases.add(new Case("query " + parameter.getKey() + "=" + abbreviate(value), method,
                            target + "?" + parameter.getKey() + "=" + value, base, payload));
                }
                cases.add(new Case("query " + parameter.getKey() + " twice", method,
                        target + "?" + parameter.getKey() + "=1&" + parameter.getKey() + "=2", base, payload));
            } else if ("path".equals(parameter.getValue())) {
                for (String value : List.of("%zz", "%2e%2e", "x".repeat(3000), "%00", "%C0%AF", "%27%22")) {
                    cases.add(new Case("path " + parameter.getKey() + "=" + abbreviate(value), method,
                            target(template, parameters, parameter.getKey(), value), base, payload));
                }
            }
        }
        return cases;
    }

    /** Malformed JSON bodies, by what is wrong with them. */
    private static Map<String, byte[]> bodies(Random random) {
        Map<String, byte[]> bodies = new java.util.LinkedHashMap<>();
        bodies.put("empty", new byte[0]);
        bodies.put("truncated", utf8("{\"title\":\"Pothole\",\"category\":"));
        bodies.put("trailing garbage", utf8("{\"title\":\"Pothole\"}xyz"));
        bodies.put("two values", utf8("{\"title\":\"a\"}{\"title\":\"b\"}"));
        bodies.put("array", utf8("[]"));
        bodies.put("null", utf8("null"));
        bodies.put("string", utf8("\"text\""));
        bodies.put("number", utf8("42"));
        bodies.put("duplicate keys", utf8("{\"title\":\"a\",\"title\":\"b\",\"text\":\"a\",\"text\":\"b\"}"));
        bodies.put("overlong UTF-8", concat(utf8("{\"title\":\"a"), new byte[] {(byte) 0xC0, (byte) 0xAF}, utf8("\","
                + "\"text\":\"a"), new byte[] {(byte) 0xC0, (byte) 0xAF}, utf8("\"}")));
        bodies.put("truncated UTF-8", concat(utf8("{\"title\":\"a"), new byte[] {(byte) 0xE2, (byte) 0x82}, utf8("\"}")));
        bodies.put("lone surrogate", concat(utf8("{\"text\":\"a"), new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                utf8("\",\"title\":\"a"), new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, utf8("\"}")));
        bodies.put("deep nesting", utf8("[".repeat(50_000)));
        bodies.put("huge number", utf8("{\"location\":{\"lat\":1e400,\"lon\":-1e400},\"radius\":1e400,\"lat\":1e400}"));
        bodies.put("wrong types", utf8(wrongTypes(random)));
        bodies.put("nulls", utf8("{\"title\":null,\"text\":null,\"status\":null,\"reason\":null,\"team\":null,"
                + "\"email\":null,\"password\":null,\"role\":null,\"into\":null,\"location\":null,\"name\":null}"));
        bodies.put("control characters", utf8("{\"title\":\"a\\u0000b\",\"text\":\"\\u0000\",\"reason\":\"\\u0007\"}"));
        bodies.put("huge string", utf8("{\"title\":\"" + "a".repeat(1_000_000) + "\",\"text\":\"" + "b".repeat(100_000)
                + "\"}"));
        for (int i = 0; i < RANDOM_BODIES; i++) {
            byte[] bytes = new byte[1 + random.nextInt(300)];
            random.nextBytes(bytes);
            bodies.put("random bytes " + i, bytes);
        }
        return bodies;
    }

    /** Every field name the API reads, each with a value of a type it does not take. */
    private static String wrongTypes(Random random) {
        List<String> fields = List.of("title", "description", "category", "location", "lat", "lon", "accuracy",
                "address", "status", "reason", "text", "official", "team", "email", "password", "displayName",
                "handle", "preferredLanguage", "name", "radius", "into", "reportId", "role", "scope",
                "subject_token", "currentPassword", "commentId");
        List<String> wrong = List.of("12", "true", "[]", "{}", "\"\"", "-1e308", "[\"a\",{}]", "{\"lat\":\"x\"}");
        StringBuilder json = new StringBuilder("{");
        for (String field : fields) {
            json.append(json.length() > 1 ? "," : "").append('"').append(field).append("\":")
                    .append(wrong.get(random.nextInt(wrong.size())));
        }
        return json.append('}').toString();
    }

    /**
     * The one documented exception (docs/api.md): Liberty's web container refuses a path whose
     * escapes it cannot decode before any application is chosen, so no code of ours can answer it.
     */
    private static boolean refusedByTheWebContainer(Case c, RawHttp.Answer answer) {
        return c.what().startsWith("path ") && answer.status() == 400 && answer.text().contains("CWWWC0005I");
    }

    /** @return what is wrong with an error answer as a problem document, or null if nothing is */
    private static String problemError(RawHttp.Answer answer) {
        if (!"application/problem+json".equals(answer.mediaType())) {
            return "not a problem document: Content-Type '" + answer.headers().get("content-type") + "', body "
                    + abbreviate(answer.text());
        }
        try (JsonReader reader = Json.createReader(new StringReader(answer.text()))) {
            JsonValue value = reader.readValue();
            if (!(value instanceof JsonObject)) {
                return "a problem that is not a JSON object: " + abbreviate(answer.text());
            }
            JsonObject problem = (JsonObject) value;
            if (!problem.containsKey("type") || !problem.containsKey("title")
                    || problem.getInt("status", -1) != answer.status()) {
                return "a problem without type, title or the same status: " + abbreviate(answer.text());
            }
            return null;
        } catch (JsonException | ClassCastException e) {
            return "a problem that is not JSON: " + abbreviate(answer.text());
        }
    }

    /** What a refused request must not change: the reports, the fuzzed report and its comments, flags, follows. */
    private static String fingerprint() {
        StringBuilder state = new StringBuilder();
        for (String path : List.of("/api/v1/reports?limit=50", "/api/v1/reports/" + report,
                "/api/v1/reports/" + report + "/history", "/api/v1/reports/" + report + "/comments",
                "/api/v1/moderation/flags", "/api/v1/admin/users")) {
            state.append(path).append(' ').append(body(get(path, admin))).append('\n');
        }
        state.append(body(get("/api/v1/me/following", citizen))).append('\n');
        state.append(body(get("/api/v1/auth/me", citizen)));
        return state.toString();
    }

    /** A read's body, or only its status when it failed: an error's incident id differs every time. */
    private static String body(java.net.http.HttpResponse<String> response) {
        return response.statusCode() == 200 ? response.body() : "HTTP " + response.statusCode();
    }

    private static String firstDifference(String before, String after) {
        int at = 0;
        while (at < before.length() && at < after.length() && before.charAt(at) == after.charAt(at)) {
            at++;
        }
        int from = Math.max(0, at - 60);
        return "was ..." + abbreviate(before.substring(from, Math.min(before.length(), at + 100))) + " now ..."
                + abbreviate(after.substring(from, Math.min(after.length(), at + 100)));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static String abbreviate(String text) {
        String oneLine = text.replaceAll("\\s+", " ");
        return oneLine.length() > 160 ? oneLine.substring(0, 160) + "..." : oneLine;
    }
}
