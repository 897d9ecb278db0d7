package org.fixmyquarter.imaging;

import java.awt.Color;
import java.io.ByteArrayOutputStream;

/**
 * The smallest useful VP8L (lossless WebP) encoder, for {@link TestImages}: no transforms, no
 * colour cache, one group of five "simple" prefix codes, each with one or two symbols, so a
 * two-colour image costs at most one bit per channel and pixel.
 */
final class Vp8l {

    private static final int SIGNATURE = 0x2F;

    private Vp8l() {
    }

    /**
     * @return a VP8L bitstream (the payload of a 'VP8L' chunk): squares of 8 pixels, a top-left
     */
    static byte[] checkerboard(int width, int height, Color a, Color b) {
        if (width < 1 || height < 1 || width > 16384 || height > 16384) {
            throw new IllegalArgumentException("VP8L sides are 1 to 16,384 pixels");
        }
        Bits bits = new Bits();
        bits.write(SIGNATURE, 8);
        bits.write(width - 1, 14);
        bits.write(height - 1, 14);
        bits.write(0, 1); // alpha_is_used: every pixel is opaque
        bits.write(0, 3); // version
        bits.write(0, 1); // no transform
        bits.write(0, 1); // no colour cache
        bits.write(0, 1); // no meta prefix codes: one group for the whole image
        int[][] channels = {
            {a.getGreen(), b.getGreen()},
            {a.getRed(), b.getRed()},
            {a.getBlue(), b.getBlue()},
            {255, 255},
        };
        for (int[] channel : channels) {
            simpleCode(bits, channel[0], channel[1]);
        }
        simpleCode(bits, 0, 0); // distance: never used, one symbol
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                boolean second = ((x / 8) + (y / 8)) % 2 == 1;
                for (int[] channel : channels) {
                    if (channel[0] != channel[1]) {
                        int value = second ? channel[1] : channel[0];
                        // Canonical codes: the smaller symbol gets code 0.
                        bits.write(value == Math.max(channel[0], channel[1]) ? 1 : 0, 1);
                    }
                }
            }
        }
        return bits.toByteArray();
    }

    /** A code of one symbol (zero bits per use) or two symbols (one bit, 0 for the smaller). */
    private static void simpleCode(Bits bits, int s0, int s1) {
        bits.write(1, 1); // simple code
        boolean two = s0 != s1;
        bits.write(two ? 1 : 0, 1);
        int first = Math.min(s0, s1);
        int second = Math.max(s0, s1);
        if (first <= 1) {
            bits.write(0, 1);
            bits.write(first, 1);
        } else {
            bits.write(1, 1);
            bits.write(first, 8);
        }
        if (two) {
            bits.write(second, 8);
        }
    }

    /** Packs values least significant bit first, as VP8L reads them. */
    private static final class Bits {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private long buffer;
        private int count;

        void write(int value, int n) {
            buffer |= ((long) value & ((1L << n) - 1)) << count;
            count += n;
            while (count >= 8) {
                out.write((int) (buffer & 0xFF));
                buffer >>>= 8;
                count -= 8;
            }
        }

        byte[] toByteArray() {
            if (count > 0) {
                out.write((int) (buffer & 0xFF));
                buffer = 0;
                count = 0;
            }
            return out.toByteArray();
        }
    }
}
