package org.fixmyquarter.imaging;

import java.util.ArrayList;
import java.util.List;

/** Lists a JPEG's segments up to the start of its scan, to see exactly what a file carries. */
final class JpegMarkers {

    /** One segment: its marker byte (0xE0 for APP0...) and payload. */
    record Segment(int marker, byte[] payload) {
        boolean isJfif() {
            return marker == 0xE0 && payload.length >= 5 && new String(payload, 0, 5, java.nio.charset.StandardCharsets.ISO_8859_1).equals("JFIF\0");
        }
    }

    private JpegMarkers() {
    }

    static List<Segment> headerSegments(byte[] jpeg) {
        if ((jpeg[0] & 0xFF) != 0xFF || (jpeg[1] & 0xFF) != 0xD8) {
            throw new IllegalArgumentException("not a JPEG");
        }
        List<Segment> segments = new ArrayList<>();
        int at = 2;
        while (at + 4 <= jpeg.length) {
            int marker = jpeg[at + 1] & 0xFF;
            int length = (jpeg[at + 2] & 0xFF) << 8 | (jpeg[at + 3] & 0xFF);
            byte[] payload = java.util.Arrays.copyOfRange(jpeg, at + 4, at + 2 + length);
            segments.add(new Segment(marker, payload));
            if (marker == 0xDA) {
                break;
            }
            at += 2 + length;
        }
        return segments;
    }
}
