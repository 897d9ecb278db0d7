package org.fixmyquarter.imaging.internal;

import java.awt.image.BufferedImage;

/**
 * Makes a rectangle unrecognisable for good. A Gaussian blur alone can be partly undone
 * (deconvolution) and a fine mosaic of known text can be matched by brute force, so the rectangle
 * is first reduced to at most 8 &times; 8 blocks of their average colour, which throws the detail
 * away, then smoothed so that it reads as a blur rather than as a mosaic.
 */
public final class Blur {

    /** Blocks along the longer side of the region: too few to tell a face or a plate's characters. */
    private static final int BLOCKS = 8;
    private static final int SMOOTHING_PASSES = 3;

    private Blur() {
    }

    /**
     * Blurs in place; pixels outside the rectangle are neither changed nor read.
     *
     * @param image a {@link Bgr} image
     * @param x0    left column, inclusive
     * @param y0    top row, inclusive
     * @param x1    right column, exclusive
     * @param y1    bottom row, exclusive
     */
    public static void apply(BufferedImage image, int x0, int y0, int x1, int y1) {
        int rw = x1 - x0;
        int rh = y1 - y0;
        if (rw <= 0 || rh <= 0) {
            return;
        }
        int block = Math.max(2, (Math.max(rw, rh) + BLOCKS - 1) / BLOCKS);
        byte[] data = Bgr.data(image);
        int stride = image.getWidth() * 3;
        pixelate(data, stride, x0, y0, x1, y1, block);
        int radius = Math.max(1, block / 2);
        for (int pass = 0; pass < SMOOTHING_PASSES; pass++) {
            boxRows(data, stride, x0, y0, x1, y1, radius);
            boxColumns(data, stride, x0, y0, x1, y1, radius);
        }
    }

    private static void pixelate(byte[] data, int stride, int x0, int y0, int x1, int y1, int block) {
        for (int by = y0; by < y1; by += block) {
            int ey = Math.min(by + block, y1);
            for (int bx = x0; bx < x1; bx += block) {
                int ex = Math.min(bx + block, x1);
                long[] sum = new long[3];
                for (int y = by; y < ey; y++) {
                    for (int x = bx, i = y * stride + bx * 3; x < ex; x++) {
                        sum[0] += data[i++] & 0xFF;
                        sum[1] += data[i++] & 0xFF;
                        sum[2] += data[i++] & 0xFF;
                    }
                }
                long count = (long) (ey - by) * (ex - bx);
                byte b = (byte) (sum[0] / count);
                byte g = (byte) (sum[1] / count);
                byte r = (byte) (sum[2] / count);
                for (int y = by; y < ey; y++) {
                    for (int x = bx, i = y * stride + bx * 3; x < ex; x++) {
                        data[i++] = b;
                        data[i++] = g;
                        data[i++] = r;
                    }
                }
            }
        }
    }

    /** Running-sum box filter along each row, the window clamped to the region. */
    private static void boxRows(byte[] data, int stride, int x0, int y0, int x1, int y1, int radius) {
        int n = x1 - x0;
        int[] line = new int[n * 3];
        for (int y = y0; y < y1; y++) {
            int base = y * stride + x0 * 3;
            for (int i = 0; i < n * 3; i++) {
                line[i] = data[base + i] & 0xFF;
            }
            smooth(line, n, radius, data, base, 3);
        }
    }

    private static void boxColumns(byte[] data, int stride, int x0, int y0, int x1, int y1, int radius) {
        int n = y1 - y0;
        int[] line = new int[n * 3];
        for (int x = x0; x < x1; x++) {
            int base = y0 * stride + x * 3;
            for (int k = 0; k < n; k++) {
                int i = base + k * stride;
                line[3 * k] = data[i] & 0xFF;
                line[3 * k + 1] = data[i + 1] & 0xFF;
                line[3 * k + 2] = data[i + 2] & 0xFF;
            }
            smooth(line, n, radius, data, base, stride);
        }
    }

    /** Averages each of n pixels of line over its window and writes it at out[base + k * step]. */
    private static void smooth(int[] line, int n, int radius, byte[] out, int base, int step) {
        for (int c = 0; c < 3; c++) {
            int sum = 0;
            int lo = 0;
            int hi = Math.min(n - 1, radius);
            for (int k = lo; k <= hi; k++) {
                sum += line[3 * k + c];
            }
            for (int k = 0; k < n; k++) {
                out[base + k * step + c] = (byte) (sum / (hi - lo + 1));
                int nextHi = k + 1 + radius;
                if (nextHi < n) {
                    hi = nextHi;
                    sum += line[3 * hi + c];
                }
                int nextLo = k + 1 - radius;
                if (nextLo > 0) {
                    sum -= line[3 * lo + c];
                    lo = nextLo;
                }
            }
        }
    }
}
