package org.fixmyquarter.it.web;

import static org.fixmyquarter.it.support.Api.get;
import static org.fixmyquarter.it.support.Api.json;
import static org.fixmyquarter.it.support.Api.postJson;
import static org.fixmyquarter.it.support.Browsers.awaitView;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.sun.net.httpserver.HttpServer;

import org.fixmyquarter.it.support.Api;
import org.fixmyquarter.it.support.Browsers;
import org.fixmyquarter.it.support.Browsers.Viewport;
import org.fixmyquarter.it.support.People;
import org.fixmyquarter.it.support.Totp;
import org.fixmyquarter.imaging.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The staff consoles as their people use them, in Debian's chromium against the shipped jar, in
 * English on a laptop and in Arabic on a phone: an operator moves several reports at once with
 * one reason and exports the list as CSV, a moderator hides a flagged report, blurs part of a photo and merges a
 * duplicate, an administrator gives a person a role and registers a webhook, then replays what it
 * missed. What
 * each did is read back through the API; every page is checked with axe-core, must log no error,
 * and is kept as a screenshot.
 */
// The browser tests run in the it-jar pass only (the failsafe configuration names them there).
@EnabledIfSystemProperty(named = "fmq.it.jar", matches = ".+")
class StaffConsolesIT {

    @ParameterizedTest
    @CsvSource({"en, DESKTOP", "ar, PHONE"})
    void anOperatorMovesSeveralReportsAtOnceWithOneReason(String language, Viewport viewport) {
        String word = unique("Heron");
        People.Person citizen = People.citizen("Lina", null, language);
        List<String> ids = List.of(report("Overflowing bin " + word, citizen), report("Graffiti on the wall " + word, citizen));
        People.Person operator = People.staff("Omar", "operator");
        try (BrowserContext context = Browsers.context(viewport, language)) {
            Page page = context.newPage();
            List<String> errors = Browsers.consoleErrors(page);
            signIn(page, operator);
            page.navigate("/staff/triage?q=" + word);
            awaitView(page, "triage");
            page.locator("#triage-rows tr").nth(1).waitFor();
            assertEquals(2, page.locator("#triage-rows tr").count(), "the queue of reports with the word");
            page.locator("#triage-select-all").check();
            page.locator("#bulk-kind").selectOption("status");
            page.locator("#bulk-status").selectOption("in_progress");
            page.locator("#bulk-status-reason").fill("Crew booked for Tuesday");
            page.locator("#bulk-apply").click();
            page.locator("#bulk-results li").nth(1).waitFor();
            String name = language + "-" + viewport.name().toLowerCase();
            Browsers.screenshot(page, "triage-" + name);
            Browsers.assertAccessible(page, "the triage console, " + name);
            // The CSV export of the current filter, fetched with the token (never in a URL).
            com.microsoft.playwright.Download download = page.waitForDownload(() -> page.locator("#triage-csv").click());
            String csv = read(download);
            assertTrue(csv.contains("Overflowing bin " + word) && csv.contains("Graffiti on the wall " + word), csv);
            for (String id : ids) {
                assertEquals("in_progress", json(get("/api/v1/reports/" + id)).getString("status"), id);
                JsonObject last = json(get("/api/v1/reports/" + id + "/history")).getJsonArray("items")
                        .getValuesAs(JsonObject.class).stream().reduce((a, b) -> b).orElseThrow();
                assertEquals("Crew booked for Tuesday", last.getString("reason"), "the reason, in the history of " + id);
            }
            assertEquals(List.of(), errors, "errors in the browser's console");
        }
    }

