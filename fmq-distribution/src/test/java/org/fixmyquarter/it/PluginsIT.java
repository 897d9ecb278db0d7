package org.fixmyquarter.it;

import static org.fixmyquarter.it.support.Api.adminToken;
import static org.fixmyquarter.it.support.Api.await;
import static org.fixmyquarter.it.support.Api.createReport;
import static org.fixmyquarter.it.support.Api.get;
import static org.fixmyquarter.it.support.Api.json;
import static org.fixmyquarter.it.support.Api.login;
import static org.fixmyquarter.it.support.Api.postJson;
import static org.fixmyquarter.it.support.Api.request;
import static org.fixmyquarter.it.support.Api.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.mail.internet.MimeMessage;

import org.fixmyquarter.it.support.Api;
import org.fixmyquarter.it.support.FakeHelpdesk;
import org.fixmyquarter.plugins.channel.amqp.TestBroker;
import org.fixmyquarter.plugins.connector.open311.FakeOpen311;
import org.fixmyquarter.spi.SpiVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * Plugins dropped into the server's plugins folder (see PluginJars): the example connector built
 * from examples/connector-plugin is listed and its code runs against a helpdesk; a channel writes
 * French notifications; the built-in e-mail channel, switched on for the test servers, mails a
 * follower in French through a real SMTP server (GreenMail on 127.0.0.1:3025); three broken
 * plugins are listed as failed with their reason while the server keeps serving; the built-in
 * Open311 connector posts a new report to a real Open311 endpoint (FakeOpen311, H2 server) or,
 * switched on without an endpoint, is listed as not configured (PostgreSQL server); the built-in
 * AMQP channel publishes a new report to the machine's RabbitMQ (H2 server) or is off (the others).
 */
class PluginsIT {

    private static final int HELPDESK_PORT = Integer.getInteger("fmq.it.helpdesk-port", 9391);
    private static final Path NOTIFICATIONS = Path.of(System.getProperty("fmq.it.notifications-file",
            "target/it-notifications/h2.txt"));
    private static final Duration DELIVERY = Duration.ofSeconds(20);
    /** A few pulls of the H2 server (fmq.helpdesk.pull-interval=PT2S in the pom). */
    private static final Duration PULL = Duration.ofSeconds(30);

    /** Where the test servers' e-mail channel sends (fmq.plugin.email.* in the pom). */
    private static final int SMTP_PORT = 3025;

    private static FakeHelpdesk helpdesk;
    /** The H2 server's Open311 endpoint (fmq.it.open311-port); the PostgreSQL server has none. */
    private static FakeOpen311 open311Endpoint;
    private static GreenMail smtp;
    /** The H2 server's AMQP exchange (fmq.it.amqp-exchange); the other servers have the channel off. */
    private static final String AMQP_EXCHANGE = System.getProperty("fmq.it.amqp-exchange");

    @BeforeAll
    static void startHelpdeskAndSmtp() throws IOException {
        helpdesk = new FakeHelpdesk(HELPDESK_PORT);
        smtp = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        Integer open311Port = Integer.getInteger("fmq.it.open311-port");
        if (open311Port != null) {
            open311Endpoint = new FakeOpen311(open311Port);
        }
    }

    @AfterAll
    static void stopHelpdeskAndSmtp() {
        helpdesk.close();
        smtp.stop();
        if (open311Endpoint != null) {
            open311Endpoint.close();
        }
    }

    private static Map<String, JsonObject> pluginsById() {
        var response = get("/api/v1/admin/plugins", adminToken());
        assertEquals(200, response.statusCode(), response.body());
        return json(response).getJsonArray("items").stream().map(v -> v.asJsonObject())
                .collect(Collectors.toMap(p -> p.getString("id") + "/" + (p.isNull("kind") ? "?" : p.getString("kind")),
                        Function.identity(), (a, b) -> a));
    }

