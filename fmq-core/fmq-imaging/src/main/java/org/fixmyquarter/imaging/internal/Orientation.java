package org.fixmyquarter.imaging.internal;

import java.awt.image.BufferedImage;
import org.fixmyquarter.imaging.BlurRegion;

/**
 * The eight EXIF orientations: how the stored pixels must be turned or mirrored to appear as the
 * photographer saw them. Phones store pixels as the sensor read them and set this tag instead of
 * rotating, so ignoring it shows photos on their side.
 */
public enum Orientation {
    /** 1: as stored. */
    UPRIGHT(1),
    /** 2: mirrored left to right. */
    MIRRORED(2),
    /** 3: turned half a turn. */
    HALF_TURN(3),
    /** 4: mirrored top to bottom. */
    MIRRORED_HALF_TURN(4),
    /** 5: mirrored along the main diagonal. */
    TRANSPOSED(5),
    /** 6: to be turned a quarter turn clockwise. */
    QUARTER_CLOCKWISE(6),
    /** 7: mirrored along the other diagonal. */
    TRANSVERSED(7),
    /** 8: to be turned a quarter turn anticlockwise. */
    QUARTER_ANTICLOCKWISE(8);

    private final int exif;

    Orientation(int exif) {
        this.exif = exif;
    }

    /**
     * @param value the EXIF tag's value
     * @return the orientation, upright for a value out of range
     */
    public static Orientation ofExif(int value) {
        for (Orientation o : values()) {
            if (o.exif == value) {
                return o;
            }
        }
        return UPRIGHT;
    }

    /** @return whether width and height trade places when displayed */
    public boolean swapsAxes() {
        return exif >= 5;
    }

    /**
     * @param source an image as stored, TYPE_3BYTE_BGR
     * @return the image as displayed: the same object when upright, a new image otherwise
     */
    public BufferedImage apply(BufferedImage source) {
        if (this == UPRIGHT) {
            return source;
        }
        int w = source.getWidth();
        int h = source.getHeight();
        int dw = swapsAxes() ? h : w;
        int dh = swapsAxes() ? w : h;
        BufferedImage target = Bgr.create(dw, dh);
        byte[] src = Bgr.data(source);
        byte[] dst = Bgr.data(target);
        for (int sy = 0; sy < h; sy++) {
            // The displayed position moves linearly along a stored row: one start and one step per row.
            int start = displayedIndex(0, sy, w, h, dw);
            int step = w > 1 ? displayedIndex(1, sy, w, h, dw) - start : 0;
            int s = sy * w * 3;
            int d = start;
            for (int sx = 0; sx < w; sx++, s += 3, d += step) {
                dst[d] = src[s];
                dst[d + 1] = src[s + 1];
                dst[d + 2] = src[s + 2];
            }
        }
        return target;
    }

    private int displayedIndex(int sx, int sy, int w, int h, int dw) {
        int dx;
        int dy;
        switch (this) {
            case MIRRORED -> { dx = w - 1 - sx; dy = sy; }
            case HALF_TURN -> { dx = w - 1 - sx; dy = h - 1 - sy; }
            case MIRRORED_HALF_TURN -> { dx = sx; dy = h - 1 - sy; }
            case TRANSPOSED -> { dx = sy; dy = sx; }
            case QUARTER_CLOCKWISE -> { dx = h - 1 - sy; dy = sx; }
            case TRANSVERSED -> { dx = h - 1 - sy; dy = w - 1 - sx; }
            case QUARTER_ANTICLOCKWISE -> { dx = sy; dy = w - 1 - sx; }
            default -> { dx = sx; dy = sy; }
        }
        return (dy * dw + dx) * 3;
    }

    /**
     * @param displayed a region of the image as displayed
     * @return the same region in the stored image's coordinates, as {x0, y0, x1, y1} fractions
     */
    public double[] toStored(BlurRegion displayed) {
        double[] a = storedPoint(displayed.x(), displayed.y());
        double[] b = storedPoint(displayed.x() + displayed.width(), displayed.y() + displayed.height());
        return new double[] {Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[0], b[0]), Math.max(a[1], b[1])};
    }

    private double[] storedPoint(double p, double q) {
        return switch (this) {
            case MIRRORED -> new double[] {1 - p, q};
            case HALF_TURN -> new double[] {1 - p, 1 - q};
            case MIRRORED_HALF_TURN -> new double[] {p, 1 - q};
            case TRANSPOSED -> new double[] {q, p};
            case QUARTER_CLOCKWISE -> new double[] {q, 1 - p};
            case TRANSVERSED -> new double[] {1 - q, 1 - p};
            case QUARTER_ANTICLOCKWISE -> new double[] {1 - q, p};
            default -> new double[] {p, q};
        };
    }
}
