/**
 * FixMyQuarter imaging: turns an uploaded photo into safe, metadata-free JPEG renditions.
 *
 * <p>Only {@code org.fixmyquarter.imaging} is exported; the decoding, scaling and blurring helpers
 * in {@code org.fixmyquarter.imaging.internal} may change at any time.
 */
// TwelveMonkeys ships automatic modules only; their names are declared in their manifests, so they are stable.
@SuppressWarnings("requires-automatic")
module org.fixmyquarter.imaging {
    requires java.desktop;
    requires com.twelvemonkeys.imageio.jpeg;
    requires com.twelvemonkeys.imageio.webp;

    exports org.fixmyquarter.imaging;
}
