package org.fixmyquarter.core.photo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import org.fixmyquarter.core.delivery.BackgroundJob;
import org.fixmyquarter.core.internal.Clocks;
import org.fixmyquarter.core.internal.Outbox;
import org.fixmyquarter.core.internal.ReportLocks;
import org.fixmyquarter.imaging.BlurRegion;
import org.fixmyquarter.imaging.ImageRejectedException;
import org.fixmyquarter.imaging.PhotoRenderer;
import org.fixmyquarter.imaging.RenderedFile;
import org.fixmyquarter.imaging.Rendition;
import org.fixmyquarter.spi.PluginException;
import org.fixmyquarter.spi.media.MediaStore;

/**
 * Makes a photo's files after its upload, and again after a redaction, then removes what no photo
 * uses any more: the upload (which still carries the camera's metadata) and replaced files. Runs
 * through the outbox like a plugin's delivery ({@link BackgroundJob}), so it is retried when the
 * media store fails and survives a restart; an upload that cannot be decoded leaves the photo
 * {@code failed} with the reason.
 */
public final class PhotoJob implements BackgroundJob {

    /** A photo was uploaded; its files are to be made. */
    public static final String UPLOADED = "photo.uploaded";
    /** A photo was redacted; its public files are to be made again, blurred. */
    public static final String REDACTED = "photo.redacted";
    /** Files in the media store may have lost their last photo; those no photo uses are removed. */
    public static final String FILES_UNUSED = "photo.files-unused";
    /** A photo of a report or of one of its comments is ready to be seen; webhooks receive it. */
    public static final String PHOTO_ADDED = "report.photo_added";

    /** The longest edge of a thumbnail. */
    public static final int THUMBNAIL_EDGE = 320;
    /** The longest edge of the medium size. */
    public static final int MEDIUM_EDGE = 1280;

    private static final List<Rendition> PUBLIC_RENDITIONS = List.of(new Rendition(PhotoFile.THUMBNAIL, THUMBNAIL_EDGE),
            new Rendition(PhotoFile.MEDIUM, MEDIUM_EDGE), new Rendition(PhotoFile.ORIGINAL, 0));

    private final Supplier<Optional<MediaStore>> store;
    private final PhotoRenderer renderer;
    private final Clock clock;

