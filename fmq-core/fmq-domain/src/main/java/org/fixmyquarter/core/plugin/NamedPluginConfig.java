package org.fixmyquarter.core.plugin;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.fixmyquarter.spi.PluginConfig;
import org.fixmyquarter.spi.PluginException;

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
    public String require(String key) throws PluginException {
        return get(key).orElseThrow(() -> new PluginException(
                "the setting " + settingName(pluginId, key) + " is required but not set", false, null));
    }

    @Override
    public int getInt(String key, int defaultValue) throws PluginException {
        Optional<String> value = get(key);
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value.get().trim());
        } catch (NumberFormatException e) {
            throw new PluginException("the setting " + settingName(pluginId, key) + " must be a whole number, not '"
                    + value.get() + "'", false, e);
        }
    }

    @Override
    public Duration getDuration(String key, Duration defaultValue) throws PluginException {
        Optional<String> value = get(key);
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            return Duration.parse(value.get().trim());
        } catch (DateTimeParseException e) {
            throw new PluginException("the setting " + settingName(pluginId, key)
                    + " must be an ISO-8601 duration such as PT30S, not '" + value.get() + "'", false, e);
        }
    }

    @Override
    public String toString() {
        return "PluginConfig of " + pluginId + keys();
    }
}
