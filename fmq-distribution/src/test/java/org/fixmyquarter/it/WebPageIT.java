package org.fixmyquarter.it;

import static org.fixmyquarter.it.ProblemResponsesIT.problem;
import static org.fixmyquarter.it.SearchIT.create;
import static org.fixmyquarter.it.SearchIT.field;
import static org.fixmyquarter.it.support.Api.get;
import static org.fixmyquarter.it.support.Api.json;
import static org.fixmyquarter.it.support.Api.postJson;
import static org.fixmyquarter.it.support.Api.request;
import static org.fixmyquarter.it.support.Api.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.fixmyquarter.it.support.People;
import org.fixmyquarter.it.support.People.Person;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the web page asks the server for, as a browser would: the deployment's settings, its texts
 * in the reader's language, the map's clusters, the page's headers, and the map library's files.
 * The clusters work around a random point of their own, so earlier runs' reports never count.
 */
class WebPageIT {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final double LAT = -50 + RANDOM.nextDouble() * 100;
    private static final double LON = -150 + RANDOM.nextDouble() * 300;
    private static final String LEAFLET = "/webjars/leaflet/1.9.4/dist/leaflet.js";

    private static Person moderator;
    private static String alone;
    private static String hidden;

    @BeforeAll
    static void reports() {
        moderator = People.staff("Mona Map", "moderator");
        for (int i = 0; i < 3; i++) {
            create("Broken paving " + i, "road", LAT + i * 0.0001, LON);
        }
        alone = create("Leak at the fountain", "road", LAT, LON + 0.03);
        hidden = create("Rude words", "road", LAT, LON - 0.03);
        HttpResponse<String> hide = postJson("/api/v1/moderation/reports/" + hidden + "/hide",
                "{\"reason\":\"Abuse\"}", moderator.token());
        assertEquals(200, hide.statusCode(), hide.body());
    }

    @Test
    void theSiteSaysWhereTheMapStartsWhatItDrawsAndTheFormsLimits() {
        HttpResponse<String> response = get("/api/v1/site");
        assertEquals(200, response.statusCode(), response.body());
        JsonObject site = json(response);
        assertEquals("FixMyQuarter", site.getString("name"));
        ZoneId.of(site.getString("timeZone"));
        assertEquals("en", site.getString("defaultLanguage"));
        JsonObject map = site.getJsonObject("map");
        assertEquals(48.8566, map.getJsonObject("centre").getJsonNumber("lat").doubleValue());
        assertEquals(13, map.getInt("zoom"));
        assertEquals("https://tile.openstreetmap.org/{z}/{x}/{y}.png", map.getJsonObject("tiles").getString("url"));
        assertEquals("© OpenStreetMap contributors", map.getJsonObject("tiles").getString("attribution"));
        assertEquals(200, site.getJsonObject("reports").getInt("titleMaxLength"),
                "the longest title the server accepts, so the form can say so before sending");
        assertTrue(site.getJsonObject("photos").getInt("perReport") >= 1);
        assertEquals("public, max-age=300", response.headers().firstValue("Cache-Control").orElse(""));

        String etag = response.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> again = send(request("/api/v1/site").header("If-None-Match", etag).GET().build());
        assertEquals(304, again.statusCode(), "a page that reloads gets nothing new");
        assertEquals("", again.body());
    }

    @Test
    void theTextsComeInTheBestMatchingLanguageWithItsDirection() {
        HttpResponse<String> arabic = get("/api/v1/languages/ar/texts");
        assertEquals(200, arabic.statusCode(), arabic.body());
        JsonObject ar = json(arabic);
        assertEquals("ar", ar.getString("tag"));
        assertTrue(ar.getBoolean("rtl"));
        assertEquals("الخريطة", ar.getJsonObject("texts").getString("ui.nav.map"));
        assertTrue(ar.getJsonObject("texts").keySet().stream().allMatch(k -> k.startsWith("ui.")),
                "only the page's texts, not the problem messages");
        assertEquals("ar", arabic.headers().firstValue("Content-Language").orElse(""));
        assertTrue(arabic.headers().firstValue("ETag").isPresent());

        JsonObject canadianFrench = json(get("/api/v1/languages/fr-CA/texts"));
        assertEquals("fr", canadianFrench.getString("tag"));
        assertFalse(canadianFrench.getBoolean("rtl"));
        assertEquals("Carte", canadianFrench.getJsonObject("texts").getString("ui.nav.map"));
        for (String unknown : List.of("tlh", "not!a-tag", "*")) {
            HttpResponse<String> response = get("/api/v1/languages/" + unknown + "/texts");
            assertEquals(200, response.statusCode(), unknown + ": " + response.body());
            assertEquals("en", json(response).getString("tag"), unknown + ": the deployment's language");
            assertEquals("Map", json(response).getJsonObject("texts").getString("ui.nav.map"));
        }
    }

