package org.fixmyquarter.plugins.language.pt;

import java.util.Locale;
import java.util.Map;

import org.fixmyquarter.spi.PluginDescriptor;
import org.fixmyquarter.spi.SpiVersion;
import org.fixmyquarter.spi.i18n.LanguagePack;

/**
 * Portuguese texts of FixMyQuarter: problem messages, statuses, units and notifications.
 */
public final class PortugueseLanguagePack implements LanguagePack {

    private final PluginDescriptor descriptor = new PluginDescriptor("language-pt",
            PluginDescriptor.implementationVersion(PortugueseLanguagePack.class), SpiVersion.VERSION);

    private final Map<String, String> messages =
            LanguagePack.readProperties(PortugueseLanguagePack.class.getResourceAsStream("messages_pt.properties"));

    @Override
    public PluginDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public Locale locale() {
        return Locale.forLanguageTag("pt");
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
