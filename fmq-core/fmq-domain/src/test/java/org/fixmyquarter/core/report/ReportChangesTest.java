package org.fixmyquarter.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.fixmyquarter.core.Actor;
import org.fixmyquarter.core.MutableClock;
import org.fixmyquarter.core.TestCategories;
import org.fixmyquarter.core.TestDatabase;
import org.fixmyquarter.core.account.Role;
import org.fixmyquarter.core.moderation.Moderation;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The reads Open311 lists are made of: every public history step of a period, and the last
 * status step of many reports at once (an assignment is not one).
 */
class ReportChangesTest {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final Actor OPERATOR = Actor.of("operator-1", "Olga", Role.OPERATOR);
    private static final Actor MODERATOR = Actor.of("moderator-1", "Mo", Role.MODERATOR);

    private final MutableClock clock = new MutableClock(Instant.parse("2025-06-02T08:00:00Z"));

    @BeforeEach
    void empty() {
        DB.deleteAllRows();
    }

    private ReportService service(jakarta.persistence.EntityManager em) {
        return new ReportService(em, TestCategories.catalog(), clock);
    }

    @Test
    void changesOfAPeriodOldestFirstWithoutHiddenReports() {
        Instant start = clock.instant();
        String a = DB.inTransaction(em -> service(em).create(new NewReport("A", null, "road", 45.0, 4.0, null, null),
                Actor.anonymous())).getId();
        String b = DB.inTransaction(em -> service(em).create(new NewReport("B", null, "road", 45.0, 4.0, null, null),
                Actor.anonymous())).getId();
        clock.advance(Duration.ofMinutes(1));
        DB.run(em -> service(em).changeStatus(a, ReportStatus.IN_PROGRESS, "Crew sent", OPERATOR));
        clock.advance(Duration.ofMinutes(1));
        DB.run(em -> service(em).assign(a, "Roads team", "Their street", OPERATOR));
        DB.run(em -> new Moderation(em, clock).hideReport(b, "spam", MODERATOR));

        List<StatusChange> all = DB.inTransaction(em -> service(em).changes(start, clock.instant().plusSeconds(1), 100));
        assertEquals(List.of(a, a, a), all.stream().map(StatusChange::getReportId).toList());
        assertEquals("Crew sent", all.get(1).getReason());
        assertEquals(2, DB.inTransaction(em -> service(em).changes(start, clock.instant(), 100)).size(),
                "the end is excluded");
        assertEquals(1, DB.inTransaction(em -> service(em).changes(start, clock.instant(), 1)).size());

        Map<String, StatusChange> last = DB.inTransaction(em -> service(em).lastStatusChanges(List.of(a, b, "none")));
        assertEquals("Crew sent", last.get(a).getReason());
        assertEquals(ReportStatus.IN_PROGRESS, last.get(a).getTo());
        assertEquals(ReportStatus.OPEN, last.get(b).getTo());
        assertFalse(last.containsKey("none"));
    }
}
