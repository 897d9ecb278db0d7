package org.fixmyquarter.it;

import static org.fixmyquarter.it.support.Api.get;
import static org.fixmyquarter.it.support.Api.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.junit.jupiter.api.Test;

/**
 * What operators and client developers rely on besides the API itself: the OpenAPI document, its
 * UI, and the health checks.
 */
class PlatformEndpointsIT {

    @Test
    void openApiDocumentDescribesTheReportsApi() {
        HttpResponse<String> response = get("/openapi");

        assertEquals(200, response.statusCode());
        String document = response.body();
        assertTrue(document.contains("/api/v1/reports/{id}/status"), document);
        assertTrue(document.contains("/api/v1/categories"), document);
        assertTrue(document.contains("application/problem+json"), document);
    }

    @Test
    void swaggerUiIsServed() {
        HttpResponse<String> response = get("/openapi/ui/");

        assertEquals(200, response.statusCode());
        assertTrue(response.body().toLowerCase().contains("<html"), response.body());
    }

    @Test
    void readinessChecksTheDatabase() {
        HttpResponse<String> response = get("/health/ready");

        assertEquals(200, response.statusCode(), response.body());
        JsonObject health = json(response);
        assertEquals("UP", health.getString("status"));
        JsonObject database = health.getJsonArray("checks").stream().map(JsonValue::asJsonObject)
                .filter(c -> c.getString("name").equals("database")).findFirst().orElseThrow();
        assertEquals("UP", database.getString("status"));
        String expected = "postgresql".equals(System.getProperty("fmq.it.database")) ? "PostgreSQL" : "H2";
        assertEquals(expected, database.getJsonObject("data").getString("product"));
        // The newest migration, V27__report_geometry.sql: raise this with every new migration.
        assertEquals("32", database.getJsonObject("data").getString("schemaVersion"));
    }

    @Test
    void livenessAnswers() {
        HttpResponse<String> response = get("/health/live");

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("UP", json(response).getString("status"));
    }
}
