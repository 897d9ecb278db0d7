package org.fixmyquarter.it.web;

import static org.fixmyquarter.it.support.Api.adminToken;
import static org.fixmyquarter.it.support.Api.json;
import static org.fixmyquarter.it.support.Api.postJson;
import static org.fixmyquarter.it.support.Api.request;
import static org.fixmyquarter.it.support.Api.send;
import static org.fixmyquarter.it.support.Browsers.awaitView;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.SelectOption;

import org.fixmyquarter.it.support.Browsers;
import org.fixmyquarter.it.support.Browsers.Viewport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A body's page: from a report, a visitor follows its responsible body to the body's page, which
 * shows the body's service levels (the report acknowledged, still open) and its queue; on the map
 * page the area's outline is drawn and the list is filtered by the area. The area and the body
 * lie in the South Pacific, where no other browser story looks, and are retired at the end.
 * Checked with axe-core, without errors in the console, kept as screenshots.
 */
// The browser tests run in the it-jar pass only (the failsafe configuration names them there).
@EnabledIfSystemProperty(named = "fmq.it.jar", matches = ".+")
class BodyPageIT {

    @Test
    void aReportLeadsToItsBodysServiceLevelsAndQueueAndTheMapShowsTheArea() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String admin = adminToken();
        HttpResponse<String> imported = postJson("/api/v1/admin/areas", "{\"type\":\"FeatureCollection\",\"features\":"
                + "[{\"type\":\"Feature\",\"properties\":{\"name\":\"Atoll " + suffix + "\",\"timeZone\":\"UTC\"},"
                + "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[-131.02,-41.02],[-130.98,-41.02],"
                + "[-130.98,-40.98],[-131.02,-40.98],[-131.02,-41.02]]]}}]}", admin);
        assertEquals(201, imported.statusCode(), imported.body());
        String area = json(imported).getJsonArray("items").getJsonObject(0).getString("id");
        String body = null;
        try {
            HttpResponse<String> created = postJson("/api/v1/admin/bodies", "{\"name\":\"Atoll roads " + suffix
                    + "\",\"rules\":[{\"category\":\"road\",\"area\":\"" + area + "\"}]}", admin);
            assertEquals(201, created.statusCode(), created.body());
            body = json(created).getString("id");
            String title = "Cracked jetty road " + suffix;
            String report = json(postJson("/api/v1/reports", "{\"title\":\"" + title + "\",\"category\":\"road\","
                    + "\"location\":{\"lat\":-41.0,\"lon\":-131.0}}")).getString("id");
            // Just south of the atoll: on the map, but in no area.
            String outside = json(postJson("/api/v1/reports", "{\"title\":\"Off the atoll " + suffix + "\","
                    + "\"category\":\"road\",\"location\":{\"lat\":-41.025,\"lon\":-131.0}}")).getString("id");
            assertEquals(200, postJson("/api/v1/reports/" + report + "/status",
                    "{\"status\":\"in_progress\",\"reason\":\"Crew on the way\"}", admin).statusCode());

            try (BrowserContext context = Browsers.context(Viewport.DESKTOP, "en")) {
                Page page = context.newPage();
                List<String> errors = Browsers.consoleErrors(page);
                page.navigate("/reports/" + report);
                awaitView(page, "report");
                assertEquals("Atoll roads " + suffix, page.locator("#report-body").textContent());
                page.locator("#report-body").click();
                awaitView(page, "body");
                assertEquals("/bodies/" + body, new java.net.URI(page.url()).getPath());
                assertEquals("Atoll roads " + suffix, page.locator("#body-name").textContent());
                page.locator("#body-service-levels[aria-busy='false'] #body-levels").waitFor();
                String acknowledged = page.locator("#body-levels [data-figure='acknowledge'] [data-window='last30Days']")
                        .textContent();
                assertTrue(acknowledged.endsWith("reports: 1"), acknowledged);
                assertEquals("No reports", page.locator("#body-levels [data-figure='resolve'] [data-window='last30Days']")
                        .textContent());
                assertEquals("1", page.locator("#body-backlog [data-bucket='underOneDay']").textContent());
                assertEquals("1", page.locator("#body-backlog [data-bucket='total']").textContent());
                page.locator("#body-queue li[data-id='" + report + "']").waitFor();
                assertEquals(title, page.locator("#body-queue li[data-id='" + report + "'] a").textContent());
                Browsers.screenshot(page, "body-desktop");
                Browsers.assertAccessible(page, "a body's page");

                // The map over the atoll: its outline, and the list kept to its reports.
                page.evaluate("() => sessionStorage.setItem('fmq.map', JSON.stringify({filters: {},"
                        + " view: {centre: {lat: -41.0, lon: -131.0}, zoom: 13}}))");
                page.navigate("/");
                awaitView(page, "map");
                page.locator("path.area-boundary").first().waitFor();
                page.locator("#filter-area option[value='" + area + "']").waitFor(
                        new Locator.WaitForOptions().setState(com.microsoft.playwright.options.WaitForSelectorState.ATTACHED));
                page.locator("#report-list li[data-id='" + outside + "']").waitFor();
                page.locator("#filter-area").selectOption(new SelectOption().setValue(area));
                page.locator("#filter-apply").click();
                page.locator("#report-list li[data-id='" + outside + "']").waitFor(
                        new Locator.WaitForOptions().setState(com.microsoft.playwright.options.WaitForSelectorState.DETACHED));
                assertEquals(List.of(report), page.locator("#report-list li").all().stream()
                        .map(li -> li.getAttribute("data-id")).toList(), "only the atoll's report");
                Browsers.screenshot(page, "map-area-desktop");
                Browsers.assertAccessible(page, "the map with an area's outline and the area filter");
                assertEquals(List.of(), errors, "errors in the browser's console");
            } catch (java.net.URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        } finally {
            if (body != null) {
                send(request("/api/v1/admin/bodies/" + body).header("Authorization", "Bearer " + admin).DELETE().build());
            }
            send(request("/api/v1/admin/areas/" + area).header("Authorization", "Bearer " + admin).DELETE().build());
        }
    }
}
