package org.fixmyquarter.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.fixmyquarter.core.Actor;
import org.fixmyquarter.core.MutableClock;
import org.fixmyquarter.core.TestCategories;
import org.fixmyquarter.core.TestDatabase;
import org.fixmyquarter.core.account.Role;
import org.fixmyquarter.core.error.FieldError;
import org.fixmyquarter.core.error.ValidationException;
import org.fixmyquarter.spi.category.CategoryAttribute;
import org.fixmyquarter.spi.category.CategoryAttribute.Datatype;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What an Open311 app sends beside the report, on a real H2 database migrated by the core's
 * scripts: the answers to the category's questions are checked and kept; the contact details are
 * shown to operators and administrators only, linked to an account when the app's account_id is
 * one, and removed once the report has been closed for the retention, never while it is open.
 */
class ReportContactsAndAnswersTest {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final Actor OPERATOR = Actor.of("operator-1", "Olga", Role.OPERATOR);
    private static final Actor ADMIN = Actor.of("admin-1", "Ada", Role.ADMINISTRATOR);
    private static final Actor MODERATOR = Actor.of("moderator-1", "Mo", Role.MODERATOR);
    private static final Actor CITIZEN = Actor.citizen("citizen-1", "Cid");
    private static final ReportContacts.Details ANA = new ReportContacts.Details("ana@example.org", "Ana", "Lima",
            "+33 6 12 34 56 78", "device-7", "citizen-1");

    private static final List<CategoryAttribute> QUESTIONS = List.of(
            new CategoryAttribute("pole", "The pole's number", Datatype.STRING, false),
            new CategoryAttribute("height", "How high, in metres", Datatype.NUMBER, false),
            new CategoryAttribute("seen", "When you saw it", Datatype.DATETIME, false),
            new CategoryAttribute("notes", "Anything else", Datatype.TEXT, false),
            new CategoryAttribute("severity", "How bad", Datatype.SINGLEVALUELIST, true,
                    List.of(new CategoryAttribute.Value("drip", "A drip"), new CategoryAttribute.Value("gush", "Gushing"))),
            new CategoryAttribute("kinds", "What leaks", Datatype.MULTIVALUELIST, false,
                    List.of(new CategoryAttribute.Value("water", "Water"), new CategoryAttribute.Value("gas", "Gas"))));

    private final MutableClock clock = new MutableClock(Instant.parse("2025-06-02T08:00:00Z"));

    @BeforeEach
    void empty() {
        DB.deleteAllRows();
    }

    @Test
    void answersAreCheckedAgainstTheQuestionsAndKeptInTheirOrder() {
        Map<String, List<String>> kept = ReportAnswers.check(QUESTIONS, Map.of("severity", List.of(" gush "),
                "kinds", List.of("gas", "water", "gas"), "height", List.of("4.5"), "seen",
                List.of("2025-06-01T21:30:00+02:00"), "fixmystreet_id", List.of("123")));
        assertEquals(List.of("height", "seen", "severity", "kinds"), List.copyOf(kept.keySet()),
                "questions not asked are left out");
        assertEquals(List.of("gas", "water"), kept.get("kinds"));
        assertEquals(List.of("gush"), kept.get("severity"));

        Report report = create();
        DB.inTransaction(em -> {
            ReportAnswers.record(em, report.getId(), kept);
            return null;
        });
        assertEquals(Map.of("height", List.of("4.5"), "kinds", List.of("gas", "water"), "seen",
                List.of("2025-06-01T21:30:00+02:00"), "severity", List.of("gush")),
                DB.inTransaction(em -> ReportAnswers.of(em, report.getId())));
    }

