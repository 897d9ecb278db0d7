package org.fixmyquarter.core.body;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;

import org.fixmyquarter.core.Actor;
import org.fixmyquarter.core.MutableClock;
import org.fixmyquarter.core.TestCategories;
import org.fixmyquarter.core.TestDatabase;
import org.fixmyquarter.core.TestPostgres;
import org.fixmyquarter.core.account.Role;
import org.fixmyquarter.core.error.NotFoundException;
import org.fixmyquarter.core.internal.Outbox;
import org.fixmyquarter.core.moderation.Moderation;
import org.fixmyquarter.core.report.NewReport;
import org.fixmyquarter.core.report.ReportService;
import org.fixmyquarter.core.report.ReportStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A body's service levels from a status history written at known times, on H2 and PostgreSQL:
 * medians and 90th percentiles over 30 and 90 days (first acknowledgement only, the last
 * resolution of a reopened report), the backlog by age, per category; hidden reports left out, a
 * report handed over counted for the body that holds it now.
 */
class ServiceLevelsTest {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final Actor ADMIN = Actor.of("admin-1", "Ada", Role.ADMINISTRATOR);
    private static final Actor CITIZEN = Actor.citizen("citizen-1", "Rose");
    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    private static final long HOUR = 3_600;
    private static final long DAY = 86_400;

    /** A transaction on one database or the other. */
    private interface Tx {
        <T> T in(Function<EntityManager, T> work);
    }

    private final MutableClock clock = new MutableClock(NOW.minus(Duration.ofDays(200)));
    private Tx tx;

    @BeforeEach
    void empty() {
        DB.deleteAllRows();
    }

    @Test
    void mediansPercentilesAndBacklogFromTheHistoryOnH2() {
        tx = DB::inTransaction;
        history();
    }

    @Test
    void theSameOnPostgres() {
        TestPostgres pg = TestPostgres.create("fmq_service_levels_test", "ServiceLevelsTest");
        try {
            tx = pg::inTransaction;
            history();
        } finally {
            pg.drop();
        }
    }

    @Test
    void anUnknownBodyIsNotFound() {
        assertThrows(NotFoundException.class, () -> DB.inTransaction(em -> new ServiceLevels(em).of("nope", NOW)));
    }

    @Test
    void nearestRankPercentiles() {
        long[] ten = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertEquals(5, ServiceLevels.percentile(ten, 50), "the lower middle of an even count");
        assertEquals(9, ServiceLevels.percentile(ten, 90));
        assertEquals(7, ServiceLevels.percentile(new long[] {7}, 90));
        assertEquals(2, ServiceLevels.percentile(new long[] {1, 2, 3}, 50));
    }

