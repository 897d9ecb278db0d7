package org.fixmyquarter.core.helpdesk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.persistence.EntityManager;

import org.fixmyquarter.core.Actor;
import org.fixmyquarter.core.MutableClock;
import org.fixmyquarter.core.TestCategories;
import org.fixmyquarter.core.TestDatabase;
import org.fixmyquarter.core.account.Role;
import org.fixmyquarter.core.comment.Comment;
import org.fixmyquarter.core.comment.CommentService;
import org.fixmyquarter.core.delivery.DeliverySettings;
import org.fixmyquarter.core.delivery.EventDispatcher;
import org.fixmyquarter.core.i18n.Messages;
import org.fixmyquarter.core.i18n.NotificationTexts;
import org.fixmyquarter.core.plugin.PluginInfo;
import org.fixmyquarter.core.plugin.PluginRegistry;
import org.fixmyquarter.core.report.NewReport;
import org.fixmyquarter.core.report.ReportService;
import org.fixmyquarter.core.report.ReportStatus;
import org.fixmyquarter.core.report.StatusChange;
import org.fixmyquarter.spi.PluginConfig;
import org.fixmyquarter.spi.PluginDescriptor;
import org.fixmyquarter.spi.PluginException;
import org.fixmyquarter.spi.SpiVersion;
import org.fixmyquarter.spi.event.ReportCreated;
import org.fixmyquarter.spi.event.ReportStatusChanged;
import org.fixmyquarter.spi.helpdesk.HelpdeskConnector;
import org.fixmyquarter.spi.helpdesk.HelpdeskTicket;
import org.fixmyquarter.spi.helpdesk.HelpdeskUpdate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The pull-back against a real database: reports are handed to scripted connectors by the real
 * dispatcher, so each has its case, then the connectors' updates are pulled and applied.
 */
class HelpdeskPullTest {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final ExecutorService EXECUTOR = Executors.newCachedThreadPool();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T08:00:00Z"));
    private final ScriptedConnector city = new ScriptedConnector("city");
    private final ScriptedConnector other = new ScriptedConnector("other");
    private PluginRegistry plugins;

    @BeforeEach
    void empty() {
        DB.deleteAllRows();
        plugins = PluginRegistry.builder().add(new TestCategories()).add(city).add(other).build();
    }

    @AfterAll
    static void stopExecutor() {
        EXECUTOR.shutdownNow();
    }

    @Test
    void notesBecomeAnOfficialReplyOfTheHelpdesk() {
        String report = reportWithCases();
        city.script(new HelpdeskUpdate("city-1", HelpdeskUpdate.Status.OPEN, "investigating",
                "A crew will look at it this week.", at("2026-03-02T09:00:00Z")));

        HelpdeskPull.Batch batch = pull("city");

        assertEquals(1, batch.tickets());
        assertEquals(1, batch.applied());
        List<Comment> comments = comments(report);
        assertEquals(1, comments.size());
        Comment reply = comments.get(0);
        assertTrue(reply.isOfficial());
        assertEquals("A crew will look at it this week.", reply.getBody());
        assertEquals("City helpdesk (city)", reply.getAuthorName());
        assertEquals("helpdesk:city", reply.getAuthorId());
        assertEquals(ReportStatus.OPEN, status(report));
        // The helpdesk has no account: it must not become a follower to be notified.
        assertEquals(0L, ((Number) DB.queryValue("SELECT COUNT(*) FROM fmq_report_follow WHERE user_id = ?",
                "helpdesk:city")).longValue());
        assertEquals("investigating", DB.queryValue("SELECT external_status FROM fmq_helpdesk_ticket"
                + " WHERE connector = 'city'"));
        // The first call knows of no earlier pull.
        assertNull(city.sinces.get(0));
    }

