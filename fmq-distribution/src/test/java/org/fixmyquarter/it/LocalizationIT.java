package org.fixmyquarter.it;

import static org.fixmyquarter.it.support.Api.json;
import static org.fixmyquarter.it.support.Api.request;
import static org.fixmyquarter.it.support.Api.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Pattern;

import jakarta.json.JsonObject;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The API answers in the reader's language, picked from Accept-Language with its quality values,
 * falling back to the deployment's default (English): category names, problem titles and details.
 */
class LocalizationIT {

    private static final Pattern ARABIC = Pattern.compile("\\p{IsArabic}");

    private static HttpResponse<String> getIn(String path, String acceptLanguage) {
        return send(request(path).header("Accept-Language", acceptLanguage).GET().build());
    }

    private static JsonObject category(JsonObject list, String code) {
        for (var item : list.getJsonArray("items")) {
            JsonObject top = item.asJsonObject();
            if (top.getString("code").equals(code)) {
                return top;
            }
            for (var child : top.getJsonArray("subcategories")) {
                if (child.asJsonObject().getString("code").equals(code)) {
                    return child.asJsonObject();
                }
            }
        }
        throw new AssertionError(code + " not in " + list);
    }

    @Test
    void categoriesInFrench() {
        HttpResponse<String> response = getIn("/api/v1/categories", "fr");

        assertEquals(200, response.statusCode());
        assertEquals("fr", response.headers().firstValue("Content-Language").orElse(null));
        JsonObject list = json(response);
        assertEquals("Voirie et trottoirs", category(list, "road").getString("name"));
        assertEquals("Nid-de-poule", category(list, "pothole").getString("name"));
        assertEquals("pothole", category(list, "pothole").getString("icon"));
        assertEquals("Éclairage public", category(list, "lighting").getString("name"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "de;q=0.5, fr;q=0.9, *;q=0.1 | fr",
            "pt-BR                       | pt",
            "fr-CA, en;q=0.8             | fr",
            "xx, ar;q=0.2                | ar",
            "zz                          | en",
            "es;q=0, de                  | de",
            "not a ; valid = header      | en"})
    void theLanguageFollowsQualityValuesAndFallsBackToTheDefault(String header, String expected) {
        HttpResponse<String> response = getIn("/api/v1/categories", header);

        assertEquals(200, response.statusCode(), response.body());
        assertEquals(expected, response.headers().firstValue("Content-Language").orElse(null), header);
    }

    @Test
    void anInvalidReportGetsAnArabicProblem() {
        HttpResponse<String> response = send(request("/api/v1/reports")
                .header("Content-Type", "application/json").header("Accept-Language", "ar")
                .POST(HttpRequest.BodyPublishers.ofString("{\"category\":\"road\",\"location\":{\"lat\":1,\"lon\":2}}"))
                .build());

        assertEquals(400, response.statusCode());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
        assertEquals("ar", response.headers().firstValue("Content-Language").orElse(null));
        JsonObject problem = json(response);
        assertEquals("urn:fixmyquarter:problem:validation", problem.getString("type"), "the type never changes");
        assertEquals("طلب غير صالح", problem.getString("title"));
        String detail = problem.getString("detail");
        assertTrue(ARABIC.matcher(detail).find() && detail.contains("title"), detail);
        String message = problem.getJsonArray("errors").getJsonObject(0).getString("message");
        assertEquals("مطلوب", message);
    }

    @Test
    void everyProblemIsTranslatedWithoutRawKeys() {
        for (String language : new String[] {"fr", "es", "de", "ar", "pt", "en"}) {
            HttpResponse<String> response = send(request("/api/v1/reports/no-such-report")
                    .header("Accept-Language", language).GET().build());
            assertEquals(404, response.statusCode());
            JsonObject problem = json(response);
            assertFalse(problem.getString("detail").contains("problem."), problem.toString());
            assertTrue(problem.getString("detail").contains("no-such-report"), problem.toString());
            assertEquals(language, response.headers().firstValue("Content-Language").orElse(null));
        }
    }

    @Test
    void languagesListsSixWithArabicRightToLeft() {
        JsonObject languages = json(send(request("/api/v1/languages").GET().build()));

        assertEquals("en", languages.getString("default"));
        assertEquals(6, languages.getJsonArray("items").size(), languages.toString());
        for (var item : languages.getJsonArray("items")) {
            JsonObject language = item.asJsonObject();
            assertEquals(language.getString("tag").equals("ar"), language.getBoolean("rtl"), language.toString());
        }
    }
}
