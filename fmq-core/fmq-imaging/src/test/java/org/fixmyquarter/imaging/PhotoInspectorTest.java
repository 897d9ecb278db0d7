package org.fixmyquarter.imaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.fixmyquarter.imaging.ImageRejectedException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PhotoInspectorTest {

    private final PhotoInspector inspector = new PhotoInspector(ImageLimits.defaults());

    @TempDir
    Path dir;

    @Test
    void aJpegIsAcceptedWithItsSize() throws Exception {
        assertEquals(new ImageFacts(ImageFormat.JPEG, 300, 200, false), inspect(TestImages.jpeg(300, 200), "upload.bin"));
    }

    @Test
    void aProgressiveJpegIsAccepted() throws Exception {
        assertEquals(new ImageFacts(ImageFormat.JPEG, 300, 200, false),
                inspect(TestImages.progressiveJpeg(300, 200), "p.jpg"));
    }

    @Test
    void aCmykJpegIsAccepted() throws Exception {
        assertEquals(new ImageFacts(ImageFormat.JPEG, 64, 32, false), inspect(TestImages.cmykJpeg(64, 32), "c.jpg"));
    }

    @Test
    void pngsWithAndWithoutAlphaAreAccepted() throws Exception {
        assertEquals(new ImageFacts(ImageFormat.PNG, 120, 80, false), inspect(TestImages.png(120, 80, false), "a.png"));
        assertEquals(new ImageFacts(ImageFormat.PNG, 120, 80, false), inspect(TestImages.png(120, 80, true), "b.png"));
    }

    @Test
    void anAnimatedPngSaysSo() throws Exception {
        assertEquals(new ImageFacts(ImageFormat.PNG, 60, 40, true), inspect(TestImages.animatedPngHeader(60, 40), "a.png"));
    }

    @Test
    void aLosslessWebpIsAccepted() throws Exception {
        assertEquals(new ImageFacts(ImageFormat.WEBP, 100, 60, false), inspect(TestImages.webpLossless(100, 60), "w.webp"));
    }

    @Test
    void anAnimatedWebpIsAcceptedAndSaysSo() throws Exception {
        assertEquals(new ImageFacts(ImageFormat.WEBP, 90, 50, true), inspect(TestImages.animatedWebp(90, 50, 3), "a.webp"));
    }

    @Test
    void theSizeIsTheDisplayedOneWhenTheOrientationTurnsThePhoto() throws Exception {
        assertEquals(new ImageFacts(ImageFormat.JPEG, 160, 90, false),
                inspect(TestImages.jpegWithOrientation(160, 90, 6), "turned.jpg"));
        assertEquals(new ImageFacts(ImageFormat.JPEG, 160, 90, false),
                inspect(TestImages.jpegWithOrientation(160, 90, 3), "upside-down.jpg"));
    }

    @Test
    void aPngsExifOrientationIsHonouredToo() throws Exception {
        assertEquals(new ImageFacts(ImageFormat.PNG, 80, 120, false),
                inspect(TestImages.pngWithOrientation(120, 80, 6), "turned.png"));
        assertEquals(new ImageFacts(ImageFormat.PNG, 120, 80, false),
                inspect(TestImages.pngWithOrientation(120, 80, 3), "upside-down.png"));
    }

    @Test
    void theFormatComesFromTheBytesNotTheName() throws Exception {
        assertEquals(ImageFormat.PNG, inspect(TestImages.png(20, 20, false), "photo.jpg").format());
    }

    @Test
    void aJpegWithAnHtmlCommentIsStillAJpeg() throws Exception {
        assertEquals(ImageFormat.JPEG, inspect(TestImages.jpegWithHtmlComment(), "x.jpg").format());
    }

    @Test
    void anHtmlPageCalledJpgIsNotAnImage() {
        ImageRejectedException e = rejected(TestImages.htmlNamedJpg(), "photo.jpg");
        assertEquals(Reason.NOT_AN_IMAGE, e.reason());
        assertTrue(e.getMessage().contains("not an image"), e.getMessage());
    }

    @Test
    void svgIsNotAnImageHere() {
        assertEquals(Reason.NOT_AN_IMAGE, rejected(TestImages.svg(), "drawing.svg").reason());
    }

    @Test
    void anEmptyFileIsNotAnImage() {
        assertEquals(Reason.NOT_AN_IMAGE, rejected(new byte[0], "empty.jpg").reason());
    }

    @Test
    void aZipArchiveIsNotAnImage() {
        assertEquals(Reason.NOT_AN_IMAGE, rejected(new byte[] {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0}, "a.zip").reason());
    }

    @Test
    void gifTiffBmpAndHeicAreRecognisedButRefused() {
        assertUnsupported(TestImages.gifHeader(), "GIF");
        assertUnsupported(TestImages.tiffHeader(), "TIFF");
        assertUnsupported(TestImages.bmpHeader(), "BMP");
        assertUnsupported(TestImages.heicHeader(), "HEIC");
    }

    @Test
    void aHugeImageIsRefusedFromItsHeaderWithoutDecoding() {
        byte[] bomb = TestImages.pngHeader(100_000, 100_000);
        // A decode of 10^10 pixels would take minutes or run out of memory; the header check takes a moment.
        ImageRejectedException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> rejected(bomb, "bomb.png"));
        assertEquals(Reason.TOO_MANY_PIXELS, e.reason());
        assertTrue(e.getMessage().contains("16,384"), e.getMessage());
    }

    @Test
    void thePixelLimitIsNamedInTheMessage() {
        PhotoInspector strict = new PhotoInspector(new ImageLimits(10_000, 16_384));
        ImageRejectedException e = assertThrows(ImageRejectedException.class,
                () -> strict.inspect(write(TestImages.jpeg(200, 100), "big.jpg")));
        assertEquals(Reason.TOO_MANY_PIXELS, e.reason());
        assertTrue(e.getMessage().contains("10,000 pixels"), e.getMessage());
        assertTrue(e.getMessage().contains("200 by 100"), e.getMessage());
    }

    @Test
    void anAnimationWhoseCanvasIsTooLargeIsRefused() {
        PhotoInspector strict = new PhotoInspector(new ImageLimits(1_000_000, 64));
        ImageRejectedException e = assertThrows(ImageRejectedException.class,
                () -> strict.inspect(write(TestImages.animatedWebp(90, 50, 2), "a.webp")));
        assertEquals(Reason.TOO_MANY_PIXELS, e.reason());
    }

    @ParameterizedTest
    @ValueSource(ints = {2000, 800, 400})
    void aTruncatedJpegIsCorrupt(int keep) {
        byte[] whole = TestImages.jpeg(400, 300);
        assertEquals(Reason.CORRUPT, rejected(TestImages.truncated(whole, keep), "cut.jpg").reason());
    }

    @Test
    void aTruncatedProgressiveJpegIsCorrupt() {
        byte[] whole = TestImages.progressiveJpeg(400, 300);
        assertEquals(Reason.CORRUPT, rejected(TestImages.truncated(whole, whole.length / 2), "cut.jpg").reason());
    }

    @Test
    void aTruncatedPngIsCorrupt() {
        byte[] whole = TestImages.png(300, 200, false);
        ImageRejectedException e = rejected(TestImages.truncated(whole, whole.length / 2), "cut.png");
        assertEquals(Reason.CORRUPT, e.reason());
        assertTrue(e.getMessage().contains("damaged or incomplete"), e.getMessage());
    }

    @Test
    void aTruncatedWebpIsCorrupt() {
        byte[] whole = TestImages.webpLossless(200, 200);
        assertEquals(Reason.CORRUPT, rejected(TestImages.truncated(whole, whole.length / 2), "cut.webp").reason());
    }

    @Test
    void limitsMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new ImageLimits(0, 10));
        assertThrows(IllegalArgumentException.class, () -> new ImageLimits(10, -1));
    }

    private void assertUnsupported(byte[] bytes, String formatName) {
        ImageRejectedException e = rejected(bytes, "upload.jpg");
        assertEquals(Reason.UNSUPPORTED_FORMAT, e.reason(), formatName);
        assertTrue(e.getMessage().contains(formatName), e.getMessage());
    }

    private ImageFacts inspect(byte[] bytes, String name) throws Exception {
        return inspector.inspect(write(bytes, name));
    }

    private ImageRejectedException rejected(byte[] bytes, String name) {
        return assertThrows(ImageRejectedException.class, () -> inspector.inspect(write(bytes, name)));
    }

    private Path write(byte[] bytes, String name) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }
}
