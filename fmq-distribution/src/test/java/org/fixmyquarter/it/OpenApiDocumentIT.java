package org.fixmyquarter.it;

import static org.fixmyquarter.it.support.Api.json;
import static org.fixmyquarter.it.support.Api.request;
import static org.fixmyquarter.it.support.Api.send;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document the build makes (from which the Java client of {@code ClientStoryIT} is
 * generated) is the one the server serves: the same operations with the same ids, request and
 * response schemas and security. A client generated from either works the same.
 */
class OpenApiDocumentIT {

    private static final Path BUILT = Path.of(System.getProperty("fmq.it.openapi-document",
            "target/openapi/fmq-api-openapi.json"));

    @Test
    void theBuiltDocumentIsTheServedOne() throws IOException {
        JsonObject served = json(send(request("/openapi").header("Accept", "application/json").GET().build()));
        JsonObject built;
        try (Reader reader = Files.newBufferedReader(BUILT, StandardCharsets.UTF_8)) {
            built = Json.createReader(reader).readObject();
        }
        assertEquals(operations(built), operations(served), "operations, ids, bodies and security");
        assertEquals(built.getOrDefault("components", JsonValue.EMPTY_JSON_OBJECT),
                served.getOrDefault("components", JsonValue.EMPTY_JSON_OBJECT), "components");
    }

    /** Each operation ("METHOD path") with what a client is generated from. */
    private static Map<String, String> operations(JsonObject document) {
        Map<String, String> operations = new TreeMap<>();
        document.getJsonObject("paths").forEach((path, item) -> item.asJsonObject().forEach((method, value) -> {
            if (Set.of("get", "post", "put", "patch", "delete").contains(method)) {
                JsonObject operation = value.asJsonObject();
                operations.put(method.toUpperCase() + " " + path, String.join(" | ",
                        operation.getString("operationId", "-"),
                        String.valueOf(operation.get("parameters")),
                        String.valueOf(operation.get("requestBody")),
                        String.valueOf(operation.get("responses")),
                        String.valueOf(operation.get("security"))));
            }
        }));
        return operations;
    }
}
