package org.fixmyquarter.imaging.internal;

/** Finds the Orientation tag (0x0112) in the first directory of an EXIF (TIFF) block. */
final class ExifOrientation {

    private static final int ORIENTATION_TAG = 0x0112;
    private static final int TYPE_SHORT = 3;

    private ExifOrientation() {
    }

    /**
     * @param exif  the bytes holding the TIFF structure
     * @param start where the TIFF header begins in them
     * @return the orientation, upright when absent or unreadable
     */
    static Orientation read(byte[] exif, int start) {
        if (exif.length - start < 8) {
            return Orientation.UPRIGHT;
        }
        boolean little;
        if (exif[start] == 'I' && exif[start + 1] == 'I') {
            little = true;
        } else if (exif[start] == 'M' && exif[start + 1] == 'M') {
            little = false;
        } else {
            return Orientation.UPRIGHT;
        }
        if (u16(exif, start + 2, little) != 42) {
            return Orientation.UPRIGHT;
        }
        long ifd = start + (u32(exif, start + 4, little) & 0xFFFFFFFFL);
        if (ifd + 2 > exif.length) {
            return Orientation.UPRIGHT;
        }
        int entries = u16(exif, (int) ifd, little);
        for (int i = 0; i < entries; i++) {
            int entry = (int) ifd + 2 + 12 * i;
            if (entry + 12 > exif.length) {
                break;
            }
            if (u16(exif, entry, little) == ORIENTATION_TAG && u16(exif, entry + 2, little) == TYPE_SHORT) {
                return Orientation.ofExif(u16(exif, entry + 8, little));
            }
        }
        return Orientation.UPRIGHT;
    }

    private static int u16(byte[] b, int i, boolean little) {
        int b0 = b[i] & 0xFF;
        int b1 = b[i + 1] & 0xFF;
        return little ? b0 | b1 << 8 : b0 << 8 | b1;
    }

    private static int u32(byte[] b, int i, boolean little) {
        int hi = u16(b, little ? i + 2 : i, little);
        int lo = u16(b, little ? i : i + 2, little);
        return hi << 16 | lo;
    }
}
