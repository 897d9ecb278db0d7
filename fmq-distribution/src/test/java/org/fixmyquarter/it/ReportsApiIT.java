package org.fixmyquarter.it;

import static org.fixmyquarter.it.support.Api.createReport;
import static org.fixmyquarter.it.support.Api.get;
import static org.fixmyquarter.it.support.Api.json;
import static org.fixmyquarter.it.support.Api.postJson;
import static org.fixmyquarter.it.support.Api.request;
import static org.fixmyquarter.it.support.Api.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.junit.jupiter.api.Test;

/**
 * The report life a citizen sees: create, read, list, page.
 */
class ReportsApiIT {

    @Test
    void createdReportIsReturnedWithLocationOpaqueIdAndUtcTimestamps() {
        Instant before = Instant.now().minusSeconds(5);
        HttpResponse<String> response = postJson("/api/v1/reports",
                "{\"title\":\"Pothole\",\"description\":\"Deep hole near the school\",\"category\":\"road\","
                        + "\"location\":{\"lat\":48.8566,\"lon\":2.3522}}");

        assertEquals(201, response.statusCode(), response.body());
        JsonObject report = json(response);
        String id = report.getString("id");
        assertTrue(id.matches("[A-Za-z0-9_-]{22}"), "opaque URL-safe id: " + id);
        assertEquals(response.headers().firstValue("Location").orElseThrow(),
                org.fixmyquarter.it.support.Api.BASE_URL + "/api/v1/reports/" + id);
        assertEquals("Pothole", report.getString("title"));
        assertEquals("Deep hole near the school", report.getString("description"));
        assertEquals("road", report.getString("category"));
        assertEquals("open", report.getString("status"));
        assertEquals(48.8566, report.getJsonObject("location").getJsonNumber("lat").doubleValue());
        assertEquals(2.3522, report.getJsonObject("location").getJsonNumber("lon").doubleValue());
        String created = report.getString("createdAt");
        assertTrue(created.endsWith("Z"), "UTC instant: " + created);
        Instant createdAt = Instant.parse(created);
        assertTrue(createdAt.isAfter(before) && createdAt.isBefore(Instant.now().plusSeconds(5)), created);
    }

    @Test
    void readingAReportReturnsWhatWasStoredWithAnEtag() {
        JsonObject created = createReport("Broken bench", "road");

        HttpResponse<String> response = get("/api/v1/reports/" + created.getString("id"));

        assertEquals(200, response.statusCode());
        // A read adds the areas the report was routed to (docs/areas.md); creation's answer has none.
        JsonObject read = json(response);
        assertEquals(created, Json.createObjectBuilder(read).remove("areas").build());
        read.getJsonArray("areas");
        String etag = response.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> again = send(request("/api/v1/reports/" + created.getString("id"))
                .header("If-None-Match", etag).GET().build());
        assertEquals(304, again.statusCode());
    }

    @Test
    void listFiltersByStatusAndCategory() {
        JsonObject lamp = createReport("Dark street light " + UUID.randomUUID(), "lighting");

        JsonObject page = json(get("/api/v1/reports?status=open&category=lighting&limit=100"));

        List<String> ids = ids(page);
        assertTrue(ids.contains(lamp.getString("id")));
        // A category includes its sub-categories (streetlight-out, lamp-post-damaged...).
        List<String> lighting = json(get("/api/v1/categories")).getJsonArray("items").stream()
                .map(JsonValue::asJsonObject).filter(c -> c.getString("code").equals("lighting")).findFirst()
                .orElseThrow().getJsonArray("subcategories").stream().map(c -> c.asJsonObject().getString("code"))
                .collect(java.util.stream.Collectors.toList());
        for (JsonValue item : page.getJsonArray("items")) {
            String category = item.asJsonObject().getString("category");
            assertTrue(category.equals("lighting") || lighting.contains(category), category);
            assertEquals("open", item.asJsonObject().getString("status"));
        }
        JsonObject resolved = json(get("/api/v1/reports?status=resolved&category=lighting"));
        assertFalse(ids(resolved).contains(lamp.getString("id")));
    }

    @Test
    void cursorPagesAreStableWhileReportsAreAdded() {
        // "accessibility" is used by no other test, so this test owns the whole list.
        List<String> createdOldestFirst = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            createdOldestFirst.add(createReport("Kerb too high " + i, "accessibility").getString("id"));
        }
        String query = "/api/v1/reports?category=accessibility&limit=2";

        HttpResponse<String> first = get(query);
        JsonObject page1 = json(first);
        assertEquals(List.of(createdOldestFirst.get(4), createdOldestFirst.get(3)), ids(page1));
        String next = page1.getString("next");
        assertTrue(first.headers().firstValue("Link").orElseThrow().contains("rel=\"next\""));

        // Reports arriving between two page reads must neither repeat nor push items across pages.
        createReport("Ramp blocked", "accessibility");
        createReport("Lift out of order", "accessibility");

        JsonObject page2 = json(get(query + "&cursor=" + URLEncoder.encode(next, StandardCharsets.UTF_8)));
        assertEquals(List.of(createdOldestFirst.get(2), createdOldestFirst.get(1)), ids(page2));
        JsonObject page3 = json(get(query + "&cursor=" + URLEncoder.encode(page2.getString("next"), StandardCharsets.UTF_8)));
        assertEquals(List.of(createdOldestFirst.get(0)), ids(page3));
        assertEquals(JsonValue.NULL, page3.get("next"));
    }

    @Test
    void categoriesListTheDefaultsWithNames() {
        HttpResponse<String> response = get("/api/v1/categories");

        assertEquals(200, response.statusCode());
        List<String> codes = new ArrayList<>();
        for (JsonValue item : json(response).getJsonArray("items")) {
            codes.add(item.asJsonObject().getString("code"));
            assertFalse(item.asJsonObject().getString("name").isBlank());
        }
        // The eight built-in ones in their order, then the test city's pack from plugins/ (PluginsIT).
        assertEquals(List.of("road", "lighting", "electricity", "water", "waste", "safety", "accessibility", "other",
                "snow"), codes);
    }

    @Test
    void optionalPositionDetailsAreKept() {
        HttpResponse<String> response = postJson("/api/v1/reports", "{\"title\":\"Leak\",\"category\":\"water\","
                + "\"location\":{\"lat\":-33.86,\"lon\":151.21,\"accuracy\":12.5,\"address\":\"1 Macquarie St\"}}");

        assertEquals(201, response.statusCode(), response.body());
        JsonObject location = json(get("/api/v1/reports/" + json(response).getString("id"))).getJsonObject("location");
        assertEquals(12.5, location.getJsonNumber("accuracy").doubleValue());
        assertEquals("1 Macquarie St", location.getString("address"));
    }

    private static List<String> ids(JsonObject page) {
        List<String> ids = new ArrayList<>();
        for (JsonValue item : page.getJsonArray("items")) {
            ids.add(item.asJsonObject().getString("id"));
        }
        return ids;
    }
}
