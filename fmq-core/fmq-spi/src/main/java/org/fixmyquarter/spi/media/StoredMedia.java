package org.fixmyquarter.spi.media;

import java.util.Objects;

/**
 * A file a {@link MediaStore} holds.
 *
 * @param key         the key it was stored under
 * @param contentType its media type, for example {@code image/jpeg}
 * @param size        its length in bytes
 */
public record StoredMedia(String key, String contentType, long size) {

    /**
     * Checks every part.
     */
    public StoredMedia {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(contentType, "contentType");
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative");
        }
    }
}
