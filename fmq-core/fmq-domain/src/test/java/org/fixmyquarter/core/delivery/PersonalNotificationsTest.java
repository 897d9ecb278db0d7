package org.fixmyquarter.core.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

import org.fixmyquarter.core.Actor;
import org.fixmyquarter.core.MutableClock;
import org.fixmyquarter.core.TestCategories;
import org.fixmyquarter.core.TestDatabase;
import org.fixmyquarter.core.account.AccountService;
import org.fixmyquarter.core.account.LoginPolicy;
import org.fixmyquarter.core.account.NewAccount;
import org.fixmyquarter.core.account.Passwords;
import org.fixmyquarter.core.account.Role;
import org.fixmyquarter.core.account.UserAccount;
import org.fixmyquarter.core.comment.CommentService;
import org.fixmyquarter.core.area.Area;
import org.fixmyquarter.core.area.Areas;
import org.fixmyquarter.core.area.TestCity;
import org.fixmyquarter.core.error.ValidationException;
import org.fixmyquarter.core.follow.AreaFollow;
import org.fixmyquarter.core.follow.FollowService;
import org.fixmyquarter.core.i18n.Messages;
import org.fixmyquarter.core.i18n.NotificationTexts;
import org.fixmyquarter.core.notification.InAppChannel;
import org.fixmyquarter.core.notification.InAppNotification;
import org.fixmyquarter.core.notification.Inbox;
import org.fixmyquarter.core.plugin.PluginRegistry;
import org.fixmyquarter.core.report.NewReport;
import org.fixmyquarter.core.report.Report;
import org.fixmyquarter.core.report.ReportService;
import org.fixmyquarter.core.report.ReportStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Who hears of what, end to end in the core: mentions, report followers (reporters and commenters
 * follow on their own), area followers; each person once, in their language, never of their own
 * action; stored in the in-app inbox through the dispatcher, as the server runs it.
 */
class PersonalNotificationsTest {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final ExecutorService EXECUTOR = Executors.newCachedThreadPool();
    private static final Passwords PASSWORDS = new Passwords(1_000);
    /** Lyon, place Bellecour. */
    private static final double LAT = 45.7578;
    private static final double LON = 4.8320;

    private final MutableClock clock = new MutableClock(Instant.parse("2025-06-02T08:00:00Z"));
    private EventDispatcher dispatcher;

    private UserAccount reporter;
    private UserAccount neighbour;
    private UserAccount mentioned;
    private UserAccount bystander;

    @BeforeEach
    void setUp() {
        DB.deleteAllRows();
        InAppChannel inApp = new InAppChannel(n -> DB.run(em -> new Inbox(em, clock).store(n)), "test");
        PluginRegistry plugins = PluginRegistry.builder().add(new TestCategories()).add(inApp).build();
        NotificationTexts texts = new NotificationTexts(Messages.of(List.of(), Locale.ENGLISH), TestCategories.catalog(),
                ZoneId.of("Europe/Paris"), "metric");
        dispatcher = new EventDispatcher(plugins, id -> org.fixmyquarter.spi.PluginConfig.empty(), texts,
                Locale.ENGLISH, new DeliverySettings(3, Duration.ofSeconds(5), Duration.ofSeconds(1),
                Duration.ofMinutes(1), 100), EXECUTOR, clock);
        reporter = account("reporter@example.org", "Rose Reporter", null, null);
        neighbour = account("neighbour@example.org", "Noé Voisin", "noe", "fr");
        mentioned = account("mentioned@example.org", "Mina", "mina_k", null);
        bystander = account("bystander@example.org", "Bo", "bo_b", null);
    }

    @AfterAll
    static void stopExecutor() {
        EXECUTOR.shutdownNow();
    }

    @Test
    void mentionedPersonAndFollowersHearOfACommentOnceEachButNotItsAuthor() {
        Report report = report(reporter);
        comment(report, neighbour, "Same here. @MINA_K can you confirm? @nobody_with_this_handle @noe");
        deliverAll();

        Map<String, String> reasons = inboxReasons();
        // The reporter follows their report; Mina was mentioned; Noé wrote it (and mentioned himself).
        assertEquals(Map.of(reporter.getId(), "FOLLOWING_REPORT", mentioned.getId(), "MENTIONED"), reasons);
        InAppNotification toMina = inbox(mentioned).items().get(0);
        assertEquals("Noé Voisin mentioned you on \"Broken street light\"", toMina.getSubject());
        assertTrue(toMina.getBody().contains("can you confirm?"), toMina::getBody);
    }

