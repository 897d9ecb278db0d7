package org.fixmyquarter.imaging.internal;

import java.awt.image.BufferedImage;

/**
 * Shrinks {@link Bgr} images: halves while the image is at least twice the target (each halving
 * averages 2 &times; 2 pixels, so every source pixel counts and fine patterns do not alias), then
 * one bilinear step to the exact size, which is less than a halving away.
 */
public final class Scaler {

    private Scaler() {
    }

    /**
     * @param source a {@link Bgr} image at least as large as the target in both directions
     * @param width  target width
     * @param height target height
     * @return the source itself when already that size, a new image otherwise
     */
    public static BufferedImage resize(BufferedImage source, int width, int height) {
        BufferedImage current = source;
        while (current.getWidth() / 2 >= width && current.getHeight() / 2 >= height) {
            current = halve(current);
        }
        if (current.getWidth() != width || current.getHeight() != height) {
            current = bilinear(current, width, height);
        }
        return current;
    }

    static BufferedImage halve(BufferedImage source) {
        int sw = source.getWidth();
        int w = sw / 2;
        int h = source.getHeight() / 2;
        BufferedImage target = Bgr.create(w, h);
        byte[] src = Bgr.data(source);
        byte[] dst = Bgr.data(target);
        int rowBytes = sw * 3;
        int d = 0;
        for (int y = 0; y < h; y++) {
            int top = 2 * y * rowBytes;
            int bottom = top + rowBytes;
            for (int x = 0; x < w; x++) {
                int a = top + 6 * x;
                int b = bottom + 6 * x;
                for (int c = 0; c < 3; c++) {
                    int sum = (src[a + c] & 0xFF) + (src[a + 3 + c] & 0xFF)
                            + (src[b + c] & 0xFF) + (src[b + 3 + c] & 0xFF);
                    dst[d++] = (byte) ((sum + 2) >> 2);
                }
            }
        }
        return target;
    }

    static BufferedImage bilinear(BufferedImage source, int width, int height) {
        int sw = source.getWidth();
        int sh = source.getHeight();
        BufferedImage target = Bgr.create(width, height);
        byte[] src = Bgr.data(source);
        byte[] dst = Bgr.data(target);
        // Per-column source positions and weights, computed once rather than once per row.
        int[] x0 = new int[width];
        int[] x1 = new int[width];
        int[] wx = new int[width];
        for (int x = 0; x < width; x++) {
            double fx = Math.max(0, (x + 0.5) * sw / width - 0.5);
            x0[x] = Math.min((int) fx, sw - 1);
            x1[x] = Math.min(x0[x] + 1, sw - 1);
            wx[x] = (int) Math.round((fx - (int) fx) * 256);
        }
        int rowBytes = sw * 3;
        int d = 0;
        for (int y = 0; y < height; y++) {
            double fy = Math.max(0, (y + 0.5) * sh / height - 0.5);
            int y0 = Math.min((int) fy, sh - 1);
            int y1 = Math.min(y0 + 1, sh - 1);
            int wy = (int) Math.round((fy - (int) fy) * 256);
            int r0 = y0 * rowBytes;
            int r1 = y1 * rowBytes;
            for (int x = 0; x < width; x++) {
                int a = x0[x] * 3;
                int b = x1[x] * 3;
                int w1 = wx[x];
                int w0 = 256 - w1;
                for (int c = 0; c < 3; c++) {
                    int top = (src[r0 + a + c] & 0xFF) * w0 + (src[r0 + b + c] & 0xFF) * w1;
                    int bottom = (src[r1 + a + c] & 0xFF) * w0 + (src[r1 + b + c] & 0xFF) * w1;
                    dst[d++] = (byte) ((top * (256 - wy) + bottom * wy + (1 << 15)) >> 16);
                }
            }
        }
        return target;
    }
}
