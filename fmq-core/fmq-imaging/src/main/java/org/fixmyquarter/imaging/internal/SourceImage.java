package org.fixmyquarter.imaging.internal;

import java.awt.image.BufferedImage;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.IIOException;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import org.fixmyquarter.imaging.ImageFormat;
import org.fixmyquarter.imaging.ImageLimits;
import org.fixmyquarter.imaging.ImageRejectedException;

/**
 * An uploaded file opened for decoding, in the order that keeps hostile files cheap: the magic
 * bytes, then the dimensions from the header checked against the limits, and only then, on
 * request, the pixels. The reader and the file are released by {@link #close()}.
 */
public final class SourceImage implements Closeable {

    private final ImageFormat format;
    private final ContainerFacts container;
    private final ImageInputStream input;
    private final ImageReader reader;
    private final int width;
    private final int height;

    private SourceImage(ImageFormat format, ContainerFacts container, ImageInputStream input, ImageReader reader,
            int width, int height) {
        this.format = format;
        this.container = container;
        this.input = input;
        this.reader = reader;
        this.width = width;
        this.height = height;
    }

    /**
     * @param file   the uploaded file
     * @param limits the largest image accepted
     * @return the opened image, its header read and within the limits
     * @throws ImageRejectedException if it is not an accepted image, too large or its header is damaged
     * @throws IOException            if the file cannot be read
     */
    public static SourceImage open(Path file, ImageLimits limits) throws ImageRejectedException, IOException {
        ImageFormat format = FormatSniffer.sniff(file);
        ContainerFacts container = ContainerScanner.scan(file, format);
        if (container.cut()) {
            throw Rejections.corrupt(new EOFException("the file ends before its container does"));
        }
        if (container.canvasWidth() > 0) {
            Rejections.checkSize(container.canvasWidth(), container.canvasHeight(), limits);
        }
        ImageInputStream input = new FileImageInputStream(file.toFile());
        ImageReader reader = null;
        boolean opened = false;
        try {
            reader = Codecs.reader(format);
            reader.setInput(input, false, true);
            int width;
            int height;
            try {
                width = reader.getWidth(0);
                height = reader.getHeight(0);
            } catch (IIOException | EOFException | RuntimeException e) {
                throw Rejections.corrupt(e);
            }
            Rejections.checkSize(width, height, limits);
            SourceImage source = new SourceImage(format, container, input, reader, width, height);
            opened = true;
            return source;
        } finally {
            if (!opened) {
                try {
                    if (reader != null) {
                        reader.dispose();
                    }
                } finally {
                    input.close();
                }
            }
        }
    }

    /** @return the format the file's bytes show */
    public ImageFormat format() {
        return format;
    }

    /** @return orientation and animation, from the container */
    public ContainerFacts container() {
        return container;
    }

    /** @return the stored width (before orientation) */
    public int width() {
        return width;
    }

    /** @return the stored height (before orientation) */
    public int height() {
        return height;
    }

    /**
     * Decodes the first frame, keeping one pixel in {@code subsampling} along each axis. A decoder
     * warning about damaged data (the JPEG decoder reports missing data as one, then fills the gap
     * with grey) makes the file corrupt, like an error; other warnings (a CMYK file without a
     * profile) do not.
     *
     * @param subsampling 1 for every pixel
     * @return the decoded pixels, in whatever layout the decoder chose
     * @throws ImageRejectedException CORRUPT if the data is damaged or incomplete
     * @throws IOException            if the file cannot be read
     */
    public BufferedImage decode(int subsampling) throws ImageRejectedException, IOException {
        StringBuilder damage = new StringBuilder();
        IIOReadWarningListener listener = (source, warning) -> {
            if (DecoderWarnings.meansDamage(warning)) {
                damage.append(warning).append('\n');
            }
        };
        reader.addIIOReadWarningListener(listener);
        BufferedImage image;
        try {
            ImageReadParam param = reader.getDefaultReadParam();
            if (subsampling > 1) {
                param.setSourceSubsampling(subsampling, subsampling, 0, 0);
            }
            image = reader.read(0, param);
        } catch (IIOException | EOFException | RuntimeException e) {
            throw Rejections.corrupt(e);
        } finally {
            reader.removeIIOReadWarningListener(listener);
        }
        if (damage.length() > 0) {
            throw Rejections.corrupt(new IIOException(damage.toString().strip()));
        }
        return image;
    }

    @Override
    public void close() throws IOException {
        try {
            reader.dispose();
        } finally {
            input.close();
        }
    }
}