    /**
     * @param store    the deployment's media store, if it has one now
     * @param renderer makes the files
     * @param clock    the source of "now"
     */
    public PhotoJob(Supplier<Optional<MediaStore>> store, PhotoRenderer renderer, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.renderer = Objects.requireNonNull(renderer, "renderer");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String name() {
        return "photos";
    }

    @Override
    public boolean accepts(String eventType) {
        return UPLOADED.equals(eventType) || REDACTED.equals(eventType) || FILES_UNUSED.equals(eventType);
    }

    @Override
    public Optional<Work> prepare(EntityManager em, String eventType, String aggregateId, JsonObject data) {
        if (FILES_UNUSED.equals(eventType)) {
            List<String> unused = new ArrayList<>();
            for (JsonValue key : data.getJsonArray("keys")) {
                String text = ((jakarta.json.JsonString) key).getString();
                if (!inUse(em, text)) {
                    unused.add(text);
                }
            }
            return unused.isEmpty() ? Optional.empty() : Optional.of(() -> {
                MediaStore media = media();
                for (String key : unused) {
                    media.delete(key);
                }
                return null;
            });
        }
        Photo photo = em.find(Photo.class, aggregateId);
        if (photo == null || !Photo.PROCESSING.equals(photo.getState())) {
            return Optional.empty();
        }
        String photoId = photo.getId();
        if (UPLOADED.equals(eventType)) {
            if (photo.getUploadKey() == null) {
                return Optional.empty();
            }
            String source = photo.getUploadKey();
            return Optional.of(() -> {
                List<RenderedFile> files = render(source, List.of(), null);
                return tx -> finish(tx, photoId, files, List.of(source), true);
            });
        }
        PhotoFile unredacted = em.find(PhotoFile.class, new PhotoFile.Key(photoId, PhotoFile.UNREDACTED));
        if (unredacted == null || photo.getRedaction() == null) {
            return Optional.empty();
        }
        String source = unredacted.getMediaKey();
        List<BlurRegion> regions = PhotoRegions.parse(photo.getRedaction());
        List<String> discard = new ArrayList<>();
        data.getJsonArray("discard").forEach(key -> discard.add(((jakarta.json.JsonString) key).getString()));
        // The untouched original was published (as the original, or as the medium size of a
        // small photo): it moves under the staff-only prefix and its public address goes.
        String moveTo = unredacted.isPrivate() ? null : PhotoFile.privateKeyOf(unredacted.getSha256());
        return Optional.of(() -> {
            List<RenderedFile> files = render(source, regions, moveTo);
            return tx -> {
                if (moveTo != null) {
                    PhotoFile kept = tx.find(PhotoFile.class, new PhotoFile.Key(photoId, PhotoFile.UNREDACTED));
                    if (kept != null) {
                        kept.moveTo(moveTo);
                        discard.add(source);
                    }
                }
                finish(tx, photoId, files, discard, false);
            };
        });
    }

    private static boolean inUse(EntityManager em, String key) {
        if (em.createQuery("SELECT COUNT(f) FROM PhotoFile f WHERE f.mediaKey = :key", Long.class)
                .setParameter("key", key).getSingleResult() > 0) {
            return true;
        }
        return em.createQuery("SELECT COUNT(p) FROM Photo p WHERE p.uploadKey = :key", Long.class)
                .setParameter("key", key).getSingleResult() > 0;
    }

    /**
     * Reads the source into a folder of its own, renders it, and stores each file; with
     * {@code copyTo}, also stores the source itself under that key.
     */
    private List<RenderedFile> render(String sourceKey, List<BlurRegion> regions, String copyTo)
            throws PluginException {
        MediaStore media = media();
        Path dir = null;
        try {
            dir = Files.createTempDirectory("fmq-photo-");
            Path source = dir.resolve("source");
            Optional<InputStream> in = media.open(sourceKey);
            if (in.isEmpty()) {
                throw new PluginException("The uploaded file is missing from the media store (" + sourceKey + ")",
                        false, null);
            }
            try (InputStream stream = in.get()) {
                Files.copy(stream, source, StandardCopyOption.REPLACE_EXISTING);
            }
            if (copyTo != null) {
                try (InputStream bytes = Files.newInputStream(source)) {
                    media.put(copyTo, PhotoFile.MEDIA_TYPE, bytes);
                }
            }
            Path out = Files.createDirectory(dir.resolve("out"));
            List<RenderedFile> files = renderer.render(source, PUBLIC_RENDITIONS, regions, out);
            for (RenderedFile file : files) {
                try (InputStream bytes = Files.newInputStream(file.file())) {
                    media.put(PhotoFile.keyOf(file.sha256()), PhotoFile.MEDIA_TYPE, bytes);
                }
            }
            return files;
        } catch (ImageRejectedException e) {
            throw new PluginException("The photo cannot be processed: " + e.getMessage(), false, e);
        } catch (IOException e) {
            throw new PluginException("Processing the photo failed: " + e.getMessage(), true, e);
        } finally {
            deleteQuietly(dir);
        }
    }

    /** @param added whether the photo is new (not a redaction's new rendering), which receivers hear of */
    private void finish(EntityManager em, String photoId, List<RenderedFile> files, List<String> unused,
                        boolean added) {
        Photo photo = em.find(Photo.class, photoId, LockModeType.PESSIMISTIC_WRITE);
        Instant now = Clocks.now(clock);
        JsonArrayBuilder keys = Outbox.JSON.createArrayBuilder();
        unused.forEach(keys::add);
        if (photo == null) {
            // Deleted meanwhile: what was just stored is unused too.
            files.forEach(f -> keys.add(PhotoFile.keyOf(f.sha256())));
            Outbox.record(em, FILES_UNUSED, photoId, Outbox.JSON.createObjectBuilder().add("photoId", photoId)
                    .add("keys", keys).build(), now);
            return;
        }
        for (RenderedFile file : files) {
            PhotoFile old = em.find(PhotoFile.class, new PhotoFile.Key(photoId, file.name()));
            if (old != null) {
                keys.add(old.getMediaKey());
                em.remove(old);
                em.flush();
            }
            em.persist(new PhotoFile(photoId, file.name(), file.sha256(), file.width(), file.height(), file.size()));
        }
        photo.processed(now);
        Outbox.record(em, FILES_UNUSED, photoId, Outbox.JSON.createObjectBuilder().add("photoId", photoId)
                .add("keys", keys).build(), now);
        if (added) {
            // Told once the photo can be seen, not at the upload: a receiver that fetches it then
            // finds its sizes. The report is the event's subject, so it keeps its place in the
            // report's order for webhooks.
            JsonObjectBuilder data = Outbox.JSON.createObjectBuilder().add("reportId", photo.getReportId())
                    .add("photoId", photoId).add("width", photo.getWidth()).add("height", photo.getHeight());
            if (photo.getCommentId() != null) {
                data.add("commentId", photo.getCommentId());
            }
            Outbox.record(em, PHOTO_ADDED, photo.getReportId(), data.build(), now);
        }
        touchReport(em, photo);
    }

    @Override
    public void gaveUp(EntityManager em, String eventType, String aggregateId, String error) {
        if (FILES_UNUSED.equals(eventType)) {
            return;
        }
        Photo photo = em.find(Photo.class, aggregateId, LockModeType.PESSIMISTIC_WRITE);
        if (photo == null || !Photo.PROCESSING.equals(photo.getState())) {
            return;
        }
        Instant now = Clocks.now(clock);
        String upload = photo.getUploadKey();
        photo.failed(error, now);
        if (UPLOADED.equals(eventType) && upload != null) {
            // The upload still carries the camera's metadata: it must not stay behind.
            Outbox.record(em, FILES_UNUSED, photo.getId(), Outbox.JSON.createObjectBuilder()
                    .add("photoId", photo.getId()).add("keys", Outbox.JSON.createArrayBuilder().add(upload)).build(),
                    now);
        }
        touchReport(em, photo);
    }

    /** The report's answer lists its photos: its version (the ETag) must move. */
    private static void touchReport(EntityManager em, Photo photo) {
        ReportLocks.touched(em, photo.getReportId());
    }

    private MediaStore media() throws PluginException {
        return store.get().orElseThrow(() -> new PluginException("No media store is active", true, null));
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            System.getLogger(PhotoJob.class.getName()).log(System.Logger.Level.WARNING,
                    "Could not remove the work folder " + dir, e);
        }
    }
}
