package org.fixmyquarter.imaging;

import java.util.Objects;

/**
 * An upload that is not accepted as a photo. The message is an English sentence for the person who
 * sent it; {@link #reason()} is what a program branches on (for instance to choose an HTTP status
 * and a translated text).
 */
public final class ImageRejectedException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why an upload was refused. */
    public enum Reason {
        /** The bytes are not a known image format (HTML, SVG, text, an archive...). */
        NOT_AN_IMAGE,
        /** An image, but in a format not accepted (GIF, TIFF, BMP, HEIC, AVIF...). */
        UNSUPPORTED_FORMAT,
        /** Its header announces more pixels, or a longer side, than the limits allow. */
        TOO_MANY_PIXELS,
        /** A recognised format whose data is damaged or incomplete. */
        CORRUPT
    }

    private final Reason reason;

    /**
     * @param reason  why the upload was refused
     * @param message a sentence a person understands, naming the limit when one was passed
     */
    public ImageRejectedException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * @param reason  why the upload was refused
     * @param message a sentence a person understands
     * @param cause   the decoder's error, kept for the log
     */
    public ImageRejectedException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * @return why the upload was refused
     */
    public Reason reason() {
        return reason;
    }
}
