package org.fixmyquarter.core.photo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javax.imageio.ImageIO;

import org.fixmyquarter.core.Actor;
import org.fixmyquarter.core.MutableClock;
import org.fixmyquarter.core.TestDatabase;
import org.fixmyquarter.core.account.Role;
import org.fixmyquarter.core.report.Report;
import org.fixmyquarter.imaging.BlurRegion;
import org.fixmyquarter.imaging.TestImages;
import org.fixmyquarter.spi.PluginException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The photo job as the server runs it: through the event dispatcher, with a real renderer and a
 * store whose files the tests can look at.
 */
class PhotoJobTest {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final ExecutorService EXECUTOR = Executors.newCachedThreadPool();

    private static final Actor ROSE = Actor.citizen("u-rose", "Rose");
    private static final Actor MOD = Actor.of("u-mod", "Moderator", Role.MODERATOR);

    /** Made once: encoding is the slow part, and the same bytes give the same files. */
    private static final byte[] PHOTO = TestImages.photoLikeJpeg(1600, 1200);
    private static final byte[] SMALL = TestImages.photoLikeJpeg(800, 600);

    private final MutableClock clock = new MutableClock(Instant.parse("2025-06-02T08:00:00Z"));

    @TempDir
    Path folder;

    private PhotoWorld world;
    private Report report;

    @BeforeEach
    void setUp() {
        DB.deleteAllRows();
        DB.accountsFor(ROSE, MOD);
        world = new PhotoWorld(DB, clock, folder, PhotoSettings.defaults(), EXECUTOR);
        report = world.report(ROSE);
    }

    @AfterAll
    static void stopExecutor() {
        EXECUTOR.shutdownNow();
    }

    @Test
    void anUploadBecomesThreeSizesInTheStoreAndTheUploadIsRemoved() throws IOException {
        Photo photo = world.upload(report.getId(), null, ROSE, PHOTO, 1600, 1200);
        String upload = PhotoService.uploadKey(photo.getId());
        assertTrue(world.store.has(upload));

        world.process();

        Photo done = world.photo(photo.getId());
        assertEquals(Photo.READY, done.getState());
        assertNull(done.getUploadKey());
        Map<String, PhotoFile> files = world.files(photo.getId());
        assertEquals(Set.of(PhotoFile.THUMBNAIL, PhotoFile.MEDIUM, PhotoFile.ORIGINAL), files.keySet());
        assertSize(files.get(PhotoFile.THUMBNAIL), 320, 240);
        assertSize(files.get(PhotoFile.MEDIUM), 1280, 960);
        assertSize(files.get(PhotoFile.ORIGINAL), 1600, 1200);
        // The upload still carried whatever the camera wrote: only the clean files may remain.
        assertFalse(world.store.has(upload), "the upload is removed once the files are made");
        assertEquals(1L, DB.queryValue("SELECT COUNT(*) FROM fmq_outbox_event WHERE event_type = ? AND aggregate_id = ?",
                PhotoJob.PHOTO_ADDED, report.getId()), "webhooks hear of the photo once it is ready, as the report's event");
    }

    @Test
    void aSmallPhotoIsNeverEnlarged() throws IOException {
        Photo photo = world.upload(report.getId(), null, ROSE, SMALL, 800, 600);
        world.process();

        Map<String, PhotoFile> files = world.files(photo.getId());
        assertSize(files.get(PhotoFile.THUMBNAIL), 320, 240);
        assertSize(files.get(PhotoFile.MEDIUM), 800, 600);
        assertSize(files.get(PhotoFile.ORIGINAL), 800, 600);
    }

