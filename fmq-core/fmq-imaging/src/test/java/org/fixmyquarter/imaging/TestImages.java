package org.fixmyquarter.imaging;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Random;
import java.util.zip.CRC32;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Uploads for tests, made in code so that no binary file needs trusting or updating: photos with
 * private metadata, turned photos, damaged files, files that only pretend to be images and the
 * formats refused. Also used by the server's integration tests (this module's test-jar).
 *
 * <p>All methods are deterministic: the same arguments give the same bytes.
 */
public final class TestImages {

    /** The name, camera serial and place that must never leave the server. */
    public static final String ARTIST = "Jane Private";
    /** Camera make written into the EXIF block. */
    public static final String MAKE = "SnoopCam";
    /** Camera model written into the EXIF block. */
    public static final String MODEL = "Tracker 3000";
    /** Camera body serial number written into the EXIF block. */
    public static final String SERIAL = "SN-4417-0042";
    /** Latitude written as GPS EXIF and XMP: where the photographer lives. */
    public static final double LATITUDE = 48.8566;
    /** Longitude written as GPS EXIF and XMP. */
    public static final double LONGITUDE = 2.3522;
    /** The IPTC by-line and XMP creator. */
    public static final String BYLINE = "Jane Private, Photographer";
    /** The JPEG comment. */
    public static final String COMMENT = "Taken from my kitchen window, 12 Quiet Street";
    /** The payload of {@link #jpegWithHtmlComment()}. */
    public static final String HTML_PAYLOAD = "<html><script>alert(1)</script>";

    /** First colour of the WebP patterns, 0xRRGGBB: red 200, green 30, blue 40. */
    public static final int WEBP_RGB_A = 0xC81E28;
    /** Second colour of the WebP patterns, 0xRRGGBB: red 20, green 180, blue 220. */
    public static final int WEBP_RGB_B = 0x14B4DC;

    private TestImages() {
    }

    // ---------------------------------------------------------------------------------------- JPEG

    /**
     * @param width  in pixels
     * @param height in pixels
     * @return a baseline JPEG of a colourful pattern, JFIF only
     */
    public static byte[] jpeg(int width, int height) {
        return jpeg(pattern(width, height), 0.9f, false);
    }

    /**
     * @param width  in pixels
     * @param height in pixels
     * @return a progressive JPEG of a colourful pattern
     */
    public static byte[] progressiveJpeg(int width, int height) {
        return jpeg(pattern(width, height), 0.9f, true);
    }

    /**
     * A JPEG carrying everything a phone may reveal: EXIF with GPS position, camera make, model,
     * body serial number and artist; an XMP packet with creator and GPS; an IPTC by-line in a
     * Photoshop APP13; an ICC profile (sRGB) and a comment.
     *
     * @param width  in pixels
     * @param height in pixels
     * @return the JPEG
     */
    public static byte[] jpegWithPrivateMetadata(int width, int height) {
        byte[] plain = jpeg(width, height);
        byte[][] segments = {
            segment(0xE1, concat(ascii("Exif\0\0"), Exif.privateData())),
            segment(0xE1, concat(ascii("http://ns.adobe.com/xap/1.0/\0"), xmp())),
            segment(0xED, photoshopIptc()),
            segment(0xE2, concat(ascii("ICC_PROFILE\0"), new byte[] {1, 1},
                    ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData())),
            segment(0xFE, COMMENT.getBytes(StandardCharsets.UTF_8)),
        };
        return insertAfterApp0(plain, segments);
    }

