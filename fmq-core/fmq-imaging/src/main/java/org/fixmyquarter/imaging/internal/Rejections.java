package org.fixmyquarter.imaging.internal;

import java.util.Locale;
import org.fixmyquarter.imaging.ImageLimits;
import org.fixmyquarter.imaging.ImageRejectedException;
import org.fixmyquarter.imaging.ImageRejectedException.Reason;

/** The refusals, worded once, so that the inspector and the renderer say the same thing. */
public final class Rejections {

    private Rejections() {
    }

    /** @return the refusal of a file that is no image format known */
    public static ImageRejectedException notAnImage() {
        return new ImageRejectedException(Reason.NOT_AN_IMAGE,
                "The file is not an image; only JPEG, PNG and WebP photos are accepted.");
    }

    /**
     * @param formatName the recognised format, such as "GIF"
     * @return the refusal of an image in a format not accepted
     */
    public static ImageRejectedException unsupported(String formatName) {
        return new ImageRejectedException(Reason.UNSUPPORTED_FORMAT,
                "The file is a " + formatName + " image, which is not accepted; only JPEG, PNG and WebP photos are.");
    }

    /**
     * @param cause what the decoder reported, for the log
     * @return the refusal of a damaged or incomplete file
     */
    public static ImageRejectedException corrupt(Throwable cause) {
        return new ImageRejectedException(Reason.CORRUPT,
                "The image is damaged or incomplete and cannot be read; please send the photo again.", cause);
    }

    /**
     * Refuses dimensions over the limits; does nothing when they are within.
     *
     * @param width  the width the header announces
     * @param height the height the header announces
     * @param limits the limits to apply
     * @throws ImageRejectedException with {@link Reason#TOO_MANY_PIXELS} naming the limit passed
     */
    public static void checkSize(long width, long height, ImageLimits limits) throws ImageRejectedException {
        if (width > limits.maxEdge() || height > limits.maxEdge()) {
            throw new ImageRejectedException(Reason.TOO_MANY_PIXELS, String.format(Locale.ENGLISH,
                    "The image is %,d by %,d pixels; no side may be longer than %,d pixels.",
                    width, height, limits.maxEdge()));
        }
        long pixels = width * height;
        if (pixels > limits.maxPixels()) {
            throw new ImageRejectedException(Reason.TOO_MANY_PIXELS, String.format(Locale.ENGLISH,
                    "The image is %,d by %,d pixels (%,d pixels), more than the limit of %,d pixels.",
                    width, height, pixels, limits.maxPixels()));
        }
    }
}