    @Test
    void aDamagedUploadFailsAtOnceWithAReasonAndIsRemoved() {
        byte[] damaged = TestImages.truncated(SMALL, 3000);
        Photo photo = world.upload(report.getId(), null, ROSE, damaged, 800, 600);

        world.process();

        Photo failed = world.photo(photo.getId());
        assertEquals(Photo.FAILED, failed.getState());
        assertNotNull(failed.getFailure());
        assertTrue(world.files(photo.getId()).isEmpty());
        // A retry cannot mend the bytes: one attempt, then the job gives up.
        List<List<Object>> deliveries = DB.query("SELECT d.state, d.attempts FROM fmq_delivery d JOIN fmq_outbox_event e"
                + " ON d.event_id = e.id WHERE e.event_type = 'photo.uploaded'");
        assertEquals(List.of(List.of("dead", 1)), deliveries);
        assertFalse(world.store.has(PhotoService.uploadKey(photo.getId())),
                "an upload that will never be processed must not stay in the store");
    }

    @Test
    void aStoreThatIsDownLeavesThePhotoProcessingUntilARetrySucceeds() {
        world.store.failPuts = new PluginException("store unreachable", true, null);
        Photo photo = world.upload(report.getId(), null, ROSE, SMALL, 800, 600);

        world.process();

        assertEquals(Photo.PROCESSING, world.photo(photo.getId()).getState());
        List<List<Object>> deliveries = DB.query("SELECT d.state, d.attempts, d.last_error FROM fmq_delivery d"
                + " JOIN fmq_outbox_event e ON d.event_id = e.id WHERE e.event_type = 'photo.uploaded'");
        assertEquals(1, deliveries.size());
        assertEquals("pending", deliveries.get(0).get(0));
        assertEquals(1, deliveries.get(0).get(1));
        assertTrue(((String) deliveries.get(0).get(2)).contains("store unreachable"));
        assertTrue(world.store.has(PhotoService.uploadKey(photo.getId())), "the upload is kept for the retry");

        world.store.failPuts = null;
        clock.advance(Duration.ofMinutes(2));
        world.process();

        assertEquals(Photo.READY, world.photo(photo.getId()).getState());
        assertFalse(world.store.has(PhotoService.uploadKey(photo.getId())));
    }

    @Test
    void aRedactionWithdrawsThePublicFilesAndRemakesThemBlurred() throws IOException {
        // Larger than the medium size, so that medium and original are different files (for a
        // small photo they are the same bytes, and the old medium's key is the unredacted file's).
        Photo photo = world.upload(report.getId(), null, ROSE, PHOTO, 1600, 1200);
        world.process();
        Map<String, PhotoFile> before = world.files(photo.getId());
        BlurRegion plate = new BlurRegion(0.1, 0.1, 0.3, 0.3);

        // The unblurred thumbnail, scaled by the renderer itself, to compare the blurred one with.
        BufferedImage thumbnailBefore = pixels(before.get(PhotoFile.THUMBNAIL));

        DB.run(em -> world.service(em).redact(photo.getId(), List.of(plate), "Number plate", MOD));

        // At once, before the job ran: no reader but staff is served the unblurred files.
        for (PhotoFile old : List.of(before.get(PhotoFile.THUMBNAIL), before.get(PhotoFile.MEDIUM))) {
            assertTrue(DB.inTransaction(em -> world.service(em).served(old.getSha256(), Actor.anonymous())).isEmpty());
            assertTrue(DB.inTransaction(em -> world.service(em).served(old.getSha256(), ROSE)).isEmpty());
        }
        assertTrue(DB.inTransaction(em -> world.service(em).ofReports(List.of(report.getId()), Actor.anonymous()))
                .isEmpty());
        assertEquals(1L, DB.queryValue("SELECT COUNT(*) FROM fmq_audit_entry WHERE action = 'photo.redacted'"));

        world.process();

        assertEquals(Photo.READY, world.photo(photo.getId()).getState());
        Map<String, PhotoFile> after = world.files(photo.getId());
        assertEquals(Set.of(PhotoFile.THUMBNAIL, PhotoFile.MEDIUM, PhotoFile.ORIGINAL, PhotoFile.UNREDACTED),
                after.keySet());
        PhotoFile unredacted = after.get(PhotoFile.UNREDACTED);
        assertEquals(before.get(PhotoFile.ORIGINAL).getSha256(), unredacted.getSha256(), "staff keep the original");
        assertBlurredOnlyIn(plate, pixels(unredacted), pixels(after.get(PhotoFile.ORIGINAL)));
        assertBlurredOnlyIn(plate, thumbnailBefore, pixels(after.get(PhotoFile.THUMBNAIL)));

        // The unredacted file is for staff only, even where originals are public.
        PhotoSettings originalsPublic = new PhotoSettings(5, 3, 10_000_000, 50, true);
        assertTrue(DB.inTransaction(em -> world.service(em, originalsPublic).served(unredacted.getSha256(),
                Actor.anonymous())).isEmpty());
        assertTrue(DB.inTransaction(em -> world.service(em).served(unredacted.getSha256(), MOD)).isPresent());
        assertTrue(world.store.has(unredacted.getMediaKey()));
        // It moved under the staff-only prefix: its published address (the original's) serves
        // nothing any more, should the store have a public address (a CDN, a public bucket).
        assertEquals(PhotoFile.privateKeyOf(unredacted.getSha256()), unredacted.getMediaKey());
        assertFalse(world.store.has(before.get(PhotoFile.ORIGINAL).getMediaKey()));
        // The unblurred small sizes leave the store once nothing uses them.
        assertFalse(world.store.has(before.get(PhotoFile.THUMBNAIL).getMediaKey()));
        assertFalse(world.store.has(before.get(PhotoFile.MEDIUM).getMediaKey()));
        assertTrue(DB.inTransaction(em -> world.service(em).served(before.get(PhotoFile.MEDIUM).getSha256(),
                Actor.anonymous())).isEmpty());
        for (PhotoFile file : after.values()) {
            assertTrue(world.store.has(file.getMediaKey()), file.getKind());
        }
        assertEquals(1L, DB.queryValue("SELECT COUNT(*) FROM fmq_outbox_event WHERE event_type = ?",
                PhotoJob.PHOTO_ADDED), "a redaction's new rendering adds no photo");
    }

