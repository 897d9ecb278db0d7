package org.fixmyquarter.core.photo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

import jakarta.persistence.EntityManager;

import org.fixmyquarter.core.Actor;
import org.fixmyquarter.core.MutableClock;
import org.fixmyquarter.core.TestCategories;
import org.fixmyquarter.core.TestDatabase;
import org.fixmyquarter.core.comment.Comment;
import org.fixmyquarter.core.comment.CommentService;
import org.fixmyquarter.core.delivery.DeliverySettings;
import org.fixmyquarter.core.delivery.EventDispatcher;
import org.fixmyquarter.core.i18n.Messages;
import org.fixmyquarter.core.i18n.NotificationTexts;
import org.fixmyquarter.core.plugin.PluginRegistry;
import org.fixmyquarter.core.report.NewReport;
import org.fixmyquarter.core.report.Report;
import org.fixmyquarter.core.report.ReportService;
import org.fixmyquarter.imaging.ImageLimits;
import org.fixmyquarter.imaging.PhotoRenderer;

/**
 * What the photo tests share: reports and comments, uploads put in a folder store as the API puts
 * them, and the photo job run through the event dispatcher as the server runs it.
 */
final class PhotoWorld {

    final TestDatabase db;
    final MutableClock clock;
    final FolderMediaStore store;
    final PhotoSettings settings;
    private final EventDispatcher dispatcher;

    PhotoWorld(TestDatabase db, MutableClock clock, Path folder, PhotoSettings settings, ExecutorService executor) {
        this.db = db;
        this.clock = clock;
        this.store = new FolderMediaStore(folder);
        this.settings = settings;
        PhotoJob job = new PhotoJob(() -> Optional.of(store), new PhotoRenderer(ImageLimits.defaults(), 0.85f), clock);
        NotificationTexts texts = new NotificationTexts(Messages.of(List.of(), Locale.ENGLISH), TestCategories.catalog(),
                ZoneId.of("Europe/Paris"), "metric");
        // Three attempts, so that a test can tell "given up at once" from "given up after retries".
        this.dispatcher = new EventDispatcher(PluginRegistry.builder().add(new TestCategories()).build(),
                id -> org.fixmyquarter.spi.PluginConfig.empty(), texts, Locale.ENGLISH,
                new DeliverySettings(3, Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofMinutes(1), 100),
                executor, clock, List.of(job));
    }

    PhotoService service(EntityManager em) {
        return new PhotoService(em, settings, clock);
    }

    PhotoService service(EntityManager em, PhotoSettings other) {
        return new PhotoService(em, other, clock);
    }

    Report report(Actor author) {
        clock.advance(Duration.ofSeconds(1));
        return db.inTransaction(em -> new ReportService(em, TestCategories.catalog(), clock).create(
                new NewReport("Broken bench", null, TestCategories.CODES.get(0), 45.75, 4.83, 5.0, null), author));
    }

    Comment comment(Report report, Actor author) {
        clock.advance(Duration.ofSeconds(1));
        return db.inTransaction(em -> new CommentService(em, clock, Duration.ofMinutes(15))
                .add(report.getId(), "Still broken", author));
    }

    /** Stores the bytes under the upload key and adds the photo, as the API does. */
    Photo upload(String reportId, String commentId, Actor actor, byte[] bytes, int width, int height) {
        clock.advance(Duration.ofSeconds(1));
        String photoId = PhotoService.newPhotoId();
        try {
            store.write(PhotoService.uploadKey(photoId), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return db.inTransaction(em -> service(em).add(photoId, reportId, commentId,
                new Upload("jpeg", bytes.length, width, height), actor));
    }

    /**
     * Runs the dispatcher until nothing is due now: new events are fanned out and each due
     * delivery is made, including the ones the job's own results cause (files-unused). A delivery
     * postponed to later stays for a later call, after the clock moved.
     *
     * @return how many deliveries were attempted or settled
     */
    int process() {
        int handled = 0;
        while (true) {
            int fanned = db.inTransaction(dispatcher::fanOut);
            int delivered = 0;
            while (db.inTransaction(dispatcher::deliverNext).isPresent()) {
                delivered++;
            }
            handled += delivered;
            if (fanned == 0 && delivered == 0) {
                return handled;
            }
        }
    }

    Photo photo(String id) {
        return db.inTransaction(em -> em.find(Photo.class, id));
    }

    /** @return the photo's files by kind, as stored (not as any reader sees them) */
    Map<String, PhotoFile> files(String photoId) {
        Map<String, PhotoFile> files = new LinkedHashMap<>();
        db.inTransaction(em -> em.createQuery("SELECT f FROM PhotoFile f WHERE f.photoId = :id", PhotoFile.class)
                .setParameter("id", photoId).getResultList()).forEach(f -> files.put(f.getKind(), f));
        return files;
    }
}
