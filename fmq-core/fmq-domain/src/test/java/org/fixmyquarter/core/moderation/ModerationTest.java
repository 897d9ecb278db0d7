package org.fixmyquarter.core.moderation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.fixmyquarter.core.Actor;
import org.fixmyquarter.core.account.Role;
import org.fixmyquarter.core.MutableClock;
import org.fixmyquarter.core.TestCategories;
import org.fixmyquarter.core.TestDatabase;
import org.fixmyquarter.core.comment.Comment;
import org.fixmyquarter.core.comment.CommentService;
import org.fixmyquarter.core.error.ConflictException;
import org.fixmyquarter.core.error.NotFoundException;
import org.fixmyquarter.core.error.ValidationException;
import org.fixmyquarter.core.follow.FollowService;
import org.fixmyquarter.core.internal.Events;
import org.fixmyquarter.core.report.NewReport;
import org.fixmyquarter.core.report.Report;
import org.fixmyquarter.core.report.ReportFilter;
import org.fixmyquarter.core.report.ReportService;
import org.fixmyquarter.core.report.ReportStatus;
import org.fixmyquarter.core.report.ReportVotes;
import org.fixmyquarter.core.report.StatusChange;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Flags, the queue, hiding and merging, against a real database.
 */
class ModerationTest {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final Actor ROSE = Actor.citizen("u-rose", "Rose");
    private static final Actor NOE = Actor.citizen("u-noe", "Noé");
    private static final Actor MINA = Actor.citizen("u-mina", "Mina");
    private static final Actor MOD = Actor.of("u-mod", "Moderator", Role.MODERATOR);

    private final MutableClock clock = new MutableClock(Instant.parse("2025-06-02T08:00:00Z"));

    @BeforeEach
    void empty() {
        DB.deleteAllRows();
        DB.accountsFor(ROSE, NOE, MINA, MOD);
    }

    // --- flags ---------------------------------------------------------------------------------

    @Test
    void flaggingTheSameOpenTargetAgainGivesTheFirstFlag() {
        Report report = report(ROSE);
        Flags.Result first = flag(report.getId(), null, "spam", NOE);
        Flags.Result again = flag(report.getId(), null, "abusive", NOE);
        Flags.Result other = flag(report.getId(), null, "spam", MINA);

        assertTrue(first.created());
        assertFalse(again.created());
        assertEquals(first.flag().getId(), again.flag().getId());
        assertEquals(FlagReason.SPAM, again.flag().getReason());
        assertTrue(other.created());
        assertEquals(2L, DB.queryValue("SELECT COUNT(*) FROM fmq_flag"));

        // Once resolved, the same person may flag the target again.
        DB.run(em -> new Flags(em, clock).dismiss(report.getId(), null, "Not spam", MOD));
        assertTrue(flag(report.getId(), null, "spam", NOE).created());
    }

    @Test
    void badFlagsAreRefusedWithTheFieldNamed() {
        Report report = report(ROSE);
        Comment comment = comment(report, NOE, "Hello");
        assertEquals(List.of("reason"), refusedFields(report.getId(), null, null, null, null));
        assertEquals(List.of("reason"), refusedFields(report.getId(), null, "rude", null, null));
        assertEquals(List.of("note"), refusedFields(report.getId(), null, "other", "x".repeat(501), null));
        assertEquals(List.of("duplicateOf"), refusedFields(report.getId(), null, "duplicate", null, null));
        assertEquals(List.of("duplicateOf"), refusedFields(report.getId(), null, "duplicate", null, report.getId()));
        assertEquals(List.of("duplicateOf"), refusedFields(report.getId(), null, "duplicate", null, "nope"));
        assertEquals(List.of("reason"), refusedFields(report.getId(), comment.getId(), "duplicate", null,
                report(ROSE).getId()));
        assertThrows(NotFoundException.class, () -> flag("nope", null, "spam", NOE));
        assertThrows(NotFoundException.class, () -> flag(report(ROSE).getId(), comment.getId(), "spam", NOE),
                "a comment is flagged on its own report");
        assertEquals(0L, DB.queryValue("SELECT COUNT(*) FROM fmq_flag"));
    }

