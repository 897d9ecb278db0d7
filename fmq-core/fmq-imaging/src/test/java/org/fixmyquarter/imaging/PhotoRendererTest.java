package org.fixmyquarter.imaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.drew.imaging.ImageMetadataReader;
import com.drew.metadata.Directory;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifSubIFDDirectory;
import com.drew.metadata.exif.GpsDirectory;
import com.drew.metadata.icc.IccDirectory;
import com.drew.metadata.iptc.IptcDirectory;
import com.drew.metadata.jpeg.JpegCommentDirectory;
import com.drew.metadata.xmp.XmpDirectory;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import javax.imageio.ImageIO;
import org.fixmyquarter.imaging.ImageRejectedException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PhotoRendererTest {

    private static final List<Rendition> VARIANTS = List.of(
            new Rendition("thumbnail", 320), new Rendition("medium", 1280), new Rendition("original", 0));

    private final PhotoRenderer renderer = new PhotoRenderer(ImageLimits.defaults(), 0.85f);

    @TempDir
    Path dir;

    @Test
    void privateMetadataIsPresentInTheUploadAndGoneFromEveryRendition() throws Exception {
        byte[] upload = TestImages.jpegWithPrivateMetadata(1600, 1200);
        Metadata in = ImageMetadataReader.readMetadata(new ByteArrayInputStream(upload));
        assertNotNull(in.getFirstDirectoryOfType(GpsDirectory.class).getGeoLocation(), "the upload has a position");
        assertEquals(TestImages.MAKE, in.getFirstDirectoryOfType(ExifIFD0Directory.class).getString(ExifIFD0Directory.TAG_MAKE));
        assertEquals(TestImages.MODEL, in.getFirstDirectoryOfType(ExifIFD0Directory.class).getString(ExifIFD0Directory.TAG_MODEL));
        assertEquals(TestImages.ARTIST, in.getFirstDirectoryOfType(ExifIFD0Directory.class).getString(ExifIFD0Directory.TAG_ARTIST));
        assertEquals(TestImages.SERIAL,
                in.getFirstDirectoryOfType(ExifSubIFDDirectory.class).getString(ExifSubIFDDirectory.TAG_BODY_SERIAL_NUMBER));
        assertTrue(in.getFirstDirectoryOfType(XmpDirectory.class).getXmpProperties().values().stream()
                .anyMatch(v -> v.contains("Jane Private")), "the upload's XMP names the photographer");
        assertEquals(TestImages.BYLINE, in.getFirstDirectoryOfType(IptcDirectory.class).getString(IptcDirectory.TAG_BY_LINE));
        assertNotNull(in.getFirstDirectoryOfType(IccDirectory.class));
        assertEquals(TestImages.COMMENT,
                in.getFirstDirectoryOfType(JpegCommentDirectory.class).getString(JpegCommentDirectory.TAG_COMMENT));

        List<RenderedFile> out = renderer.render(write(upload, "upload"), VARIANTS, List.of(), dir);

        assertEquals(3, out.size());
        for (RenderedFile file : out) {
            byte[] bytes = Files.readAllBytes(file.file());
            Metadata meta = ImageMetadataReader.readMetadata(new ByteArrayInputStream(bytes));
            assertNull(meta.getFirstDirectoryOfType(GpsDirectory.class), file.name());
            assertNull(meta.getFirstDirectoryOfType(ExifIFD0Directory.class), file.name());
            assertNull(meta.getFirstDirectoryOfType(ExifSubIFDDirectory.class), file.name());
            assertNull(meta.getFirstDirectoryOfType(XmpDirectory.class), file.name());
            assertNull(meta.getFirstDirectoryOfType(IptcDirectory.class), file.name());
            assertNull(meta.getFirstDirectoryOfType(IccDirectory.class), file.name());
            assertNull(meta.getFirstDirectoryOfType(JpegCommentDirectory.class), file.name());
            for (Directory directory : meta.getDirectories()) {
                assertFalse(directory.hasErrors(), directory + " " + directory.getErrors());
            }
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            for (String secret : List.of("Jane", TestImages.SERIAL, TestImages.MAKE, "Quiet Street")) {
                assertFalse(text.contains(secret), file.name() + " still contains " + secret);
            }
            assertOnlyJfifBaseline(bytes, file.name());
        }
    }

    @Test
    void renditionsHaveTheRightSizesKeepTheAspectAndAreNeverEnlarged() throws Exception {
        List<RenderedFile> out = renderer.render(write(TestImages.jpeg(1600, 1200), "landscape"),
                List.of(new Rendition("thumbnail", 320), new Rendition("medium", 1280), new Rendition("original", 0),
                        new Rendition("huge", 4000)), List.of(), dir);
        assertSize(out.get(0), 320, 240);
        assertSize(out.get(1), 1280, 960);
        assertSize(out.get(2), 1600, 1200);
        assertSize(out.get(3), 1600, 1200);

        List<RenderedFile> portrait = renderer.render(write(TestImages.jpeg(600, 900), "portrait"),
                List.of(new Rendition("thumbnail", 320), new Rendition("medium", 1280)), List.of(), dir);
        assertSize(portrait.get(0), 213, 320);
        assertSize(portrait.get(1), 600, 900);
    }

    @Test
    void eachFileIsWhereItSaysWithItsSizeAndDigest() throws Exception {
        List<RenderedFile> out = renderer.render(write(TestImages.png(800, 600, false), "p"), VARIANTS, List.of(), dir);
        for (RenderedFile file : out) {
            assertEquals(dir.resolve(file.name() + ".jpg"), file.file());
            byte[] bytes = Files.readAllBytes(file.file());
            assertEquals(bytes.length, file.size());
            assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)), file.sha256());
            assertEquals("image/jpeg", file.mediaType());
        }
        assertEquals(List.of("thumbnail", "medium", "original"), out.stream().map(RenderedFile::name).toList());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void theOrientationIsAppliedSoTheRedQuarterIsTopLeft(int orientation) throws Exception {
        byte[] upload = TestImages.jpegWithOrientation(400, 200, orientation);
        List<RenderedFile> out = renderer.render(write(upload, "turned"),
                List.of(new Rendition("original", 0), new Rendition("thumbnail", 100)), List.of(), dir);
        assertSize(out.get(0), 400, 200);
        assertSize(out.get(1), 100, 50);
        for (RenderedFile file : out) {
            BufferedImage image = read(file);
            int w = image.getWidth();
            int h = image.getHeight();
            assertColor(Color.RED, image, w / 4, h / 4, file.name() + " top left");
            assertColor(Color.WHITE, image, 3 * w / 4, h / 4, file.name() + " top right");
            assertColor(Color.WHITE, image, w / 4, 3 * h / 4, file.name() + " bottom left");
            assertColor(Color.WHITE, image, 3 * w / 4, 3 * h / 4, file.name() + " bottom right");
        }
    }

    @Test
    void blurChangesThePixelsInsideTheRegionALotAndOutsideHardly() throws Exception {
        Path upload = write(TestImages.photoLikeJpeg(800, 600), "photo");
        BlurRegion region = new BlurRegion(0.25, 0.25, 0.5, 0.5);
        Path plainDir = Files.createDirectory(dir.resolve("plain"));
        Path blurredDir = Files.createDirectory(dir.resolve("blurred"));
        BufferedImage plain = read(renderer.render(upload, List.of(new Rendition("o", 0)), List.of(), plainDir).get(0));
        BufferedImage blurred = read(renderer.render(upload, List.of(new Rendition("o", 0)), List.of(region), blurredDir).get(0));

        double inside = meanDifference(plain, blurred, 200, 150, 600, 450);
        double outsideTop = meanDifference(plain, blurred, 0, 0, 800, 130);
        double outsideLeft = meanDifference(plain, blurred, 0, 0, 180, 600);
        assertTrue(inside > 10, "inside the region the pixels change a lot: " + inside);
        assertTrue(outsideTop < 1 && outsideLeft < 1, "outside they hardly change: " + outsideTop + ", " + outsideLeft);
        // What is left inside has no detail: neighbouring pixels are nearly equal.
        assertTrue(roughness(blurred, 220, 170, 580, 430) < 2, "no detail remains: " + roughness(blurred, 220, 170, 580, 430));
        assertTrue(roughness(plain, 220, 170, 580, 430) > 5, "the photo had detail there: " + roughness(plain, 220, 170, 580, 430));
    }

    @Test
    void theBlurRegionIsWhereTheViewerSeesItOnATurnedPhoto() throws Exception {
        // Displayed: red top-left quarter on white. The region straddles the red/white edge at the top.
        byte[] upload = TestImages.jpegWithOrientation(400, 200, 6);
        BlurRegion edge = new BlurRegion(0.4, 0.0, 0.2, 0.3);
        BufferedImage out = read(renderer.render(write(upload, "turned"), List.of(new Rendition("o", 0)), List.of(edge), dir).get(0));
        Color nearEdge = new Color(out.getRGB(195, 30));
        assertTrue(nearEdge.getGreen() > 60 && nearEdge.getRed() > 200, "red and white mixed at the edge: " + nearEdge);
        assertColor(Color.RED, out, 100, 50, "red quarter away from the region");
        assertColor(Color.WHITE, out, 300, 150, "white away from the region");
    }

    @Test
    void aPolyglotCommentDoesNotSurvive() throws Exception {
        List<RenderedFile> out = renderer.render(write(TestImages.jpegWithHtmlComment(), "poly"), VARIANTS, List.of(), dir);
        for (RenderedFile file : out) {
            String text = new String(Files.readAllBytes(file.file()), StandardCharsets.ISO_8859_1).toLowerCase();
            assertFalse(text.contains("<script"), file.name());
            assertFalse(text.contains("<html"), file.name());
        }
    }

    @Test
    void cmykIsConvertedToTheColoursItPrints() throws Exception {
        BufferedImage out = read(renderer.render(write(TestImages.cmykJpeg(200, 100), "cmyk"),
                List.of(new Rendition("o", 0)), List.of(), dir).get(0));
        Color cyan = new Color(out.getRGB(50, 50));
        Color red = new Color(out.getRGB(150, 50));
        assertTrue(cyan.getRed() < 100 && cyan.getGreen() > 120 && cyan.getBlue() > 180, "cyan ink: " + cyan);
        assertTrue(red.getRed() > 180 && red.getGreen() < 100 && red.getBlue() < 100, "magenta and yellow ink: " + red);
    }

    @Test
    void anIccTaggedPhotoIsConvertedToSrgb() throws Exception {
        BufferedImage out = read(renderer.render(write(TestImages.jpegWithLinearRgbProfile(64, 64), "icc"),
                List.of(new Rendition("o", 0)), List.of(), dir).get(0));
        Color grey = new Color(out.getRGB(32, 32));
        assertTrue(grey.getGreen() > 175 && grey.getGreen() < 200, "linear 50% grey is about 188 in sRGB: " + grey);
    }

    @Test
    void aGreyJpegStaysGrey() throws Exception {
        BufferedImage out = read(renderer.render(write(TestImages.greyJpeg(200, 100), "grey"),
                List.of(new Rendition("o", 0), new Rendition("t", 50)), List.of(), dir).get(0));
        assertColor(Color.BLACK, out, 50, 50, "black half");
        assertColor(Color.WHITE, out, 150, 50, "white half");
    }

    @Test
    void transparencyIsFlattenedOntoWhite() throws Exception {
        BufferedImage out = read(renderer.render(write(TestImages.png(200, 100, true), "alpha"),
                List.of(new Rendition("o", 0)), List.of(), dir).get(0));
        assertColor(Color.WHITE, out, 50, 50, "transparent half");
        assertColor(Color.BLUE, out, 150, 50, "opaque half");
    }

    @Test
    void aLosslessWebpIsRenderedWithItsColours() throws Exception {
        BufferedImage out = read(renderer.render(write(TestImages.webpLossless(64, 64), "w"),
                List.of(new Rendition("o", 0)), List.of(), dir).get(0));
        assertColor(new Color(TestImages.WEBP_RGB_A), out, 3, 3, "first square");
        assertColor(new Color(TestImages.WEBP_RGB_B), out, 11, 3, "second square");
    }

    @Test
    void anAnimatedWebpGivesItsFirstFrame() throws Exception {
        BufferedImage out = read(renderer.render(write(TestImages.animatedWebp(64, 48, 4), "a"),
                List.of(new Rendition("o", 0)), List.of(), dir).get(0));
        assertEquals(64, out.getWidth());
        assertEquals(48, out.getHeight());
        assertColor(new Color(TestImages.WEBP_RGB_A), out, 3, 3, "first frame, first square");
        assertColor(new Color(TestImages.WEBP_RGB_B), out, 11, 3, "first frame, second square");
    }

    @Test
    void theRendererChecksTheFileItselfAndWritesNothingWhenItRefuses() throws Exception {
        Path out = Files.createDirectory(dir.resolve("out"));
        ImageRejectedException html = assertThrows(ImageRejectedException.class,
                () -> renderer.render(write(TestImages.htmlNamedJpg(), "photo.jpg"), VARIANTS, List.of(), out));
        assertEquals(Reason.NOT_AN_IMAGE, html.reason());
        ImageRejectedException bomb = assertThrows(ImageRejectedException.class,
                () -> renderer.render(write(TestImages.pngHeader(100_000, 100_000), "bomb.png"), VARIANTS, List.of(), out));
        assertEquals(Reason.TOO_MANY_PIXELS, bomb.reason());
        byte[] jpeg = TestImages.jpeg(400, 300);
        ImageRejectedException cut = assertThrows(ImageRejectedException.class,
                () -> renderer.render(write(TestImages.truncated(jpeg, jpeg.length / 2), "cut.jpg"), VARIANTS, List.of(), out));
        assertEquals(Reason.CORRUPT, cut.reason());
        try (var files = Files.list(out)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void aLargePhotoRenderedOnlySmallGivesTheSameSizes() throws Exception {
        List<RenderedFile> out = renderer.render(write(TestImages.photoLikeJpeg(3000, 2000), "big"),
                List.of(new Rendition("thumbnail", 320), new Rendition("small", 200)), List.of(), dir);
        assertSize(out.get(0), 320, 213);
        assertSize(out.get(1), 200, 133);
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Rendition("../etc", 10));
        assertThrows(IllegalArgumentException.class, () -> new Rendition("a", -1));
        assertThrows(IllegalArgumentException.class, () -> new BlurRegion(0.5, 0.5, 0.6, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new BlurRegion(0.1, 0.1, 0, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new BlurRegion(-0.1, 0.1, 0.2, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new PhotoRenderer(ImageLimits.defaults(), 0f));
        assertThrows(IllegalArgumentException.class, () -> renderer.render(dir.resolve("x"),
                List.of(new Rendition("a", 10), new Rendition("a", 20)), List.of(), dir));
    }

    private static void assertOnlyJfifBaseline(byte[] jpeg, String name) {
        List<JpegMarkers.Segment> segments = JpegMarkers.headerSegments(jpeg);
        assertTrue(segments.get(0).isJfif(), name + " starts with JFIF");
        for (JpegMarkers.Segment segment : segments.subList(1, segments.size())) {
            int m = segment.marker();
            assertTrue(m == 0xDB || m == 0xC0 || m == 0xC4 || m == 0xDD || m == 0xDA,
                    name + " carries only tables, a baseline frame and the scan, not 0x" + Integer.toHexString(m));
        }
        assertTrue(segments.stream().anyMatch(s -> s.marker() == 0xC0), name + " is baseline");
    }

    private static void assertSize(RenderedFile file, int width, int height) throws IOException {
        assertEquals(width + "x" + height, file.width() + "x" + file.height(), file.name());
        BufferedImage image = read(file);
        assertEquals(width + "x" + height, image.getWidth() + "x" + image.getHeight(), file.name() + " as decoded");
    }

    private static void assertColor(Color expected, BufferedImage image, int x, int y, String where) {
        Color actual = new Color(image.getRGB(x, y));
        int distance = Math.abs(actual.getRed() - expected.getRed()) + Math.abs(actual.getGreen() - expected.getGreen())
                + Math.abs(actual.getBlue() - expected.getBlue());
        assertTrue(distance < 40, where + ": expected " + expected + " but was " + actual);
    }

    private static double meanDifference(BufferedImage a, BufferedImage b, int x0, int y0, int x1, int y1) {
        long sum = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int shift = 0; shift <= 16; shift += 8) {
                    sum += Math.abs((p >> shift & 0xFF) - (q >> shift & 0xFF));
                }
            }
        }
        return sum / (3.0 * (x1 - x0) * (y1 - y0));
    }

    /** Mean difference between horizontally neighbouring pixels' green: detail, noise, text. */
    private static double roughness(BufferedImage image, int x0, int y0, int x1, int y1) {
        long sum = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1 - 1; x++) {
                sum += Math.abs((image.getRGB(x, y) >> 8 & 0xFF) - (image.getRGB(x + 1, y) >> 8 & 0xFF));
            }
        }
        return sum / (double) ((y1 - y0) * (x1 - x0 - 1));
    }

    private static BufferedImage read(RenderedFile file) throws IOException {
        BufferedImage image = ImageIO.read(file.file().toFile());
        assertNotNull(image, file.name() + " decodes");
        return image;
    }

    private Path write(byte[] bytes, String name) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    @Test
    void theTestImagesHaveWhatTheyPromise() throws Exception {
        // Guards the guards: an orientation test is only worth something if the stored pixels are turned.
        BufferedImage stored = ImageIO.read(new ByteArrayInputStream(TestImages.jpegWithOrientation(400, 200, 6)));
        assertArrayEquals(new int[] {200, 400}, new int[] {stored.getWidth(), stored.getHeight()});
        // Turning the stored image a quarter clockwise brings its bottom-left quarter to the top left.
        assertColor(Color.RED, stored, 50, 300, "stored bottom left");
        assertColor(Color.WHITE, stored, 50, 100, "stored top left");
        assertColor(Color.WHITE, stored, 150, 300, "stored bottom right");
    }
}
