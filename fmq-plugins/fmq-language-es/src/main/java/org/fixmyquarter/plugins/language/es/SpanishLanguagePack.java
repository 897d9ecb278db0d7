package org.fixmyquarter.plugins.language.es;

import java.util.Locale;
import java.util.Map;

import org.fixmyquarter.spi.PluginDescriptor;
import org.fixmyquarter.spi.SpiVersion;
import org.fixmyquarter.spi.i18n.LanguagePack;

/**
 * Spanish texts of FixMyQuarter: problem messages, statuses, units and notifications.
 */
public final class SpanishLanguagePack implements LanguagePack {

    private final PluginDescriptor descriptor = new PluginDescriptor("language-es",
            PluginDescriptor.implementationVersion(SpanishLanguagePack.class), SpiVersion.VERSION);

    private final Map<String, String> messages =
            LanguagePack.readProperties(SpanishLanguagePack.class.getResourceAsStream("messages_es.properties"));

    @Override
    public PluginDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public Locale locale() {
        return Locale.forLanguageTag("es");
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
