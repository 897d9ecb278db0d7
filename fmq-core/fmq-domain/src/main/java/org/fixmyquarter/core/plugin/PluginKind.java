package org.fixmyquarter.core.plugin;

import java.util.Optional;

import org.fixmyquarter.spi.Plugin;
import org.fixmyquarter.spi.category.CategoryProvider;
import org.fixmyquarter.spi.helpdesk.HelpdeskConnector;
import org.fixmyquarter.spi.i18n.LanguagePack;
import org.fixmyquarter.spi.media.MediaStore;
import org.fixmyquarter.spi.notification.NotificationChannel;

/**
 * The extension points of the SPI, with the names the admin API shows.
 */
public enum PluginKind {
    /** Categories of problems. */
    CATEGORY_PROVIDER(CategoryProvider.class, "category-provider"),
    /** Translations for one locale. */
    LANGUAGE_PACK(LanguagePack.class, "language-pack"),
    /** Delivery of notifications to people. */
    NOTIFICATION_CHANNEL(NotificationChannel.class, "notification-channel"),
    /** Hand-over of reports to a city's helpdesk. */
    HELPDESK_CONNECTOR(HelpdeskConnector.class, "helpdesk-connector"),
    /** Storage of photos and attachments. */
    MEDIA_STORE(MediaStore.class, "media-store");

    private final Class<? extends Plugin> type;
    private final String wireName;

    PluginKind(Class<? extends Plugin> type, String wireName) {
        this.type = type;
        this.wireName = wireName;
    }

    /** @return the SPI interface of this extension point */
    public Class<? extends Plugin> type() {
        return type;
    }

    /** @return the name in the admin API, for example {@code helpdesk-connector} */
    public String wireName() {
        return wireName;
    }

    /**
     * @param plugin a plugin instance
     * @return the first extension point it implements, if any
     */
    public static Optional<PluginKind> of(Plugin plugin) {
        for (PluginKind kind : values()) {
            if (kind.type.isInstance(plugin)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
