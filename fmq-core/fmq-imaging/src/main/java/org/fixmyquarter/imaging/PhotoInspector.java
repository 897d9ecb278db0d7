package org.fixmyquarter.imaging;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import org.fixmyquarter.imaging.internal.Orientation;
import org.fixmyquarter.imaging.internal.SourceImage;

/**
 * Decides whether an uploaded file is a photo this server takes, before anything else is done with
 * it. Thread-safe; one instance can serve every upload.
 */
public final class PhotoInspector {

    /** The proof decode keeps about this many pixels along the longer side: all data is still read. */
    private static final int PROOF_EDGE = 512;

    private final ImageLimits limits;

    /**
     * @param limits the largest image accepted
     */
    public PhotoInspector(ImageLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /**
     * Magic bytes first (never the file name or a client content type), then the dimensions from
     * the header, refused over the limits BEFORE any pixel is decoded, then a real decode at
     * reduced resolution (source subsampling) to prove the file is whole; a decoder warning such as
     * a premature end of the data counts as CORRUPT.
     *
     * @param file the uploaded file
     * @return its format, displayed size and whether it is animated
     * @throws ImageRejectedException if it is not an accepted, whole image within the limits
     * @throws IOException            if the file cannot be read
     */
    public ImageFacts inspect(Path file) throws ImageRejectedException, IOException {
        Objects.requireNonNull(file, "file");
        try (SourceImage source = SourceImage.open(file, limits)) {
            int longest = Math.max(source.width(), source.height());
            source.decode(Math.max(1, longest / PROOF_EDGE));
            Orientation orientation = source.container().orientation();
            boolean swap = orientation.swapsAxes();
            return new ImageFacts(source.format(),
                    swap ? source.height() : source.width(),
                    swap ? source.width() : source.height(),
                    source.container().animated());
        }
    }
}
