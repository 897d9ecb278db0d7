package org.fixmyquarter.spi;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A plugin's settings: the keys {@code fmq.plugin.<id>.*} of the server's configuration, with
 * the prefix removed. On the server they come from MicroProfile Config (environment variables,
 * {@code bootstrap.properties}, {@code server.xml} variables); an embedding program passes a map.
 *
 * <p>For plugin {@code acme-helpdesk}, the setting {@code fmq.plugin.acme-helpdesk.base-url} (or
 * the environment variable {@code FMQ_PLUGIN_ACME_HELPDESK_BASE_URL}) is read as
 * {@code config.get("base-url")}.
 */
public interface PluginConfig {

    /**
     * @param key a key without the {@code fmq.plugin.<id>.} prefix
     * @return its value, if set and not blank
     */
    Optional<String> get(String key);

    /**
     * @param key a key without the prefix
     * @return its value
     * @throws PluginException naming the full key, if it is not set
     */
    default String require(String key) throws PluginException {
        return get(key).orElseThrow(() -> new PluginException(
                "the setting " + nameOf(key) + " is required but not set", false, null));
    }

    /**
     * How the messages of {@link #require}, {@link #getInt}, {@link #getDuration} and the others name a
     * setting: the key in quotes here; the server names the full setting and its environment
     * variable, as an administrator writes them.
     *
     * @param key a key without the prefix
     * @return the setting's name in a message
     * @since SPI 1.3
     */
    default String nameOf(String key) {
        return "'" + key + "'";
    }

    /**
     * @param key          a key without the prefix
     * @param defaultValue the value when the key is not set
     * @return the value, or the default
     */
    default String get(String key, String defaultValue) {
        return get(key).orElse(defaultValue);
    }

    /**
     * @param key          a key without the prefix
     * @param defaultValue the value when the key is not set
     * @return the whole number set, or the default
     * @throws PluginException if the value is not a whole number
     */
    default int getInt(String key, int defaultValue) throws PluginException {
        Optional<String> value = get(key);
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value.get().trim());
        } catch (NumberFormatException e) {
            throw new PluginException("the setting " + nameOf(key) + " must be a whole number, not '"
                    + value.get() + "'", false, e);
        }
    }

    /**
     * @param key          a key without the prefix
     * @param defaultValue the value when the key is not set
     * @return the duration set, in ISO-8601 form such as {@code PT30S}, or the default
     * @throws PluginException if the value is not an ISO-8601 duration
     */
    default Duration getDuration(String key, Duration defaultValue) throws PluginException {
        Optional<String> value = get(key);
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            return Duration.parse(value.get().trim());
        } catch (DateTimeParseException e) {
            throw new PluginException("the setting " + nameOf(key) + " must be an ISO-8601 duration such as PT30S, not '"
                    + value.get() + "'", false, e);
        }
    }

    /**
     * @param key          a key without the prefix
     * @param defaultValue the value when the key is not set
     * @return {@code true} or {@code false} as set (in any case), or the default
     * @throws PluginException if the value is anything else: a typo must not read as {@code false}
     * @since SPI 1.5
     */
    default boolean getBoolean(String key, boolean defaultValue) throws PluginException {
        Optional<String> value = get(key);
        if (value.isEmpty()) {
            return defaultValue;
        }
        String text = value.get().trim().toLowerCase(Locale.ROOT);
        if (text.equals("true") || text.equals("false")) {
            return Boolean.parseBoolean(text);
        }
        throw new PluginException("the setting " + nameOf(key) + " must be true or false, not '" + value.get() + "'",
                false, null);
    }

    /**
     * Checks an address read from a setting, or made from one (a template with its placeholder
     * filled in, say).
     *
     * @param key  the setting the address comes from, named in the error
     * @param text the address
     * @return it, as an absolute {@code http} or {@code https} URI with a host
     * @throws PluginException if it is not one
     * @since SPI 1.5
     */
    default URI httpUri(String key, String text) throws PluginException {
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw new PluginException("the setting " + nameOf(key) + " must be an absolute http or https address,"
                        + " not '" + text + "'", false, null);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new PluginException("the setting " + nameOf(key) + " is not a valid address: '" + text + "' ("
                    + e.getMessage() + ")", false, e);
        }
    }

    /**
     * @return the keys that are set to a value that is not blank, without the prefix
     */
    Set<String> keys();

    /**
     * Settings from a map, for embedding programs and tests.
     *
     * @param values keys without the prefix, and their values
     * @return a view of a copy of the map
     */
    static PluginConfig of(Map<String, String> values) {
        Map<String, String> copy = new TreeMap<>();
        values.forEach((key, value) -> {
            if (value != null && !value.isBlank()) {
                copy.put(key, value);
            }
        });
        return new PluginConfig() {
            @Override
            public Optional<String> get(String key) {
                return Optional.ofNullable(copy.get(key));
            }

            @Override
            public Set<String> keys() {
                return Collections.unmodifiableSet(copy.keySet());
            }

            @Override
            public String toString() {
                return "PluginConfig" + copy.keySet();
            }
        };
    }

    /**
     * @return settings with no keys
     */
    static PluginConfig empty() {
        return of(Map.of());
    }
}
