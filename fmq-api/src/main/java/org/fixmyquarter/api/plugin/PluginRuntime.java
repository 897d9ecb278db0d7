package org.fixmyquarter.api.plugin;

import java.nio.file.Path;
import java.util.Optional;
import java.util.logging.Logger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.fixmyquarter.api.notification.InboxTransactions;
import org.fixmyquarter.core.notification.InAppChannel;
import org.fixmyquarter.core.plugin.PluginConfigSource;
import org.fixmyquarter.core.plugin.PluginRegistry;
import org.fixmyquarter.spi.PluginConfig;
import org.fixmyquarter.spi.PluginDescriptor;

/**
 * The server's plugins, loaded once when the application starts: the built-in ones shipped in the
 * web application, then every jar of the {@code plugins/} folder ({@code fmq.plugins.dir}), each
 * with its own class loader. A plugin that fails is listed as failed; the server starts anyway.
 */
@ApplicationScoped
public class PluginRuntime {

    /** The setting naming the plugins folder. */
    public static final String FOLDER_SETTING = "fmq.plugins.dir";

    private static final Logger LOG = Logger.getLogger(PluginRuntime.class.getName());

    @Inject
    private InboxTransactions inbox;

    private volatile PluginRegistry registry;
    private volatile Path folder;

    /**
     * @return the plugins, loaded on first use
     */
    public PluginRegistry registry() {
        PluginRegistry current = registry;
        if (current == null) {
            synchronized (this) {
                if (registry == null) {
                    registry = load();
                }
                current = registry;
            }
        }
        return current;
    }

    /**
     * @return the folder third-party plugins are loaded from
     */
    public Path folder() {
        registry();
        return folder;
    }

    /**
     * @return each plugin's settings, from MicroProfile Config
     */
    public static PluginConfigSource configSource() {
        Config config = ConfigProvider.getConfig();
        return id -> new MicroProfilePluginConfig(config, PluginConfigSource.PREFIX + id + ".");
    }

    private PluginRegistry load() {
        Config config = ConfigProvider.getConfig();
        folder = Path.of(config.getOptionalValue(FOLDER_SETTING, String.class).orElse("plugins")).toAbsolutePath();
        LOG.info(() -> "Loading plugins: built-in ones, then those in " + folder);
        ClassLoader application = Optional.ofNullable(Thread.currentThread().getContextClassLoader())
                .orElse(PluginRuntime.class.getClassLoader());
        return PluginRegistry.builder()
                .config(configSource())
                .add(new InAppChannel(inbox::store, PluginDescriptor.implementationVersion(InAppChannel.class)))
                .discover(application, "built-in")
                .folder(folder)
                .build();
    }

    /** Loads at start, so the log and the admin list tell at once which plugins failed. */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        registry();
    }

    @PreDestroy
    void close() {
        if (registry != null) {
            registry.close();
        }
    }

    /** A plugin's view of MicroProfile Config: its own keys, without the prefix. */
    private static final class MicroProfilePluginConfig implements PluginConfig {
        private final Config config;
        private final String prefix;

        MicroProfilePluginConfig(Config config, String prefix) {
            this.config = config;
            this.prefix = prefix;
        }

        @Override
        public Optional<String> get(String key) {
            return config.getOptionalValue(prefix + key, String.class).filter(v -> !v.isBlank());
        }

        @Override
        public java.util.Set<String> keys() {
            java.util.Set<String> keys = new java.util.TreeSet<>();
            for (String name : config.getPropertyNames()) {
                if (name.startsWith(prefix)) {
                    keys.add(name.substring(prefix.length()));
                }
            }
            return keys;
        }
    }
}
