package org.fixmyquarter.plugins.language.ar;

import java.util.Locale;
import java.util.Map;

import org.fixmyquarter.spi.PluginDescriptor;
import org.fixmyquarter.spi.SpiVersion;
import org.fixmyquarter.spi.i18n.LanguagePack;

/**
 * Arabic texts of FixMyQuarter: problem messages, statuses, units and notifications.
 */
public final class ArabicLanguagePack implements LanguagePack {

    private final PluginDescriptor descriptor = new PluginDescriptor("language-ar",
            PluginDescriptor.implementationVersion(ArabicLanguagePack.class), SpiVersion.VERSION);

    private final Map<String, String> messages =
            LanguagePack.readProperties(ArabicLanguagePack.class.getResourceAsStream("messages_ar.properties"));

    @Override
    public PluginDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public Locale locale() {
        return Locale.forLanguageTag("ar");
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
