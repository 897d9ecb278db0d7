package org.fixmyquarter.core.area;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Folds a name or an address for matching the one inside the other: accents and case removed,
 * every run of characters that are neither letters nor digits made one space.
 */
final class AreaNames {

    private AreaNames() {
    }

    /**
     * @param text a name or an address
     * @return {@code "1er arrondissement"} for {@code "1er  Arrondissement,"}; empty for nothing to match
     */
    static String fold(String text) {
        String plain = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
        return plain.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
    }
}
