package org.fixmyquarter.imaging.internal;

import java.awt.image.BufferedImage;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.imageio.IIOImage;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Writes baseline JPEGs that carry nothing but the pixels: the JDK's writer given no metadata
 * object writes the JFIF header and nothing else (no EXIF, XMP, IPTC, ICC profile or comment).
 */
public final class JpegOutput {

    /**
     * What was written.
     *
     * @param size   bytes in the file
     * @param sha256 lowercase hex digest of those bytes
     */
    public record Written(long size, String sha256) {
    }

    private JpegOutput() {
    }

    /**
     * @param image   a {@link Bgr} image
     * @param file    where to write it (replaced if present)
     * @param quality JPEG quality, 0 to 1
     * @return its size and digest
     * @throws IOException if the file cannot be written
     */
    public static Written write(BufferedImage image, Path file, float quality) throws IOException {
        MessageDigest sha256 = sha256();
        ImageWriter writer = Codecs.jpegWriter();
        try (OutputStream file0 = Files.newOutputStream(file);
             DigestOutputStream digesting = new DigestOutputStream(new BufferedOutputStream(file0, 1 << 16), sha256);
             ImageOutputStream out = new MemoryCacheImageOutputStream(digesting)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            param.setProgressiveMode(ImageWriteParam.MODE_DISABLED);
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), param);
            out.flush();
        } finally {
            writer.dispose();
        }
        return new Written(Files.size(file), HexFormat.of().formatHex(sha256.digest()));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
