package org.fixmyquarter.it.web;

import static org.fixmyquarter.it.support.Api.adminToken;
import static org.fixmyquarter.it.support.Api.json;
import static org.fixmyquarter.it.support.Api.postJson;
import static org.fixmyquarter.it.support.Api.request;
import static org.fixmyquarter.it.support.Api.send;
import static org.fixmyquarter.it.support.Browsers.awaitView;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.json.Json;
import jakarta.json.JsonArray;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;

import org.fixmyquarter.it.support.Browsers;
import org.fixmyquarter.it.support.Browsers.Viewport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A request a city's app posts through Open311 is a report like any other on the web page: a
 * visitor opens it at its address and reads its title, its description, its status and
 * "Anonymous" as its author, and nothing of the contact details the app sent with it. Checked with
 * axe-core, without errors in the console, kept as a screenshot.
 */
// The browser tests run in the it-jar pass only (the failsafe configuration names them there).
@EnabledIfSystemProperty(named = "fmq.it.jar", matches = ".+")
class Open311ReportPageIT {

    @Test
    void aRequestPostedThroughOpen311OpensOnTheWebPage() {
        String word = "Axolotl" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        String key = json(postJson("/api/v1/admin/api-keys", "{\"name\":\"Open311ReportPageIT app\"}", adminToken()))
                .getString("key");
        Map<String, String> form = new LinkedHashMap<>();
        form.put("api_key", key);
        form.put("service_code", "water-leak");
        form.put("lat", "48.8570");
        form.put("long", "2.3530");
        form.put("description", "Water leak by the bakery " + word + "\nIt runs down the pavement.");
        form.put("attribute[severity]", "steady");
        form.put("email", "private-" + word + "@example.org");
        form.put("first_name", "Private" + word);
        form.put("phone", "+33 6 00 00 00 00");
        HttpResponse<String> posted = send(request("/open311/v2/requests.json")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.entrySet().stream()
                        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                        .collect(Collectors.joining("&")))).build());
        assertEquals(201, posted.statusCode(), posted.body());
        JsonArray answer = Json.createReader(new java.io.StringReader(posted.body())).readArray();
        String id = answer.getJsonObject(0).getString("service_request_id");

        try (BrowserContext context = Browsers.context(Viewport.PHONE, "en")) {
            Page page = context.newPage();
            List<String> errors = Browsers.consoleErrors(page);
            page.navigate("/reports/" + id);
            awaitView(page, "report");
            assertEquals("Water leak by the bakery " + word, page.locator("main h1").textContent());
            assertTrue(page.locator("#report-description").textContent().contains("It runs down the pavement."),
                    page.locator("#report-description").textContent());
            assertEquals("open", page.locator("#report-status").getAttribute("class").replaceAll(".*status-", ""));
            assertTrue(page.locator("main").textContent().contains("Anonymous"), "the author, as the public sees it");
            String html = page.content();
            assertFalse(html.contains("private-" + word) || html.contains("Private" + word)
                    || html.contains("+33 6 00 00 00 00"), "contact details on the public page");
            Browsers.screenshot(page, "report-open311-phone");
            Browsers.assertAccessible(page, "a report posted through Open311");
            assertEquals(List.of(), errors, "errors in the browser's console");
        }
    }
}
