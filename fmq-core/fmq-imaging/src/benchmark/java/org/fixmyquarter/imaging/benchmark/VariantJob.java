package org.fixmyquarter.imaging.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fixmyquarter.imaging.ImageLimits;
import org.fixmyquarter.imaging.ImageRejectedException;
import org.fixmyquarter.imaging.PhotoRenderer;
import org.fixmyquarter.imaging.RenderedFile;
import org.fixmyquarter.imaging.Rendition;
import org.fixmyquarter.imaging.TestImages;

/**
 * The work measured: what the server does with each uploaded photo, a thumbnail (320), a medium
 * size (1280) and the full-size original, re-encoded without metadata at quality 0.85.
 */
public final class VariantJob {

    /** The renditions the server makes of every photo. */
    public static final List<Rendition> RENDITIONS = List.of(
            new Rendition("thumbnail", 320), new Rendition("medium", 1280), new Rendition("original", 0));

    private final PhotoRenderer renderer = new PhotoRenderer(ImageLimits.defaults(), 0.85f);

    /**
     * @param source the photo
     * @param dir    where the renditions go
     * @return the files written
     * @throws IOException            if reading or writing fails
     * @throws ImageRejectedException never for the generated photo
     */
    public List<RenderedFile> run(Path source, Path dir) throws IOException, ImageRejectedException {
        return renderer.render(source, RENDITIONS, List.of(), dir);
    }

    /**
     * Writes the benchmark's photo: 4000 x 3000 with photo-like noise, so it weighs what a phone's
     * 12-megapixel JPEG weighs.
     *
     * @param args the file to write, then optionally width and height
     * @throws IOException if it cannot be written
     */
    public static void main(String[] args) throws IOException {
        int width = args.length > 1 ? Integer.parseInt(args[1]) : 4000;
        int height = args.length > 2 ? Integer.parseInt(args[2]) : 3000;
        Path file = Path.of(args[0]);
        Files.write(file, TestImages.photoLikeJpeg(width, height));
        System.out.printf("wrote %s: %dx%d, %,d bytes%n", file, width, height, Files.size(file));
    }
}
