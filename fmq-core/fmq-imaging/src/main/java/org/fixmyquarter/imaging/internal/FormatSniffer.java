package org.fixmyquarter.imaging.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.fixmyquarter.imaging.ImageFormat;
import org.fixmyquarter.imaging.ImageRejectedException;

/**
 * Tells the format of a file from its first bytes, never from its name or a client's content type,
 * which anyone can set to anything.
 */
public final class FormatSniffer {

    /** Enough for every signature below, including an ISO-BMFF brand. */
    private static final int HEAD = 32;

    private static final Set<String> HEIF_BRANDS = Set.of("heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1");
    private static final Set<String> AVIF_BRANDS = Set.of("avif", "avis");
    /** BMP info header sizes of the versions in use; "BM" alone starts too many text files. */
    private static final Set<Integer> BMP_HEADER_SIZES = Set.of(12, 40, 52, 56, 64, 108, 124);

    private FormatSniffer() {
    }

    /**
     * @param file the uploaded file
     * @return the accepted format its bytes show
     * @throws ImageRejectedException NOT_AN_IMAGE or UNSUPPORTED_FORMAT
     * @throws IOException            if the file cannot be read
     */
    public static ImageFormat sniff(Path file) throws ImageRejectedException, IOException {
        byte[] head = new byte[HEAD];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, HEAD);
        }
        return sniff(head, n);
    }

    static ImageFormat sniff(byte[] b, int n) throws ImageRejectedException {
        if (n >= 3 && u(b, 0) == 0xFF && u(b, 1) == 0xD8 && u(b, 2) == 0xFF) {
            return ImageFormat.JPEG;
        }
        if (n >= 8 && u(b, 0) == 0x89 && ascii(b, 1, 3).equals("PNG")
                && u(b, 4) == 0x0D && u(b, 5) == 0x0A && u(b, 6) == 0x1A && u(b, 7) == 0x0A) {
            return ImageFormat.PNG;
        }
        if (n >= 16 && ascii(b, 0, 4).equals("RIFF") && ascii(b, 8, 4).equals("WEBP")) {
            return ImageFormat.WEBP;
        }
        if (n >= 6 && (ascii(b, 0, 6).equals("GIF87a") || ascii(b, 0, 6).equals("GIF89a"))) {
            throw Rejections.unsupported("GIF");
        }
        if (n >= 4 && (ascii(b, 0, 4).equals("II*\0") || ascii(b, 0, 4).equals("MM\0*")
                || ascii(b, 0, 4).equals("II+\0") || ascii(b, 0, 4).equals("MM\0+"))) {
            throw Rejections.unsupported("TIFF");
        }
        if (n >= 18 && ascii(b, 0, 2).equals("BM") && BMP_HEADER_SIZES.contains(le32(b, 14))) {
            throw Rejections.unsupported("BMP");
        }
        if (n >= 12 && ascii(b, 4, 4).equals("ftyp")) {
            String brand = ascii(b, 8, 4);
            if (HEIF_BRANDS.contains(brand)) {
                throw Rejections.unsupported("HEIC");
            }
            if (AVIF_BRANDS.contains(brand)) {
                throw Rejections.unsupported("AVIF");
            }
        }
        if ((n >= 2 && u(b, 0) == 0xFF && u(b, 1) == 0x0A)
                || (n >= 12 && ascii(b, 4, 4).equals("JXL ") && u(b, 3) == 0x0C)) {
            throw Rejections.unsupported("JPEG XL");
        }
        throw Rejections.notAnImage();
    }

    private static int u(byte[] b, int i) {
        return b[i] & 0xFF;
    }

    private static int le32(byte[] b, int i) {
        return u(b, i) | u(b, i + 1) << 8 | u(b, i + 2) << 16 | u(b, i + 3) << 24;
    }

    private static String ascii(byte[] b, int from, int length) {
        return new String(b, from, length, StandardCharsets.ISO_8859_1);
    }
}
