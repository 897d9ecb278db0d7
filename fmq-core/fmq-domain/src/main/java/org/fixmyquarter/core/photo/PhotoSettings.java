package org.fixmyquarter.core.photo;

import java.time.Duration;

/**
 * A deployment's limits and choices for photos.
 *
 * @param perReport      photos a report may carry (its comments' photos not counted), at least 1
 * @param perComment     photos a comment may carry, at least 1
 * @param maxBytes       the largest upload, in bytes
 * @param perDay         photos one account may upload in any 24 hours; 0 for no quota
 * @param originalPublic whether everyone may see the full-size original, or only staff
 */
public record PhotoSettings(int perReport, int perComment, long maxBytes, int perDay, boolean originalPublic) {

    /** The window of the daily quota. */
    public static final Duration DAY = Duration.ofHours(24);

    /**
     * Checks every limit.
     */
    public PhotoSettings {
        if (perReport < 1 || perComment < 1 || maxBytes < 1 || perDay < 0) {
            throw new IllegalArgumentException("Photo limits must be positive (the daily quota may be 0: none)");
        }
    }

    /**
     * @return 5 photos a report, 3 a comment, 10 MiB each, 50 a day, originals for staff only
     */
    public static PhotoSettings defaults() {
        return new PhotoSettings(5, 3, 10L * 1024 * 1024, 50, false);
    }
}
