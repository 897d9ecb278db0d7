package org.fixmyquarter.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.fixmyquarter.core.Actor;
import org.fixmyquarter.core.MutableClock;
import org.fixmyquarter.core.TestCategories;
import org.fixmyquarter.core.TestPostgres;
import org.fixmyquarter.core.account.Role;
import org.junit.jupiter.api.Test;

/**
 * V26's tables and the contact details' purge query on PostgreSQL, as servers in production run
 * them: answers kept and read back in order, contact details of a report closed for the retention
 * removed, those of an open one kept. Needs PostgreSQL at {@code fmq.test.pg.url}
 * ({@link TestPostgres}): skipped without one, saying why, and failing in CI ({@code CI=true}).
 */
class ReportContactsPostgresTest {

    private static final Actor OPERATOR = Actor.of("operator-1", "Olga", Role.OPERATOR);
    private static final ReportContacts.Details ANA = new ReportContacts.Details("ana@example.org", "Ana", null,
            null, null, null);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T08:00:00Z"));

    @Test
    void answersAreKeptAndClosedReportsLoseTheirContactDetailsAfterTheRetention() {
        TestPostgres pg = TestPostgres.create("fmq_report_contacts_test", "ReportContactsPostgresTest");
        try {
            Report open = create(pg);
            Report closed = create(pg);
            pg.inTransaction(em -> {
                ReportAnswers.record(em, open.getId(), Map.of("kinds", List.of("water", "gas"), "depth", List.of("3")));
                ReportContacts.record(em, open.getId(), ANA, clock.instant());
                ReportContacts.record(em, closed.getId(), ANA, clock.instant());
                new ReportService(em, TestCategories.catalog(), clock).changeStatus(closed.getId(),
                        ReportStatus.RESOLVED, "Fixed", OPERATOR);
                return null;
            });
            assertEquals(Map.of("depth", List.of("3"), "kinds", List.of("water", "gas")),
                    pg.inTransaction(em -> ReportAnswers.of(em, open.getId())));
            clock.advance(Duration.ofDays(31));
            assertEquals(1, (int) pg.inTransaction(em -> ReportContacts.purge(em, clock.instant(), Duration.ofDays(30),
                    100)));
            assertTrue(pg.inTransaction(em -> ReportContacts.of(em, closed.getId(), OPERATOR)).isEmpty());
            assertTrue(pg.inTransaction(em -> ReportContacts.of(em, open.getId(), OPERATOR)).isPresent());
        } finally {
            pg.drop();
        }
    }

    private Report create(TestPostgres pg) {
        clock.advance(Duration.ofSeconds(1));
        return pg.inTransaction(em -> new ReportService(em, TestCategories.catalog(), clock).create(
                new NewReport("Leak", null, TestCategories.CODES.get(0), 45.75, 4.83, null, null), Actor.anonymous()));
    }
}