    @Test
    void theExampleConnectorFromThePluginsFolderIsActive() {
        JsonObject connector = pluginsById().get("example-helpdesk/helpdesk-connector");
        assertEquals("active", connector.getString("state"), connector.toString());
        assertEquals("1.0.0", connector.getString("version"));
        // Built from examples/connector-plugin against this build's SPI.
        assertEquals(SpiVersion.VERSION, connector.getString("spiVersion"));
        assertEquals("plugins/fmq-example-connector-1.0.0.jar", connector.getString("source"));
    }

    @Test
    void aCityCategoryPackAddsAndRenamesCategories() {
        JsonObject pack = pluginsById().get("city-categories/category-provider");
        assertEquals("active", pack.getString("state"), pack.toString());

        var french = json(send(request("/api/v1/categories").header("Accept-Language", "fr").GET().build()));
        JsonObject snow = french.getJsonArray("items").stream().map(v -> v.asJsonObject())
                .filter(c -> c.getString("code").equals("snow")).findFirst().orElseThrow();
        assertEquals("Neige et verglas", snow.getString("name"));
        assertEquals("uncleared-pavement", snow.getJsonArray("subcategories").getJsonObject(0).getString("code"));
        assertTrue(get("/api/v1/categories").body().contains("\"Graffiti and tags\""), "the pack (order 100) renames "
                + "the built-in graffiti (order 0)");
        // Never silently: both plugins say so in the admin list, naming the code and the other plugin.
        assertTrue(pack.getString("lastError").contains("its category 'graffiti' replaces the one of default-categories "
                + "(built-in, order 0)"), pack.toString());
        JsonObject builtIn = pluginsById().get("default-categories/category-provider");
        assertEquals("active", builtIn.getString("state"), builtIn.toString());
        assertTrue(builtIn.getString("lastError").contains("its category 'graffiti' is replaced by the one of "
                + "city-categories"), builtIn.toString());
        // The renamed graffiti stays under "other", with the built-in translations the pack does not give.
        JsonObject other = french.getJsonArray("items").stream().map(v -> v.asJsonObject())
                .filter(c -> c.getString("code").equals("other")).findFirst().orElseThrow();
        assertTrue(other.getJsonArray("subcategories").stream().anyMatch(c -> c.asJsonObject().getString("code")
                .equals("graffiti")), other.toString());
        createReport("Icy pavement by the school", "uncleared-pavement");
    }

    @Test
    void builtInPluginsAreListed() {
        Map<String, JsonObject> plugins = pluginsById();
        for (String id : new String[] {"default-categories/category-provider", "language-en/language-pack",
                "language-fr/language-pack", "language-es/language-pack", "language-de/language-pack",
                "language-ar/language-pack", "language-pt/language-pack", "email/notification-channel"}) {
            JsonObject plugin = plugins.get(id);
            assertEquals("active", plugin == null ? null : plugin.getString("state"), id + " in " + plugins.keySet());
            assertEquals("built-in", plugin.getString("source"));
        }
    }

