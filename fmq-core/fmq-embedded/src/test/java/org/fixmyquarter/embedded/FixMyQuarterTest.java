package org.fixmyquarter.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;

import org.fixmyquarter.core.Actor;
import org.fixmyquarter.core.account.NewAccount;
import org.fixmyquarter.core.account.Role;
import org.fixmyquarter.core.account.UserAccount;
import org.fixmyquarter.core.account.AccountService;
import org.fixmyquarter.core.notification.InAppNotification;
import org.fixmyquarter.core.report.NewReport;
import org.fixmyquarter.core.report.Report;
import org.fixmyquarter.core.report.ReportFilter;
import org.fixmyquarter.core.report.ReportPage;
import org.fixmyquarter.core.report.ReportStatus;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a program embedding the core gets from one builder call, on H2 in a file (kept across a
 * close and a new start) and on a real PostgreSQL: the schema, reports with votes, comments and
 * a mention that reaches the mentioned person's inbox through the dispatcher, status changes,
 * nearby and text search, pages, and the outbox emptied after its retention.
 *
 * <p>The PostgreSQL case needs the server at 127.0.0.1:5432, user postgres without password
 * (override with {@code -Dfmq.test.pg.url}, {@code .user}, {@code .password}); without it the case
 * is skipped on a developer's machine, saying why, and fails in CI ({@code CI=true}).
 */
class FixMyQuarterTest {

    private static final String PG_ADMIN_URL = System.getProperty("fmq.test.pg.url",
            "jdbc:postgresql://127.0.0.1:5432/postgres");
    private static final String PG_USER = System.getProperty("fmq.test.pg.user", "postgres");
    private static final String PG_PASSWORD = System.getProperty("fmq.test.pg.password", "");

    @Test
    void onH2InAFileTheDataOutlivesTheProgram(@TempDir Path dir) {
        String url = "jdbc:h2:" + dir.resolve("fmq").toAbsolutePath();
        String kept;
        try (FixMyQuarter fmq = start(FixMyQuarter.builder().jdbc(url, "sa", ""))) {
            kept = story(fmq);
            // Counted rather than read off the last number: a version may be taken by a branch not
            // merged yet (V19 while V20 is in), which leaves a gap.
            org.flywaydb.core.api.MigrationInfoService migrations = org.flywaydb.core.Flyway
                    .configure(FixMyQuarterTest.class.getClassLoader()).dataSource(url, "sa", "")
                    .locations("classpath:META-INF/fmq/migration").table("fmq_schema_history").load().info();
            assertEquals(migrations.all().length, fmq.migrationsApplied(), "a new database gets every migration");
            assertEquals(0, migrations.pending().length, "a new database gets every migration");
            assertEquals(migrations.current().getVersion().getVersion(), fmq.schemaVersion());
            assertFalse(fmq.textSearch().postgresConfig().isPresent(), "H2 matches words as they are");
        }
        assertTrue(Files.exists(dir.resolve("fmq.mv.db")));
        try (FixMyQuarter again = start(FixMyQuarter.builder().jdbc(url, "sa", ""))) {
            assertEquals(0, again.migrationsApplied(), "nothing to migrate the second time");
            assertEquals("Deep pothole in front of the school",
                    again.inTransaction(core -> core.reports().get(kept)).getTitle());
        }
    }

