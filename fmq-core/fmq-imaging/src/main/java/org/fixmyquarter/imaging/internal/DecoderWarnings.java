package org.fixmyquarter.imaging.internal;

import java.util.List;
import java.util.Locale;

/**
 * Sorts decoder warnings: libjpeg (inside the JDK's JPEG reader) reports missing or damaged data
 * only as a warning and goes on, filling the rest with grey, while TwelveMonkeys also warns about
 * harmless things such as a CMYK file without its own colour profile.
 */
final class DecoderWarnings {

    /** Phrases of libjpeg's and TwelveMonkeys' data-damage warnings. */
    private static final List<String> DAMAGE = List.of(
            "premature end", "corrupt", "truncat", "huffman", "unexpected end", "end of file", "eof",
            "extraneous", "bogus", "invalid sos", "unknown marker");

    private DecoderWarnings() {
    }

    static boolean meansDamage(String warning) {
        String text = warning == null ? "" : warning.toLowerCase(Locale.ROOT);
        for (String phrase : DAMAGE) {
            if (text.contains(phrase)) {
                return true;
            }
        }
        return false;
    }
}
