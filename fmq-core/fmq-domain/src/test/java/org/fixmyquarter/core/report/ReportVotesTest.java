package org.fixmyquarter.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.fixmyquarter.core.Actor;
import org.fixmyquarter.core.MutableClock;
import org.fixmyquarter.core.TestCategories;
import org.fixmyquarter.core.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The events votes leave for webhooks: each vote, and a report's support reaching a threshold.
 */
class ReportVotesTest {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private final MutableClock clock = new MutableClock(Instant.parse("2025-06-02T08:00:00Z"));
    private final List<Actor> neighbours = new ArrayList<>();

    @BeforeEach
    void neighbours() {
        DB.deleteAllRows();
        neighbours.clear();
        for (int i = 0; i < 11; i++) {
            neighbours.add(Actor.citizen("u-neighbour-" + i, "Neighbour " + i));
        }
        DB.accountsFor(neighbours.toArray(Actor[]::new));
    }

    @Test
    void theTenthVoteSaysTheThresholdIsReachedAndReachingItAgainSaysItAgain() {
        String report = DB.inTransaction(em -> new ReportService(em, TestCategories.catalog(), clock).create(
                new NewReport("Broken street light", null, TestCategories.CODES.get(0), 45.75, 4.83, 5.0, null),
                neighbours.get(0)).getId());
        for (int i = 0; i < 9; i++) {
            vote(report, neighbours.get(i));
        }
        assertEquals(0L, thresholdEvents(report), "nine votes reach no threshold");

        vote(report, neighbours.get(9));
        vote(report, neighbours.get(10));
        assertEquals(1L, thresholdEvents(report), "the tenth vote reaches 10, the eleventh nothing new");
        assertEquals(11L, DB.queryValue("SELECT COUNT(*) FROM fmq_outbox_event WHERE event_type = 'report.vote_added'"
                + " AND aggregate_id = ?", report));

        DB.run(em -> new ReportVotes(em, clock).unvote(report, neighbours.get(10)));
        DB.run(em -> new ReportVotes(em, clock).unvote(report, neighbours.get(9)));
        vote(report, neighbours.get(9));
        assertEquals(2L, thresholdEvents(report), "back under 10 and up again: told again");
        String payload = (String) DB.queryValue("SELECT payload FROM fmq_outbox_event WHERE event_type = ?"
                + " ORDER BY occurred_at, id FETCH FIRST 1 ROWS ONLY", ReportVotes.THRESHOLD_REACHED);
        assertEquals(true, payload.contains("\"threshold\":10") && payload.contains("\"reportId\":\"" + report + "\""),
                payload);
    }

    private void vote(String report, Actor voter) {
        DB.run(em -> new ReportVotes(em, clock).vote(report, voter));
    }

    private static long thresholdEvents(String report) {
        return (Long) DB.queryValue("SELECT COUNT(*) FROM fmq_outbox_event WHERE event_type = ? AND aggregate_id = ?",
                ReportVotes.THRESHOLD_REACHED, report);
    }
}