    @Test
    void theMapGetsClustersWithTheListsRulesOfWhoSeesWhat() {
        String bbox = (LON - 0.05) + "," + (LAT - 0.05) + "," + (LON + 0.05) + "," + (LAT + 0.05);
        HttpResponse<String> response = send(request("/api/v1/reports/clusters?zoom=13&bbox=" + bbox)
                .header("Accept", "application/geo+json").GET().build());
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/geo+json"));
        List<JsonObject> features = features(json(response));
        assertEquals(List.of(1, 3), features.stream().map(f -> f.getJsonObject("properties").getInt("count")).sorted()
                .collect(Collectors.toList()), "the three close reports together, the leak alone, the hidden one not");
        JsonObject single = features.stream().filter(f -> f.getJsonObject("properties").getInt("count") == 1)
                .findFirst().orElseThrow();
        assertEquals(alone, single.getJsonObject("properties").getString("id"));
        assertEquals("Leak at the fountain", single.getJsonObject("properties").getString("title"));
        assertEquals("open", single.getJsonObject("properties").getString("status"));
        assertEquals(LON + 0.03, single.getJsonObject("geometry").getJsonArray("coordinates").getJsonNumber(0)
                .doubleValue(), 1e-9, "longitude first");

        List<JsonObject> staffView = features(json(get("/api/v1/reports/clusters?zoom=13&bbox=" + bbox,
                moderator.token())));
        assertEquals(5, staffView.stream().mapToInt(f -> f.getJsonObject("properties").getInt("count")).sum(),
                "staff see the hidden report, as in the list");
        assertEquals(List.of(1), features(json(get("/api/v1/reports/clusters?zoom=13&bbox=" + bbox + "&q=fountain")))
                .stream().map(f -> f.getJsonObject("properties").getInt("count")).collect(Collectors.toList()));
        assertEquals(List.of(), features(json(get("/api/v1/reports/clusters?zoom=13&status=resolved&bbox=" + bbox))));
    }

    @Test
    void aMapRequestThatCannotBeRightIsRefusedNamingWhy() {
        assertEquals("zoom", field(get("/api/v1/reports/clusters?bbox=2.3,48.8,2.4,48.9")));
        assertEquals("zoom", field(get("/api/v1/reports/clusters?bbox=2.3,48.8,2.4,48.9&zoom=23")));
        assertEquals("zoom", field(get("/api/v1/reports/clusters?bbox=2.3,48.8,2.4,48.9&zoom=high")));
        assertEquals("bbox", field(get("/api/v1/reports/clusters?zoom=3")));
        assertEquals("bbox", field(get("/api/v1/reports/clusters?zoom=3&bbox=west,south,east,north")));
        HttpResponse<String> tooMany = send(request("/api/v1/reports/clusters?zoom=18&bbox=-5,42,8,51")
                .header("Accept-Language", "fr").GET().build());
        JsonObject problem = problem(tooMany, 400);
        assertEquals("bbox", problem.getJsonArray("errors").getJsonObject(0).getString("field"));
        assertTrue(problem.getString("detail").contains("cellules"), problem.toString());
        assertEquals("category", field(get("/api/v1/reports/clusters?zoom=3&bbox=2.3,48.8,2.4,48.9&category=nope")));
    }

