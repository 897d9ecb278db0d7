package org.fixmyquarter.it.web;

import static org.fixmyquarter.it.support.Api.get;
import static org.fixmyquarter.it.support.Api.json;
import static org.fixmyquarter.it.support.Browsers.awaitView;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.Position;

import org.fixmyquarter.it.support.Browsers;
import org.fixmyquarter.it.support.Browsers.Viewport;
import org.fixmyquarter.it.support.People;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A citizen reports a problem along a stretch of street from the web page's form: chooses "a
 * stretch of street", taps points on the form's map, undoes one, sends, and the report's page
 * draws the line, which the API gives back as a LineString. On the way, the form refuses a zone
 * of one point itself and shows the server's refusal of a bow-tie zone (its reason code) beside
 * the drawing.
 * Checked with axe-core, without errors in the console, kept as screenshots.
 */
// The browser tests run in the it-jar pass only (the failsafe configuration names them there).
@EnabledIfSystemProperty(named = "fmq.it.jar", matches = ".+")
class ShapeReportPageIT {

    @Test
    void aCitizenDrawsAStretchOfStreetAndItsReportShowsTheLine() {
        People.Person citizen = People.citizen("Lin", null, "en");
        String title = "Kerb broken all along " + UUID.randomUUID().toString().substring(0, 8);
        try (BrowserContext context = Browsers.context(Viewport.DESKTOP, "en")) {
            Page page = context.newPage();
            List<String> errors = Browsers.consoleErrors(page);
            Browsers.signIn(page, citizen.email(), People.PASSWORD);
            page.navigate("/new");
            awaitView(page, "new");
            // The choice shows once the map is there, as shapes are drawn on it.
            page.locator("#new-kind").waitFor();
            Locator map = page.locator("#new-map");
            Locator status = page.locator("#shape-status");
            Locator geometryError = page.locator("#new-geometry-error");
            page.locator("#new-category").selectOption("pothole");
            page.locator("#new-title").fill(title);

            // A zone of one point: the form says so itself, nothing is sent.
            page.locator("#new-kind-zone").check();
            tap(map, 0.30, 0.25);
            assertEquals("Points drawn: 1; a zone needs at least 2 more.", status.textContent());
            page.locator("#new-submit").click();
            assertTrue(geometryError.textContent().contains("at least 3 points"), geometryError.textContent());

            // Three more corners, drawn crossed: a bow tie, which the server refuses with its
            // reason, shown beside the drawing (whatever the map's zoom, unlike a size).
            tap(map, 0.60, 0.85);
            tap(map, 0.60, 0.25);
            tap(map, 0.30, 0.85);
            assertEquals("Points on the zone: 4.", status.textContent());
            page.locator("#new-submit").click();
            page.locator("#new-geometry-error", new Page.LocatorOptions().setHasText("self-intersection")).waitFor();
            assertEquals("true", page.locator("#new-kind-point").getAttribute("aria-invalid"),
                    "the choice of point, line or zone is marked as the field in error");

            // A stretch of street instead: cleared, four taps, the last one undone.
            page.locator("#new-kind-line").check();
            page.locator("#shape-clear").click();
            assertEquals("Points drawn: 0; a stretch of street needs at least 2 more.", status.textContent());
            tap(map, 0.40, 0.40);
            tap(map, 0.47, 0.45);
            tap(map, 0.54, 0.42);
            tap(map, 0.70, 0.80);
            assertEquals("Points on the street: 4.", status.textContent());
            page.locator("#shape-undo").click();
            assertEquals("Points on the street: 3.", status.textContent());
            assertEquals(4, map.locator("path.shape-vertex").count() + map.locator("path.shape-draft").count(),
                    "three points and the line between them on the map");
            Browsers.screenshot(page, "new-report-line-desktop");
            Browsers.assertAccessible(page, "the report form with a line drawn");

            page.locator("#new-submit").click();
            awaitView(page, "report");
            assertEquals(title, page.locator("main h1").textContent());
            page.locator("#report-shape-map path.shape").waitFor();
            Browsers.screenshot(page, "report-line-desktop");
            Browsers.assertAccessible(page, "the page of a report along a street");

            String id = page.url().replaceAll(".*/reports/", "").replaceAll("[?#].*", "");
            JsonObject geometry = json(get("/api/v1/reports/" + id)).getJsonObject("geometry");
            assertEquals("LineString", geometry.getString("type"));
            JsonArray coordinates = geometry.getJsonArray("coordinates");
            assertEquals(3, coordinates.size(), coordinates.toString());
            // Drawn around the deployment's centre (fmq.map.centre, Paris), longitude first.
            double lon = coordinates.getJsonArray(0).getJsonNumber(0).doubleValue();
            double lat = coordinates.getJsonArray(0).getJsonNumber(1).doubleValue();
            assertEquals(48.86, lat, 0.05, "latitude of the first point");
            assertEquals(2.35, lon, 0.05, "longitude of the first point");
            assertEquals(List.of(), errors.stream().filter(e -> !e.contains("status of 400")).toList(),
                    "errors in the browser's console, but the refused zone's answer");
        }
    }

    /** A tap on the map at a fraction of its width and height. */
    private static void tap(Locator map, double x, double y) {
        var box = map.boundingBox();
        map.click(new Locator.ClickOptions().setPosition(new Position(box.width * x, box.height * y)));
    }
}