    @ParameterizedTest
    @CsvSource({"en, DESKTOP", "ar, PHONE"})
    void aModeratorHidesAFlaggedReport(String language, Viewport viewport) {
        People.Person citizen = People.citizen("Sami", null, language);
        String id = report("Call me on 06 12 34 56 78 " + unique("Ibis"), citizen);
        People.Person neighbour = People.citizen("Rita", null, null);
        assertEquals(201, postJson("/api/v1/reports/" + id + "/flags", "{\"reason\":\"personal_data\"}",
                neighbour.token()).statusCode());
        People.Person moderator = People.staff("Mona", "moderator");
        try (BrowserContext context = Browsers.context(viewport, language)) {
            Page page = context.newPage();
            List<String> errors = Browsers.consoleErrors(page);
            signIn(page, moderator);
            page.navigate("/staff/moderation");
            awaitView(page, "moderation");
            String key = "r-" + id;
            Locator hide = page.locator("[id='" + key + "-hide']");
            while (hide.count() == 0 && page.locator("#moderation-more").isVisible()) {
                page.locator("#moderation-more").click();
                page.locator("main[aria-busy='false']").waitFor();
            }
            hide.click();
            page.locator("[id='" + key + "-hide-reason']").fill("Shows a phone number");
            String name = language + "-" + viewport.name().toLowerCase();
            Browsers.screenshot(page, "moderation-" + name);
            Browsers.assertAccessible(page, "the moderation queue, " + name);
            page.locator("[id='" + key + "-hide-submit']").click();
            Api.await(java.time.Duration.ofSeconds(30), () -> get("/api/v1/reports/" + id).statusCode() == 404,
                    () -> "the hidden report, still public");
            assertEquals("Shows a phone number", json(get("/api/v1/reports/" + id, moderator.token()))
                    .getJsonObject("hidden").getString("reason"));
            assertEquals(List.of(), errors, "errors in the browser's console");
        }
    }

    /**
     * A flagged duplicate with a photo of a passer-by: the moderator blurs the face, one rectangle
     * drawn with the mouse and one added by numbers (the keyboard's way), then merges the duplicate
     * into the original report.
     */
    @Test
    void aModeratorBlursPartOfAPhotoAndMergesADuplicate() {
        People.Person citizen = People.citizen("Nadia", null, "en");
        String original = report("Broken bench " + unique("Kite"), citizen);
        String duplicate = report("Bench is broken " + unique("Kite"), citizen);
        HttpResponse<String> uploaded = Api.send(Api.request("/api/v1/reports/" + duplicate + "/photos")
                .header("Authorization", "Bearer " + citizen.token()).header("Content-Type", "image/jpeg")
                .POST(HttpRequest.BodyPublishers.ofByteArray(TestImages.photoLikeJpeg(400, 300))).build());
        assertEquals(201, uploaded.statusCode(), uploaded.body());
        String photo = json(uploaded).getString("id");
        String photoPath = "/api/v1/reports/" + duplicate + "/photos/" + photo;
        Api.await(Duration.ofSeconds(90), () -> "ready".equals(json(get(photoPath, citizen.token())).getString("state")),
                () -> "the photo, still being processed");
        assertEquals(201, postJson("/api/v1/reports/" + duplicate + "/flags", "{\"reason\":\"duplicate\",\"duplicateOf\":\"" + original + "\"}",
                People.citizen("Hugo", null, null).token()).statusCode());
        People.Person moderator = People.staff("Malik", "moderator");
        try (BrowserContext context = Browsers.context(Viewport.DESKTOP, "en")) {
            Page page = context.newPage();
            List<String> errors = Browsers.consoleErrors(page);
            signIn(page, moderator);
            page.navigate("/staff/moderation");
            awaitView(page, "moderation");
            // Content nobody else flagged may sit further down: the lookup by id reaches it at once.
            page.locator("#moderation-lookup-id").fill(duplicate);
            page.locator("#moderation-lookup-submit").click();
            String key = "r-" + duplicate;
            Locator card = page.locator("#moderation-looked");
            card.locator("[id='" + key + "-photos']").click();
            card.locator("[id='" + key + "-" + photo + "-redact']").click();
            Locator stage = card.locator(".redact-stage img");
            stage.waitFor();
            page.waitForFunction("img => img.complete && img.naturalWidth > 0", stage.elementHandle());
            com.microsoft.playwright.options.BoundingBox box = stage.boundingBox();
            page.mouse().move(box.x + box.width * 0.1, box.y + box.height * 0.1);
            page.mouse().down();
            page.mouse().move(box.x + box.width * 0.3, box.y + box.height * 0.35, new com.microsoft.playwright.Mouse
                    .MoveOptions().setSteps(5));
            page.mouse().up();
            card.locator("[id='redact-regions-" + photo + "'] li").first().waitFor();
            card.locator("[id='redact-add-" + photo + "']").click();
            card.locator("[id='region-" + photo + "-1-x']").fill("60");
            card.locator("[id='region-" + photo + "-1-x']").press("Tab");
            card.locator("[id='redact-" + photo + "-reason']").fill("A passer-by's face");
            Browsers.screenshot(page, "moderation-redact-en-desktop");
            Browsers.assertAccessible(page, "the photo editor");
            card.locator("[id='redact-" + photo + "-submit']").click();
            Api.await(Duration.ofSeconds(30), () -> json(get(photoPath, moderator.token())).getBoolean("redacted"),
                    () -> "the photo, not blurred");
            JsonObject audit = json(get("/api/v1/admin/audit?target=" + photo, Api.adminToken()));
            JsonObject redacted = audit.getJsonArray("items").getValuesAs(JsonObject.class).stream()
                    .filter(e -> "photo.redacted".equals(e.getString("action"))).findFirst().orElseThrow();
            assertTrue(redacted.toString().contains("A passer-by's face"), redacted.toString());
            assertEquals(2, redactedRegions(redacted), "the drawn and the typed rectangle: " + redacted);

            card.locator("[id='" + key + "-merge']").click();
            card.locator("[id='" + key + "-into']").fill(original);
            card.locator("[id='" + key + "-merge-reason']").fill("Same bench");
            card.locator("[id='" + key + "-merge-submit']").click();
            // A merged duplicate answers 308, naming the original.
            Api.await(Duration.ofSeconds(30), () -> {
                HttpResponse<String> moved = get("/api/v1/reports/" + duplicate, moderator.token());
                return moved.statusCode() == 308 && original.equals(json(moved).getString("mergedInto", ""));
            }, () -> "the duplicate, not merged");
            page.navigate("/reports/" + duplicate);
            awaitView(page, "report");
            page.waitForURL("**/reports/" + original);
            assertEquals(List.of(), errors, "errors in the browser's console");
        }
    }