    @Test
    void aSecondRedactionReplacesTheFirst() throws IOException {
        Photo photo = world.upload(report.getId(), null, ROSE, SMALL, 800, 600);
        world.process();
        BlurRegion first = new BlurRegion(0.1, 0.1, 0.3, 0.3);
        BlurRegion second = new BlurRegion(0.6, 0.6, 0.3, 0.3);
        DB.run(em -> world.service(em).redact(photo.getId(), List.of(first), "Face", MOD));
        world.process();
        Map<String, PhotoFile> once = world.files(photo.getId());

        clock.advance(Duration.ofMinutes(1));
        DB.run(em -> world.service(em).redact(photo.getId(), List.of(second), "Wrong place: the plate", MOD));
        world.process();

        Map<String, PhotoFile> twice = world.files(photo.getId());
        assertEquals(once.get(PhotoFile.UNREDACTED).getSha256(), twice.get(PhotoFile.UNREDACTED).getSha256(),
                "the blur of the first redaction must not be baked into the second");
        assertEquals(List.of(second), PhotoRegions.parse(world.photo(photo.getId()).getRedaction()));
        assertBlurredOnlyIn(second, pixels(twice.get(PhotoFile.UNREDACTED)), pixels(twice.get(PhotoFile.ORIGINAL)));
        for (String kind : PhotoFile.PUBLIC_KINDS) {
            assertNotEquals(once.get(kind).getSha256(), twice.get(kind).getSha256(), kind);
            assertFalse(world.store.has(once.get(kind).getMediaKey()), "the first redaction's " + kind + " is removed");
        }
        assertEquals(2L, DB.queryValue("SELECT COUNT(*) FROM fmq_audit_entry WHERE action = 'photo.redacted'"));
    }