    @Test
    void commentersFollowTheReportAndHearOfStatusChangesInTheirLanguage() {
        Report report = report(reporter);
        comment(report, neighbour, "Still dark tonight.");
        deliverAll();
        DB.run(em -> new ReportService(em, TestCategories.catalog(), clock)
                .changeStatus(report.getId(), ReportStatus.IN_PROGRESS, "Crew on site", Actor.of("op-1", "City", Role.OPERATOR)));
        deliverAll();

        List<InAppNotification> toNeighbour = inbox(neighbour).items();
        assertEquals(1, toNeighbour.size(), "Noé follows since he commented, and hears of the status change only");
        assertEquals("report.status_changed", toNeighbour.get(0).getEventType());
        assertEquals(2, inbox(reporter).items().size(), "the comment, then the status change");
        assertEquals(0, inbox(bystander).items().size());
    }

    @Test
    void eventsNoChannelReceivesDoNotHoldBackTheOnesAfterThem() {
        Report report = report(reporter);
        clock.advance(Duration.ofSeconds(1));
        DB.run(em -> new org.fixmyquarter.core.report.ReportVotes(em, clock).vote(report.getId(), actor(neighbour)));
        DB.run(em -> new ReportService(em, TestCategories.catalog(), clock)
                .assign(report.getId(), "Street lighting", "Their network", Actor.of("op-1", "City", Role.OPERATOR)));
        comment(report, neighbour, "Still dark tonight.");
        deliverAll();

        assertEquals(List.of("comment.added"), inbox(reporter).items().stream().map(InAppNotification::getEventType)
                .collect(Collectors.toList()), "a vote and an assignment carry no report summary; the comment still arrives");
    }

    @Test
    void hiddenContentReachesNobodyAndLeavesTheInbox() {
        Report report = report(reporter);
        comment(report, neighbour, "Still dark tonight.");
        deliverAll();
        assertEquals(1, inbox(reporter).items().size());

        // A comment hidden before its notification goes out is never sent.
        comment(report, neighbour, "Whoever reported this is an idiot");
        String abusive = DB.inTransaction(em -> new CommentService(em, clock, Duration.ofMinutes(15))
                .list(report.getId(), false).get(1).getId());
        DB.run(em -> new org.fixmyquarter.core.moderation.Moderation(em, clock).hideComment(abusive, "Insult",
                Actor.of("mod-1", "Moderator", Role.MODERATOR)));
        deliverAll();
        assertEquals(1, inbox(reporter).items().size(), "the hidden comment was not delivered");

        // A comment hidden after it was delivered leaves the inbox, and comes back if shown again.
        comment(report, neighbour, "Call me on 06 12 34 56 78");
        deliverAll();
        assertEquals(2, inbox(reporter).items().size());
        assertEquals(2, inbox(reporter).unread());
        String phone = DB.inTransaction(em -> new CommentService(em, clock, Duration.ofMinutes(15))
                .list(report.getId(), false).get(1).getId());
        DB.run(em -> new org.fixmyquarter.core.moderation.Moderation(em, clock).hideComment(phone, "Personal data",
                Actor.of("mod-1", "Moderator", Role.MODERATOR)));
        List<InAppNotification> left = inbox(reporter).items();
        assertEquals(1, left.size());
        assertTrue(left.get(0).getBody().contains("Still dark tonight."), left.get(0).getBody());
        String hiddenOne = DB.inTransaction(em -> (String) em.createNativeQuery(
                "SELECT id FROM fmq_notification WHERE comment_id = ?").setParameter(1, phone).getSingleResult());
        assertThrows(org.fixmyquarter.core.error.NotFoundException.class, () -> DB.run(em -> new Inbox(em, clock)
                .markRead(reporter.getId(), hiddenOne)), "marking it read would quote the hidden text");
        assertEquals(1, inbox(reporter).unread());
        DB.run(em -> new org.fixmyquarter.core.moderation.Moderation(em, clock).unhideComment(phone, "Number removed",
                Actor.of("mod-1", "Moderator", Role.MODERATOR)));
        assertEquals(2, inbox(reporter).items().size());
        DB.run(em -> new org.fixmyquarter.core.moderation.Moderation(em, clock).hideComment(phone, "Personal data",
                Actor.of("mod-1", "Moderator", Role.MODERATOR)));

        // A hidden report takes its notifications out of the inbox, and sends no more.
        DB.run(em -> new org.fixmyquarter.core.moderation.Moderation(em, clock).hideReport(report.getId(),
                "Personal data", Actor.of("mod-1", "Moderator", Role.MODERATOR)));
        comment(report, bystander, "Any news?");
        deliverAll();
        assertEquals(0, inbox(reporter).items().size());
        assertEquals(0, inbox(reporter).unread());
        DB.run(em -> new org.fixmyquarter.core.moderation.Moderation(em, clock).unhideReport(report.getId(),
                "Blurred", Actor.of("mod-1", "Moderator", Role.MODERATOR)));
        assertEquals(1, inbox(reporter).items().size(), "shown again, its earlier notification comes back");
    }

