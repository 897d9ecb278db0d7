package org.fixmyquarter.core.photo;

import java.util.Objects;

/**
 * What an upload was found to be by its content, before it is stored.
 *
 * @param format {@code jpeg}, {@code png} or {@code webp}
 * @param size   its length in bytes
 * @param width  its width in pixels, as displayed (the camera's orientation applied)
 * @param height its height in pixels, as displayed
 */
public record Upload(String format, long size, int width, int height) {

    /**
     * Checks every part.
     */
    public Upload {
        Objects.requireNonNull(format, "format");
        if (size <= 0 || width <= 0 || height <= 0) {
            throw new IllegalArgumentException("An upload has bytes and pixels");
        }
    }
}
