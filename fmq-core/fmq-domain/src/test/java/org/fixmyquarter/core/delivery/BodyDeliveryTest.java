package org.fixmyquarter.core.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.json.JsonObjectBuilder;

import org.fixmyquarter.core.Actor;
import org.fixmyquarter.core.MutableClock;
import org.fixmyquarter.core.TestCategories;
import org.fixmyquarter.core.TestDatabase;
import org.fixmyquarter.core.account.Role;
import org.fixmyquarter.core.body.Bodies;
import org.fixmyquarter.core.body.Body;
import org.fixmyquarter.core.i18n.Messages;
import org.fixmyquarter.core.i18n.NotificationTexts;
import org.fixmyquarter.core.internal.Outbox;
import org.fixmyquarter.core.plugin.PluginRegistry;
import org.fixmyquarter.core.report.NewReport;
import org.fixmyquarter.core.report.ReportService;
import org.fixmyquarter.core.report.ReportStatus;
import org.fixmyquarter.spi.PluginConfig;
import org.fixmyquarter.spi.PluginDescriptor;
import org.fixmyquarter.spi.SpiVersion;
import org.fixmyquarter.spi.event.ReportCreated;
import org.fixmyquarter.spi.event.ReportStatusChanged;
import org.fixmyquarter.spi.helpdesk.HelpdeskConnector;
import org.fixmyquarter.spi.helpdesk.HelpdeskTicket;
import org.fixmyquarter.spi.notification.AccountMessage;
import org.fixmyquarter.spi.notification.Notification;
import org.fixmyquarter.spi.notification.NotificationChannel;
import org.fixmyquarter.spi.notification.Recipient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A body's delivery target receives its reports, through the one fan-out of the dispatcher: a
 * webhook or helpdesk connector a body names gets that body's reports only; one no body names
 * gets every report as before; a report handed over to another body reaches the new body's
 * connector as a new case, and its later events go there only.
 */
class BodyDeliveryTest {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final ExecutorService WORKING = Executors.newCachedThreadPool();
    private static final Actor ADMIN = Actor.of("admin-1", "Ada", Role.ADMINISTRATOR);
    private static final Actor OPERATOR = Actor.of("operator-1", "Olga", Role.OPERATOR);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-06-02T08:00:00Z"));
    private final FakeDesk waterDesk = new FakeDesk("water-desk");
    private final FakeDesk everyDesk = new FakeDesk("every-desk");
    private final FakeMail mail = new FakeMail();
    private boolean withMail;

    @BeforeEach
    void empty() {
        DB.deleteAllRows();
    }

    @AfterAll
    static void stop() {
        WORKING.shutdownNow();
    }

