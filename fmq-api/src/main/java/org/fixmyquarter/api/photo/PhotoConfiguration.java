package org.fixmyquarter.api.photo;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.fixmyquarter.api.plugin.PluginRuntime;
import org.fixmyquarter.core.photo.MediaFetcher;
import org.fixmyquarter.core.photo.PhotoFetchJob;
import org.fixmyquarter.core.photo.PhotoJob;
import org.fixmyquarter.core.plugin.PluginKind;
import org.fixmyquarter.core.photo.PhotoSettings;
import org.fixmyquarter.imaging.ImageLimits;
import org.fixmyquarter.imaging.PhotoInspector;
import org.fixmyquarter.imaging.PhotoRenderer;
import org.fixmyquarter.spi.media.MediaStore;

/**
 * The deployment's photo settings ({@code fmq.photos.*}, docs/media.md) and the collaborators
 * built from them, once per application.
 */
@ApplicationScoped
public class PhotoConfiguration {

    /** The quality of every JPEG the server writes: no visible loss, a third of the camera's size. */
    private static final float JPEG_QUALITY = 0.85f;

    @Inject
    private PluginRuntime plugins;

    @Inject
    @ConfigProperty(name = "fmq.photos.per-report", defaultValue = "5")
    private int perReport;

    @Inject
    @ConfigProperty(name = "fmq.photos.per-comment", defaultValue = "3")
    private int perComment;

    @Inject
    @ConfigProperty(name = "fmq.photos.max-bytes", defaultValue = "10485760")
    private long maxBytes;

    @Inject
    @ConfigProperty(name = "fmq.photos.per-day", defaultValue = "50")
    private int perDay;

    @Inject
    @ConfigProperty(name = "fmq.photos.original", defaultValue = "staff")
    private String original;

    @Inject
    @ConfigProperty(name = "fmq.photos.max-pixels", defaultValue = "50000000")
    private long maxPixels;

    /** Whether a media_url may point into the server's own networks (docs/open311.md). */
    @Inject
    @ConfigProperty(name = "fmq.open311.media-fetch.allow-private", defaultValue = "false")
    private boolean fetchPrivate;

    /** The longest a media_url's fetch may take; below fmq.delivery.timeout, which abandons the job. */
    @Inject
    @ConfigProperty(name = "fmq.open311.media-fetch.timeout", defaultValue = "PT8S")
    private Duration fetchTimeout;

    /**
     * @return the limits and choices of {@code fmq.photos.*}
     * @throws IllegalArgumentException naming the setting that is out of range, so the server
     *                                  refuses to start rather than run with a surprise
     */
    @Produces
    @Singleton
    public PhotoSettings photoSettings() {
        if (!"staff".equals(original) && !"public".equals(original)) {
            throw new IllegalArgumentException("fmq.photos.original must be 'staff' or 'public', not '" + original + "'");
        }
        try {
            return new PhotoSettings(perReport, perComment, maxBytes, perDay, "public".equals(original));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("fmq.photos.per-report, per-comment and max-bytes must be at least 1, "
                    + "per-day at least 0: " + e.getMessage(), e);
        }
    }

    /**
     * @return the pixel limits checked before a photo is decoded
     */
    @Produces
    @Singleton
    public ImageLimits imageLimits() {
        return new ImageLimits(maxPixels, ImageLimits.defaults().maxEdge());
    }

    /**
     * @param limits the pixel limits
     * @return the check of uploads by their content
     */
    @Produces
    @Singleton
    public PhotoInspector photoInspector(ImageLimits limits) {
        return new PhotoInspector(limits);
    }

    /**
     * @param limits the pixel limits
     * @param clock  the source of "now"
     * @return the job that makes photos' files
     */
    @Produces
    @Singleton
    public PhotoJob photoJob(ImageLimits limits, Clock clock) {
        return new PhotoJob(this::mediaStore, new PhotoRenderer(limits, JPEG_QUALITY), clock);
    }

    /**
     * @param settings  the photo limits: a fetched photo may be as large as an upload
     * @param inspector checks what was fetched
     * @param clock     the source of "now"
     * @return the job that fetches the photos Open311 apps give by address
     */
    @Produces
    @Singleton
    public PhotoFetchJob photoFetchJob(PhotoSettings settings, PhotoInspector inspector, Clock clock) {
        return new PhotoFetchJob(this::mediaStore, inspector, new MediaFetcher(settings.maxBytes(), fetchTimeout,
                fetchPrivate), settings, clock);
    }

    /**
     * @return the active media store with the highest order, if any plugin provides one
     */
    public Optional<MediaStore> mediaStore() {
        List<MediaStore> stores = plugins.registry().active(MediaStore.class);
        return stores.isEmpty() ? Optional.empty() : Optional.of(stores.get(0));
    }

    /**
     * Records how a call to the media store went, for the administrator's plugin list and for
     * readiness, which names a failing store as a dependency that is down.
     *
     * @param store the store called
     * @param error what went wrong, or {@code null} when the call worked
     */
    public void storeOutcome(MediaStore store, String error) {
        plugins.registry().reportError(PluginKind.MEDIA_STORE, store, error);
    }
}