    @Test
    void closedResolvesTheReportWithTheNotesAsReason() {
        String report = reportWithCases();
        city.script(new HelpdeskUpdate("city-1", HelpdeskUpdate.Status.CLOSED, "fixed", "Pothole filled.",
                at("2026-03-02T09:00:00Z")));

        pull("city");

        assertEquals(ReportStatus.RESOLVED, status(report));
        StatusChange last = last(history(report));
        assertEquals(ReportStatus.RESOLVED, last.getTo());
        assertEquals("Pothole filled.", last.getReason());
        assertEquals("City helpdesk (city)", last.getActorName());
        // The notes are the reason: not repeated as a reply.
        assertTrue(comments(report).isEmpty());
        assertNotNull(DB.queryValue("SELECT closed_at FROM fmq_helpdesk_ticket WHERE connector = 'city'"));
    }

    @Test
    void closedWithoutNotesResolvesWithTheDefaultReason() {
        String report = reportWithCases();
        city.script(new HelpdeskUpdate("city-1", HelpdeskUpdate.Status.CLOSED, null, null,
                at("2026-03-02T09:00:00Z")));

        pull("city");

        assertEquals(ReportStatus.RESOLVED, status(report));
        assertEquals(HelpdeskPull.DEFAULT_REASON, last(history(report)).getReason());
    }

    @Test
    void aSecondPullOfTheSameUpdatesAppliesNothing() {
        String report = reportWithCases();
        HelpdeskUpdate notes = new HelpdeskUpdate("city-1", HelpdeskUpdate.Status.OPEN, null, "Scheduled.",
                at("2026-03-02T09:00:00Z"));
        city.script(notes);
        pull("city");
        Instant firstPull = clock.instant();
        clock.advance(Duration.ofMinutes(5));

        // The same update again, and the same notes with a newer time (a helpdesk that lists its
        // current state each time).
        city.script(notes, new HelpdeskUpdate("city-1", HelpdeskUpdate.Status.OPEN, "scheduled", "Scheduled.",
                at("2026-03-02T09:30:00Z")));
        HelpdeskPull.Batch second = pull("city");

        assertEquals(0, second.applied());
        assertEquals(1, comments(report).size());
        // The second call asks for news since the first one.
        assertEquals(firstPull, city.sinces.get(1));
    }

    @Test
    void aClosedCaseIsNotAskedAboutAgain() {
        reportWithCases();
        city.script(new HelpdeskUpdate("city-1", HelpdeskUpdate.Status.CLOSED, null, "Done.",
                at("2026-03-02T09:00:00Z")));
        pull("city");
        clock.advance(Duration.ofMinutes(5));

        assertEquals(0, pull("city").tickets());
        assertEquals(1, city.calls.get());
    }

    @Test
    void anOpenUpdateDoesNotReopenAResolvedReportButItsNotesShow() {
        String report = reportWithCases();
        DB.run(em -> new ReportService(em, TestCategories.catalog(), clock).changeStatus(report, ReportStatus.RESOLVED,
                "Fixed by our own crew.", Actor.of("op-1", "Olga", Role.OPERATOR)));
        city.script(new HelpdeskUpdate("city-1", HelpdeskUpdate.Status.OPEN, "reopened",
                "Reopened: the lamp is out again.", at("2026-03-02T09:00:00Z")));

        pull("city");

        assertEquals(ReportStatus.RESOLVED, status(report));
        assertEquals(1, comments(report).size());
        assertEquals("Reopened: the lamp is out again.", comments(report).get(0).getBody());
    }

    @Test
    void theHelpdesksStatusChangeOpensNoNewCase() {
        String report = reportWithCases();
        city.script(new HelpdeskUpdate("city-1", HelpdeskUpdate.Status.CLOSED, null, "Fixed.",
                at("2026-03-02T09:00:00Z")));
        pull("city");

        deliverAll();

        assertEquals(1, city.submitted.get());
        assertEquals(1, city.statusChanges.size());
        assertEquals(report, city.statusChanges.get(0).report().id());
        assertEquals(1L, ((Number) DB.queryValue("SELECT COUNT(*) FROM fmq_helpdesk_ticket WHERE connector = 'city'"))
                .longValue());
    }