    @Test
    void theQueueGroupsOpenFlagsPerTargetOldestFirstAndPages() {
        Report first = report(ROSE);
        Report duplicate = report(ROSE);
        Comment rude = comment(first, NOE, "You are all idiots");
        flag(first.getId(), rude.getId(), "abusive", ROSE);
        flag(duplicate.getId(), null, "duplicate", NOE, first.getId());
        flag(first.getId(), rude.getId(), "abusive", MINA);
        flag(first.getId(), rude.getId(), "spam", MOD);

        Flags.Page page = queue(false, 1, null);
        assertEquals(1, page.items().size());
        Flags.Group group = page.items().get(0);
        assertEquals(Flag.KIND_COMMENT, group.targetKind());
        assertEquals(first.getId(), group.reportId());
        assertEquals(rude.getId(), group.commentId());
        assertEquals("You are all idiots", group.preview());
        assertEquals(3, group.count());
        assertEquals(Map.of("abusive", 2L, "spam", 1L), group.reasons());
        assertTrue(group.firstFlaggedAt().isBefore(group.lastFlaggedAt()));
        assertFalse(group.hidden());

        Flags.Page second = queue(false, 1, page.next());
        assertEquals(duplicate.getId(), second.items().get(0).reportId());
        assertEquals(Flag.KIND_REPORT, second.items().get(0).targetKind());
        assertNull(second.next());

        DB.run(em -> new Flags(em, clock).dismiss(first.getId(), rude.getId(), "Heated, not abusive", MOD));
        assertEquals(1, queue(false, 10, null).items().size());
        Flags.Page resolved = queue(true, 10, null);
        assertEquals(1, resolved.items().size());
        assertEquals(3, resolved.items().get(0).count());
        assertEquals(1L, DB.queryValue("SELECT COUNT(*) FROM fmq_audit_entry WHERE action = 'flags.dismissed'"));
    }

    // --- hide and unhide -----------------------------------------------------------------------

    @Test
    void aHiddenReportIsGoneForThePublicAndItsAuthorButStaffSeeIt() {
        Report report = report(ROSE);
        flag(report.getId(), null, "personal_data", NOE);
        Object version = DB.queryValue("SELECT version FROM fmq_report WHERE id = ?", report.getId());
        DB.run(em -> Moderation.visibleReport(em, report.getId(), false).getHiding());
        assertEquals(version, DB.queryValue("SELECT version FROM fmq_report WHERE id = ?", report.getId()),
                "reading whether a report is hidden changes nothing");
        DB.run(em -> new Moderation(em, clock).hideReport(report.getId(), "Shows a car plate", MOD));
        assertTrue(((Number) DB.queryValue("SELECT version FROM fmq_report WHERE id = ?", report.getId())).longValue()
                > ((Number) version).longValue(), "hiding changes the version, hence the ETag");

        assertThrows(NotFoundException.class, () -> DB.run(em -> Moderation.visibleReport(em, report.getId(), false)));
        Report seen = DB.inTransaction(em -> Moderation.visibleReport(em, report.getId(), true));
        assertTrue(seen.getHiding().isHidden());
        assertEquals("Moderator", seen.getHiding().getHiddenBy());
        assertEquals("Shows a car plate", seen.getHiding().getHiddenReason());
        assertEquals(Set.of(), listed(false));
        assertEquals(Set.of(report.getId()), listed(true));
        assertEquals(List.of(), DB.inTransaction(em -> new FollowService(em, clock).reportsFollowedBy(ROSE.id())),
                "not even in its author's list of followed reports");
        assertThrows(NotFoundException.class, () -> DB.run(em -> comments().apply(em).list(report.getId(), false)));
        assertEquals("hidden", DB.queryValue("SELECT resolution FROM fmq_flag"));
        assertEquals(0, queue(false, 10, null).items().size());
        assertEquals(1L, DB.queryValue("SELECT COUNT(*) FROM fmq_outbox_event WHERE event_type = 'report.hidden'"));
        assertEquals(1L, DB.queryValue("SELECT COUNT(*) FROM fmq_audit_entry WHERE action = 'report.hidden'"
                + " AND actor_id = 'u-mod'"));

        // Hiding again changes nothing; unhiding shows it again.
        DB.run(em -> new Moderation(em, clock).hideReport(report.getId(), "again", MOD));
        DB.run(em -> new Moderation(em, clock).unhideReport(report.getId(), "Plate blurred", MOD));
        assertEquals(Set.of(report.getId()), listed(false));
        assertFalse(DB.inTransaction(em -> Moderation.visibleReport(em, report.getId(), false)).getHiding().isHidden());
        assertEquals(1L, DB.queryValue("SELECT COUNT(*) FROM fmq_audit_entry WHERE action = 'report.hidden'"));
        assertEquals(1L, DB.queryValue("SELECT COUNT(*) FROM fmq_outbox_event WHERE event_type = 'report.unhidden'"));
    }