    /**
     * A mid-grey (128) JPEG tagged with a linear-light RGB ICC profile instead of sRGB, as
     * some cameras and editors write wide-gamut photos: shown correctly it is a light grey (about
     * 188 in sRGB); a program ignoring the profile shows 128.
     *
     * @param width  in pixels
     * @param height in pixels
     * @return the JPEG
     */
    public static byte[] jpegWithLinearRgbProfile(int width, int height) {
        BufferedImage grey = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = grey.createGraphics();
        g.setColor(new Color(128, 128, 128));
        g.fillRect(0, 0, width, height);
        g.dispose();
        byte[] profile = ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB).getData();
        return insertAfterApp0(jpeg(grey, 0.95f, false), new byte[][] {
            segment(0xE2, concat(ascii("ICC_PROFILE\0"), new byte[] {1, 1}, profile))});
    }

    /**
     * A JPEG that, shown the way its EXIF orientation says, is white with a red top-left quarter.
     * Its pixels are stored turned or mirrored accordingly, as a phone's camera stores them, so a
     * program ignoring the tag shows the red quarter elsewhere (and, for 5 to 8, the wrong shape).
     *
     * @param width       displayed width
     * @param height      displayed height
     * @param orientation the EXIF orientation, 1 to 8
     * @return the JPEG
     */
    public static byte[] jpegWithOrientation(int width, int height, int orientation) {
        BufferedImage displayed = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = displayed.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.RED);
        g.fillRect(0, 0, width / 2, height / 2);
        g.dispose();
        boolean swap = orientation >= 5;
        int sw = swap ? height : width;
        int sh = swap ? width : height;
        BufferedImage stored = new BufferedImage(sw, sh, BufferedImage.TYPE_3BYTE_BGR);
        for (int sy = 0; sy < sh; sy++) {
            for (int sx = 0; sx < sw; sx++) {
                int[] d = displayedPosition(orientation, sx, sy, sw, sh);
                stored.setRGB(sx, sy, displayed.getRGB(d[0], d[1]));
            }
        }
        byte[] plain = jpeg(stored, 0.9f, false);
        return insertAfterApp0(plain, new byte[][] {
            segment(0xE1, concat(ascii("Exif\0\0"), Exif.orientationOnly(orientation)))});
    }

    /** Where stored pixel (sx, sy) of a sw x sh image appears under an EXIF orientation. */
    private static int[] displayedPosition(int orientation, int sx, int sy, int sw, int sh) {
        return switch (orientation) {
            case 2 -> new int[] {sw - 1 - sx, sy};
            case 3 -> new int[] {sw - 1 - sx, sh - 1 - sy};
            case 4 -> new int[] {sx, sh - 1 - sy};
            case 5 -> new int[] {sy, sx};
            case 6 -> new int[] {sh - 1 - sy, sx};
            case 7 -> new int[] {sh - 1 - sy, sw - 1 - sx};
            case 8 -> new int[] {sy, sw - 1 - sx};
            default -> new int[] {sx, sy};
        };
    }

    /**
     * A valid JPEG whose comment is an HTML document with a script: a polyglot that a browser
     * sniffing content might run if it were served as HTML.
     *
     * @return the JPEG
     */
    public static byte[] jpegWithHtmlComment() {
        byte[] plain = jpeg(64, 48);
        byte[] comment = segment(0xFE, HTML_PAYLOAD.getBytes(StandardCharsets.US_ASCII));
        // Right after SOI, where a sniffer looking at the first bytes finds it.
        return concat(Arrays.copyOf(plain, 2), comment, Arrays.copyOfRange(plain, 2, plain.length));
    }

    /**
     * A four-channel (CMYK) JPEG, as print workflows produce, with an Adobe APP14 marker; the left
     * half is pure cyan ink, the right half magenta plus yellow (red).
     *
     * @param width  in pixels
     * @param height in pixels
     * @return the JPEG
     */
    public static byte[] cmykJpeg(int width, int height) {
        WritableRaster cmyk = Raster.createInterleavedRaster(java.awt.image.DataBuffer.TYPE_BYTE, width, height, 4, null);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                boolean left = x < width / 2;
                // Adobe's CMYK JPEGs store inverted ink values: 255 means no ink.
                cmyk.setPixel(x, y, left ? new int[] {0, 255, 255, 255} : new int[] {255, 0, 0, 255});
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageWriter writer = jdkJpegWriter();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.95f);
            writer.write(null, new IIOImage(cmyk, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        byte[] plain = out.toByteArray();
        byte[] adobe = segment(0xEE, concat(ascii("Adobe"), new byte[] {0, 100, 0, 0, 0, 0, 0}));
        return concat(Arrays.copyOf(plain, 2), adobe, Arrays.copyOfRange(plain, 2, plain.length));
    }

    /**
     * A 12-megapixel-class photo stand-in: smooth light, edges and sensor-like noise, so that it
     * compresses like a real photo (a few megabytes at 4000 x 3000) rather than like a flat
     * drawing.
     *
     * @param width  in pixels
     * @param height in pixels
     * @return a baseline JPEG at quality 0.92
     */
    public static byte[] photoLikeJpeg(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        byte[] data = ((java.awt.image.DataBufferByte) image.getRaster().getDataBuffer()).getData();
        Random random = new Random(42);
        int i = 0;
        for (int y = 0; y < height; y++) {
            double fy = (double) y / height;
            for (int x = 0; x < width; x++) {
                double fx = (double) x / width;
                double light = 90 + 70 * Math.sin(fx * 7 + fy * 3) + 30 * Math.cos(fx * 31 - fy * 17);
                boolean wall = ((x / 250) + (y / 180)) % 3 == 0;
                int base = (int) light + (wall ? 40 : 0);
                int noise = (int) (random.nextGaussian() * 9);
                data[i++] = clamp(base - 30 + noise);
                data[i++] = clamp(base + noise + (int) (15 * Math.sin(x * 0.05)));
                data[i++] = clamp(base + 20 + noise);
            }
        }
        return jpeg(image, 0.92f, false);
    }

    // ----------------------------------------------------------------------------------------- PNG

    /**
     * @param width     in pixels
     * @param height    in pixels
     * @param withAlpha whether the left half is fully transparent (the right half stays opaque blue)
     * @return the PNG
     */
    public static byte[] png(int width, int height, boolean withAlpha) {
        BufferedImage image = new BufferedImage(width, height,
                withAlpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        if (withAlpha) {
            g.setComposite(java.awt.AlphaComposite.Src);
            g.setColor(new Color(0, 0, 0, 0));
            g.fillRect(0, 0, width, height);
            g.setColor(Color.BLUE);
            g.fillRect(width / 2, 0, width - width / 2, height);
        } else {
            g.drawImage(pattern(width, height), 0, 0, null);
        }
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("no PNG writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * A PNG of {@link #png(int, int, boolean)} with an {@code eXIf} chunk (before the image data)
     * holding an EXIF orientation; phones that save screenshots or edits as PNG write one.
     *
     * @param width       stored width
     * @param height      stored height
     * @param orientation the EXIF orientation, 1 to 8
     * @return the PNG
     */
    public static byte[] pngWithOrientation(int width, int height, int orientation) {
        byte[] plain = png(width, height, false);
        int afterIhdr = 8 + 12 + 13;
        return concat(Arrays.copyOf(plain, afterIhdr), pngChunk("eXIf", Exif.orientationOnly(orientation)),
                Arrays.copyOfRange(plain, afterIhdr, plain.length));
    }

    /**
     * An animated PNG as far as the container goes: the PNG of {@link #png(int, int, boolean)}
     * with an {@code acTL} chunk announcing frames; its still image is what every decoder shows.
     *
     * @param width  in pixels
     * @param height in pixels
     * @return the PNG
     */
    public static byte[] animatedPngHeader(int width, int height) {
        byte[] plain = png(width, height, false);
        int afterIhdr = 8 + 12 + 13;
        byte[] actl = ByteBuffer.allocate(8).putInt(2).putInt(0).array();
        return concat(Arrays.copyOf(plain, afterIhdr), pngChunk("acTL", actl),
                Arrays.copyOfRange(plain, afterIhdr, plain.length));
    }

    /**
     * @param width  in pixels
     * @param height in pixels
     * @return a single-channel (greyscale) JPEG: left half black, right half white
     */
    public static byte[] greyJpeg(int width, int height) {
        BufferedImage grey = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = grey.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(width / 2, 0, width - width / 2, height);
        g.dispose();
        return jpeg(grey, 0.95f, false);
    }

    /**
     * A PNG signature and an IHDR chunk (with a correct CRC) announcing a huge image, then IEND:
     * no pixel data at all. A decoder that trusted it would try to allocate width x height pixels.
     *
     * @param width  the announced width
     * @param height the announced height
     * @return the few bytes
     */
    public static byte[] pngHeader(int width, int height) {
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        return concat(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A},
                pngChunk("IHDR", ihdr.array()), pngChunk("IEND", new byte[0]));
    }

    private static byte[] pngChunk(String type, byte[] data) {
        CRC32 crc = new CRC32();
        crc.update(ascii(type));
        crc.update(data);
        return ByteBuffer.allocate(12 + data.length).putInt(data.length).put(ascii(type)).put(data)
                .putInt((int) crc.getValue()).array();
    }

    // ---------------------------------------------------------------------------------------- WebP

    /**
     * A lossless WebP: a checkerboard of 8-pixel squares in {@link #WEBP_RGB_A} (top-left) and
     * {@link #WEBP_RGB_B}.
     *
     * @param width  in pixels, at most 16,384
     * @param height in pixels, at most 16,384
     * @return the WebP file
     */
    public static byte[] webpLossless(int width, int height) {
        return riff(chunk("VP8L", Vp8l.checkerboard(width, height, new Color(WEBP_RGB_A), new Color(WEBP_RGB_B))));
    }

    /**
     * An animated WebP whose frames each fill the canvas; frame 0 is the checkerboard of
     * {@link #webpLossless}, later frames use other colours.
     *
     * @param width  canvas width
     * @param height canvas height
     * @param frames how many frames, at least 1
     * @return the WebP file
     */
    public static byte[] animatedWebp(int width, int height, int frames) {
        ByteBuffer vp8x = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
        vp8x.put((byte) 0x02).put(new byte[3]);
        putUint24(vp8x, width - 1);
        putUint24(vp8x, height - 1);
        ByteBuffer anim = ByteBuffer.allocate(6).order(ByteOrder.LITTLE_ENDIAN).putInt(0xFFFFFFFF).putShort((short) 0);
        byte[] body = concat(chunk("VP8X", vp8x.array()), chunk("ANIM", anim.array()));
        for (int f = 0; f < frames; f++) {
            Color a = f == 0 ? new Color(WEBP_RGB_A) : new Color(10 + 30 * f % 200, 100, 60);
            Color b = f == 0 ? new Color(WEBP_RGB_B) : new Color(240, 230 - 20 * f % 200, 250);
            byte[] frame = chunk("VP8L", Vp8l.checkerboard(width, height, a, b));
            ByteBuffer anmf = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            putUint24(anmf, 0);
            putUint24(anmf, 0);
            putUint24(anmf, width - 1);
            putUint24(anmf, height - 1);
            putUint24(anmf, 100);
            anmf.put((byte) 0x02); // do not blend: each frame replaces the canvas
            body = concat(body, chunk("ANMF", concat(anmf.array(), frame)));
        }
        return riff(body);
    }

    private static byte[] riff(byte[] chunks) {
        ByteBuffer header = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        header.put(ascii("RIFF")).putInt(4 + chunks.length).put(ascii("WEBP"));
        return concat(header.array(), chunks);
    }

    private static byte[] chunk(String fourCc, byte[] payload) {
        ByteBuffer header = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        header.put(ascii(fourCc)).putInt(payload.length);
        byte[] pad = new byte[payload.length & 1];
        return concat(header.array(), payload, pad);
    }

    private static void putUint24(ByteBuffer b, int v) {
        b.put((byte) v).put((byte) (v >> 8)).put((byte) (v >> 16));
    }

    // ------------------------------------------------------------------------- refused and damaged

    /**
     * @param image     any file's bytes
     * @param keepBytes how many to keep
     * @return the first keepBytes bytes, as an interrupted upload leaves them
     */
    public static byte[] truncated(byte[] image, int keepBytes) {
        return Arrays.copyOf(image, Math.min(keepBytes, image.length));
    }

    /** @return an HTML page with a script, as someone might upload under the name photo.jpg */
    public static byte[] htmlNamedJpg() {
        return "<!DOCTYPE html><html><head><script>fetch('/api/v1/me').then(r => r.text()).then(alert)</script></head></html>"
                .getBytes(StandardCharsets.UTF_8);
    }

    /** @return an SVG drawing with a script: XML, not a raster image */
    public static byte[] svg() {
        return ("<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100\" height=\"100\""
                + " onload=\"alert(1)\"><rect width=\"100\" height=\"100\" fill=\"red\"/></svg>")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** @return the start of a GIF (signature and logical screen) */
    public static byte[] gifHeader() {
        return concat(ascii("GIF89a"), new byte[] {10, 0, 10, 0, 0, 0, 0});
    }

    /** @return the start of a little-endian TIFF */
    public static byte[] tiffHeader() {
        return new byte[] {'I', 'I', 42, 0, 8, 0, 0, 0, 0, 0};
    }

    /** @return the start of a BMP: file header and a BITMAPINFOHEADER */
    public static byte[] bmpHeader() {
        ByteBuffer b = ByteBuffer.allocate(54).order(ByteOrder.LITTLE_ENDIAN);
        b.put(ascii("BM")).putInt(54 + 300).putInt(0).putInt(54);
        b.putInt(40).putInt(10).putInt(10).putShort((short) 1).putShort((short) 24);
        return b.array();
    }

    /** @return the start of a HEIC file (an ISO-BMFF ftyp box of brand heic) */
    public static byte[] heicHeader() {
        ByteBuffer b = ByteBuffer.allocate(24);
        b.putInt(24).put(ascii("ftyp")).put(ascii("heic")).putInt(0).put(ascii("mif1")).put(ascii("heic"));
        return b.array();
    }

    // ------------------------------------------------------------------------------------- helpers

    private static BufferedImage pattern(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r = 255 * x / Math.max(1, width - 1);
                int gr = 255 * y / Math.max(1, height - 1);
                int b = ((x / 16 + y / 16) % 2) * 120 + 60;
                image.setRGB(x, y, r << 16 | gr << 8 | b);
            }
        }
        return image;
    }

    /**
     * Encodes with the JDK's own JPEG writer, chosen by class name, whatever other writers the
     * class path registers.
     */
    static byte[] jpeg(BufferedImage image, float quality, boolean progressive) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageWriter writer = jdkJpegWriter();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            param.setProgressiveMode(progressive ? ImageWriteParam.MODE_DEFAULT : ImageWriteParam.MODE_DISABLED);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    private static ImageWriter jdkJpegWriter() {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        while (writers.hasNext()) {
            ImageWriter writer = writers.next();
            if (writer.getClass().getName().startsWith("com.sun.imageio.")) {
                return writer;
            }
            writer.dispose();
        }
        throw new IllegalStateException("the JDK's JPEG writer is missing");
    }

    private static byte[] insertAfterApp0(byte[] jpeg, byte[][] segments) {
        int at = 2;
        if ((jpeg[2] & 0xFF) == 0xFF && (jpeg[3] & 0xFF) == 0xE0) {
            at = 4 + ((jpeg[4] & 0xFF) << 8 | (jpeg[5] & 0xFF));
        }
        byte[] result = Arrays.copyOf(jpeg, at);
        for (byte[] segment : segments) {
            result = concat(result, segment);
        }
        return concat(result, Arrays.copyOfRange(jpeg, at, jpeg.length));
    }

    static byte[] segment(int marker, byte[] payload) {
        if (payload.length > 65533) {
            throw new IllegalArgumentException("a JPEG segment holds at most 65,533 bytes");
        }
        int length = payload.length + 2;
        return concat(new byte[] {(byte) 0xFF, (byte) marker, (byte) (length >> 8), (byte) length}, payload);
    }

    private static byte[] xmp() {
        return ("<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>"
                + "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
                + "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\""
                + " xmlns:exif=\"http://ns.adobe.com/exif/1.0/\">"
                + "<dc:creator><rdf:Seq><rdf:li>" + BYLINE + "</rdf:li></rdf:Seq></dc:creator>"
                + "<exif:GPSLatitude>48,51.396N</exif:GPSLatitude><exif:GPSLongitude>2,21.132E</exif:GPSLongitude>"
                + "</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end=\"w\"?>").getBytes(StandardCharsets.UTF_8);
    }

    /** A Photoshop "image resources" block holding one IPTC-NAA record (resource 0x0404). */
    private static byte[] photoshopIptc() {
        byte[] byline = BYLINE.getBytes(StandardCharsets.UTF_8);
        ByteBuffer iptc = ByteBuffer.allocate(5 + 2 + 5 + byline.length);
        iptc.put((byte) 0x1C).put((byte) 2).put((byte) 0).putShort((short) 2).putShort((short) 4); // record version
        iptc.put((byte) 0x1C).put((byte) 2).put((byte) 80).putShort((short) byline.length).put(byline); // by-line
        byte[] data = iptc.array();
        ByteBuffer resource = ByteBuffer.allocate(4 + 2 + 2 + 4 + data.length + (data.length & 1));
        resource.put(ascii("8BIM")).putShort((short) 0x0404).putShort((short) 0).putInt(data.length).put(data);
        return concat(ascii("Photoshop 3.0\0"), resource.array());
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] result = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, result, at, part.length);
            at += part.length;
        }
        return result;
    }

    private static byte clamp(int v) {
        return (byte) Math.max(0, Math.min(255, v));
    }
}