    @Test
    void aDeletedPhotosFilesLeaveTheStoreUnlessAnotherPhotoHasTheSameBytes() {
        Photo first = world.upload(report.getId(), null, ROSE, SMALL, 800, 600);
        Photo twin = world.upload(report.getId(), null, ROSE, SMALL, 800, 600);
        world.process();
        Map<String, PhotoFile> files = world.files(first.getId());
        assertEquals(files.get(PhotoFile.MEDIUM).getSha256(), world.files(twin.getId()).get(PhotoFile.MEDIUM)
                .getSha256(), "the same bytes make the same files (else this test proves nothing)");

        DB.run(em -> world.service(em).delete(first.getId(), report.getId(), ROSE));
        world.process();

        assertNull(world.photo(first.getId()));
        assertTrue(world.files(first.getId()).isEmpty());
        for (PhotoFile file : files.values()) {
            assertTrue(world.store.has(file.getMediaKey()), "the twin still shows its " + file.getKind());
        }

        DB.run(em -> world.service(em).delete(twin.getId(), report.getId(), MOD));
        world.process();

        for (PhotoFile file : files.values()) {
            assertFalse(world.store.has(file.getMediaKey()), file.getKind() + " of no photo any more");
        }
    }

    // --- helpers ---------------------------------------------------------------------------------

    /** Checks the recorded size and the size of the stored image itself. */
    private void assertSize(PhotoFile file, int width, int height) throws IOException {
        assertEquals(List.of(width, height), List.of(file.getWidth(), file.getHeight()), file.getKind());
        BufferedImage image = pixels(file);
        assertEquals(List.of(width, height), List.of(image.getWidth(), image.getHeight()), file.getKind() + " as stored");
    }

    private BufferedImage pixels(PhotoFile file) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(world.store.read(file.getMediaKey())));
        assertNotNull(image, file.getKind() + " is a readable image");
        return image;
    }

    /**
     * The redacted image differs strongly from the unredacted one inside the region (its detail
     * is gone) and hardly elsewhere (only the JPEG re-encoding). A margin around the region's
     * edge is left out, where the blur may fade in.
     */
    private static void assertBlurredOnlyIn(BlurRegion region, BufferedImage unredacted, BufferedImage redacted) {
        int w = redacted.getWidth();
        int h = redacted.getHeight();
        assertEquals(List.of(unredacted.getWidth(), unredacted.getHeight()), List.of(w, h));
        int x0 = (int) (region.x() * w);
        int y0 = (int) (region.y() * h);
        int x1 = (int) ((region.x() + region.width()) * w);
        int y1 = (int) ((region.y() + region.height()) * h);
        int margin = Math.max(4, w / 40);
        double inside = 0;
        long insideCount = 0;
        double outside = 0;
        long outsideCount = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean in = x >= x0 + margin && x < x1 - margin && y >= y0 + margin && y < y1 - margin;
                boolean out = x < x0 - margin || x >= x1 + margin || y < y0 - margin || y >= y1 + margin;
                if (!in && !out) {
                    continue;
                }
                double d = difference(unredacted.getRGB(x, y), redacted.getRGB(x, y));
                if (in) {
                    inside += d;
                    insideCount++;
                } else {
                    outside += d;
                    outsideCount++;
                }
            }
        }
        inside /= insideCount;
        outside /= outsideCount;
        System.out.printf("blur check %dx%d: inside %.2f, outside %.2f%n", w, h, inside, outside);
        assertTrue(inside > 8, "the region is blurred: mean difference " + inside);
        assertTrue(outside < 4, "the rest is left alone: mean difference " + outside);
        assertTrue(inside > 3 * outside, "inside " + inside + " vs outside " + outside);
    }

    /** Mean absolute difference of the three channels, 0 to 255. */
    private static double difference(int a, int b) {
        int dr = Math.abs((a >> 16 & 0xff) - (b >> 16 & 0xff));
        int dg = Math.abs((a >> 8 & 0xff) - (b >> 8 & 0xff));
        int db = Math.abs((a & 0xff) - (b & 0xff));
        return (dr + dg + db) / 3.0;
    }
}
