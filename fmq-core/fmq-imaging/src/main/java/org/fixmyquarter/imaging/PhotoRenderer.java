package org.fixmyquarter.imaging;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.fixmyquarter.imaging.internal.Bgr;
import org.fixmyquarter.imaging.internal.Blur;
import org.fixmyquarter.imaging.internal.JpegOutput;
import org.fixmyquarter.imaging.internal.Orientation;
import org.fixmyquarter.imaging.internal.Scaler;
import org.fixmyquarter.imaging.internal.SourceImage;

/**
 * Produces the JPEGs people are shown from an uploaded photo. Thread-safe; one instance can serve
 * every upload, each call holding one decoded image (3 bytes a pixel) plus its renditions.
 */
public final class PhotoRenderer {

    private final ImageLimits limits;
    private final float jpegQuality;

    /**
     * @param limits      the largest image accepted
     * @param jpegQuality JPEG quality, more than 0 and at most 1, such as 0.85
     * @throws IllegalArgumentException if the quality is out of range
     */
    public PhotoRenderer(ImageLimits limits, float jpegQuality) {
        this.limits = Objects.requireNonNull(limits, "limits");
        if (!(jpegQuality > 0 && jpegQuality <= 1)) {
            throw new IllegalArgumentException("jpegQuality must be in (0, 1], was " + jpegQuality);
        }
        this.jpegQuality = jpegQuality;
    }

    /**
     * Decodes the source once (first frame of an animation; EXIF orientation applied; CMYK/YCCK and
     * ICC-tagged images converted to sRGB; alpha flattened onto white), blurs the regions (strongly
     * enough that a face or number plate cannot be read, irreversibly), and writes each rendition
     * into dir as a baseline JPEG with NO metadata at all: no EXIF, XMP, IPTC/Photoshop, ICC
     * profile, comment; only the JFIF header. When every rendition is smaller than the source,
     * decodes with subsampling to save memory. Re-checks the limits and magic bytes itself (never
     * trusts a caller).
     *
     * <p>Each rendition is written to {@code dir/<name>.jpg}, replacing a file of that name; if the
     * call fails, the files it wrote are deleted.
     *
     * @param source     the uploaded file
     * @param renditions the sizes to write, with distinct names; at least one
     * @param blur       regions to blur, possibly none
     * @param dir        an existing directory for the files
     * @return one file per rendition, in the order asked
     * @throws ImageRejectedException if the source is not an accepted, whole image within the limits
     * @throws IOException            if reading or writing fails
     */
    public List<RenderedFile> render(Path source, List<Rendition> renditions, List<BlurRegion> blur, Path dir)
            throws ImageRejectedException, IOException {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(dir, "dir");
        List<Rendition> wanted = List.copyOf(renditions);
        List<BlurRegion> regions = List.copyOf(blur);
        requireDistinctNames(wanted);

        BufferedImage pixels;
        Orientation orientation;
        List<Target> targets = new ArrayList<>();
        try (SourceImage image = SourceImage.open(source, limits)) {
            orientation = image.container().orientation();
            for (Rendition rendition : wanted) {
                targets.add(Target.of(rendition, image.width(), image.height()));
            }
            pixels = Bgr.of(image.decode(subsampling(targets, image.width(), image.height())));
        }
        for (BlurRegion region : regions) {
            blur(pixels, orientation.toStored(region));
        }

        Map<String, RenderedFile> written = new LinkedHashMap<>();
        boolean done = false;
        try {
            // Largest first, each from the previous one: a thumbnail is not made from 12 megapixels.
            List<Target> bySize = new ArrayList<>(targets);
            bySize.sort(Comparator.comparingLong(Target::area).reversed());
            BufferedImage current = pixels;
            pixels = null; // from here the decoded photo lives only as long as a rendition needs it
            for (Target target : bySize) {
                current = Scaler.resize(current, target.width(), target.height());
                BufferedImage displayed = orientation.apply(current);
                Path file = dir.resolve(target.rendition().name() + ".jpg");
                JpegOutput.Written out = JpegOutput.write(displayed, file, jpegQuality);
                written.put(target.rendition().name(), new RenderedFile(target.rendition().name(), file,
                        displayed.getWidth(), displayed.getHeight(), out.size(), out.sha256()));
            }
            done = true;
        } finally {
            if (!done) {
                for (RenderedFile file : written.values()) {
                    Files.deleteIfExists(file.file());
                }
            }
        }
        List<RenderedFile> inOrder = new ArrayList<>();
        for (Rendition rendition : wanted) {
            inOrder.add(written.get(rendition.name()));
        }
        return List.copyOf(inOrder);
    }

    private static void requireDistinctNames(List<Rendition> renditions) {
        if (renditions.isEmpty()) {
            throw new IllegalArgumentException("at least one rendition is needed");
        }
        Set<String> names = new HashSet<>();
        for (Rendition rendition : renditions) {
            if (!names.add(rendition.name())) {
                throw new IllegalArgumentException("two renditions are called " + rendition.name());
            }
        }
    }

    /**
     * Keeps at least twice the largest rendition's pixels along each side, so the halving steps
     * still average several source pixels into each output pixel.
     */
    private static int subsampling(List<Target> targets, int width, int height) {
        int longest = Math.max(width, height);
        int largestTarget = 0;
        for (Target target : targets) {
            largestTarget = Math.max(largestTarget, Math.max(target.width(), target.height()));
        }
        if (largestTarget >= longest) {
            return 1;
        }
        return Math.max(1, longest / (2 * largestTarget));
    }

    private static void blur(BufferedImage pixels, double[] stored) {
        int w = pixels.getWidth();
        int h = pixels.getHeight();
        int x0 = clamp((int) Math.floor(stored[0] * w), w);
        int y0 = clamp((int) Math.floor(stored[1] * h), h);
        int x1 = Math.max(x0 + 1, clamp((int) Math.ceil(stored[2] * w), w));
        int y1 = Math.max(y0 + 1, clamp((int) Math.ceil(stored[3] * h), h));
        Blur.apply(pixels, x0, y0, Math.min(x1, w), Math.min(y1, h));
    }

    private static int clamp(int v, int max) {
        return Math.max(0, Math.min(v, max));
    }

    /** A rendition's size in the stored (not yet oriented) image, which shares its longest side. */
    private record Target(Rendition rendition, int width, int height) {

        static Target of(Rendition rendition, int width, int height) {
            int longest = Math.max(width, height);
            if (rendition.maxEdge() == 0 || rendition.maxEdge() >= longest) {
                return new Target(rendition, width, height);
            }
            double scale = (double) rendition.maxEdge() / longest;
            return new Target(rendition,
                    Math.max(1, (int) Math.round(width * scale)),
                    Math.max(1, (int) Math.round(height * scale)));
        }

        long area() {
            return (long) width * height;
        }
    }
}