    @Test
    void aCommentItsAuthorDeletedLeavesTheInbox() {
        Report report = report(reporter);
        comment(report, neighbour, "My number is 06 12 34 56 78, oops");
        deliverAll();
        assertEquals(1, inbox(reporter).items().size());
        String id = DB.inTransaction(em -> new CommentService(em, clock, Duration.ofMinutes(15))
                .list(report.getId(), false).get(0).getId());
        DB.run(em -> new CommentService(em, clock, Duration.ofMinutes(15)).delete(report.getId(), id, actor(neighbour)));
        assertEquals(0, inbox(reporter).items().size());
        assertEquals(0, inbox(reporter).unread());
    }

    @Test
    void unfollowingStopsNotifications() {
        Report report = report(reporter);
        DB.run(em -> new FollowService(em, clock).unfollow(report.getId(), actor(reporter)));
        comment(report, neighbour, "Still dark tonight.");
        deliverAll();
        assertEquals(0, inbox(reporter).items().size());
    }

    @Test
    void areaFollowersHearOfNewReportsInsideTheirCircleOnly() {
        DB.run(em -> new FollowService(em, clock).followArea(actor(bystander), "Bellecour", LAT, LON, 500));
        DB.run(em -> new FollowService(em, clock).followArea(actor(mentioned), "Far away", LAT + 0.02, LON, 500));
        DB.run(em -> new FollowService(em, clock).followArea(actor(reporter), "Home", LAT, LON, 1000));
        report(reporter);
        deliverAll();

        assertEquals(Map.of(bystander.getId(), "FOLLOWING_AREA"), inboxReasons(),
                "the far area (2.2 km) hears nothing; the reporter does not hear of their own report");
    }

    @Test
    void newReportsFannedOutTogetherReachOnlyTheFollowersOfTheirOwnPlace() {
        // Lyon's Bellecour and, 3.3 km north, the Croix-Rousse plateau.
        double northLat = LAT + 0.03;
        DB.run(em -> new FollowService(em, clock).followArea(actor(bystander), "Bellecour", LAT, LON, 500));
        DB.run(em -> new FollowService(em, clock).followArea(actor(mentioned), "Croix-Rousse", northLat, LON, 500));
        Report south = reportAt(reporter, LAT, LON);
        Report north = reportAt(reporter, northLat, LON);
        reportAt(reporter, LAT - 0.05, LON);
        long before = dispatcher.handedOutWithoutRequest();
        assertEquals(3, (int) DB.inTransaction(em -> dispatcher.fanOut(em)), "the three events go out in one batch");
        assertEquals(before + 3, dispatcher.handedOutWithoutRequest(), "no request recorded them");
        deliverAll();

        assertEquals(Map.of(bystander.getId(), south.getId(), mentioned.getId(), north.getId()),
                DB.query("SELECT user_id, report_id FROM fmq_notification").stream()
                        .collect(Collectors.toMap(r -> (String) r.get(0), r -> (String) r.get(1),
                                (a, b) -> a + "," + b, TreeMap::new)),
                "each follower hears of the one report inside their circle, nobody of the one outside both");
    }

    @Test
    void eventsARequestRecordedAreNotCountedAsWrittenWithoutOne() {
        org.fixmyquarter.core.RequestContext.set("request-1");
        try {
            reportAt(reporter, LAT, LON);
        } finally {
            org.fixmyquarter.core.RequestContext.set(null);
        }
        long before = dispatcher.handedOutWithoutRequest();
        assertEquals(1, (int) DB.inTransaction(em -> dispatcher.fanOut(em)));
        assertEquals(before, dispatcher.handedOutWithoutRequest(),
                "the request's answer dropped the public reads already; the hand-out need not");
    }

