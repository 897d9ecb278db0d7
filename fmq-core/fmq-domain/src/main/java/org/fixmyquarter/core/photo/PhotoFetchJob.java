package org.fixmyquarter.core.photo;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;

import org.fixmyquarter.core.delivery.BackgroundJob;
import org.fixmyquarter.core.error.DomainException;
import org.fixmyquarter.core.internal.Clocks;
import org.fixmyquarter.core.internal.Outbox;
import org.fixmyquarter.core.report.Report;
import org.fixmyquarter.imaging.ImageFacts;
import org.fixmyquarter.imaging.ImageRejectedException;
import org.fixmyquarter.imaging.PhotoInspector;
import org.fixmyquarter.spi.PluginException;
import org.fixmyquarter.spi.media.MediaStore;

/**
 * Turns the address of a photo an app gave with a report (Open311's {@code media_url}) into a
 * photo of the report, after the report is made: fetches it within the {@link MediaFetcher}'s
 * limits, checks it by its content as an upload is checked, stores it as an upload and records the
 * photo, whose files the {@link PhotoJob} then makes. Runs through the outbox like the photo job, so
 * a fetch that fails for a while is retried, and survives a restart; one that cannot succeed (an
 * address refused, no picture, a report with its photos already) is given up with a line in the
 * log, and the report stays without that photo.
 */
public final class PhotoFetchJob implements BackgroundJob {

    /** A report was posted with the address of a photo to fetch. */
    public static final String REQUESTED = "photo.fetch-requested";

    private static final System.Logger LOG = System.getLogger(PhotoFetchJob.class.getName());

    private final Supplier<Optional<MediaStore>> store;
    private final PhotoInspector inspector;
    private final MediaFetcher fetcher;
    private final PhotoSettings settings;
    private final Clock clock;

    /**
     * @param store     the deployment's media store, if it has one now
     * @param inspector checks what was fetched, by its content
     * @param fetcher   fetches within the limits
     * @param settings  the deployment's photo limits
     * @param clock     the source of "now"
     */
    public PhotoFetchJob(Supplier<Optional<MediaStore>> store, PhotoInspector inspector, MediaFetcher fetcher,
                         PhotoSettings settings, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.inspector = Objects.requireNonNull(inspector, "inspector");
        this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Asks for a photo to be fetched for a report, in the caller's transaction, so that the
     * request commits with the report or not at all.
     *
     * @param em         the entity manager of the current transaction
     * @param reportId   the report, just made
     * @param address    an absolute {@code http} or {@code https} address
     * @param uploaderId who the photo is recorded as added by: the app's API key id
     * @param now        the current time
     */
    public static void request(EntityManager em, String reportId, String address, String uploaderId,
                               java.time.Instant now) {
        Outbox.record(em, REQUESTED, reportId, Outbox.JSON.createObjectBuilder().add("reportId", reportId)
                .add("url", address).add("uploaderId", uploaderId).build(), now);
    }

    @Override
    public String name() {
        return "photo-fetch";
    }

    @Override
    public boolean accepts(String eventType) {
        return REQUESTED.equals(eventType);
    }

    @Override
    public Optional<Work> prepare(EntityManager em, String eventType, String aggregateId, JsonObject data) {
        if (em.find(Report.class, aggregateId) == null) {
            return Optional.empty();
        }
        String address = data.getString("url");
        String uploaderId = data.getString("uploaderId");
        return Optional.of(() -> {
            String photoId = PhotoService.newPhotoId();
            Upload upload = fetchAndStore(address, PhotoService.uploadKey(photoId));
            return tx -> record(tx, photoId, aggregateId, upload, uploaderId, address);
        });
    }

    private Upload fetchAndStore(String address, String key) throws PluginException {
        URI uri;
        try {
            uri = new URI(address);
        } catch (URISyntaxException e) {
            throw new PluginException("Not fetching " + address + ": it is not a valid address", false, e);
        }
        Path file = null;
        try {
            file = Files.createTempFile("fmq-fetch-", ".bin");
            fetcher.fetch(uri, file);
            long size = Files.size(file);
            if (size == 0) {
                throw new PluginException("The photo at " + address + " is empty", false, null);
            }
            ImageFacts facts = inspector.inspect(file);
            MediaStore media = store.get().orElseThrow(() -> new PluginException("No media store is active", true,
                    null));
            try (InputStream in = Files.newInputStream(file)) {
                media.put(key, facts.format().mediaType(), in);
            }
            return new Upload(facts.format().name().toLowerCase(Locale.ROOT), size, facts.width(), facts.height());
        } catch (ImageRejectedException e) {
            throw new PluginException("The file at " + address + " is not a photo the server takes: " + e.getMessage(),
                    false, e);
        } catch (IOException e) {
            throw new PluginException("Fetching " + address + " failed: " + e.getMessage(), true, e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, "Could not remove the temporary file " + file, e);
                }
            }
        }
    }

    private void record(EntityManager em, String photoId, String reportId, Upload upload, String uploaderId,
                        String address) {
        try {
            new PhotoService(em, settings, clock).addFetched(photoId, reportId, upload, uploaderId);
            LOG.log(System.Logger.Level.INFO, "Fetched the photo of report " + reportId + " from " + address);
        } catch (DomainException e) {
            // The report was merged or has its photos already: the stored upload must not stay.
            Outbox.record(em, PhotoJob.FILES_UNUSED, photoId, Outbox.JSON.createObjectBuilder().add("photoId", photoId)
                    .add("keys", Outbox.JSON.createArrayBuilder().add(PhotoService.uploadKey(photoId))).build(),
                    Clocks.now(clock));
            LOG.log(System.Logger.Level.WARNING, "The photo at " + address + " was not added to report " + reportId
                    + ": " + e.getMessage());
        }
    }

    @Override
    public void gaveUp(EntityManager em, String eventType, String aggregateId, String error) {
        LOG.log(System.Logger.Level.WARNING, "Report " + aggregateId + " stays without the photo of its media_url: "
                + error);
    }
}