    @Test
    void eachBodysTargetReceivesItsReportsOnly() {
        // Nothing listens on these ports: only who is given the events counts here.
        String roadsHook = DB.inTransaction(em -> webhooks(em).create("http://127.0.0.1:9/roads", List.of(),
                "roads department", ADMIN)).webhook().getId();
        String everyHook = DB.inTransaction(em -> webhooks(em).create("http://127.0.0.1:9/all", List.of(),
                "open data portal", ADMIN)).webhook().getId();
        create(body("Roads", "road").add("delivery", json().add("type", "webhook").add("webhook", roadsHook)));
        Body water = create(body("Water board", "water").add("delivery", json().add("type", "connector")
                .add("connector", "water-desk")));

        String road = report("road");
        String leak = report("water");
        String lamp = report("lighting");
        DB.inTransaction(em -> dispatcher().fanOut(em));
        assertEquals(Map.of(
                        "webhook/" + roadsHook, List.of(road),
                        "webhook/" + everyHook, List.of(road, leak, lamp),
                        "helpdesk-connector/water-desk", List.of(leak),
                        "helpdesk-connector/every-desk", List.of(road, leak, lamp)),
                deliveredReports("report.created"));

        clock.advance(Duration.ofMinutes(1));
        DB.inTransaction(em -> new ReportService(em, TestCategories.catalog(), clock).moveToBody(road, water.getId(),
                "A burst pipe under the road", OPERATOR));
        DB.inTransaction(em -> new ReportService(em, TestCategories.catalog(), clock).changeStatus(road,
                ReportStatus.IN_PROGRESS, "Crew on the way", OPERATOR));
        DB.inTransaction(em -> dispatcher().fanOut(em));
        assertEquals(Map.of(
                        "webhook/" + everyHook, List.of(road),
                        "helpdesk-connector/water-desk", List.of(road)),
                deliveredReports("report.body_changed"),
                "the new body's connector hears of the report; the old body's webhook does not");
        assertEquals(Map.of(
                        "webhook/" + everyHook, List.of(road),
                        "helpdesk-connector/water-desk", List.of(road),
                        "helpdesk-connector/every-desk", List.of(road)),
                deliveredReports("report.status_changed"), "later events go to the new body's target");

        // Two rounds: a status change that comes before the case is opened waits for it.
        for (int round = 0; round < 2; round++) {
            clock.advance(Duration.ofMinutes(1));
            while (DB.inTransaction(em -> dispatcher().deliverNext(em)).isPresent()) {
                // Each due delivery once; the webhooks' fail and wait for a later round.
            }
        }
        // Deliveries due at the same moment go in no particular order.
        assertEquals(java.util.Set.of(leak, road), java.util.Set.copyOf(waterDesk.submitted),
                "the handed-over report opened a case at the water board");
        assertEquals(List.of(road), waterDesk.statusChanged);
        assertEquals(java.util.Set.of(road, leak, lamp), java.util.Set.copyOf(everyDesk.submitted));
        assertEquals(3, everyDesk.submitted.size());
    }

    @Test
    void withoutBodiesEveryTargetReceivesEveryReport() {
        String hook = DB.inTransaction(em -> webhooks(em).create("http://127.0.0.1:9/all", List.of(), "portal",
                ADMIN)).webhook().getId();
        String road = report("road");
        DB.inTransaction(em -> dispatcher().fanOut(em));
        assertEquals(Map.of("webhook/" + hook, List.of(road), "helpdesk-connector/water-desk", List.of(road),
                "helpdesk-connector/every-desk", List.of(road)), deliveredReports("report.created"));
    }

    @Test
    void aBodyReachedByEmailGetsItsReportsThroughTheMailChannel() {
        withMail = true;
        Body lighting = create(body("Lighting", "lighting").add("delivery", json().add("type", "email")
                .add("email", "lighting@city.example")));
        String lamp = report("lighting");
        report("road");
        DB.inTransaction(em -> dispatcher().fanOut(em));
        clock.advance(Duration.ofMinutes(1));
        while (DB.inTransaction(em -> dispatcher().deliverNext(em)).isPresent()) {
            // Each due delivery once.
        }
        assertEquals(List.of("lighting@city.example RESPONSIBLE_BODY body:" + lighting.getId() + " Lighting " + lamp),
                mail.sent, "one mail, to the body's address, of its report only");

        DB.inTransaction(em -> new Bodies(em, TestCategories.catalog(), clock).change(lighting.getId(),
                json().add("delivery", json().add("type", "triage")).build(), Locale.ENGLISH, ADMIN));
        DB.inTransaction(em -> new ReportService(em, TestCategories.catalog(), clock).changeStatus(lamp,
                ReportStatus.IN_PROGRESS, "On it", OPERATOR));
        DB.inTransaction(em -> dispatcher().fanOut(em));
        clock.advance(Duration.ofMinutes(1));
        while (DB.inTransaction(em -> dispatcher().deliverNext(em)).isPresent()) {
            // Each due delivery once.
        }
        assertEquals(1, mail.sent.size(), "a body no longer reached by e-mail gets no more mail");
    }