    @Test
    void followersOfANamedAreaHearOfTheReportsRoutedToIt() {
        Actor admin = Actor.of("admin-1", "Ada", Role.ADMINISTRATOR);
        List<Area> city = DB.inTransaction(em -> new Areas(em, clock).importAreas(TestCity.collection(),
                Locale.ENGLISH, admin));
        String district = city.stream().filter(a -> a.name(Locale.ENGLISH, Locale.ENGLISH)
                .equals(TestCity.district(1, 2))).findFirst().orElseThrow().getId();
        AreaFollow followed = DB.inTransaction(em -> new FollowService(em, clock)
                .followNamedArea(actor(bystander), district, null, Locale.ENGLISH));
        assertEquals(TestCity.district(1, 2), followed.getName(), "named after the area unless given a name");
        assertEquals(followed.getId(), DB.inTransaction(em -> new FollowService(em, clock)
                .followNamedArea(actor(bystander), district, "Again", Locale.ENGLISH)).getId(), "followed once");

        Report inside = reportAt(reporter, TestCity.lat(1) + 0.001, TestCity.lon(2) + 0.001);
        reportAt(reporter, TestCity.lat(3) + 0.001, TestCity.lon(5) + 0.001);
        deliverAll();

        assertEquals(Map.of(bystander.getId(), inside.getId()),
                DB.query("SELECT user_id, report_id FROM fmq_notification").stream()
                        .collect(Collectors.toMap(r -> (String) r.get(0), r -> (String) r.get(1),
                                (a, b) -> a + "," + b, TreeMap::new)),
                "the report in the district reaches its follower; the one in another district does not");
        ValidationException unknown = assertThrows(ValidationException.class, () -> DB.run(em ->
                new FollowService(em, clock).followNamedArea(actor(bystander), "no-such-area", null, Locale.ENGLISH)));
        assertEquals("area", unknown.errors().get(0).field());
    }

    @Test
    void aRedeliveredEventIsStoredOnceAndReadingIsPerPerson() {
        Report report = report(reporter);
        comment(report, neighbour, "Still dark tonight.");
        deliverAll();
        InAppNotification only = inbox(reporter).items().get(0);
        Inbox.Page before = inbox(reporter);
        assertEquals(1, before.unread());

        // The channel may be handed the same event again after a crash.
        DB.run(em -> assertFalse(new Inbox(em, clock).store(new org.fixmyquarter.spi.notification.Notification(
                org.fixmyquarter.core.internal.Events.parse(payloadOf(only.getEventId())).orElseThrow(), Locale.ENGLISH,
                "again", "again", new org.fixmyquarter.spi.notification.Recipient(reporter.getId(), "Rose", null,
                Locale.ENGLISH, org.fixmyquarter.spi.notification.Recipient.Reason.FOLLOWING_REPORT)))));
        assertEquals(1, inbox(reporter).items().size());

        DB.run(em -> new Inbox(em, clock).markRead(reporter.getId(), only.getId()));
        assertEquals(0, inbox(reporter).unread());
        assertFalse(inbox(reporter).items().get(0).getReadAt() == null);
    }

    // --- helpers -------------------------------------------------------------------------------

    private UserAccount account(String email, String name, String handle, String locale) {
        return DB.inTransaction(em -> new AccountService(em, PASSWORDS, LoginPolicy.DEFAULT, clock)
                .register(new NewAccount(email, "correct horse battery".toCharArray(), name, locale, handle),
                        Role.CITIZEN, AccountService.SELF));
    }

    private static Actor actor(UserAccount account) {
        return Actor.citizen(account.getId(), account.getDisplayName());
    }

    private Report report(UserAccount author) {
        return reportAt(author, LAT, LON);
    }

    private Report reportAt(UserAccount author, double lat, double lon) {
        clock.advance(Duration.ofSeconds(1));
        return DB.inTransaction(em -> new ReportService(em, TestCategories.catalog(), clock).create(
                new NewReport("Broken street light", null, TestCategories.CODES.get(0), lat, lon, 5.0, null),
                actor(author)));
    }

    private void comment(Report report, UserAccount author, String text) {
        clock.advance(Duration.ofSeconds(1));
        DB.run(em -> new CommentService(em, clock, Duration.ofMinutes(15)).add(report.getId(), text, actor(author)));
    }

    private void deliverAll() {
        while (DB.inTransaction(em -> dispatcher.fanOut(em)) > 0) {
            // until the outbox is empty
        }
        Optional<Delivery> next;
        do {
            next = DB.inTransaction(em -> dispatcher.deliverNext(em));
            next.ifPresent(d -> assertFalse(Delivery.DEAD.equals(d.getState()), d::getLastError));
        } while (next.isPresent());
    }

    private Inbox.Page inbox(UserAccount owner) {
        return DB.inTransaction(em -> new Inbox(em, clock).list(owner.getId(), false, null, 50));
    }

    private Map<String, String> inboxReasons() {
        return DB.query("SELECT user_id, reason FROM fmq_notification").stream()
                .collect(Collectors.toMap(r -> (String) r.get(0), r -> (String) r.get(1), (a, b) -> a + "," + b,
                        TreeMap::new));
    }

    private String payloadOf(String eventId) {
        return (String) DB.queryValue("SELECT payload FROM fmq_outbox_event WHERE id = ?", eventId);
    }
}