    @ParameterizedTest
    @CsvSource({"en, DESKTOP", "ar, PHONE"})
    void anAdministratorGivesAPersonARole(String language, Viewport viewport) {
        People.Person person = People.citizen("Tariq", null, null);
        try (BrowserContext context = Browsers.context(viewport, language)) {
            Page page = context.newPage();
            List<String> errors = Browsers.consoleErrors(page);
            Browsers.signIn(page, System.getProperty("fmq.it.admin-email"), System.getProperty("fmq.it.admin-password"));
            page.navigate("/staff/admin?email=" + URLEncoder.encode(person.email(), StandardCharsets.UTF_8));
            awaitView(page, "admin");
            page.locator("[id='manage-" + person.id() + "']").click();
            page.locator("#grant-role").selectOption("moderator");
            page.locator("#grant-submit").click();
            page.locator("#account-roles li").first().waitFor();
            String name = language + "-" + viewport.name().toLowerCase();
            Browsers.screenshot(page, "admin-" + name);
            Browsers.assertAccessible(page, "the administration, " + name);
            JsonObject account = json(get("/api/v1/admin/users/" + person.id(), Api.adminToken()));
            assertTrue(account.getJsonArray("roles").getValuesAs(JsonObject.class).stream()
                    .anyMatch(grant -> "moderator".equals(grant.getString("role"))), account.toString());

            page.navigate("/staff/admin?section=plugins");
            awaitView(page, "admin");
            page.locator("#plugins-table tbody tr").first().waitFor();
            page.navigate("/staff/admin?section=audit&target=" + person.id());
            awaitView(page, "admin");
            page.locator("#audit-list li").first().waitFor();
            Browsers.assertAccessible(page, "the audit log, " + name);
            assertEquals(List.of(), errors, "errors in the browser's console");
        }
    }

    /** One POST the webhook receiver got: its webhook-id, the report it is about, what it answered. */
    private record HookCall(String eventId, String reportId, int answered) {
    }

