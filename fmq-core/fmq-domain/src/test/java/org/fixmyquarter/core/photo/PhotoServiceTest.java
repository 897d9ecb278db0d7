package org.fixmyquarter.core.photo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.fixmyquarter.core.Actor;
import org.fixmyquarter.core.MutableClock;
import org.fixmyquarter.core.TestCategories;
import org.fixmyquarter.core.TestDatabase;
import org.fixmyquarter.core.account.Role;
import org.fixmyquarter.core.comment.Comment;
import org.fixmyquarter.core.comment.CommentService;
import org.fixmyquarter.core.error.ConflictException;
import org.fixmyquarter.core.error.ForbiddenException;
import org.fixmyquarter.core.error.NotFoundException;
import org.fixmyquarter.core.error.QuotaExceededException;
import org.fixmyquarter.core.moderation.Moderation;
import org.fixmyquarter.core.report.Report;
import org.fixmyquarter.core.report.ReportService;
import org.fixmyquarter.imaging.BlurRegion;
import org.fixmyquarter.imaging.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may add photos, how many, and who sees which photo and file, against a real database;
 * photos become ready through the real photo job.
 */
class PhotoServiceTest {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final ExecutorService EXECUTOR = Executors.newCachedThreadPool();

    private static final Actor ROSE = Actor.citizen("u-rose", "Rose");
    private static final Actor NOE = Actor.citizen("u-noe", "Noé");
    private static final Actor OPERATOR = Actor.of("u-op", "Operator", Role.OPERATOR);
    private static final Actor MOD = Actor.of("u-mod", "Moderator", Role.MODERATOR);
    private static final Actor ANONYMOUS = Actor.anonymous();

    /** Small, and different from each other, so that no two photos of a test share a file by accident. */
    private static final byte[] IMAGE = TestImages.photoLikeJpeg(400, 300);
    private static final byte[] OTHER_IMAGE = TestImages.photoLikeJpeg(480, 360);

    private static final PhotoSettings ORIGINALS_PUBLIC = new PhotoSettings(5, 3, 10_000_000, 50, true);

    private final MutableClock clock = new MutableClock(Instant.parse("2025-06-02T08:00:00Z"));

    @TempDir
    Path folder;

    private PhotoWorld world;

    @BeforeEach
    void setUp() {
        DB.deleteAllRows();
        DB.accountsFor(ROSE, NOE, OPERATOR, MOD);
        world = world(PhotoSettings.defaults());
    }

    @AfterAll
    static void stopExecutor() {
        EXECUTOR.shutdownNow();
    }

    private PhotoWorld world(PhotoSettings settings) {
        return new PhotoWorld(DB, clock, folder, settings, EXECUTOR);
    }

    // --- who adds, how many ------------------------------------------------------------------

    @Test
    void theReportsAuthorAndStaffAddPhotosToAReportNoOneElse() {
        Report report = world.report(ROSE);

        assertTrue(canAdd(report.getId(), null, ROSE) >= 1);
        assertTrue(canAdd(report.getId(), null, OPERATOR) >= 1);
        world.upload(report.getId(), null, ROSE, IMAGE, 400, 300);
        world.upload(report.getId(), null, OPERATOR, IMAGE, 400, 300);
        for (Actor stranger : List.of(NOE, ANONYMOUS)) {
            assertThrows(ForbiddenException.class, () -> canAdd(report.getId(), null, stranger));
            assertThrows(ForbiddenException.class, () -> world.upload(report.getId(), null, stranger, IMAGE, 400, 300));
        }
        assertEquals(2L, DB.queryValue("SELECT COUNT(*) FROM fmq_photo"));
    }