    private void history() {
        Body city = body("City services", null, true);
        Body water = body("Water board", "water", false);

        // Road reports of the last ten days.
        String r1 = report("road", -10 * DAY);
        move(r1, ReportStatus.IN_PROGRESS, -10 * DAY + HOUR);
        move(r1, ReportStatus.RESOLVED, -8 * DAY);
        String r2 = report("road", -9 * DAY);
        move(r2, ReportStatus.IN_PROGRESS, -9 * DAY + 3 * HOUR);
        move(r2, ReportStatus.RESOLVED, -4 * DAY);
        String r3 = report("road", -8 * DAY);
        move(r3, ReportStatus.IN_PROGRESS, -8 * DAY + 5 * HOUR);
        String r4 = report("road", -2 * DAY);
        // Resolved from open at once: acknowledged and resolved in two hours.
        move(r4, ReportStatus.RESOLVED, -2 * DAY + 2 * HOUR);
        // A hidden report counts nowhere.
        String hidden = report("road", -5 * DAY);
        move(hidden, ReportStatus.RESOLVED, -5 * DAY + 60);
        at(-5 * DAY + 120);
        tx.in(em -> new Moderation(em, clock).hideReport(hidden, "Abusive", ADMIN));

        // Lighting: older reports, one reopened.
        String l5 = report("lighting", -80 * DAY);
        move(l5, ReportStatus.IN_PROGRESS, -70 * DAY);
        move(l5, ReportStatus.RESOLVED, -60 * DAY);
        String l1 = report("lighting", -60 * DAY);
        move(l1, ReportStatus.IN_PROGRESS, -59 * DAY);
        move(l1, ReportStatus.RESOLVED, -50 * DAY);
        String l2 = report("lighting", -40 * DAY);
        move(l2, ReportStatus.IN_PROGRESS, -5 * DAY);
        move(l2, ReportStatus.RESOLVED, -4 * DAY);
        move(l2, ReportStatus.OPEN, -3 * DAY);
        move(l2, ReportStatus.IN_PROGRESS, -2 * DAY - HOUR);
        move(l2, ReportStatus.RESOLVED, -1 * DAY);
        String l3 = report("lighting", -100 * DAY);
        String l4 = report("lighting", -12 * HOUR);

        // Waste rejected half an hour after it came in: acknowledged, never resolved.
        String x = report("waste", -3 * DAY);
        move(x, ReportStatus.REJECTED, -3 * DAY + 1_800);

        // Water goes to the water board, which hands it to the city: the city's now.
        String w = report("water", -6 * DAY);
        assertEquals(water.getId(), tx.in(em -> new ReportService(em, TestCategories.catalog(), clock).get(w))
                .getBodyId());
        at(-5 * DAY);
        tx.in(em -> new ReportService(em, TestCategories.catalog(), clock).moveToBody(w, city.getId(),
                "The city's drains", ADMIN));
        move(w, ReportStatus.IN_PROGRESS, -4 * DAY);

        clock.set(NOW);
        ServiceLevels.Summary levels = tx.in(em -> new ServiceLevels(em).of(city.getId(), NOW));
        assertEquals(NOW, levels.computedAt());
        ServiceLevels.Levels all = levels.overall();

        // Acknowledged in the last 30 days: r1 1h, r2 3h, r3 5h, r4 2h, l2 35d, x 30min, w 2d
        // (the hand-over is no acknowledgement); in 90 days also l1 1d and l5 10d.
        timing(all.acknowledge().get(0), 7, 3 * HOUR, 35 * DAY);
        timing(all.acknowledge().get(1), 9, 5 * HOUR, 35 * DAY);
        // Resolved in the last 30 days: r1 2d, r2 5d, r4 2h, l2 39d (its last resolution only);
        // in 90 days also l1 10d and l5 20d.
        timing(all.resolve().get(0), 4, 2 * DAY, 39 * DAY);
        timing(all.resolve().get(1), 6, 5 * DAY, 39 * DAY);
        // Open now: l4 (12 hours), w (6 days), r3 (8 days), l3 (100 days).
        assertEquals(new ServiceLevels.Backlog(1, 1, 1, 1), all.backlog());
        assertEquals(4, all.backlog().total());

        assertEquals(Set.of("road", "lighting", "waste", "water"), levels.categories().keySet());
        ServiceLevels.Levels road = levels.categories().get("road");
        timing(road.acknowledge().get(0), 4, 2 * HOUR, 5 * HOUR);
        timing(road.resolve().get(1), 3, 2 * DAY, 5 * DAY);
        assertEquals(new ServiceLevels.Backlog(0, 0, 1, 0), road.backlog());
        ServiceLevels.Levels lighting = levels.categories().get("lighting");
        timing(lighting.acknowledge().get(0), 1, 35 * DAY, 35 * DAY);
        timing(lighting.acknowledge().get(1), 3, 10 * DAY, 35 * DAY);
        assertEquals(new ServiceLevels.Backlog(1, 0, 0, 1), lighting.backlog());
        ServiceLevels.Levels waste = levels.categories().get("waste");
        timing(waste.resolve().get(0), 0, null, null);
        assertEquals(0, waste.backlog().total());

        ServiceLevels.Summary board = tx.in(em -> new ServiceLevels(em).of(water.getId(), NOW));
        assertEquals(0, board.overall().acknowledge().get(1).count(), "the report it handed over is not its own");
        assertEquals(0, board.overall().backlog().total());
        assertEquals(List.of(), List.copyOf(board.categories().keySet()));
    }

    private static void timing(ServiceLevels.Timing timing, int count, Long median, Long p90) {
        assertEquals(count, timing.count(), "count");
        if (median == null) {
            assertNull(timing.median());
            assertNull(timing.p90());
        } else {
            assertEquals(Duration.ofSeconds(median), timing.median(), "median");
            assertEquals(Duration.ofSeconds(p90), timing.p90(), "90th percentile");
        }
    }

    private void at(long secondsFromNow) {
        clock.set(NOW.plusSeconds(secondsFromNow));
    }

    private Body body(String name, String category, boolean isDefault) {
        JsonObject body = Outbox.JSON.createObjectBuilder().add("name", name).add("default", isDefault)
                .add("rules", category == null ? Outbox.JSON.createArrayBuilder()
                        : Outbox.JSON.createArrayBuilder().add(Outbox.JSON.createObjectBuilder()
                                .add("category", category)))
                .build();
        return tx.in(em -> new Bodies(em, TestCategories.catalog(), clock).create(body, Locale.ENGLISH, ADMIN));
    }

    private String report(String category, long secondsFromNow) {
        at(secondsFromNow);
        return tx.in(em -> new ReportService(em, TestCategories.catalog(), clock).create(
                new NewReport("A problem", null, category, 45.0, 5.0, 5.0, null), CITIZEN)).getId();
    }

    private void move(String report, ReportStatus to, long secondsFromNow) {
        at(secondsFromNow);
        tx.in(em -> new ReportService(em, TestCategories.catalog(), clock).changeStatus(report, to, "Step", ADMIN));
    }
}