    @Test
    void aHiddenCommentLeavesThePublicListButNotTheStaffOne() {
        Report report = report(ROSE);
        Comment kind = comment(report, NOE, "Thanks for reporting");
        Comment rude = comment(report, MINA, "Idiots");
        flag(report.getId(), rude.getId(), "abusive", ROSE);
        DB.run(em -> new Moderation(em, clock).hideComment(rude.getId(), "Insult", MOD));

        assertEquals(List.of(kind.getId()), commentIds(report, false));
        assertEquals(List.of(kind.getId(), rude.getId()), commentIds(report, true));
        assertThrows(NotFoundException.class,
                () -> DB.run(em -> Moderation.visibleComment(em, report.getId(), rude.getId(), false)));
        assertEquals(1L, DB.queryValue("SELECT COUNT(*) FROM fmq_outbox_event WHERE event_type = 'comment.hidden'"));

        DB.run(em -> new Moderation(em, clock).unhideComment(rude.getId(), "Apologised", MOD));
        assertEquals(List.of(kind.getId(), rude.getId()), commentIds(report, false));
        assertEquals(1L, DB.queryValue("SELECT COUNT(*) FROM fmq_outbox_event WHERE event_type = 'comment.unhidden'"));
        assertEventsReadable();
    }

    @Test
    void hidingNeedsAReason() {
        Report report = report(ROSE);
        ValidationException blank = assertThrows(ValidationException.class,
                () -> DB.run(em -> new Moderation(em, clock).hideReport(report.getId(), " ", MOD)));
        assertEquals("reason", blank.errors().get(0).field());
        assertThrows(ValidationException.class,
                () -> DB.run(em -> new Moderation(em, clock).hideReport(report.getId(), "x".repeat(501), MOD)));
        assertEquals(Set.of(report.getId()), listed(false));
    }

    // --- merge ---------------------------------------------------------------------------------

    @Test
    void mergingMovesVotesAndFollowersAsAUnionAndRecountsExactly() {
        Report original = report(ROSE);
        Report duplicate = report(NOE);
        vote(original, MINA);
        vote(original, MOD);
        vote(duplicate, MINA);
        vote(duplicate, NOE);
        DB.run(em -> new FollowService(em, clock).follow(duplicate.getId(), MINA));
        flag(duplicate.getId(), null, "duplicate", MINA, original.getId());
        flag(duplicate.getId(), null, "spam", ROSE);

        Report merged = DB.inTransaction(em -> reports(em).merge(duplicate.getId(), original.getId(), "Same lamp", MOD));
        assertEquals(ReportStatus.DUPLICATE, merged.getStatus());
        assertEquals(original.getId(), merged.getMergedInto());

        Report after = DB.inTransaction(em -> reports(em).get(original.getId()));
        assertEquals(3, after.getVoteCount(), "Mina voted on both and counts once");
        assertEquals(3L, DB.queryValue("SELECT COUNT(*) FROM fmq_vote WHERE report_id = ?", original.getId()));
        assertEquals(0, DB.inTransaction(em -> reports(em).get(duplicate.getId())).getVoteCount());
        assertEquals(Set.of(ROSE.id(), NOE.id(), MINA.id()),
                Set.copyOf(DB.inTransaction(em -> new FollowService(em, clock).followers(original.getId()))));

        StatusChange last = lastHistory(duplicate);
        assertEquals(StatusChange.KIND_MERGED, last.getKind());
        assertEquals(original.getId(), last.getDetail());
        assertEquals(ReportStatus.DUPLICATE, last.getTo());
        assertEquals(List.of("report.merged", "report.status_changed"), DB.query("SELECT event_type FROM"
                + " fmq_outbox_event WHERE aggregate_id = ? AND event_type IN ('report.merged', 'report.status_changed')"
                + " ORDER BY event_type", duplicate.getId()).stream().map(r -> r.get(0)).collect(Collectors.toList()));
        assertEquals("merged", DB.queryValue("SELECT resolution FROM fmq_flag WHERE reason = 'duplicate'"));
        assertNull(DB.queryValue("SELECT resolution FROM fmq_flag WHERE reason = 'spam'"), "other flags stay open");
        assertEquals(1L, DB.queryValue("SELECT COUNT(*) FROM fmq_audit_entry WHERE action = 'report.merged'"));
        assertEventsReadable();
    }

