package org.fixmyquarter.core.plugin;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.fixmyquarter.spi.PluginConfig;

/**
 * A plugin's settings as the registry hands them to {@code init}: the settings of a
 * {@link PluginConfigSource}, whose errors name a setting the way an administrator writes it,
 * {@code fmq.plugin.jsonl.file (FMQ_PLUGIN_JSONL_FILE)}, not by the plugin's short key.
 */
final class NamedPluginConfig implements PluginConfig {

    private final String pluginId;
    private final PluginConfig settings;

    NamedPluginConfig(String pluginId, PluginConfig settings) {
        this.pluginId = Objects.requireNonNull(pluginId, "pluginId");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * @param pluginId a plugin id
     * @param key      one of its keys
     * @return the full key and the environment variable MicroProfile Config reads it from, such as
     *         {@code fmq.plugin.jsonl.file (FMQ_PLUGIN_JSONL_FILE)}
     */
    static String settingName(String pluginId, String key) {
        String full = PluginConfigSource.PREFIX + pluginId + "." + key;
        return full + " (" + full.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT) + ")";
    }

    @Override
    public Optional<String> get(String key) {
        return settings.get(key);
    }

    @Override
    public Set<String> keys() {
        return settings.keys();
    }

    @Override
    public String nameOf(String key) {
        return settingName(pluginId, key);
    }

    @Override
    public String toString() {
        return "PluginConfig of " + pluginId + keys();
    }
}