    @Test
    void onPostgresqlWithFullTextSearch() throws SQLException {
        String database = "fmq_embedded_test";
        try (Connection admin = DriverManager.getConnection(PG_ADMIN_URL, PG_USER, PG_PASSWORD);
             Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + database);
            statement.execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            String why = "FixMyQuarterTest needs PostgreSQL at " + PG_ADMIN_URL + " (user " + PG_USER + "): "
                    + e.getMessage();
            if (System.getenv("CI") != null) {
                fail(why + "; CI must provide it (see .ci/run)");
            }
            Assumptions.abort(why);
        }
        String url = PG_ADMIN_URL.substring(0, PG_ADMIN_URL.lastIndexOf('/') + 1) + database;
        try (FixMyQuarter fmq = start(FixMyQuarter.builder().jdbc(url, PG_USER, PG_PASSWORD))) {
            assertEquals("english", fmq.textSearch().postgresConfig().orElseThrow(),
                    "full-text search in the default language, its column made by the builder");
            story(fmq);
        }
    }

    @Test
    void withoutADatabaseItSaysWhatIsMissing() {
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> FixMyQuarter.builder().build());
        assertTrue(missing.getMessage().contains("jdbc(url, user, password)"), missing.getMessage());
    }

    private static FixMyQuarter start(FixMyQuarter.Builder builder) {
        return builder.passwordIterations(1_000).build();
    }

    /** @return the id of the first report, to read back later */
    private static String story(FixMyQuarter fmq) {
        assertTrue(fmq.categories().find("pothole").isPresent(), "the default categories were found");
        UserAccount ana = fmq.inTransaction(core -> core.accounts().register(new NewAccount(
                "ana-" + System.nanoTime() + "@example.org", "a long enough password".toCharArray(), "Ana", null),
                Role.CITIZEN, AccountService.SELF));
        UserAccount bob = fmq.inTransaction(core -> core.accounts().register(new NewAccount(
                "bob-" + System.nanoTime() + "@example.org", "a long enough password".toCharArray(), "Bob", null),
                Role.CITIZEN, AccountService.SELF));
        Actor asAna = Actor.citizen(ana.getId(), ana.getDisplayName());
        Actor asBob = Actor.citizen(bob.getId(), bob.getDisplayName());

        List<Report> created = fmq.inTransaction(core -> List.of(
                core.reports().create(new NewReport("Deep pothole in front of the school", "About 30 cm wide.",
                        "pothole", 48.8566, 2.3522, 8.0, "12 rue des Écoles"), asAna),
                core.reports().create(new NewReport("Street light out on the footbridge", null, "streetlight-out",
                        48.8530, 2.3499, 15.0, null), asAna),
                core.reports().create(new NewReport("Mattresses dumped behind the market", "Three mattresses.",
                        "illegal-dumping", 45.7578, 4.8320, null, "Place du Marché"), asBob)));
        String pothole = created.get(0).getId();
        fmq.run(core -> core.votes().vote(pothole, asBob));
        fmq.run(core -> core.comments().add(pothole, "Same here, @" + ana.getHandle() + " did you call the city?",
                asBob));
        fmq.run(core -> core.reports().changeStatus(created.get(1).getId(), ReportStatus.IN_PROGRESS,
                "Crew scheduled for Tuesday", Actor.of("roads-team", "Road maintenance team", Role.OPERATOR)));

        assertTrue(fmq.deliverPending() > 0, "the dispatcher delivered to the inbox");
        List<InAppNotification> inbox = fmq.inTransaction(core -> core.inbox().list(ana.getId(), false, null, 20))
                .items();
        assertTrue(inbox.stream().anyMatch(n -> n.getSubject().contains("Bob mentioned you")),
                inbox.stream().map(InAppNotification::getSubject).collect(Collectors.toList()).toString());

        ReportPage paris = fmq.inTransaction(core -> core.reports().list(new ReportFilter(null, null, null, 20)
                .withNear(new ReportFilter.Near(48.8566, 2.3522, 2_000))));
        assertEquals(2, paris.items().size(), "the two reports within 2 km of Paris, not the one in Lyon");
        assertEquals(0, paris.distanceMetres(created.get(0)).orElseThrow(), 1, "the pothole is at the centre");
        assertEquals(434, paris.distanceMetres(created.get(1)).orElseThrow(), 5, "the light, some 430 m away");
        ReportPage words = fmq.inTransaction(core -> core.reports().list(new ReportFilter(null, null, null, 20)
                .withText("mattresses")));
        assertEquals(List.of(created.get(2).getId()), words.items().stream().map(Report::getId)
                .collect(Collectors.toList()));
        ReportPage first = fmq.inTransaction(core -> core.reports().list(new ReportFilter(null, null, null, 2)));
        ReportPage second = fmq.inTransaction(core -> core.reports().list(new ReportFilter(null, null, null, 2)
                .withCursor(first.nextCursor())));
        assertEquals(3, first.items().size() + second.items().size(), "two pages of a cursor");
        assertEquals(1, (int) fmq.inTransaction(core -> core.reports().get(pothole).getVoteCount()));
        return pothole;
    }

    @Test
    void finishedEventsLeaveTheOutboxAfterTheRetention(@TempDir Path dir) {
        MovableClock clock = new MovableClock(Instant.parse("2026-12-01T08:00:00Z"));
        try (FixMyQuarter fmq = start(FixMyQuarter.builder().jdbc("jdbc:h2:" + dir.resolve("fmq").toAbsolutePath(),
                "sa", "").clock(clock).outboxRetention(Duration.ofDays(7)))) {
            fmq.run(core -> core.reports().create(new NewReport("Broken bench", null, "pothole", 48.85, 2.35, null,
                    null), Actor.ANONYMOUS));
            fmq.deliverPending();
            assertEquals(0, fmq.purgeOutbox(), "kept during the retention");
            clock.now = clock.now.plus(Duration.ofDays(8));
            assertEquals(1, fmq.purgeOutbox(), "gone after it");
            assertEquals(0L, (long) fmq.inTransaction(core -> core.entityManager()
                    .createQuery("SELECT COUNT(e) FROM OutboxEvent e", Long.class).getSingleResult()));
        }
    }

    /** A clock the test moves. */
    private static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant start) {
            this.now = start;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