    /**
     * An administrator registers a webhook to a receiver on loopback (port 9722) that answers
     * {@code 410 Gone}: the first report's delivery dies at once and the server switches the
     * webhook off. On the page: the secret shown once, the dead delivery found by its webhook and
     * state, the webhook switched on, the delivery replayed (the receiver, answering 200 now, gets
     * the same event id again); a second dead one replayed with "every dead one" within a time
     * range; a new secret; the webhook removed after a second press.
     */
    @ParameterizedTest
    @CsvSource({"en, DESKTOP", "ar, PHONE"})
    void anAdministratorRegistersAWebhookAndReplaysWhatItMissed(String language, Viewport viewport) throws IOException {
        List<HookCall> calls = new CopyOnWriteArrayList<>();
        int[] answer = {410};
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 9722), 0);
        receiver.createContext("/hooks/fmq", exchange -> {
            JsonObject event;
            try (InputStream in = exchange.getRequestBody();
                 JsonReader reader = Json.createReader(new StringReader(new String(in.readAllBytes(), StandardCharsets.UTF_8)))) {
                event = reader.readObject();
            }
            int status = answer[0];
            calls.add(new HookCall(exchange.getRequestHeaders().getFirst("webhook-id"),
                    event.getJsonObject("data").getString("reportId", null), status));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
        String admin = Api.adminToken();
        String tag = unique("hook");
        String webhookId = null;
        try (BrowserContext context = Browsers.context(viewport, language)) {
            Page page = context.newPage();
            List<String> errors = Browsers.consoleErrors(page);
            Browsers.signIn(page, System.getProperty("fmq.it.admin-email"), System.getProperty("fmq.it.admin-password"));
            page.navigate("/staff/admin?section=webhooks");
            awaitView(page, "admin");
            page.locator("#webhook-url").fill("http://127.0.0.1:9722/hooks/fmq?tag=" + tag);
            page.locator("#webhook-event-report-created").check();
            page.locator("#webhook-description").fill("StaffConsolesIT " + tag);
            page.locator("#webhook-submit").click();
            String secret = page.locator("#webhook-secret-value").inputValue();
            assertTrue(secret.startsWith("whsec_"), secret);
            Locator row = page.locator("#webhooks-rows tr", new Page.LocatorOptions().setHasText(tag));
            webhookId = row.getAttribute("data-id");
            String path = "/api/v1/admin/webhooks/" + webhookId;
            JsonObject registered = json(get(path, admin));
            assertEquals(List.of("report.created"), registered.getJsonArray("eventTypes").getValuesAs(
                    jakarta.json.JsonString::getString), registered.toString());
            String name = language + "-" + viewport.name().toLowerCase();
            Browsers.screenshot(page, "admin-webhooks-" + name);
            Browsers.assertAccessible(page, "the webhooks with a new secret, " + name);
            // Shown once: gone from the page once kept, and neither the page opened again nor the API shows it.
            page.locator("#webhook-secret-done").click();
            assertEquals(0, page.locator("#webhook-secret-value").count());
            page.navigate("/staff/admin?section=webhooks");
            awaitView(page, "admin");
            row.waitFor();
            assertFalse(page.content().contains(secret), "the secret, shown again");
            assertFalse(get(path, admin).body().contains(secret));

            // The receiver's 410 kills the first delivery at once and switches the webhook off.
            People.Person citizen = People.citizen("Yara", null, language);
            String first = report("Leaking hydrant " + tag, citizen);
            Api.await(WITHIN, () -> !json(get(path, admin)).getBoolean("enabled"), () -> "the webhook, still on: " + calls);
            Api.await(WITHIN, () -> "dead".equals(stateOf(webhookId(path), first, admin)), () -> "the delivery, not dead");
            page.locator("[id='webhook-deliveries-" + webhookId + "']").click();
            awaitView(page, "admin");
            page.locator("#deliveries-state").selectOption("dead");
            page.locator("#deliveries-submit").click();
            Locator dead = page.locator("#deliveries-rows tr[data-subject='" + first + "'][data-state='dead']");
            dead.waitFor();
            assertTrue(dead.textContent().contains("410") && dead.textContent().contains("report.created"), dead.textContent());
            String deliveryId = dead.getAttribute("data-id");
            String eventId = dead.getAttribute("data-event");
            assertEquals(List.of(new HookCall(eventId, first, 410)), calls.stream().filter(c -> first.equals(c.reportId())).toList());
            if ("en".equals(language)) {
                // The pack's "device''s" (MessageFormat), an apostrophe once the server and the page are done with it.
                assertTrue(page.locator("#replay-all-form .hint").textContent().contains("device's time"),
                        page.locator("#replay-all-form .hint").textContent());
            }
            Browsers.screenshot(page, "admin-deliveries-" + name);
            Browsers.assertAccessible(page, "the dead deliveries of a webhook, " + name);

            // Switched on from the page, the receiver back: the replayed event keeps its id.
            page.locator("#admin-tab-webhooks").click();
            awaitView(page, "admin");
            Locator off = page.locator("#webhooks-rows tr[data-id='" + webhookId + "'][data-enabled='false']");
            assertTrue(off.textContent().contains("410"), "the reason it is off: " + off.textContent());
            page.locator("[id='webhook-toggle-" + webhookId + "']").click();
            page.locator("#webhooks-rows tr[data-id='" + webhookId + "'][data-enabled='true']").waitFor();
            answer[0] = 200;
            page.navigate("/staff/admin?section=deliveries&state=dead&target=" + URLEncoder.encode("webhook/" + webhookId,
                    StandardCharsets.UTF_8));
            awaitView(page, "admin");
            page.locator("[id='delivery-replay-" + deliveryId + "']").click();
            page.locator("#deliveries-rows tr[data-id='" + deliveryId + "'][data-state='pending']").waitFor();
            Api.await(WITHIN, () -> calls.contains(new HookCall(eventId, first, 200)), () -> "the replayed event: " + calls);

            // Gone again for a second report; switched on (through the API this time), then every
            // dead delivery of the webhook whose event happened in the last minutes comes back.
            answer[0] = 410;
            String second = report("Leaking hydrant, again " + tag, citizen);
            Api.await(WITHIN, () -> "dead".equals(stateOf(webhookId(path), second, admin)), () -> "the second, not dead");
            answer[0] = 200;
            assertEquals(200, Api.send(Api.request(path).header("Authorization", "Bearer " + admin)
                    .header("Content-Type", "application/json")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"enabled\":true}")).build()).statusCode());
            page.locator("#deliveries-submit").click();
            page.locator("#deliveries-rows tr[data-subject='" + second + "'][data-state='dead']").waitFor();
            // The browser's clock is Europe/Paris (Browsers.context); the fields take its local time.
            DateTimeFormatter local = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");
            ZonedDateTime now = ZonedDateTime.now(ZoneId.of("Europe/Paris"));
            page.locator("#replay-from").fill(now.minusMinutes(10).format(local));
            page.locator("#replay-to").fill(now.plusMinutes(10).format(local));
            page.locator("#replay-all-submit").click();
            page.locator("#replay-all-result:not(:empty)").waitFor();
            assertTrue(page.locator("#replay-all-result").textContent().contains("1"),
                    page.locator("#replay-all-result").textContent());
            Api.await(WITHIN, () -> calls.stream().anyMatch(c -> second.equals(c.reportId()) && c.answered() == 200),
                    () -> "the second event, replayed with the others: " + calls);

            // A new secret, shown once; the previous one still signs for a while.
            page.locator("#admin-tab-webhooks").click();
            awaitView(page, "admin");
            page.locator("[id='webhook-rotate-" + webhookId + "']").click();
            String rotated = page.locator("#webhook-secret-value").inputValue();
            assertTrue(rotated.startsWith("whsec_") && !rotated.equals(secret), rotated);
            assertFalse(json(get(path, admin)).isNull("previousSecretUntil"));

            // Removed after the second press.
            page.locator("[id='webhook-delete-" + webhookId + "']").click();
            page.locator("[id='webhook-delete-confirm-" + webhookId + "']").click();
            page.locator("#webhooks-rows tr[data-id='" + webhookId + "']").waitFor(
                    new Locator.WaitForOptions().setState(com.microsoft.playwright.options.WaitForSelectorState.DETACHED));
            assertEquals(404, get(path, admin).statusCode());
            webhookId = null;
            assertEquals(List.of(), errors, "errors in the browser's console");
        } finally {
            if (webhookId != null) {
                // Left behind, the webhook would call a closed port for the later tests' reports.
                Api.send(Api.request("/api/v1/admin/webhooks/" + webhookId).header("Authorization", "Bearer " + admin)
                        .DELETE().build());
            }
            receiver.stop(0);
        }
    }

    private static final Duration WITHIN = Duration.ofSeconds(20);

    private static String webhookId(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** @return the state of the webhook's delivery about the report, or null while there is none */
    private static String stateOf(String webhookId, String reportId, String token) {
        return json(get("/api/v1/admin/deliveries?target=webhook/" + webhookId, token)).getJsonArray("items")
                .getValuesAs(JsonObject.class).stream().filter(d -> reportId.equals(d.getString("subjectId", null)))
                .map(d -> d.getString("state")).findFirst().orElse(null);
    }

    /**
     * An operator whose account has a second factor: the password alone opens the code field, a
     * wrong code is refused in words, the authenticator's code signs in and the console opens.
     */
    @Test
    void anOperatorWithASecondFactorSignsInWithTheAuthenticatorsCode() {
        People.Person operator = People.staff("Olivia", "operator");
        HttpResponse<String> started = postJson("/api/v1/auth/me/second-factor",
                "{\"password\":\"" + People.PASSWORD + "\"}", operator.token());
        assertEquals(200, started.statusCode(), started.body());
        String secret = json(started).getString("secret");
        long step = Totp.now();
        assertEquals(200, postJson("/api/v1/auth/me/second-factor/confirm", "{\"code\":\"" + Totp.code(secret, step)
                + "\"}", operator.token()).statusCode());
        try (BrowserContext context = Browsers.context(Viewport.PHONE, "en")) {
            Page page = context.newPage();
            List<String> errors = Browsers.consoleErrors(page);
            page.navigate("/signin?next=" + URLEncoder.encode("/staff/triage", StandardCharsets.UTF_8));
            awaitView(page, "signin");
            page.locator("#signin-email").fill(operator.email());
            page.locator("#signin-password").fill(People.PASSWORD);
            page.locator("#signin-submit").click();
            page.locator("#signin-code").waitFor();
            // The code of the enrolment was used once already: the server refuses it again.
            page.locator("#signin-code").fill(Totp.code(secret, step));
            page.locator("#signin-submit").click();
            page.locator("#signin-code[aria-invalid='true'], #signin-form .form-problem:not(:empty)").first().waitFor();
            Browsers.screenshot(page, "signin-second-factor-phone");
            Browsers.assertAccessible(page, "the sign-in form asking for a code");
            page.locator("#signin-code").fill(Totp.code(secret, step + 1));
            page.locator("#signin-submit").click();
            awaitView(page, "triage");
            // The browser logs each refused sign-in (401) itself; nothing else may appear.
            assertEquals(List.of(), errors.stream().filter(e -> !e.contains("status of 401")).toList(),
                    "errors in the browser's console");
            assertEquals(2, errors.size(), "the two refused attempts: " + errors);
        }
    }

    /** How many rectangles a redaction's audit entry says the photo has now. */
    private static int redactedRegions(JsonObject entry) {
        return entry.getJsonObject("after").getJsonArray("regions").size();
    }

    private static String read(com.microsoft.playwright.Download download) {
        try {
            return java.nio.file.Files.readString(download.path(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    }

    private static String report(String title, People.Person author) {
        return json(postJson("/api/v1/reports", Api.report(title, "road", 48.857, 2.353), author.token()))
                .getString("id");
    }

    private static void signIn(Page page, People.Person person) {
        Browsers.signIn(page, person.email(), People.PASSWORD);
    }
}
