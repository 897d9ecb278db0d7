package org.fixmyquarter.imaging;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds big-endian TIFF structures, as found in a JPEG's EXIF APP1 after its "Exif\0\0" prefix,
 * for {@link TestImages}.
 */
final class Exif {

    private static final int ASCII = 2;
    private static final int SHORT = 3;
    private static final int LONG = 4;
    private static final int RATIONAL = 5;
    private static final int BYTE = 1;

    private record Entry(int tag, int type, int count, byte[] value) {
    }

    private Exif() {
    }

    /** IFD0 with make, model, artist and links to an EXIF directory (serial) and a GPS directory. */
    static byte[] privateData() {
        List<Entry> gps = List.of(
                new Entry(0x0000, BYTE, 4, new byte[] {2, 3, 0, 0}),
                ascii(0x0001, "N"),
                new Entry(0x0002, RATIONAL, 3, degrees(TestImages.LATITUDE)),
                ascii(0x0003, "E"),
                new Entry(0x0004, RATIONAL, 3, degrees(TestImages.LONGITUDE)));
        List<Entry> exif = List.of(ascii(0xA431, TestImages.SERIAL));
        List<Entry> ifd0 = List.of(
                ascii(0x010F, TestImages.MAKE),
                ascii(0x0110, TestImages.MODEL),
                ascii(0x013B, TestImages.ARTIST),
                new Entry(0x8769, LONG, 1, new byte[4]),
                new Entry(0x8825, LONG, 1, new byte[4]));
        int ifd0At = 8;
        int exifAt = ifd0At + size(ifd0);
        int gpsAt = exifAt + size(exif);
        List<Entry> linked = new ArrayList<>(ifd0.subList(0, 3));
        linked.add(new Entry(0x8769, LONG, 1, ByteBuffer.allocate(4).putInt(exifAt).array()));
        linked.add(new Entry(0x8825, LONG, 1, ByteBuffer.allocate(4).putInt(gpsAt).array()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {'M', 'M', 0, 42, 0, 0, 0, 8});
        out.writeBytes(ifd(linked, ifd0At));
        out.writeBytes(ifd(exif, exifAt));
        out.writeBytes(ifd(gps, gpsAt));
        return out.toByteArray();
    }

    /** IFD0 holding the Orientation tag alone. */
    static byte[] orientationOnly(int orientation) {
        List<Entry> ifd0 = List.of(new Entry(0x0112, SHORT, 1, new byte[] {0, (byte) orientation, 0, 0}));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {'M', 'M', 0, 42, 0, 0, 0, 8});
        out.writeBytes(ifd(ifd0, 8));
        return out.toByteArray();
    }

    private static Entry ascii(int tag, String text) {
        byte[] bytes = (text + "\0").getBytes(StandardCharsets.US_ASCII);
        return new Entry(tag, ASCII, bytes.length, bytes);
    }

    private static byte[] degrees(double value) {
        int d = (int) value;
        double minutes = (value - d) * 60;
        int m = (int) minutes;
        int s100 = (int) Math.round((minutes - m) * 60 * 100);
        return ByteBuffer.allocate(24).putInt(d).putInt(1).putInt(m).putInt(1).putInt(s100).putInt(100).array();
    }

    /** Directory plus the values too long for their entries, which follow it. */
    private static int size(List<Entry> entries) {
        int size = 2 + 12 * entries.size() + 4;
        for (Entry e : entries) {
            if (e.value().length > 4) {
                size += e.value().length + (e.value().length & 1);
            }
        }
        return size;
    }

    private static byte[] ifd(List<Entry> entries, int at) {
        ByteBuffer dir = ByteBuffer.allocate(size(entries));
        int dataAt = at + 2 + 12 * entries.size() + 4;
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        dir.putShort((short) entries.size());
        for (Entry e : entries) {
            dir.putShort((short) e.tag()).putShort((short) e.type()).putInt(e.count());
            if (e.value().length <= 4) {
                dir.put(java.util.Arrays.copyOf(e.value(), 4));
            } else {
                dir.putInt(dataAt + data.size());
                data.writeBytes(e.value());
                if ((e.value().length & 1) == 1) {
                    data.write(0);
                }
            }
        }
        dir.putInt(0);
        dir.put(data.toByteArray());
        return dir.array();
    }
}
