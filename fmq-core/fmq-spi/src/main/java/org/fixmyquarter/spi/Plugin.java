package org.fixmyquarter.spi;

/**
 * What every extension point shares: a descriptor, a start with configuration, a precedence and
 * a stop.
 *
 * <p>The server creates each plugin once through {@link java.util.ServiceLoader} (so every
 * implementation needs a public no-argument constructor, or a public static {@code provider()}
 * method on the module path), calls {@link #init(PluginConfig)} once, uses it from many threads
 * at the same time, and calls {@link #close()} when it stops. A plugin whose constructor or
 * {@code init} throws is reported as failed, with the exception's message, and not used.
 */
public interface Plugin extends AutoCloseable {

    /**
     * Who this plugin is. Called before {@link #init(PluginConfig)}, possibly more than once.
     *
     * @return the descriptor; the same every time
     */
    PluginDescriptor descriptor();

    /**
     * Shorthand for {@code descriptor().id()}.
     *
     * @return the plugin's id
     */
    default String id() {
        return descriptor().id();
    }

    /**
     * Prepares the plugin with its settings, the keys {@code fmq.plugin.<id>.*} of the server's
     * configuration. Check them here and throw if one is missing or wrong, so that the
     * administrator sees the problem at start rather than at the first event.
     *
     * @param config this plugin's settings
     * @throws PluginException if the plugin cannot work with these settings
     */
    default void init(PluginConfig config) throws PluginException {
    }

    /**
     * Precedence when two plugins of the same kind overlap (two categories with one code, two
     * translations of one key): higher wins.
     *
     * @return 100 unless overridden; the built-in plugins use 0
     */
    default int order() {
        return 100;
    }

    /**
     * Releases what {@link #init(PluginConfig)} acquired. Must not throw for a plugin that was
     * never initialised.
     */
    @Override
    default void close() {
    }
}