    @Test
    void mergesThatMakeNoSenseAreRefused() {
        Report original = report(ROSE);
        Report duplicate = report(NOE);
        Report third = report(MINA);
        Report hidden = report(MINA);
        DB.run(em -> new Moderation(em, clock).hideReport(hidden.getId(), "Spam", MOD));

        assertEquals("merge-into-self", refusedMerge(duplicate, duplicate.getId()));
        assertEquals("merge-target-unavailable", refusedMerge(duplicate, hidden.getId()));
        assertThrows(ValidationException.class,
                () -> DB.run(em -> reports(em).merge(duplicate.getId(), "nope", "Same", MOD)));
        DB.run(em -> reports(em).merge(duplicate.getId(), original.getId(), "Same", MOD));
        assertEquals("already-merged", refusedMerge(duplicate, third.getId()));
        assertEquals("merge-target-unavailable", refusedMerge(third, duplicate.getId()));
        assertEquals(ReportStatus.OPEN, DB.inTransaction(em -> reports(em).get(third.getId())).getStatus());
    }

    @Test
    void aMergedDuplicateTakesNoMoreVotesCommentsFollowersOrReopening() {
        Report original = report(ROSE);
        Report duplicate = report(NOE);
        DB.run(em -> reports(em).merge(duplicate.getId(), original.getId(), "Same", MOD));
        List<Executable> writes = List.of(
                () -> vote(duplicate, MINA),
                () -> comment(duplicate, MINA, "Still broken"),
                () -> DB.run(em -> new org.fixmyquarter.core.follow.FollowService(em, clock).follow(duplicate.getId(),
                        MINA)),
                () -> DB.run(em -> reports(em).changeStatus(duplicate.getId(), ReportStatus.OPEN, "Not the same",
                        MOD)));
        for (Executable write : writes) {
            assertEquals("report-merged", assertThrows(ConflictException.class, write).reason());
        }
        assertEquals(0, DB.inTransaction(em -> reports(em).get(duplicate.getId())).getVoteCount());
    }

