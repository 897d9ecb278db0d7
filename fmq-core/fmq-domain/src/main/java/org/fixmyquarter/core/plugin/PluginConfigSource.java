package org.fixmyquarter.core.plugin;

import java.util.HashMap;
import java.util.Map;

import org.fixmyquarter.spi.PluginConfig;

/**
 * Gives each plugin its settings, the keys {@code fmq.plugin.<id>.*} of the deployment's
 * configuration. The server reads them from MicroProfile Config; an embedding program passes a map.
 */
@FunctionalInterface
public interface PluginConfigSource {

    /** The prefix of every plugin setting. */
    String PREFIX = "fmq.plugin.";

    /**
     * @param pluginId a plugin id
     * @return its settings, without the {@code fmq.plugin.<id>.} prefix
     */
    PluginConfig forPlugin(String pluginId);

    /**
     * Settings from one flat map of full keys, such as {@code fmq.plugin.acme.base-url}.
     *
     * @param settings full keys and their values
     * @return a source that hands each plugin its own keys
     */
    static PluginConfigSource of(Map<String, String> settings) {
        Map<String, String> copy = Map.copyOf(settings);
        return id -> {
            String prefix = PREFIX + id + ".";
            Map<String, String> own = new HashMap<>();
            copy.forEach((key, value) -> {
                if (key.startsWith(prefix)) {
                    own.put(key.substring(prefix.length()), value);
                }
            });
            return PluginConfig.of(own);
        };
    }

    /**
     * @return a source without settings
     */
    static PluginConfigSource none() {
        return id -> PluginConfig.empty();
    }
}
