package org.fixmyquarter.plugins.language.de;

import java.util.Locale;
import java.util.Map;

import org.fixmyquarter.spi.PluginDescriptor;
import org.fixmyquarter.spi.SpiVersion;
import org.fixmyquarter.spi.i18n.LanguagePack;

/**
 * German texts of FixMyQuarter: problem messages, statuses, units and notifications.
 */
public final class GermanLanguagePack implements LanguagePack {

    private final PluginDescriptor descriptor = new PluginDescriptor("language-de",
            PluginDescriptor.implementationVersion(GermanLanguagePack.class), SpiVersion.VERSION);

    private final Map<String, String> messages =
            LanguagePack.readProperties(GermanLanguagePack.class.getResourceAsStream("messages_de.properties"));

    @Override
    public PluginDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public Locale locale() {
        return Locale.forLanguageTag("de");
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
