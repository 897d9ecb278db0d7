package org.fixmyquarter.plugins.language.fr;

import java.util.Locale;
import java.util.Map;

import org.fixmyquarter.spi.PluginDescriptor;
import org.fixmyquarter.spi.SpiVersion;
import org.fixmyquarter.spi.i18n.LanguagePack;

/**
 * French texts of FixMyQuarter: problem messages, statuses, units and notifications.
 */
public final class FrenchLanguagePack implements LanguagePack {

    private final PluginDescriptor descriptor = new PluginDescriptor("language-fr",
            PluginDescriptor.implementationVersion(FrenchLanguagePack.class), SpiVersion.VERSION);

    private final Map<String, String> messages =
            LanguagePack.readProperties(FrenchLanguagePack.class.getResourceAsStream("messages_fr.properties"));

    @Override
    public PluginDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public Locale locale() {
        return Locale.forLanguageTag("fr");
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
