package org.fixmyquarter.plugins.language.en;

import org.fixmyquarter.spi.tck.LanguagePackContract;

/**
 * Runs the SPI test kit against the English pack, the reference every other pack is compared with.
 */
class EnglishLanguagePackTest extends LanguagePackContract<EnglishLanguagePack> {

    @Override
    protected EnglishLanguagePack createPlugin() {
        return new EnglishLanguagePack();
    }
}
