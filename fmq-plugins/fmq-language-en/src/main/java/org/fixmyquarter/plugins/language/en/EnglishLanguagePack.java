package org.fixmyquarter.plugins.language.en;

import java.util.Locale;
import java.util.Map;

import org.fixmyquarter.spi.PluginDescriptor;
import org.fixmyquarter.spi.SpiVersion;
import org.fixmyquarter.spi.i18n.LanguagePack;

/**
 * English texts of FixMyQuarter: problem messages, statuses, units and notifications.
 */
public final class EnglishLanguagePack implements LanguagePack {

    private final PluginDescriptor descriptor = new PluginDescriptor("language-en",
            PluginDescriptor.implementationVersion(EnglishLanguagePack.class), SpiVersion.VERSION);

    private final Map<String, String> messages =
            LanguagePack.readProperties(EnglishLanguagePack.class.getResourceAsStream("messages_en.properties"));

    @Override
    public PluginDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public Locale locale() {
        return Locale.forLanguageTag("en");
    }

    @Override
    public Map<String, String> messages() {
        return messages;
    }

    @Override
    public int order() {
        return 0;
    }
}
