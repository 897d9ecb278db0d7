package org.fixmyquarter.imaging;

/** The image formats accepted as uploads, recognised by their first bytes. */
public enum ImageFormat {
    /** JPEG, baseline or progressive, YCbCr, grey, CMYK or YCCK. */
    JPEG("image/jpeg"),
    /** PNG, with or without alpha. */
    PNG("image/png"),
    /** WebP: lossy, lossless or animated. */
    WEBP("image/webp");

    private final String mediaType;

    ImageFormat(String mediaType) {
        this.mediaType = mediaType;
    }

    /**
     * @return the IANA media type, such as {@code image/jpeg}
     */
    public String mediaType() {
        return mediaType;
    }
}
