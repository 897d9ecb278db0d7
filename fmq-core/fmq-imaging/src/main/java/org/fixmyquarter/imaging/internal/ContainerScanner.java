package org.fixmyquarter.imaging.internal;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.fixmyquarter.imaging.ImageFormat;

/**
 * Reads the EXIF orientation and the animation flag from the container's headers, skipping the
 * pixel data by seeking. The decoders ignore orientation, and asking them for their metadata trees
 * would parse far more than one number.
 *
 * <p>A malformed header here is not an error: it yields "upright, still", and the decoder decides
 * whether the file is whole.
 */
public final class ContainerScanner {

    /** EXIF blocks are small; a larger one is not worth reading for one number. */
    private static final int MAX_EXIF = 1 << 20;
    /** Bounds the walk through a file made of countless tiny chunks. */
    private static final int MAX_CHUNKS = 100_000;

    private static final ContainerFacts PLAIN = new ContainerFacts(Orientation.UPRIGHT, false, 0, 0);

    private ContainerScanner() {
    }

    /**
     * @param file   the image
     * @param format its format, from its magic bytes
     * @return its orientation and animation flag
     * @throws IOException if the file cannot be read
     */
    public static ContainerFacts scan(Path file, ImageFormat format) throws IOException {
        try (SeekableByteChannel in = Files.newByteChannel(file)) {
            return switch (format) {
                case JPEG -> jpeg(in);
                case PNG -> png(in);
                case WEBP -> webp(in);
            };
        } catch (EOFException | java.nio.BufferUnderflowException e) {
            return PLAIN;
        }
    }

    private static ContainerFacts jpeg(SeekableByteChannel in) throws IOException {
        long pos = 2;
        for (int i = 0; i < MAX_CHUNKS; i++) {
            ByteBuffer marker = read(in, pos, 2, ByteOrder.BIG_ENDIAN);
            int prefix = marker.get() & 0xFF;
            int type = marker.get() & 0xFF;
            if (prefix != 0xFF) {
                return PLAIN;
            }
            if (type == 0xFF) {
                pos += 1; // fill byte before a marker
                continue;
            }
            if (type == 0x01 || (type >= 0xD0 && type <= 0xD7)) {
                pos += 2;
                continue;
            }
            if (type == 0xDA || type == 0xD9) {
                return PLAIN; // the scan starts: no EXIF came before it
            }
            int length = read(in, pos + 2, 2, ByteOrder.BIG_ENDIAN).getShort() & 0xFFFF;
            if (length < 2) {
                return PLAIN;
            }
            if (type == 0xE1 && length > 8) {
                ByteBuffer payload = read(in, pos + 4, length - 2, ByteOrder.BIG_ENDIAN);
                byte[] bytes = new byte[payload.remaining()];
                payload.get(bytes);
                if (startsWith(bytes, "Exif\0\0")) {
                    return new ContainerFacts(ExifOrientation.read(bytes, 6), false, 0, 0);
                }
            }
            pos += 2 + length;
        }
        return PLAIN;
    }

    private static ContainerFacts png(SeekableByteChannel in) throws IOException {
        long pos = 8;
        boolean animated = false;
        Orientation orientation = Orientation.UPRIGHT;
        for (int i = 0; i < MAX_CHUNKS; i++) {
            ByteBuffer header = read(in, pos, 8, ByteOrder.BIG_ENDIAN);
            long length = header.getInt() & 0xFFFFFFFFL;
            String type = fourCc(header);
            if (type.equals("IDAT") || type.equals("IEND")) {
                break; // both chunks matter only before the image data
            }
            if (type.equals("acTL")) {
                animated = true;
            } else if (type.equals("eXIf") && length <= MAX_EXIF) {
                orientation = ExifOrientation.read(bytes(in, pos + 8, (int) length), 0);
            }
            pos += 12 + length;
        }
        return new ContainerFacts(orientation, animated, 0, 0);
    }

    private static ContainerFacts webp(SeekableByteChannel in) throws IOException {
        ContainerFacts facts = webpFacts(in);
        // The WebP decoder reads zeros past the end of a cut file without complaint; the RIFF size tells.
        long riffEnd = 8 + (read(in, 4, 4, ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL);
        return riffEnd > in.size() ? facts.asCut() : facts;
    }

    private static ContainerFacts webpFacts(SeekableByteChannel in) throws IOException {
        ByteBuffer first = read(in, 12, 18, ByteOrder.LITTLE_ENDIAN);
        if (!fourCc(first).equals("VP8X")) {
            return PLAIN; // a simple file: no animation and no EXIF
        }
        first.getInt();
        int flags = first.get() & 0xFF;
        first.position(first.position() + 3);
        int canvasWidth = uint24(first) + 1;
        int canvasHeight = uint24(first) + 1;
        boolean animated = (flags & 0x02) != 0;
        Orientation orientation = (flags & 0x08) != 0 ? webpExif(in) : Orientation.UPRIGHT;
        return new ContainerFacts(orientation, animated, canvasWidth, canvasHeight);
    }

    private static Orientation webpExif(SeekableByteChannel in) throws IOException {
        long end = Math.min(in.size(), 8 + (read(in, 4, 4, ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL));
        long pos = 12;
        for (int i = 0; i < MAX_CHUNKS && pos + 8 <= end; i++) {
            ByteBuffer header = read(in, pos, 8, ByteOrder.LITTLE_ENDIAN);
            String type = fourCc(header);
            long length = header.getInt() & 0xFFFFFFFFL;
            if (type.equals("EXIF") && length <= MAX_EXIF) {
                byte[] exif = bytes(in, pos + 8, (int) length);
                // Some writers keep the JPEG APP1 prefix in the chunk.
                return ExifOrientation.read(exif, startsWith(exif, "Exif\0\0") ? 6 : 0);
            }
            pos += 8 + length + (length & 1);
        }
        return Orientation.UPRIGHT;
    }

    private static ByteBuffer read(SeekableByteChannel in, long pos, int length, ByteOrder order) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(order);
        in.position(pos);
        while (buffer.hasRemaining()) {
            if (in.read(buffer) < 0) {
                throw new EOFException();
            }
        }
        return buffer.flip();
    }

    private static byte[] bytes(SeekableByteChannel in, long pos, int length) throws IOException {
        return read(in, pos, length, ByteOrder.BIG_ENDIAN).array();
    }

    private static String fourCc(ByteBuffer buffer) {
        byte[] b = new byte[4];
        buffer.get(b);
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static int uint24(ByteBuffer b) {
        return (b.get() & 0xFF) | (b.get() & 0xFF) << 8 | (b.get() & 0xFF) << 16;
    }

    private static boolean startsWith(byte[] bytes, String prefix) {
        byte[] p = prefix.getBytes(StandardCharsets.ISO_8859_1);
        if (bytes.length < p.length) {
            return false;
        }
        for (int i = 0; i < p.length; i++) {
            if (bytes[i] != p[i]) {
                return false;
            }
        }
        return true;
    }
}
