package org.fixmyquarter.core.i18n;

import java.util.Locale;
import java.util.Map;

import org.fixmyquarter.spi.PluginDescriptor;
import org.fixmyquarter.spi.SpiVersion;
import org.fixmyquarter.spi.i18n.LanguagePack;

/**
 * A language pack held in a map, at an explicit order.
 *
 * @param locale   the locale translated
 * @param order    its precedence
 * @param messages key to pattern
 */
record TestPack(Locale locale, int order, Map<String, String> messages) implements LanguagePack {

    /**
     * @param tag      a language tag such as {@code fr-CA}
     * @param messages key to pattern
     * @return a pack at the default order
     */
    static TestPack of(String tag, Map<String, String> messages) {
        return new TestPack(Locale.forLanguageTag(tag), 100, messages);
    }

    @Override
    public PluginDescriptor descriptor() {
        return new PluginDescriptor("pack-" + locale.toLanguageTag().toLowerCase(Locale.ROOT), "1", SpiVersion.VERSION);
    }
}