    @Test
    void apiAnswersAndThePagesFilesCarryThePagesSecurityHeaders() {
        HttpResponse<String> api = get("/api/v1/site");
        assertEquals("default-src 'none'; frame-ancestors 'none'",
                api.headers().firstValue("Content-Security-Policy").orElse(""));
        assertEquals("strict-origin-when-cross-origin", api.headers().firstValue("Referrer-Policy").orElse(""));
        assertEquals("DENY", api.headers().firstValue("X-Frame-Options").orElse(""));

        HttpResponse<String> leaflet = get(LEAFLET);
        assertEquals(200, leaflet.statusCode());
        assertTrue(leaflet.body().contains("Leaflet"), "the map library itself");
        String policy = leaflet.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(policy.startsWith("default-src 'self'; script-src 'self'; style-src 'self'; "
                + "img-src 'self' data: blob: https://tile.openstreetmap.org"), policy);
        assertFalse(policy.contains("unsafe-inline"), policy);
        assertEquals("geolocation=(self), camera=(self), microphone=()",
                leaflet.headers().firstValue("Permissions-Policy").orElse(""));
        assertEquals("public, max-age=31536000, immutable", leaflet.headers().firstValue("Cache-Control").orElse(""),
                "its address names its version");
        assertEquals("strict-origin-when-cross-origin", leaflet.headers().firstValue("Referrer-Policy").orElse(""));
    }

    @Test
    void thePagesOwnAddressesAnswerThePageWithItsPolicy() {
        HttpResponse<String> root = get("/");
        assertEquals(200, root.statusCode());
        assertTrue(root.body().contains("<script type=\"module\" src=\"/app/main.js\">"), "the page at the root");
        // The addresses mails link to (AccountEmails), and the views a reload or a bookmark opens.
        for (String path : List.of("/reports/any-id", "/account/verify-email", "/account/reset-password",
                "/account/sign-in", "/new", "/signin", "/register", "/notifications", "/following", "/staff/triage")) {
            HttpResponse<String> page = get(path);
            assertEquals(200, page.statusCode(), path);
            assertEquals(root.body(), page.body(), path + " answers the page");
            assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), path);
            assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").startsWith("default-src 'self'"),
                    path + " carries the page's policy");
        }
        HttpResponse<String> posted = send(request("/reports/any-id").POST(HttpRequest.BodyPublishers.ofString("x"))
                .build());
        assertEquals(405, posted.statusCode(), "a page takes no posts");
        assertEquals(404, get("/no-such-page").statusCode());
    }

    @Test
    void aBrowserLoadsTheMapLibraryGzippedAndRevalidatesIt() throws Exception {
        HttpResponse<byte[]> gzipped = HttpClient.newHttpClient().send(request(LEAFLET)
                        .header("Accept-Encoding", "gzip, deflate, br").header("Accept", "*/*")
                        .header("Accept-Language", "en-GB,en;q=0.9").GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, gzipped.statusCode());
        assertEquals("gzip", gzipped.headers().firstValue("Content-Encoding").orElse(""));
        assertTrue(gzipped.body().length < 147_552 / 2, gzipped.body().length + " bytes");

        HttpResponse<String> plain = get(LEAFLET);
        String validator = plain.headers().firstValue("ETag").orElse(null);
        HttpResponse<String> again = send(validator != null
                ? request(LEAFLET).header("If-None-Match", validator).GET().build()
                : request(LEAFLET).header("If-Modified-Since", plain.headers().firstValue("Last-Modified").orElseThrow())
                        .GET().build());
        assertEquals(304, again.statusCode(), "a file the browser holds is not sent again");
    }

    @Test
    void theServiceWorkerKeepsEachReleasesShellInACacheOfItsOwn() {
        HttpResponse<String> worker = get("/sw.js");
        assertEquals(200, worker.statusCode());
        assertEquals("no-cache", worker.headers().firstValue("Cache-Control").orElse(""),
                "a browser asks for a new worker at every visit");
        java.util.regex.Matcher cache = java.util.regex.Pattern.compile("const SHELL_CACHE = 'fmq-shell-([^']+)'")
                .matcher(worker.body());
        assertTrue(cache.find(), "the shell's cache name");
        // Named after the version and the moment of the build: a new release installs a new worker,
        // which caches the new shell whole and drops the old one.
        assertTrue(cache.group(1).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?-\\d{14}"), cache.group(1));
        assertTrue(worker.body().contains("`${LEAFLET}leaflet.js`"), "the worker's own templates, left alone");
    }

    private static List<JsonObject> features(JsonObject collection) {
        assertEquals("FeatureCollection", collection.getString("type"));
        return collection.getJsonArray("features").stream().map(JsonValue::asJsonObject).collect(Collectors.toList());
    }
}