    /** Target to the reports of its deliveries of events of one type, oldest first. */
    private static Map<String, List<String>> deliveredReports(String type) {
        Map<String, List<String>> byTarget = new TreeMap<>();
        for (List<Object> row : DB.query("SELECT d.consumer, e.aggregate_id FROM fmq_delivery d JOIN fmq_outbox_event e"
                + " ON e.id = d.event_id WHERE e.event_type = ? ORDER BY e.occurred_at, e.id", type)) {
            byTarget.computeIfAbsent((String) row.get(0), k -> new java.util.ArrayList<>()).add((String) row.get(1));
        }
        return byTarget;
    }

    private String report(String category) {
        clock.advance(Duration.ofSeconds(1));
        return DB.inTransaction(em -> new ReportService(em, TestCategories.catalog(), clock).create(
                new NewReport("A problem", null, category, 45.7578, 4.8320, 5.0, null),
                Actor.citizen("citizen-1", "Rose")).getId());
    }

    private Body create(JsonObjectBuilder body) {
        return DB.inTransaction(em -> new Bodies(em, TestCategories.catalog(), clock).create(body.build(),
                Locale.ENGLISH, ADMIN));
    }

    private static JsonObjectBuilder body(String name, String category) {
        return json().add("name", name).add("rules", Outbox.JSON.createArrayBuilder()
                .add(json().add("category", category)));
    }

    private static JsonObjectBuilder json() {
        return Outbox.JSON.createObjectBuilder();
    }

    private Webhooks webhooks(jakarta.persistence.EntityManager em) {
        return new Webhooks(em, clock, Duration.ofHours(24));
    }

    private EventDispatcher dispatcher() {
        PluginRegistry.Builder builder = PluginRegistry.builder().add(new TestCategories()).add(waterDesk)
                .add(everyDesk);
        PluginRegistry plugins = (withMail ? builder.add(mail) : builder).build();
        NotificationTexts texts = new NotificationTexts(Messages.of(List.of(), Locale.ENGLISH), TestCategories.catalog(),
                ZoneId.of("Europe/Paris"), "metric");
        return new EventDispatcher(plugins, id -> PluginConfig.empty(), texts, Locale.ENGLISH,
                new DeliverySettings(10, Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(2), 100),
                WORKING, clock, List.of(), new WebhookSettings(3, Duration.ofSeconds(30), Duration.ofHours(24),
                WebhookSettings.client(Duration.ofSeconds(2))));
    }

    /** A personal channel that sends mail: notes the address, reason, recipient, greeting and report of each. */
    private static final class FakeMail implements NotificationChannel {
        final List<String> sent = new CopyOnWriteArrayList<>();

        @Override
        public PluginDescriptor descriptor() {
            return new PluginDescriptor("fake-mail", "1.0", SpiVersion.VERSION);
        }

        @Override
        public boolean personal() {
            return true;
        }

        @Override
        public boolean sendsAccountMessages() {
            return true;
        }

        @Override
        public void deliver(AccountMessage message) {
            // No account mail in these tests.
        }

        @Override
        public void deliver(Notification notification) {
            Recipient to = notification.recipient();
            sent.add(to.email() + " " + to.reason() + " " + to.accountId() + " " + to.displayName() + " "
                    + notification.event().report().id());
        }
    }

    /** A helpdesk that opens one case per report submitted and notes the status changes. */
    private static final class FakeDesk implements HelpdeskConnector {
        final String id;
        final List<String> submitted = new CopyOnWriteArrayList<>();
        final List<String> statusChanged = new CopyOnWriteArrayList<>();

        FakeDesk(String id) {
            this.id = id;
        }

        @Override
        public PluginDescriptor descriptor() {
            return new PluginDescriptor(id, "1.0", SpiVersion.VERSION);
        }

        @Override
        public HelpdeskTicket submit(ReportCreated event) {
            submitted.add(event.report().id());
            return new HelpdeskTicket(id + "-" + submitted.size(), null);
        }

        @Override
        public void statusChanged(ReportStatusChanged event, HelpdeskTicket ticket) {
            statusChanged.add(event.report().id());
        }
    }
}
