package org.fixmyquarter.imaging;

/**
 * How large an uploaded image may claim to be. Checked against the image's header, before any
 * pixel is decoded, so that a small file announcing a huge picture (a "decompression bomb") costs
 * nothing.
 *
 * @param maxPixels the largest width &times; height accepted
 * @param maxEdge   the largest width or height accepted, in pixels
 */
public record ImageLimits(long maxPixels, int maxEdge) {

    /**
     * @throws IllegalArgumentException if a limit is not positive
     */
    public ImageLimits {
        if (maxPixels <= 0) {
            throw new IllegalArgumentException("maxPixels must be positive, was " + maxPixels);
        }
        if (maxEdge <= 0) {
            throw new IllegalArgumentException("maxEdge must be positive, was " + maxEdge);
        }
    }

    /**
     * The limits a phone photo fits easily in: 50 million pixels, 16,384 pixels per side.
     *
     * @return the default limits
     */
    public static ImageLimits defaults() {
        return new ImageLimits(50_000_000L, 16_384);
    }
}