    @Test
    void aFailingConnectorShowsItsErrorAndDoesNotHoldBackAnother() {
        String report = reportWithCases();
        city.failWith = new PluginException("the helpdesk answered HTTP 503", true, null);
        other.script(new HelpdeskUpdate("other-1", HelpdeskUpdate.Status.OPEN, null, "Seen.",
                at("2026-03-02T09:00:00Z")));

        HelpdeskPull.Batch failed = pull("city");
        HelpdeskPull.Batch worked = pull("other");

        assertEquals(HelpdeskPull.ERROR_PREFIX + "the helpdesk answered HTTP 503", failed.error());
        assertEquals(failed.error(), lastError("city"));
        assertNull(worked.error());
        assertEquals(1, comments(report).size());
        // The failed case was not marked as asked: it is first in line next time.
        assertNull(DB.queryValue("SELECT pulled_at FROM fmq_helpdesk_ticket WHERE connector = 'city'"));

        city.failWith = null;
        clock.advance(Duration.ofMinutes(5));
        assertNull(pull("city").error());
        assertNull(lastError("city"));
    }

    @Test
    void aConnectorThatThrowsOrHangsIsAbandonedAtTheTimeLimit() {
        String report = reportWithCases();
        city.hang = new CountDownLatch(1);
        other.script(new HelpdeskUpdate("other-1", HelpdeskUpdate.Status.CLOSED, null, "Done.",
                at("2026-03-02T09:00:00Z")));
        try {
            long start = System.nanoTime();
            HelpdeskPull.Batch hung = pull("city");
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "abandoned at the time limit");
            assertTrue(hung.error().contains("no answer within"), hung.error());
        } finally {
            city.hang.countDown();
        }
        other.thrown = new IllegalStateException("bug in the connector");
        HelpdeskPull.Batch threw = pull("other");
        assertTrue(threw.error().contains("IllegalStateException: bug in the connector"), threw.error());