    @Test
    void onlyACommentsAuthorAddsPhotosToIt() {
        Report report = world.report(ROSE);
        Comment comment = world.comment(report, NOE);

        Photo photo = world.upload(report.getId(), comment.getId(), NOE, IMAGE, 400, 300);
        assertEquals(comment.getId(), photo.getCommentId());
        // Not even the report's author or staff: the photo would speak in the commenter's name.
        for (Actor other : List.of(ROSE, OPERATOR, ANONYMOUS)) {
            assertThrows(ForbiddenException.class, () -> canAdd(report.getId(), comment.getId(), other));
        }
        // A comment's photos are not the report's: they do not use up the report's limit.
        assertEquals(PhotoSettings.defaults().perReport(), canAdd(report.getId(), null, ROSE));
    }

    @Test
    void aReportTakesItsLimitOfPhotosAndAFailedOneDoesNotCount() {
        world = world(new PhotoSettings(2, 3, 10_000_000, 50, false));
        Report report = world.report(ROSE);
        world.upload(report.getId(), null, ROSE, IMAGE, 400, 300);
        Photo broken = world.upload(report.getId(), null, ROSE, TestImages.truncated(IMAGE, 2000), 400, 300);
        world.process();
        assertEquals(Photo.FAILED, world.photo(broken.getId()).getState());

        assertEquals(1, canAdd(report.getId(), null, ROSE));
        world.upload(report.getId(), null, ROSE, IMAGE, 400, 300);

        ConflictException full = assertThrows(ConflictException.class,
                () -> world.upload(report.getId(), null, ROSE, IMAGE, 400, 300));
        assertEquals("too-many-photos", full.reason());
        assertEquals("too-many-photos",
                assertThrows(ConflictException.class, () -> canAdd(report.getId(), null, OPERATOR)).reason(),
                "staff are held to the report's limit too");
    }

    @Test
    void theDailyQuotaCountsTheLast24HoursAndNotStaff() {
        world = world(new PhotoSettings(10, 3, 10_000_000, 2, false));
        Report report = world.report(ROSE);
        Instant first = world.upload(report.getId(), null, ROSE, IMAGE, 400, 300).getCreatedAt();
        clock.advance(Duration.ofHours(1));
        world.upload(report.getId(), null, ROSE, IMAGE, 400, 300);

        QuotaExceededException quota = assertThrows(QuotaExceededException.class,
                () -> world.upload(report.getId(), null, ROSE, IMAGE, 400, 300));
        assertEquals("photos-per-day", quota.quota());
        Instant dayAfter = first.plus(Duration.ofHours(24));
        assertFalse(quota.retryAt().isBefore(dayAfter), quota.retryAt() + " is before " + dayAfter);
        assertFalse(quota.retryAt().isAfter(dayAfter.plusSeconds(1)), quota.retryAt() + " is too late");

        // Staff have no daily quota.
        for (int i = 0; i < 3; i++) {
            world.upload(report.getId(), null, OPERATOR, IMAGE, 400, 300);
        }

        clock.set(dayAfter.minusSeconds(1));
        assertThrows(QuotaExceededException.class, () -> canAdd(report.getId(), null, ROSE));
        clock.set(quota.retryAt());
        assertEquals(1, canAdd(report.getId(), null, ROSE), "the first upload left the window, the second did not");
        world.upload(report.getId(), null, ROSE, IMAGE, 400, 300);
    }

    @Test
    void aMergedDuplicateTakesNoPhotosAndItsPhotosShowOnTheOriginal() {
        Report original = world.report(ROSE);
        Report duplicate = world.report(NOE);
        Photo own = world.upload(original.getId(), null, ROSE, IMAGE, 400, 300);
        Photo merged = world.upload(duplicate.getId(), null, NOE, OTHER_IMAGE, 480, 360);
        world.process();
        DB.run(em -> new ReportService(em, TestCategories.catalog(), clock).merge(duplicate.getId(), original.getId(),
                "Same bench", MOD));

        assertEquals("report-merged", assertThrows(ConflictException.class,
                () -> canAdd(duplicate.getId(), null, NOE)).reason());
        assertEquals("report-merged", assertThrows(ConflictException.class,
                () -> world.upload(duplicate.getId(), null, NOE, IMAGE, 400, 300)).reason());

        Map<String, List<PhotoView>> shown = ofReports(List.of(original.getId()), ANONYMOUS);
        assertEquals(List.of(original.getId()), List.copyOf(shown.keySet()));
        assertEquals(List.of(own.getId(), merged.getId()), ids(shown.get(original.getId())));
        assertEquals(merged.getId(), DB.inTransaction(em -> world.service(em).get(merged.getId(), original.getId(),
                ANONYMOUS)).photo().getId(), "a merged photo is found under the original's address");
    }

