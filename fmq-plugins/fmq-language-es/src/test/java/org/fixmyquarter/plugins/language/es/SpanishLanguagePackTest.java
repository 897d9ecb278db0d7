package org.fixmyquarter.plugins.language.es;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.fixmyquarter.plugins.language.en.EnglishLanguagePack;
import org.fixmyquarter.spi.tck.LanguagePackContract;
import org.junit.jupiter.api.Test;

/**
 * Runs the SPI test kit against the Spanish pack with the English pack as reference, and checks that
 * the translation is complete: a missing key would fall back to English in the middle of Spanish text.
 */
class SpanishLanguagePackTest extends LanguagePackContract<SpanishLanguagePack> {

    @Override
    protected SpanishLanguagePack createPlugin() {
        return new SpanishLanguagePack();
    }

    @Override
    protected Map<String, String> reference() {
        return new EnglishLanguagePack().messages();
    }

    @Test
    void hasEveryEnglishKey() {
        Set<String> missing = new TreeSet<>(reference().keySet());
        missing.removeAll(plugin().messages().keySet());
        assertTrue(missing.isEmpty(), () -> "keys of the English pack not translated: " + missing);
    }
}
