package org.fixmyquarter.imaging;

/**
 * A rectangle of the photo to blur beyond recognition (a face, a number plate), in fractions of
 * the image as displayed, so that it does not depend on the size of any rendition.
 *
 * @param x      left edge, 0 (left) to 1
 * @param y      top edge, 0 (top) to 1
 * @param width  width, more than 0, with {@code x + width <= 1}
 * @param height height, more than 0, with {@code y + height <= 1}
 */
public record BlurRegion(double x, double y, double width, double height) {

    /** Rounding in a client's arithmetic may overshoot 1 by a hair; that is not an error. */
    private static final double SLACK = 1e-9;

    /**
     * @throws IllegalArgumentException if the rectangle is not inside the image or is empty
     */
    public BlurRegion {
        if (!inUnit(x) || !inUnit(y)) {
            throw new IllegalArgumentException("x and y must be between 0 and 1: " + x + ", " + y);
        }
        if (!(width > 0) || !(height > 0)) {
            throw new IllegalArgumentException("width and height must be positive: " + width + ", " + height);
        }
        if (x + width > 1 + SLACK || y + height > 1 + SLACK) {
            throw new IllegalArgumentException("the region must lie inside the image: x + width = "
                    + (x + width) + ", y + height = " + (y + height));
        }
    }

    private static boolean inUnit(double v) {
        return v >= 0 && v <= 1;
    }
}