    @Test
    void aHiddenDuplicateOrCommentKeepsItsPhotosFromThePublicWhereverTheyAreListed() {
        Report original = world.report(ROSE);
        Report duplicate = world.report(NOE);
        Photo merged = world.upload(duplicate.getId(), null, NOE, OTHER_IMAGE, 480, 360);
        Comment comment = world.comment(original, NOE);
        Photo attached = world.upload(original.getId(), comment.getId(), NOE, IMAGE, 400, 300);
        world.process();
        DB.run(em -> new ReportService(em, TestCategories.catalog(), clock).merge(duplicate.getId(), original.getId(),
                "Same bench", MOD));
        DB.run(em -> new Moderation(em, clock).hideReport(duplicate.getId(), "Shows a face", MOD));
        DB.run(em -> new Moderation(em, clock).hideComment(comment.getId(), "Insult", MOD));

        assertTrue(ofReports(List.of(original.getId()), ANONYMOUS).isEmpty(), "the hidden duplicate's photo");
        assertTrue(ofComments(comment.getId(), ANONYMOUS).isEmpty(), "the hidden comment's photo");
        assertEquals(List.of(merged.getId()), ids(ofReports(List.of(original.getId()), MOD).get(original.getId())));
        assertEquals(List.of(attached.getId()), ids(ofComments(comment.getId(), MOD).get(comment.getId())));
    }

    @Test
    void aHiddenReportIsNotFoundForAnyoneButStaff() {
        Report report = world.report(ROSE);
        Photo photo = world.upload(report.getId(), null, ROSE, IMAGE, 400, 300);
        world.process();
        DB.run(em -> new Moderation(em, clock).hideReport(report.getId(), "Shows a face", MOD));

        assertThrows(NotFoundException.class, () -> canAdd(report.getId(), null, ROSE));
        assertThrows(NotFoundException.class, () -> world.upload(report.getId(), null, ROSE, IMAGE, 400, 300));
        assertThrows(NotFoundException.class,
                () -> DB.run(em -> world.service(em).get(photo.getId(), report.getId(), ROSE)));
        assertTrue(canAdd(report.getId(), null, OPERATOR) >= 1);
        assertEquals(photo.getId(), DB.inTransaction(em -> world.service(em).get(photo.getId(), report.getId(),
                MOD)).photo().getId());
    }

    // --- who sees what ------------------------------------------------------------------------

