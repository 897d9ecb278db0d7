package org.fixmyquarter.it.web;

import static org.fixmyquarter.it.support.Api.get;
import static org.fixmyquarter.it.support.Api.json;
import static org.fixmyquarter.it.support.Api.postJson;
import static org.fixmyquarter.it.support.Browsers.awaitView;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import jakarta.json.JsonObject;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.FilePayload;
import com.microsoft.playwright.options.WaitForSelectorState;

import org.fixmyquarter.imaging.TestImages;
import org.fixmyquarter.it.support.Api;
import org.fixmyquarter.it.support.Browsers;
import org.fixmyquarter.it.support.Browsers.Viewport;
import org.fixmyquarter.it.support.People;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The web page as a citizen uses it, in Debian's chromium against the shipped jar: the map and
 * the list at the root URL, word search, a report's page, a report written on a phone and sent
 * through a network that drops, and the page in Arabic. Every page it visits is checked with
 * axe-core and must log no error (the Content-Security-Policy's refusals are errors), and is
 * kept as a screenshot in {@code target/screenshots}.
 */
// The browser tests run in the it-jar pass only (the failsafe configuration names them there).
@EnabledIfSystemProperty(named = "fmq.it.jar", matches = ".+")
class CitizenPageIT {

    /** Where the deployment's map is centred by default ({@code fmq.map.centre}). */
    private static final double LAT = 48.8566;
    private static final double LON = 2.3522;

    private static String word;
    private static String storyWord;
    private static String xssTitle;
    private static String plainTitle;
    private static String plainId;

    @BeforeAll
    static void reportsNearTheCentre() {
        // One word no other report of the run has, so the search finds these among the others.
        word = "Quokka" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        storyWord = "Wombat" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        xssTitle = "<img src=x onerror=alert(1)> " + word;
        plainTitle = "Broken swing " + word;
        People.Person author = People.citizen("Ines", null, "en");
        for (String title : List.of(xssTitle, plainTitle)) {
            String body = Api.report(title, "pothole", LAT + 0.001, LON + 0.001);
            HttpResponse<String> created = postJson("/api/v1/reports", body, author.token());
            assertEquals(201, created.statusCode(), title);
            plainId = json(created).getString("id");
        }
    }

    @ParameterizedTest
    @EnumSource(Viewport.class)
    void aVisitorFindsReportsByWordsAndReadsOneWhoseTitleIsShownAsText(Viewport viewport) {
        try (BrowserContext context = Browsers.context(viewport, "en")) {
            Page page = context.newPage();
            List<String> errors = Browsers.consoleErrors(page);
            List<String> dialogs = Collections.synchronizedList(new ArrayList<>());
            page.onDialog(dialog -> {
                dialogs.add(dialog.message());
                dialog.dismiss();
            });
            page.navigate("/");
            awaitView(page, "map");
            String name = viewport.name().toLowerCase();
            Browsers.screenshot(page, "map-" + name);
            Browsers.assertAccessible(page, "the map view on a " + name);

            search(page, word);
            List<String> titles = page.locator("#report-list a.report-link").allTextContents();
            assertEquals(List.of(xssTitle, plainTitle).stream().sorted().toList(), titles.stream().sorted().toList(),
                    "the list of reports with the word");
            Browsers.screenshot(page, "list-" + name);

            page.locator("#report-list a.report-link", new Page.LocatorOptions().setHasText(xssTitle)).click();
            awaitView(page, "report");
            assertEquals(xssTitle, page.locator("main h1").textContent(), "the title, as text");
            assertEquals(0, page.locator("main img[src='x']").count(), "no element made of the title");
            assertEquals("open", page.locator("#report-status").getAttribute("class").replaceAll(".*status-", ""));
            Browsers.screenshot(page, "report-" + name);
            Browsers.assertAccessible(page, "a report's page on a " + name);
            assertEquals(List.of(), dialogs, "no script of the title ran");
            assertEquals(List.of(), errors, "errors in the browser's console");
        }
    }

    @Test
    void inArabicThePageRunsRightToLeftWithTheLanguagePacksTexts() {
        JsonObject texts = json(get("/api/v1/languages/ar/texts")).getJsonObject("texts");
        try (BrowserContext context = Browsers.context(Viewport.PHONE, "ar")) {
            Page page = context.newPage();
            List<String> errors = Browsers.consoleErrors(page);
            page.navigate("/");
            awaitView(page, "map");
            assertEquals("rtl", page.locator("html").getAttribute("dir"));
            assertEquals("ar", page.locator("html").getAttribute("lang"));
            assertEquals(texts.getString("ui.nav.map"), page.locator("#site-nav a").first().textContent().strip(),
                    "the navigation in Arabic, from the Arabic pack");
            Browsers.screenshot(page, "map-phone-ar");
            Browsers.assertAccessible(page, "the map view in Arabic");
            assertEquals(List.of(), errors, "errors in the browser's console");
        }
    }

    /**
     * A neighbour creates an account on the page, follows a report from its address (as a mailed
     * link would open it), reads the news of its status change among the notifications, and
     * follows the area around the map's centre.
     */
    @Test
    void aNeighbourRegistersFollowsAReportAndReadsItsNews() {
        String email = "yara-" + UUID.randomUUID() + "@example.org";
        try (BrowserContext context = Browsers.context(Viewport.PHONE, "en")) {
            Page page = context.newPage();
            List<String> errors = Browsers.consoleErrors(page);
            page.navigate("/register");
            awaitView(page, "register");
            page.locator("#register-name").fill("Yara");
            page.locator("#register-email").fill(email);
            page.locator("#register-password").fill(People.PASSWORD);
            Browsers.assertAccessible(page, "the registration form");
            page.locator("#register-submit").click();
            awaitView(page, "map");

            // A link pasted with a slash at its end still opens the report, under its own address.
            page.navigate("/reports/" + plainId + "/");
            awaitView(page, "report");
            assertEquals(plainTitle, page.locator("main h1").textContent());
            assertTrue(page.url().endsWith("/reports/" + plainId), page.url());
            page.locator("#follow-button").click();
            page.locator("#follow-button[aria-pressed='true']").waitFor();
            page.locator("#vote-button").click();
            page.locator("#vote-button[aria-pressed='true']").waitFor();
            // Coming back later, the page shows this reader's support and following as they are.
            page.reload();
            awaitView(page, "report");
            page.locator("#vote-button[aria-pressed='true']").waitFor();
            page.locator("#follow-button[aria-pressed='true']").waitFor();

            People.Person operator = People.staff("Oscar", "operator");
            assertEquals(200, postJson("/api/v1/reports/" + plainId + "/status",
                    "{\"status\":\"in_progress\",\"reason\":\"Swing ordered\"}", operator.token()).statusCode());
            String token = Api.login(email, People.PASSWORD);
            Api.await(Duration.ofSeconds(60), () -> json(get("/api/v1/me/notifications", token))
                    .getJsonArray("items").size() > 0, () -> "the news of the status change");
            page.navigate("/notifications");
            awaitView(page, "notifications");
            page.locator("#notification-list li.unread").first().waitFor();
            Browsers.screenshot(page, "notifications-phone");
            Browsers.assertAccessible(page, "the notifications");
            page.locator("#read-all").click();
            page.locator("#notification-list li.unread").first().waitFor(new com.microsoft.playwright.Locator
                    .WaitForOptions().setState(WaitForSelectorState.DETACHED));
            assertTrue(json(get("/api/v1/me/notifications", token)).getJsonArray("items").getValuesAs(JsonObject.class)
                    .stream().allMatch(n -> n.getBoolean("read")), "every notification read");

            page.navigate("/following");
            awaitView(page, "following");
            assertTrue(page.locator("#following-reports").textContent().contains(plainTitle), "the followed report");
            page.locator("#area-name").fill("Around the bakery");
            page.locator("#area-submit").click();
            page.locator("#following-areas", new Page.LocatorOptions().setHasText("Around the bakery")).waitFor();
            Browsers.assertAccessible(page, "what one follows");
            assertTrue(json(get("/api/v1/me/following", token)).toString().contains("Around the bakery"),
                    "the area, followed");
            assertEquals(List.of(), errors, "errors in the browser's console");
        }
    }

    @Test
    void withNoTileServerTheMapSaysSoAndTheListStillWorks() {
        try (BrowserContext context = Browsers.context(Viewport.DESKTOP, "en")) {
            Browsers.withoutTiles(context);
            Page page = context.newPage();
            List<String> errors = Browsers.consoleErrors(page);
            page.navigate("/");
            awaitView(page, "map");
            page.locator("#map-note").waitFor();
            assertTrue(page.locator("#map-note").isVisible(), "the map says its background is missing");
            search(page, word);
            assertEquals(2, page.locator("#report-list a.report-link").count(), "the list works without tiles");
            Browsers.screenshot(page, "map-without-tiles");
            assertEquals(List.of(), errors.stream().filter(e -> !e.contains("net::ERR_ADDRESS_UNREACHABLE")).toList(),
                    "errors in the browser's console, but the tiles refused");
        }
    }

    /**
     * A citizen signs in on a phone and reports a pothole with a photo. The first answer is lost
     * on the way back (the server stored the report, the phone saw the connection drop): the
     * page keeps the report and sends it again with the same Idempotency-Key, so exactly one
     * report exists. The second report is written with no network at all: it waits on the
     * phone and goes out, once, when the network comes back.
     */
    @Test
    void aReportSentThroughAFailingNetworkArrivesExactlyOnce() {
        People.Person citizen = People.citizen("Noor", null, "en");
        try (BrowserContext context = Browsers.context(Viewport.PHONE, "en")) {
            context.grantPermissions(List.of("geolocation"));
            context.setGeolocation(new com.microsoft.playwright.options.Geolocation(LAT, LON).setAccuracy(12));
            Page page = context.newPage();
            List<String> errors = Browsers.consoleErrors(page);
            signIn(page, citizen);

            // The answer to the first POST is lost after the server stored the report.
            String lost = "Pothole by the bakery " + storyWord;
            boolean[] dropped = {false};
            page.route("**/api/v1/reports", route -> {
                if ("POST".equals(route.request().method()) && !dropped[0]) {
                    dropped[0] = true;
                    route.fetch();
                    route.abort("connectionreset");
                } else {
                    route.resume();
                }
            });
            writeReport(page, lost, true);
            Browsers.screenshot(page, "new-report-phone");
            page.locator("#new-submit").click();
            page.locator("#outbox li").first().waitFor();
            assertEquals(1, reportsTitled(lost), "the server stored the report whose answer was lost");
            Browsers.screenshot(page, "outbox-phone");
            page.unrouteAll();
            // A page load sends what waits on the phone, with its key: the server answers the
            // stored report.
            page.reload();
            awaitOutboxEmpty(page);
            assertEquals(1, reportsTitled(lost), "one report, though the phone sent it twice");
            JsonObject report = report(lost);
            assertEquals("pothole", report.getString("category"));
            assertEquals(LAT, report.getJsonObject("location").getJsonNumber("lat").doubleValue(), 0.001,
                    "the position from the device");
            Api.await(Duration.ofSeconds(60), () -> json(get("/api/v1/reports/" + report.getString("id") + "/photos"))
                    .getJsonArray("items").size() == 1, () -> "the photo of " + report);

            // No network at all: the report waits on the phone, then goes out once.
            String offline = "Streetlight dark all night " + storyWord;
            page.navigate("/");
            awaitView(page, "map");
            page.locator("#new-report-link").click();
            awaitView(page, "new");
            writeReport(page, offline, false);
            context.setOffline(true);
            page.locator("#new-submit").click();
            page.locator("#outbox li").first().waitFor();
            assertEquals(0, reportsTitled(offline), "nothing reached the server while offline");
            context.setOffline(false);
            Api.await(Duration.ofSeconds(60), () -> reportsTitled(offline) == 1,
                    () -> "the report written offline, sent when the network came back");
            awaitOutboxEmpty(page);
            page.reload();
            awaitView(page, "new");
            assertEquals(0, page.locator("#outbox li").count(), "nothing left to send");
            assertEquals(1, reportsTitled(offline), "sent exactly once");
            assertEquals(List.of(), errors.stream().filter(e -> !e.contains("net::ERR")).toList(),
                    "errors in the browser's console, but the failed requests of this story");
        }
    }

    private static void signIn(Page page, People.Person person) {
        page.navigate("/");
        awaitView(page, "map");
        if (page.locator("#nav-toggle").isVisible()) {
            page.locator("#nav-toggle").click();
        }
        page.locator("#site-nav a[href$='signin']").first().click();
        awaitView(page, "signin");
        page.locator("#signin-email").fill(person.email());
        page.locator("#signin-password").fill(People.PASSWORD);
        page.locator("#signin-submit").click();
        // Signed in, the page goes back where it was: the map.
        awaitView(page, "map");
        page.locator("#new-report-link").click();
        awaitView(page, "new");
    }

    private static void writeReport(Page page, String title, boolean withPhoto) {
        page.locator("#use-my-position").click();
        page.locator("#position-status", new Page.LocatorOptions().setHasText("Your position")).waitFor();
        page.locator("#new-category").selectOption("pothole");
        page.locator("#new-title").fill(title);
        page.locator("#new-description").fill("Seen this morning, about a metre wide.");
        if (withPhoto) {
            page.locator("#new-photos").setInputFiles(new FilePayload("pothole.jpg", "image/jpeg",
                    TestImages.photoLikeJpeg(1600, 1200)));
            page.locator("#new-photo-previews li").first().waitFor();
        }
    }

    private static void search(Page page, String words) {
        if (page.locator("#filter-q").isHidden() && page.locator("#filter-box summary").count() > 0) {
            page.locator("#filter-box summary").click();
        }
        page.locator("#filter-q").fill(words);
        page.locator("#filter-apply").click();
        if (page.locator("#show-list").isVisible()) {
            page.locator("#show-list").click();
        }
        page.waitForFunction("n => document.querySelectorAll('#report-list a.report-link').length === n", 2);
    }

    private static void awaitOutboxEmpty(Page page) {
        page.locator("#outbox li").first().waitFor(new com.microsoft.playwright.Locator.WaitForOptions()
                .setState(WaitForSelectorState.DETACHED).setTimeout(60_000));
    }

    private static int reportsTitled(String title) {
        return (int) json(get("/api/v1/reports?limit=100&q=" + URLEncoder.encode(storyWord, StandardCharsets.UTF_8)))
                .getJsonArray("items").getValuesAs(JsonObject.class).stream()
                .filter(report -> title.equals(report.getString("title"))).count();
    }

    private static JsonObject report(String title) {
        return json(get("/api/v1/reports?limit=100&q=" + URLEncoder.encode(storyWord, StandardCharsets.UTF_8)))
                .getJsonArray("items").getValuesAs(JsonObject.class).stream()
                .filter(report -> title.equals(report.getString("title"))).findFirst().orElseThrow();
    }
}
