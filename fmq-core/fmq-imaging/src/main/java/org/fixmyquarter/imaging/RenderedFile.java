package org.fixmyquarter.imaging;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One JPEG written by {@link PhotoRenderer}; always {@code image/jpeg}.
 *
 * @param name   the rendition's name
 * @param file   where it was written
 * @param width  its width in pixels
 * @param height its height in pixels
 * @param size   its length in bytes
 * @param sha256 the SHA-256 of its bytes, lowercase hex (an ETag, a deduplication key)
 */
public record RenderedFile(String name, Path file, int width, int height, long size, String sha256) {

    /**
     * @throws NullPointerException if a reference is null
     */
    public RenderedFile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(sha256, "sha256");
    }

    /**
     * @return {@code image/jpeg}
     */
    public String mediaType() {
        return ImageFormat.JPEG.mediaType();
    }
}
