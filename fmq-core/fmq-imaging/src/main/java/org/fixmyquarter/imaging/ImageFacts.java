package org.fixmyquarter.imaging;

import java.util.Objects;

/**
 * What {@link PhotoInspector} found out about an accepted image.
 *
 * @param format   the format its bytes show, whatever the file was called
 * @param width    the width as displayed, that is after its EXIF orientation is applied
 * @param height   the height as displayed
 * @param animated whether it has more than one frame (only the first one is ever rendered)
 */
public record ImageFacts(ImageFormat format, int width, int height, boolean animated) {

    /**
     * @throws NullPointerException     if {@code format} is null
     * @throws IllegalArgumentException if a dimension is not positive
     */
    public ImageFacts {
        Objects.requireNonNull(format, "format");
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("dimensions must be positive: " + width + "x" + height);
        }
    }
}