    @Test
    void theOpen311ConnectorPostsANewReportOrIsNotConfigured() {
        JsonObject open311 = pluginsById().get("open311/helpdesk-connector");
        assertEquals("built-in", open311 == null ? null : open311.getString("source"), String.valueOf(open311));
        assertEquals(SpiVersion.VERSION, open311.getString("spiVersion"));
        if (open311Endpoint == null) {
            // The PostgreSQL server has it switched on without an endpoint, as an administrator who has not finished.
            assertFailed(open311, "not configured: set fmq.plugin.open311.endpoint");
            assertEquals(200, get("/health/ready").statusCode());
            return;
        }
        assertEquals("active", open311.getString("state"), open311.toString());
        JsonObject report = createReport("Pothole for the city's Open311 helpdesk", "pothole");
        String reference = "[FixMyQuarter report " + report.getString("id") + "]";
        await(DELIVERY, () -> open311Endpoint.posts().stream().anyMatch(p -> p.params().getOrDefault("description", "")
                .contains(reference)), () -> "the Open311 endpoint got " + open311Endpoint.received());
        var posted = open311Endpoint.posts().stream().filter(p -> p.params().get("description").contains(reference))
                .toList();
        assertEquals(1, posted.size(), posted.toString());
        Map<String, String> form = posted.get(0).params();
        assertTrue(posted.get(0).contentType().startsWith("application/x-www-form-urlencoded"), posted.toString());
        assertEquals("PT01", form.get("service_code"));
        assertEquals(FakeOpen311.JURISDICTION, form.get("jurisdiction_id"));
        assertEquals(48.8566, Double.parseDouble(form.get("lat")), 1e-4);
        assertEquals(2.3522, Double.parseDouble(form.get("long")), 1e-4);
        assertTrue(form.get("description").startsWith("Pothole for the city's Open311 helpdesk"), form.toString());

        // The city's staff close the request; the server's pull (every 2 s on this server) brings
        // the notes and the resolution into the report's public history.
        String id = report.getString("id");
        open311Endpoint.closeRequest(reference, "Pothole filled by the roads department.");
        await(PULL, () -> {
            JsonObject now = json(get("/api/v1/reports/" + id));
            return "resolved".equals(now.getString("status"));
        }, () -> "the report is still " + json(get("/api/v1/reports/" + id)));
        var history = get("/api/v1/reports/" + id + "/history");
        assertEquals(200, history.statusCode(), history.body());
        assertTrue(history.body().contains("Pothole filled by the roads department."), history.body());
        assertTrue(history.body().contains("City helpdesk (open311)"), history.body());
    }

    @Test
    void theAmqpChannelPublishesANewReportOrIsOff() throws Exception {
        JsonObject amqp = pluginsById().get("amqp/notification-channel");
        assertEquals("built-in", amqp == null ? null : amqp.getString("source"), String.valueOf(amqp));
        if (AMQP_EXCHANGE == null) {
            assertEquals("disabled", amqp.getString("state"), amqp.toString());
            return;
        }
        assertEquals("active", amqp.getString("state"), amqp.toString());
        try (TestBroker broker = TestBroker.connect()) {
            // Bound before the report is made, so its message has a queue to go to.
            String queue = broker.bindQueue(AMQP_EXCHANGE, "report.created");
            String title = "Overflowing bin for the city's queue " + System.nanoTime();
            String id = createReport(title, "road").getString("id");
            List<TestBroker.Received> received = new ArrayList<>();
            long deadline = System.nanoTime() + DELIVERY.toNanos();
            while (received.stream().noneMatch(m -> m.body().contains(title)) && System.nanoTime() < deadline) {
                received.addAll(broker.take(queue, 1, Duration.ofMillis(500)));
            }
            // Other tests' new reports share the queue; take what has arrived besides, to see no copy.
            received.addAll(broker.take(queue, Integer.MAX_VALUE, Duration.ZERO));
            List<TestBroker.Received> ours = received.stream().filter(m -> m.body().contains(title)).toList();
            assertEquals(1, ours.size(), () -> "messages about the report: " + ours + "; the queue got " + received);
            TestBroker.Received message = ours.get(0);
            assertEquals("report.created", message.routingKey());
            assertEquals("application/json", message.properties().getContentType());
            assertEquals(2, message.properties().getDeliveryMode(), "persistent");
            JsonObject body = Json.createReader(new StringReader(message.body())).readObject();
            assertEquals(body.getString("eventId"), message.properties().getMessageId());
            assertEquals("report.created", body.getString("type"));
            assertEquals(id, body.getJsonObject("report").getString("id"));
            assertEquals(title, body.getJsonObject("report").getString("title"));
            assertTrue((body.getString("subject") + body.getString("text")).contains(title), body.toString());
        }
    }

    @Test
    void brokenPluginsAreFailedWithTheirReasonAndTheServerServes() {
        Map<String, JsonObject> plugins = pluginsById();
        assertFailed(plugins.get("broken-constructor/notification-channel"), "deliberately broken constructor");
        assertFailed(plugins.get("future-spi/notification-channel"), "SPI 2.0");
        assertFailed(plugins.get("missing-dependency/helpdesk-connector"), "MissingLibrary");
        assertEquals(200, get("/health/ready").statusCode());
        createReport("Broken plugins do not stop reports", "road");
    }