    @Test
    void twoOppositeMergesAtOnceNeitherDeadlockNorBothSucceed() throws Exception {
        Report a = report(ROSE);
        Report b = report(NOE);
        vote(a, MINA);
        vote(b, MINA);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            Callable<String> aIntoB = () -> {
                start.await();
                return DB.inTransaction(em -> reports(em).merge(a.getId(), b.getId(), "Same", MOD)).getId();
            };
            Callable<String> bIntoA = () -> {
                start.await();
                return DB.inTransaction(em -> reports(em).merge(b.getId(), a.getId(), "Same", MOD)).getId();
            };
            Future<String> first = threads.submit(aIntoB);
            Future<String> second = threads.submit(bIntoA);
            start.countDown();
            int merged = 0;
            for (Future<String> outcome : List.of(first, second)) {
                try {
                    outcome.get(30, TimeUnit.SECONDS);
                    merged++;
                } catch (ExecutionException e) {
                    assertTrue(e.getCause() instanceof ConflictException, () -> "not a conflict: " + e.getCause());
                }
            }
            assertEquals(1, merged, "one merge wins, the other finds its original merged");
        } finally {
            threads.shutdownNow();
        }
        assertEquals(1L, DB.queryValue("SELECT COUNT(*) FROM fmq_report WHERE merged_into IS NOT NULL"));
        assertEquals(1L, DB.queryValue("SELECT SUM(vote_count) FROM fmq_report"), "Mina's two votes count once");
    }

    @Test
    void theDatabaseKeepsOneOpenFlagPerPersonAndTarget() {
        Report report = report(ROSE);
        Flags.Result first = flag(report.getId(), null, "spam", NOE);
        // As a concurrent second request would: straight to the table, past the service's check.
        String insert = "INSERT INTO fmq_flag (id, target_kind, report_id, reason, flagged_by, created_at, target,"
                + " open_target) SELECT 'x' || id, target_kind, report_id, reason, flagged_by, created_at, target,"
                + " open_target FROM fmq_flag WHERE id = '" + first.flag().getId() + "'";
        assertThrows(jakarta.persistence.PersistenceException.class, () -> DB.run(em -> em.createNativeQuery(insert).executeUpdate()));
        DB.run(em -> new Flags(em, clock).dismiss(report.getId(), null, "Fine", MOD));
        DB.run(em -> em.createNativeQuery(insert.replace("open_target FROM", "target FROM")).executeUpdate());
        assertEquals(2L, DB.queryValue("SELECT COUNT(*) FROM fmq_flag"));
    }

    // --- helpers -------------------------------------------------------------------------------

    /** The dispatcher reads every outbox row as a report event: moderation events must carry the report. */
    private static void assertEventsReadable() {
        for (List<Object> row : DB.query("SELECT payload FROM fmq_outbox_event WHERE event_type IN ('report.hidden',"
                + " 'report.unhidden', 'comment.hidden', 'comment.unhidden', 'report.merged', 'report.status_changed')")) {
            Events.parse((String) row.get(0));
        }
    }

    private ReportService reports(jakarta.persistence.EntityManager em) {
        return new ReportService(em, TestCategories.catalog(), clock);
    }

    private java.util.function.Function<jakarta.persistence.EntityManager, CommentService> comments() {
        return em -> new CommentService(em, clock, Duration.ofMinutes(15));
    }

    private Report report(Actor author) {
        clock.advance(Duration.ofSeconds(1));
        return DB.inTransaction(em -> reports(em).create(
                new NewReport("Broken street light", null, "lighting", 45.75, 4.83, 5.0, null), author));
    }

    private Comment comment(Report report, Actor author, String text) {
        clock.advance(Duration.ofSeconds(1));
        return DB.inTransaction(em -> comments().apply(em).add(report.getId(), text, author));
    }

    private void vote(Report report, Actor voter) {
        DB.run(em -> new ReportVotes(em, clock).vote(report.getId(), voter));
    }

    private Flags.Result flag(String reportId, String commentId, String reason, Actor by) {
        return flag(reportId, commentId, reason, by, null);
    }

    private Flags.Result flag(String reportId, String commentId, String reason, Actor by, String duplicateOf) {
        clock.advance(Duration.ofSeconds(1));
        return DB.inTransaction(em -> new Flags(em, clock).flag(reportId, commentId, reason, null, duplicateOf, by,
                false));
    }

    private List<String> refusedFields(String reportId, String commentId, String reason, String note,
                                       String duplicateOf) {
        ValidationException e = assertThrows(ValidationException.class, () -> DB.run(em -> new Flags(em, clock)
                .flag(reportId, commentId, reason, note, duplicateOf, NOE, false)));
        return e.errors().stream().map(f -> f.field()).collect(Collectors.toList());
    }

    private String refusedMerge(Report duplicate, String into) {
        return assertThrows(ConflictException.class,
                () -> DB.run(em -> reports(em).merge(duplicate.getId(), into, "Same", MOD))).reason();
    }

    private Flags.Page queue(boolean resolved, int limit, String cursor) {
        return DB.inTransaction(em -> new Flags(em, clock).queue(MOD, resolved, limit, cursor));
    }

    private Set<String> listed(boolean staff) {
        return DB.inTransaction(em -> reports(em).list(new ReportFilter(null, null, null, 100, ReportFilter.Sort.NEWEST,
                staff))).items().stream().map(Report::getId).collect(Collectors.toSet());
    }

    private List<String> commentIds(Report report, boolean staff) {
        return DB.inTransaction(em -> comments().apply(em).list(report.getId(), staff)).stream().map(Comment::getId)
                .collect(Collectors.toList());
    }

    private StatusChange lastHistory(Report report) {
        List<StatusChange> history = DB.inTransaction(em -> reports(em).history(report.getId()));
        return history.get(history.size() - 1);
    }
}
