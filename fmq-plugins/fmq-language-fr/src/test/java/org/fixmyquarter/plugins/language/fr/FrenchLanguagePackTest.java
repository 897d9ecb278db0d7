package org.fixmyquarter.plugins.language.fr;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.fixmyquarter.plugins.language.en.EnglishLanguagePack;
import org.fixmyquarter.spi.tck.LanguagePackContract;
import org.junit.jupiter.api.Test;

/**
 * Runs the SPI test kit against the French pack with the English pack as reference, and checks that
 * the translation is complete: a missing key would fall back to English in the middle of French text.
 */
class FrenchLanguagePackTest extends LanguagePackContract<FrenchLanguagePack> {

    @Override
    protected FrenchLanguagePack createPlugin() {
        return new FrenchLanguagePack();
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