    @Test
    void eachReaderSeesThePhotosAndFilesTheyMay() {
        Report report = world.report(ROSE);
        Photo ready = world.upload(report.getId(), null, ROSE, IMAGE, 400, 300);
        Photo hidden = world.upload(report.getId(), null, ROSE, IMAGE, 400, 300);
        world.process();
        DB.run(em -> new Moderation(em, clock).hidePhoto(hidden.getId(), "A face", MOD));
        Photo processing = world.upload(report.getId(), null, ROSE, IMAGE, 400, 300);
        List<String> id = List.of(report.getId());

        for (Actor reader : List.of(ANONYMOUS, NOE)) {
            List<PhotoView> seen = ofReports(id, reader).get(report.getId());
            assertEquals(List.of(ready.getId()), ids(seen), reader.id());
            assertEquals(List.of(PhotoFile.THUMBNAIL, PhotoFile.MEDIUM), kinds(seen.get(0)), reader.id());
        }
        List<PhotoView> publicWithOriginals = DB.inTransaction(em -> world.service(em, ORIGINALS_PUBLIC)
                .ofReports(id, ANONYMOUS)).get(report.getId());
        assertEquals(PhotoFile.PUBLIC_KINDS, kinds(publicWithOriginals.get(0)));

        // The uploader follows their own photo while it is processed, but a hidden one is gone for them too.
        List<PhotoView> own = ofReports(id, ROSE).get(report.getId());
        assertEquals(List.of(ready.getId(), processing.getId()), ids(own));
        assertEquals(List.of(), own.get(1).files());

        List<PhotoView> staff = ofReports(id, MOD).get(report.getId());
        assertEquals(List.of(ready.getId(), hidden.getId(), processing.getId()), ids(staff));
        assertEquals(PhotoFile.PUBLIC_KINDS, kinds(staff.get(0)));

        for (Photo unseen : List.of(hidden, processing)) {
            assertThrows(NotFoundException.class,
                    () -> DB.run(em -> world.service(em).get(unseen.getId(), report.getId(), ANONYMOUS)));
        }
    }

    @Test
    void aCommentsPhotoIsPublicOnceReadyAndNotListedWithTheReport() {
        Report report = world.report(ROSE);
        Comment comment = world.comment(report, NOE);
        Photo photo = world.upload(report.getId(), comment.getId(), NOE, IMAGE, 400, 300);

        assertTrue(ofComments(comment.getId(), ANONYMOUS).isEmpty());
        assertEquals(List.of(photo.getId()), ids(ofComments(comment.getId(), NOE).get(comment.getId())));

        world.process();

        List<PhotoView> seen = ofComments(comment.getId(), ANONYMOUS).get(comment.getId());
        assertEquals(List.of(photo.getId()), ids(seen));
        assertEquals(List.of(PhotoFile.THUMBNAIL, PhotoFile.MEDIUM), kinds(seen.get(0)));
        assertTrue(ofReports(List.of(report.getId()), MOD).isEmpty(), "a comment's photo is not the report's");
    }

    @Test
    void servedFindsAFileOnlyForReadersWhoMaySeeIt() {
        Report report = world.report(ROSE);
        // Wider than the medium size: a smaller photo's medium and original are the same bytes,
        // and one address serves them both.
        Photo photo = world.upload(report.getId(), null, ROSE, TestImages.photoLikeJpeg(1400, 1050), 1400, 1050);
        world.process();
        Map<String, PhotoFile> files = world.files(photo.getId());
        String thumbnail = files.get(PhotoFile.THUMBNAIL).getSha256();
        String original = files.get(PhotoFile.ORIGINAL).getSha256();
        assertFalse(original.equals(files.get(PhotoFile.MEDIUM).getSha256()));

        assertTrue(served(thumbnail, ANONYMOUS));
        assertTrue(served(files.get(PhotoFile.MEDIUM).getSha256(), NOE));
        assertFalse(served(original, ANONYMOUS), "originals are for staff by default");
        assertFalse(served(original, ROSE), "even for the uploader");
        assertTrue(served(original, MOD));
        assertTrue(DB.inTransaction(em -> world.service(em, ORIGINALS_PUBLIC).served(original, ANONYMOUS)).isPresent());
        assertFalse(served("0".repeat(64), MOD));

        DB.run(em -> new Moderation(em, clock).hidePhoto(photo.getId(), "A face", MOD));
        assertFalse(served(thumbnail, ANONYMOUS));
        assertTrue(served(thumbnail, MOD));
        DB.run(em -> new Moderation(em, clock).unhidePhoto(photo.getId(), "Blurred", MOD));
        assertTrue(served(thumbnail, ANONYMOUS));

        DB.run(em -> new Moderation(em, clock).hideReport(report.getId(), "Spam", MOD));
        assertFalse(served(thumbnail, ANONYMOUS));
        assertTrue(served(thumbnail, MOD));
    }