    @Test
    void eachWrongAnswerIsNamed() {
        ValidationException refused = assertThrows(ValidationException.class, () -> ReportAnswers.check(QUESTIONS,
                Map.of("height", List.of("NaN"), "seen", List.of("yesterday"), "kinds", List.of("oil"),
                        "pole", List.of("A1", "A2"), "notes", List.of("x".repeat(4001)))));
        assertEquals(List.of("attribute[height]", "attribute[seen]", "attribute[notes]", "attribute[severity]",
                "attribute[kinds]"), refused.errors().stream().map(FieldError::field).toList().subList(1, 6));
        assertEquals("attribute[pole]", refused.errors().get(0).field());
        assertTrue(refused.errors().stream().anyMatch(e -> e.message().startsWith("is required")), refused.errors()
                .toString());
        assertTrue(refused.errors().stream().anyMatch(e -> e.message().contains("must be one of water, gas")));
        assertEquals(Map.of(), ReportAnswers.check(List.of(), Map.of("depth", List.of("deep"))));
    }

    @Test
    void contactDetailsAreForOperatorsAndAdministratorsOnlyAndLinkAnAccount() {
        DB.accountsFor(CITIZEN);
        Report report = create();
        Report other = create();
        DB.inTransaction(em -> {
            ReportContacts.record(em, report.getId(), ANA, clock.instant());
            ReportContacts.record(em, other.getId(), new ReportContacts.Details("bo@example.org", null, null, null,
                    null, "not-an-account"), clock.instant());
            ReportContacts.record(em, create().getId(), new ReportContacts.Details(null, null, null, null, null, null),
                    clock.instant());
            return null;
        });
        assertEquals(2L, ((Number) DB.queryValue("SELECT COUNT(*) FROM fmq_report_contact")).longValue(),
                "a post without details keeps nothing");
        for (Actor staff : List.of(OPERATOR, ADMIN)) {
            ReportContact contact = DB.inTransaction(em -> ReportContacts.of(em, report.getId(), staff)).orElseThrow();
            assertEquals(ANA, contact.details());
            assertEquals("citizen-1", contact.getAccountId());
        }
        for (Actor reader : List.of(MODERATOR, CITIZEN, Actor.anonymous())) {
            assertTrue(DB.inTransaction(em -> ReportContacts.of(em, report.getId(), reader)).isEmpty(), reader.id());
        }
        assertNull(DB.inTransaction(em -> ReportContacts.of(em, other.getId(), ADMIN)).orElseThrow().getAccountId());
    }

    @Test
    void detailsGoOnceTheReportHasBeenClosedForTheRetention() {
        Report open = create();
        Report closed = create();
        Report reopened = create();
        DB.inTransaction(em -> {
            for (Report report : List.of(open, closed, reopened)) {
                ReportContacts.record(em, report.getId(), ANA, clock.instant());
            }
            ReportService reports = new ReportService(em, TestCategories.catalog(), clock);
            reports.changeStatus(closed.getId(), ReportStatus.RESOLVED, "Fixed", OPERATOR);
            reports.changeStatus(reopened.getId(), ReportStatus.RESOLVED, "Fixed", OPERATOR);
            return null;
        });
        Duration retention = Duration.ofDays(30);
        clock.advance(Duration.ofDays(29));
        assertEquals(0, (int) DB.inTransaction(em -> ReportContacts.purge(em, clock.instant(), retention, 100)));
        DB.inTransaction(em -> new ReportService(em, TestCategories.catalog(), clock)
                .changeStatus(reopened.getId(), ReportStatus.OPEN, "Not fixed", MODERATOR));
        clock.advance(Duration.ofDays(2));
        assertEquals(1, (int) DB.inTransaction(em -> ReportContacts.purge(em, clock.instant(), retention, 100)));
        assertTrue(DB.inTransaction(em -> ReportContacts.of(em, closed.getId(), ADMIN)).isEmpty());
        assertTrue(DB.inTransaction(em -> ReportContacts.of(em, open.getId(), ADMIN)).isPresent(), "open: kept");
        assertTrue(DB.inTransaction(em -> ReportContacts.of(em, reopened.getId(), ADMIN)).isPresent(), "reopened: kept");
        clock.advance(Duration.ofDays(365));
        assertEquals(0, (int) DB.inTransaction(em -> ReportContacts.purge(em, clock.instant(), retention, 100)),
                "never while a report is open");
    }

    private Report create() {
        return DB.inTransaction(em -> new ReportService(em, TestCategories.catalog(), clock).create(
                new NewReport("Leak", null, "road", 48.85, 2.35, null, null), Actor.anonymous()));
    }
}