        other.thrown = null;
        assertNull(pull("other").error());
        assertEquals(ReportStatus.RESOLVED, status(report));
    }

    @Test
    void serversSkipTheCasesAnotherServerHolds() {
        for (int i = 0; i < 3; i++) {
            reportWithCases();
        }
        HelpdeskPull small = new HelpdeskPull(plugins, TestCategories.catalog(), EXECUTOR, Duration.ofSeconds(1), 2,
                clock);
        Instant round = clock.instant();
        // The first server holds its two cases in an open transaction while a second one pulls.
        EntityManager first = DB.emf().createEntityManager();
        try {
            first.getTransaction().begin();
            assertEquals(2, small.pullNext(first, "city", round).tickets());
            long start = System.nanoTime();
            DB.inTransaction(em -> small.pullNext(em, "city", round));
            // SKIP LOCKED: no wait for the first server's locks (H2 holds every row its ordered
            // scan read, so the second gets nothing there; PostgreSQL hands it the third case).
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(2), "did not wait for the locks");
            first.getTransaction().commit();
        } finally {
            if (first.getTransaction().isActive()) {
                first.getTransaction().rollback();
            }
            first.close();
        }
        while (DB.inTransaction(em -> small.pullNext(em, "city", round)).tickets() > 0) {
            // the rest of this round
        }
        // Each case asked about once in the round, none twice.
        List<String> asked = city.asked.stream().flatMap(List::stream).map(HelpdeskTicket::externalId).toList();
        assertEquals(3, asked.size(), asked.toString());
        assertEquals(3, asked.stream().distinct().count(), asked.toString());
    }

    @Test
    void onlyConnectorsThatPullAreListed() {
        ScriptedConnector silent = new ScriptedConnector("silent");
        silent.pulls = false;
        PluginRegistry registry = PluginRegistry.builder().add(new TestCategories()).add(city).add(silent).build();

        assertEquals(List.of("city"), new HelpdeskPull(registry, TestCategories.catalog(), EXECUTOR,
                Duration.ofSeconds(1), 10, clock).connectors());
    }

    private String reportWithCases() {
        clock.advance(Duration.ofSeconds(1));
        String id = DB.inTransaction(em -> new ReportService(em, TestCategories.catalog(), clock).create(
                new NewReport("Broken street light", null, TestCategories.CODES.get(0), 45.7578, 4.8320, 5.0, null),
                Actor.citizen("citizen-1", "Rose"))).getId();
        deliverAll();
        return id;
    }

    private void deliverAll() {
        EventDispatcher dispatcher = new EventDispatcher(plugins, id -> PluginConfig.empty(),
                new NotificationTexts(Messages.of(List.of(), Locale.ENGLISH), TestCategories.catalog(),
                        ZoneId.of("Europe/Paris"), "metric"), Locale.ENGLISH,
                new DeliverySettings(3, Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofMinutes(1), 100),
                EXECUTOR, clock);
        while (DB.inTransaction(dispatcher::fanOut) > 0) {
            // every event handed out
        }
        while (DB.inTransaction(dispatcher::deliverNext).isPresent()) {
            // every due delivery made
        }
    }

    private HelpdeskPull.Batch pull(String connector) {
        // After the report's creation, so that the history's order is the order of events.
        clock.advance(Duration.ofSeconds(1));
        HelpdeskPull pull = new HelpdeskPull(plugins, TestCategories.catalog(), EXECUTOR, Duration.ofMillis(500),
                HelpdeskPull.BATCH_DEFAULT, clock);
        return DB.inTransaction(em -> pull.pullNext(em, connector, clock.instant()));
    }

    private List<Comment> comments(String report) {
        return DB.inTransaction(em -> new CommentService(em, clock, Duration.ZERO).list(report, false));
    }

    private List<StatusChange> history(String report) {
        return DB.inTransaction(em -> new ReportService(em, TestCategories.catalog(), clock).history(report));
    }

    private ReportStatus status(String report) {
        return DB.inTransaction(em -> new ReportService(em, TestCategories.catalog(), clock).get(report).getStatus());
    }

    private String lastError(String connector) {
        return plugins.plugins().stream().filter(p -> p.id().equals(connector)).findFirst()
                .map(PluginInfo::lastError).orElse(null);
    }

    private static StatusChange last(List<StatusChange> history) {
        return history.get(history.size() - 1);
    }

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    /** A connector that opens numbered cases and answers pulls from a script. */
    private static final class ScriptedConnector implements HelpdeskConnector {
        final String id;
        final AtomicInteger submitted = new AtomicInteger();
        final AtomicInteger calls = new AtomicInteger();
        final List<ReportStatusChanged> statusChanges = new CopyOnWriteArrayList<>();
        final List<Instant> sinces = new CopyOnWriteArrayList<>();
        final List<List<HelpdeskTicket>> asked = new CopyOnWriteArrayList<>();
        volatile List<HelpdeskUpdate> script = List.of();
        volatile PluginException failWith;
        volatile RuntimeException thrown;
        volatile CountDownLatch hang;
        volatile boolean pulls = true;

        ScriptedConnector(String id) {
            this.id = id;
        }

        void script(HelpdeskUpdate... updates) {
            script = List.of(updates);
        }

        @Override
        public PluginDescriptor descriptor() {
            return new PluginDescriptor(id, "1.0", SpiVersion.VERSION);
        }

        @Override
        public HelpdeskTicket submit(ReportCreated event) {
            return new HelpdeskTicket(id + "-" + submitted.incrementAndGet(), null);
        }

        @Override
        public void statusChanged(ReportStatusChanged event, HelpdeskTicket ticket) {
            statusChanges.add(event);
        }

        @Override
        public boolean pullsUpdates() {
            return pulls;
        }

        @Override
        public List<HelpdeskUpdate> updates(Collection<HelpdeskTicket> tickets, Instant since) throws PluginException {
            calls.incrementAndGet();
            sinces.add(since);
            asked.add(new ArrayList<>(tickets));
            if (hang != null) {
                try {
                    hang.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (failWith != null) {
                throw failWith;
            }
            if (thrown != null) {
                throw thrown;
            }
            return script;
        }
    }
}