    private static void assertFailed(JsonObject plugin, String reason) {
        assertTrue(plugin != null, "the broken plugin is not listed");
        assertEquals("failed", plugin.getString("state"), plugin.toString());
        assertTrue(plugin.getString("lastError").contains(reason), plugin.toString());
    }

    @Test
    void aNewReportReachesTheHelpdeskAndSoDoesItsStatusChange() {
        JsonObject report = createReport("Water leak for the helpdesk", "water-leak");
        String id = report.getString("id");

        await(DELIVERY, () -> helpdesk.requests().stream().anyMatch(r -> r.contains(id)),
                () -> "the helpdesk got " + helpdesk.requests());
        String created = helpdesk.requests().stream().filter(r -> r.contains(id)).findFirst().orElseThrow();
        assertTrue(created.startsWith("/cases {"), created);
        assertTrue(created.contains("\"category\":\"water-leak\""), created);

        var moved = postJson("/api/v1/reports/" + id + "/status",
                "{\"status\":\"in_progress\",\"reason\":\"Crew sent\"}", adminToken());
        assertEquals(200, moved.statusCode(), moved.body());
        await(DELIVERY, () -> helpdesk.requests().stream().anyMatch(r -> r.contains("/status") && r.contains("Crew sent")),
                () -> "the helpdesk got " + helpdesk.requests());
    }

    @Test
    void aChannelConfiguredInFrenchGetsFrenchNotifications() {
        String title = "Lampadaire éteint " + System.nanoTime();
        createReport(title, "streetlight-out");

        await(DELIVERY, () -> read().contains(title), () -> "the channel wrote: " + read());
        String written = read();
        assertTrue(written.contains("Nouveau signalement : " + title), written);
        assertTrue(written.contains("Lampadaire en panne"), "category name in French: " + written);
    }

    @Test
    void theEmailChannelMailsAFollowerInTheirLanguage() {
        String email = "camille-" + UUID.randomUUID() + "@example.org";
        String password = "a long enough password";
        var registered = postJson("/api/v1/auth/register", Json.createObjectBuilder().add("email", email)
                .add("password", password).add("displayName", "Camille").add("preferredLanguage", "fr").build()
                .toString());
        assertEquals(201, registered.statusCode(), registered.body());
        String title = "Banc cassé " + System.nanoTime();
        var created = postJson("/api/v1/reports", Api.report(title, "road", 48.8566, 2.3522),
                login(email, password));
        assertEquals(201, created.statusCode(), created.body());
        String id = json(created).getString("id");

        var moved = postJson("/api/v1/reports/" + id + "/status",
                "{\"status\":\"in_progress\",\"reason\":\"Équipe envoyée\"}", adminToken());
        assertEquals(200, moved.statusCode(), moved.body());

        await(DELIVERY, () -> mailsTo(email).length > 0, () -> "no mail to " + email);
        MimeMessage mail = mailsTo(email)[0];
        try {
            assertTrue(mail.getSubject().contains(title), mail.getSubject());
            assertEquals("fr", mail.getHeader("Content-Language", null));
            assertEquals("auto-generated", mail.getHeader("Auto-Submitted", null));
            String text = (String) mail.getContent();
            assertTrue(text.startsWith("Bonjour Camille,"), text);
            assertTrue(text.contains("Équipe envoyée"), text);
            assertTrue(text.contains("Vous recevez cet e-mail parce que vous suivez ce signalement."), text);
        } catch (jakarta.mail.MessagingException | IOException e) {
            throw new AssertionError("unreadable mail to " + email, e);
        }
    }

    private static MimeMessage[] mailsTo(String address) {
        return Arrays.stream(smtp.getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().contains(address));
            } catch (jakarta.mail.MessagingException e) {
                return false;
            }
        }).toArray(MimeMessage[]::new);
    }

    private static String read() {
        try {
            return Files.exists(NOTIFICATIONS) ? Files.readString(NOTIFICATIONS, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