    @Test
    void servedHidesThePhotosOfHiddenAndDeletedComments() {
        Report report = world.report(ROSE);
        Comment comment = world.comment(report, NOE);
        Photo photo = world.upload(report.getId(), comment.getId(), NOE, IMAGE, 400, 300);
        world.process();
        String thumbnail = world.files(photo.getId()).get(PhotoFile.THUMBNAIL).getSha256();
        assertTrue(served(thumbnail, ANONYMOUS));

        DB.run(em -> new Moderation(em, clock).hideComment(comment.getId(), "Insult", MOD));
        assertFalse(served(thumbnail, ANONYMOUS));
        assertFalse(served(thumbnail, NOE), "hidden from its author too");
        assertTrue(served(thumbnail, MOD));
        DB.run(em -> new Moderation(em, clock).unhideComment(comment.getId(), "Apologised", MOD));
        assertTrue(served(thumbnail, ANONYMOUS));

        DB.run(em -> new CommentService(em, clock, Duration.ofMinutes(15)).delete(report.getId(), comment.getId(), NOE));
        assertFalse(served(thumbnail, ANONYMOUS));
        assertTrue(served(thumbnail, MOD));
    }

    @Test
    void deletesAndHidesOfOneReportsPhotosAtTheSameTimeAllSucceed() throws Exception {
        // Each of them moves the report's version (its ETag); two at once once made the later
        // commit fail on the version the earlier had just changed, answering a user with 500.
        world = world(new PhotoSettings(12, 3, 10_000_000, 0, false));
        Report report = world.report(ROSE);
        List<Photo> photos = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            photos.add(world.upload(report.getId(), null, ROSE, IMAGE, 400, 300));
        }
        world.process();
        long before = DB.inTransaction(em -> em.find(Report.class, report.getId()).getVersion());

        List<Callable<Void>> writers = new ArrayList<>();
        for (int i = 0; i < photos.size(); i++) {
            String id = photos.get(i).getId();
            writers.add(i % 2 == 0
                    ? () -> { DB.run(em -> world.service(em).delete(id, report.getId(), ROSE)); return null; }
                    : () -> { DB.run(em -> new Moderation(em, clock).hidePhoto(id, "A face", MOD)); return null; });
        }
        for (Future<Void> done : EXECUTOR.invokeAll(writers)) {
            done.get();
        }

        assertEquals(6L, DB.queryValue("SELECT COUNT(*) FROM fmq_photo"));
        long after = DB.inTransaction(em -> em.find(Report.class, report.getId()).getVersion());
        assertEquals(before + photos.size(), after, "each change moved the report's version once");

        DB.run(em -> world.service(em).redact(photos.get(1).getId(), List.of(new BlurRegion(0.1, 0.1, 0.3, 0.3)),
                "Number plate", MOD));
        long redacted = DB.inTransaction(em -> em.find(Report.class, report.getId()).getVersion());
        assertEquals(after + 1, redacted, "a redaction moves it too");
    }

    // --- helpers ---------------------------------------------------------------------------------

    private int canAdd(String reportId, String commentId, Actor actor) {
        return DB.inTransaction(em -> world.service(em).checkCanAdd(reportId, commentId, actor));
    }

    private Map<String, List<PhotoView>> ofReports(List<String> reportIds, Actor reader) {
        return DB.inTransaction(em -> world.service(em).ofReports(reportIds, reader));
    }

    private Map<String, List<PhotoView>> ofComments(String commentId, Actor reader) {
        return DB.inTransaction(em -> world.service(em).ofComments(List.of(commentId), reader));
    }

    private boolean served(String sha256, Actor reader) {
        return DB.inTransaction(em -> world.service(em).served(sha256, reader)).isPresent();
    }

    private static List<String> ids(List<PhotoView> views) {
        return views.stream().map(v -> v.photo().getId()).toList();
    }

    private static List<String> kinds(PhotoView view) {
        return view.files().stream().map(PhotoFile::getKind).toList();
    }
}
