package org.fixmyquarter.api.http;

import java.io.StringReader;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import org.fixmyquarter.core.error.ValidationException;

/**
 * Query parameters and bodies of cursor-paged lists, the same for every list of the API.
 */
public final class Paging {

    private Paging() {
    }

    /**
     * @param value the {@code limit} parameter as sent, or {@code null}
     * @param fallback the limit when none is sent
     * @param max the largest limit, named in the error
     * @return the limit, not yet checked against its range (the use case does that)
     * @throws ValidationException naming {@code limit} if it is not a whole number
     */
    public static int limit(String value, int fallback, int max) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw ValidationException.of("limit", "validation.whole-number-range",
                    "must be a whole number between 1 and " + max, 1, max);
        }
    }

    /**
     * @param value a query parameter
     * @return it, or {@code null} when absent or empty
     */
    public static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    /**
     * @param items the page's items
     * @param next  the cursor of the following page, or {@code null}
     * @return {@code {items, next}}
     */
    public static JsonObject page(JsonArrayBuilder items, String next) {
        var body = JsonBody.JSON.createObjectBuilder().add("items", items);
        return (next == null ? body.addNull("next") : body.add("next", next)).build();
    }

    /**
     * @param json JSON text we stored, or {@code null}
     * @return it as a JSON value, or JSON null
     */
    public static JsonValue jsonOrNull(String json) {
        if (json == null) {
            return JsonValue.NULL;
        }
        try (JsonReader reader = JsonBody.JSON.createReader(new StringReader(json))) {
            return reader.readValue();
        }
    }
}
