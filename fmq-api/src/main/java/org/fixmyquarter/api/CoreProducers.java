package org.fixmyquarter.api;

import java.time.Clock;
import java.time.ZoneId;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.fixmyquarter.api.plugin.PluginRuntime;
import org.fixmyquarter.core.category.CategoryCatalog;
import org.fixmyquarter.core.i18n.Messages;
import org.fixmyquarter.core.i18n.NotificationTexts;
import org.fixmyquarter.spi.category.CategoryProvider;
import org.fixmyquarter.spi.i18n.LanguagePack;

/**
 * Builds the long-lived collaborators of the core use cases once per application, from the
 * plugins. They are immutable, so they are produced as singletons, without the client proxy a
 * normal scope would need (and that a final class cannot have).
 */
@ApplicationScoped
public class CoreProducers {

    @Inject
    private PluginRuntime plugins;

    @Inject
    @ConfigProperty(name = "fmq.i18n.default-locale", defaultValue = "en")
    private String defaultLocale;

    @Inject
    @ConfigProperty(name = "fmq.i18n.time-zone", defaultValue = "UTC")
    private String timeZone;

    @Inject
    @ConfigProperty(name = "fmq.i18n.units", defaultValue = "auto")
    private String units;

    /**
     * @return the categories of the active category providers
     */
    @Produces
    @Singleton
    public CategoryCatalog categoryCatalog() {
        return CategoryCatalog.of(plugins.registry().active(CategoryProvider.class));
    }

    /**
     * @return the translations of the active language packs
     */
    @Produces
    @Singleton
    public Messages messages() {
        return Messages.of(plugins.registry().active(LanguagePack.class), Locale.forLanguageTag(defaultLocale));
    }

    /**
     * @return the deployment's time zone ({@code fmq.i18n.time-zone}), in which texts write dates
     * @throws java.time.DateTimeException naming the zone when it is no IANA time zone
     */
    @Produces
    @Singleton
    public ZoneId timeZone() {
        return ZoneId.of(timeZone);
    }

    /**
     * @param messages   the translations
     * @param categories the categories
     * @param zone       the deployment's time zone
     * @return the writer of notification texts, in the deployment's time zone and units
     */
    @Produces
    @Singleton
    public NotificationTexts notificationTexts(Messages messages, CategoryCatalog categories, ZoneId zone) {
        return new NotificationTexts(messages, categories, zone, units);
    }

    /**
     * @return the UTC clock every timestamp comes from
     */
    @Produces
    @Singleton
    public Clock clock() {
        return Clock.systemUTC();
    }
}
