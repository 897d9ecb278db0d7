package org.fixmyquarter.imaging.internal;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.DataBufferByte;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.WritableRaster;

/**
 * The one pixel layout the scaling, blurring and writing code works on: sRGB, 3 bytes per pixel
 * (blue, green, red), rows packed one after the other. It is the JPEG decoder's own output, so a
 * JPEG photo is never copied to get there, and it costs 3 bytes a pixel where ARGB costs 4.
 */
public final class Bgr {

    private Bgr() {
    }

    /**
     * @param width  in pixels
     * @param height in pixels
     * @return a new image in the layout, black
     */
    public static BufferedImage create(int width, int height) {
        return new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    }

    /**
     * @param image an image in the layout
     * @return its pixel bytes, shared, not copied
     */
    public static byte[] data(BufferedImage image) {
        return ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    }

    /**
     * Brings any decoded image into the layout: other colour spaces (an embedded ICC profile, CMYK)
     * are converted to sRGB, transparency is flattened onto white (what a transparent area looks
     * like on our pages), grey and palette images are expanded.
     *
     * @param image a decoded image
     * @return the same image when already in the layout, a converted copy otherwise
     */
    public static BufferedImage of(BufferedImage image) {
        if (isPlain(image)) {
            return image;
        }
        BufferedImage srgb = image;
        ColorSpace space = image.getColorModel().getColorSpace();
        if (!space.isCS_sRGB() && space.getType() != ColorSpace.TYPE_GRAY) {
            boolean alpha = image.getColorModel().hasAlpha();
            srgb = new BufferedImage(image.getWidth(), image.getHeight(),
                    alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
            new ColorConvertOp(null).filter(image, srgb);
        }
        BufferedImage target = create(image.getWidth(), image.getHeight());
        Graphics2D g = target.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, target.getWidth(), target.getHeight());
            g.drawImage(srgb, 0, 0, null);
        } finally {
            g.dispose();
        }
        return target;
    }

    private static boolean isPlain(BufferedImage image) {
        if (image.getType() != BufferedImage.TYPE_3BYTE_BGR
                || !image.getColorModel().getColorSpace().isCS_sRGB()) {
            return false;
        }
        WritableRaster raster = image.getRaster();
        if (!(raster.getSampleModel() instanceof PixelInterleavedSampleModel model)) {
            return false;
        }
        return raster.getParent() == null
                && raster.getSampleModelTranslateX() == 0 && raster.getSampleModelTranslateY() == 0
                && model.getPixelStride() == 3 && model.getScanlineStride() == image.getWidth() * 3
                && raster.getDataBuffer().getNumBanks() == 1
                && ((DataBufferByte) raster.getDataBuffer()).getOffset() == 0;
    }
}
