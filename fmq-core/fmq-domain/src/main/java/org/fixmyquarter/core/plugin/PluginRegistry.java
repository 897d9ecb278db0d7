package org.fixmyquarter.core.plugin;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

import org.fixmyquarter.core.category.CategoryCatalog;
import org.fixmyquarter.spi.Plugin;
import org.fixmyquarter.spi.PluginConfig;
import org.fixmyquarter.spi.PluginDescriptor;
import org.fixmyquarter.spi.SpiVersion;
import org.fixmyquarter.spi.category.CategoryProvider;

/**
 * The plugins of a deployment: which are active, which failed and why.
 *
 * <p>Built once at start from instances passed explicitly (an embedding program's way), from
 * {@link ServiceLoader} on the class or module path (the built-in plugins), and from the
 * {@code plugins/} folder. A plugin that cannot be created, targets another SPI version, or
 * throws from {@code init} is recorded as {@link PluginState#FAILED} with the reason, logged, and
 * skipped; building never fails because of a plugin. Thread-safe once built.
 */
public final class PluginRegistry implements AutoCloseable {

    private static final Logger LOG = System.getLogger(PluginRegistry.class.getName());

    private final List<Entry> entries;
    private final List<URLClassLoader> loaders;
    private final Map<String, RuntimeError> runtimeErrors = new ConcurrentHashMap<>();

    private PluginRegistry(List<Entry> entries, List<URLClassLoader> loaders) {
        this.entries = List.copyOf(entries);
        this.loaders = List.copyOf(loaders);
    }

    /**
     * @return a builder without plugins or settings
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return every plugin found, active or not, in the order they were found
     */
    public List<PluginInfo> plugins() {
        List<PluginInfo> result = new ArrayList<>(entries.size());
        for (Entry entry : entries) {
            RuntimeError runtime = entry.info.state() == PluginState.ACTIVE ? runtimeErrors.get(key(entry)) : null;
            result.add(runtime == null ? entry.info : entry.info.withLastError(runtime.message()));
        }
        return result;
    }

    /**
     * @param type an extension point, such as {@code LanguagePack.class}
     * @param <T>  its type
     * @return the active plugins of that kind, highest {@link Plugin#order()} first
     */
    public <T extends Plugin> List<T> active(Class<T> type) {
        List<T> result = new ArrayList<>();
        for (Entry entry : entries) {
            if (entry.plugin != null && entry.info.kind() != null && entry.info.kind().type() == type) {
                result.add(type.cast(entry.plugin));
            }
        }
        result.sort(Comparator.comparingInt((T p) -> p.order()).reversed().thenComparing(Plugin::id));
        return Collections.unmodifiableList(result);
    }

    /**
     * Records an error an active plugin met while working (a delivery that failed), so the
     * administrator sees it beside the plugin; the plugin stays active.
     *
     * @param kind   the extension point it was working as
     * @param plugin the plugin
     * @param error  what went wrong, or {@code null} once it works again
     */
    public void reportError(PluginKind kind, Plugin plugin, String error) {
        String key = kind.wireName() + "/" + plugin.id();
        if (error == null) {
            runtimeErrors.remove(key);
        } else {
            // The first error of a run of failures dates the outage; later ones only update why.
            runtimeErrors.merge(key, new RuntimeError(error, Instant.now()),
                    (old, now) -> new RuntimeError(now.message(), old.since()));
        }
    }

    /**
     * @param kind the extension point
     * @param id   the plugin's id
     * @return since when the plugin has been failing without a success in between (the first of
     *         the errors {@link #reportError} recorded since it last worked), or empty while it works
     */
    public Optional<Instant> failingSince(PluginKind kind, String id) {
        RuntimeError error = runtimeErrors.get(kind.wireName() + "/" + id);
        return error == null ? Optional.empty() : Optional.of(error.since());
    }

    /**
     * Closes every active plugin and the class loaders of the {@code plugins/} folder.
     */
    @Override
    public void close() {
        Map<Plugin, Boolean> closed = new IdentityHashMap<>();
        for (Entry entry : entries) {
            if (entry.plugin != null && entry.closeOnExit && closed.put(entry.plugin, Boolean.TRUE) == null) {
                try {
                    entry.plugin.close();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "Plugin " + entry.info.id() + " failed to close", e);
                }
            }
        }
        for (URLClassLoader loader : loaders) {
            try {
                loader.close();
            } catch (IOException e) {
                LOG.log(Level.WARNING, "Could not close the class loader " + loader.getName(), e);
            }
        }
    }

    private static String key(Entry entry) {
        return entry.info.kind().wireName() + "/" + entry.info.id();
    }

    /** A plugin found, with the instance when it is active. */
    private static final class Entry {
        final PluginInfo info;
        final Plugin plugin;
        final boolean closeOnExit;

        Entry(PluginInfo info, Plugin plugin, boolean closeOnExit) {
            this.info = info;
            this.plugin = plugin;
            this.closeOnExit = closeOnExit;
        }
    }

    /** The last error of a plugin at work, and when its run of failures began. */
    private record RuntimeError(String message, Instant since) {
    }

    /** A plugin instance waiting to be checked and initialised. */
    private record Candidate(Plugin plugin, PluginKind kind, String source) {
    }

    /**
     * Collects plugins, then checks and initialises them in {@link #build()}.
     */
    public static final class Builder {

        /** A plugins folder holding more plugins than this is surely a mistake. */
        private static final int MAX_PER_SOURCE = 200;

        private PluginConfigSource config = PluginConfigSource.none();
        private final List<Candidate> candidates = new ArrayList<>();
        private final List<Entry> failures = new ArrayList<>();
        private final List<URLClassLoader> loaders = new ArrayList<>();
        private final Map<Plugin, Boolean> explicit = new IdentityHashMap<>();
        /** Plugins serving several extension points are initialised once: null when it worked. */
        private final Map<Plugin, String> initialised = new IdentityHashMap<>();

        private Builder() {
        }

        /**
         * @param source where each plugin's settings come from
         * @return this builder
         */
        public Builder config(PluginConfigSource source) {
            this.config = Objects.requireNonNull(source, "source");
            return this;
        }

        /**
         * Adds a plugin the caller created; it is registered once for each extension point it
         * implements. The caller keeps ownership: {@link PluginRegistry#close()} does not close it.
         *
         * @param plugin the plugin
         * @return this builder
         */
        public Builder add(Plugin plugin) {
            Objects.requireNonNull(plugin, "plugin");
            explicit.put(plugin, Boolean.TRUE);
            for (PluginKind kind : PluginKind.values()) {
                if (kind.type().isInstance(plugin)) {
                    candidates.add(new Candidate(plugin, kind, "explicit"));
                }
            }
            return this;
        }

        /**
         * Finds plugins with {@link ServiceLoader}: on the module path ({@code provides ... with})
         * and on the class path of the thread's context class loader ({@code META-INF/services}).
         *
         * @param source how to label them in the admin list, for example {@code built-in}
         * @return this builder
         */
        public Builder discover(String source) {
            for (PluginKind kind : PluginKind.values()) {
                collect(ServiceLoader.load(kind.type()), kind, source);
            }
            return this;
        }

        /**
         * Finds plugins with {@link ServiceLoader} in one class loader.
         *
         * @param loader where to look
         * @param source how to label them in the admin list
         * @return this builder
         */
        public Builder discover(ClassLoader loader, String source) {
            for (PluginKind kind : PluginKind.values()) {
                collect(ServiceLoader.load(kind.type(), loader), kind, source);
            }
            return this;
        }

        /**
         * Loads every plugin of a {@code plugins/} folder, each jar (or sub-folder of jars) with
         * a class loader of its own. A missing folder holds no plugins.
         *
         * @param folder the folder
         * @return this builder
         */
        public Builder folder(Path folder) {
            for (PluginFolder.Source source : PluginFolder.open(folder)) {
                loaders.add(source.loader());
                int before = candidates.size() + failures.size();
                discover(source.loader(), source.label());
                if (candidates.size() + failures.size() == before) {
                    failures.add(failed(fileName(source.label()), null, null, source.label(),
                            "no plugin found: the jar declares no implementation of an SPI interface in "
                                    + "META-INF/services (see docs/plugins.md)"));
                }
            }
            return this;
        }

        /**
         * Checks and initialises every plugin collected. Never throws because of a plugin.
         *
         * @return the registry
         */
        public PluginRegistry build() {
            List<Entry> entries = new ArrayList<>();
            Map<String, String> loadedFrom = new HashMap<>();
            for (Candidate candidate : candidates) {
                entries.add(start(candidate, loadedFrom));
            }
            entries.addAll(failures);
            for (Entry entry : failures) {
                log(entry.info);
            }
            return new PluginRegistry(noteCategoryReplacements(entries), loaders);
        }

        /**
         * A category code declared by two active providers is never replaced silently: the
         * provider whose definition wins and the one it replaces each show it as their
         * {@code lastError}, naming the code and the other plugin, and it is logged. Both stay
         * active (replacing a built-in category on purpose is how a city renames one).
         */
        private static List<Entry> noteCategoryReplacements(List<Entry> entries) {
            List<CategoryProvider> providers = new PluginRegistry(entries, List.of()).active(CategoryProvider.class);
            List<CategoryCatalog.Replacement> replacements;
            try {
                replacements = CategoryCatalog.of(providers).replacements();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Could not compare the codes of the category providers", e);
                return entries;
            }
            if (replacements.isEmpty()) {
                return entries;
            }
            Map<Plugin, List<String>> notes = new IdentityHashMap<>();
            for (CategoryCatalog.Replacement replacement : replacements) {
                String winner = describeProvider(entries, replacement.winner());
                String replaced = describeProvider(entries, replacement.replaced());
                String code = replacement.code();
                notes.computeIfAbsent(replacement.winner(), p -> new ArrayList<>()).add("its category '" + code
                        + "' replaces the one of " + replaced + " (kept from it: the parent if none is given, the "
                        + "icon and translations it does not give)");
                notes.computeIfAbsent(replacement.replaced(), p -> new ArrayList<>()).add("its category '" + code
                        + "' is replaced by the one of " + winner);
                LOG.log(Level.WARNING, "Category " + code + " of " + replaced + " is replaced by the one of " + winner
                        + "; give the category another code if this is not meant (docs/plugins.md, built-in category codes)");
            }
            List<Entry> result = new ArrayList<>(entries.size());
            for (Entry entry : entries) {
                List<String> own = entry.plugin == null || entry.info.kind() != PluginKind.CATEGORY_PROVIDER ? null
                        : notes.get(entry.plugin);
                result.add(own == null ? entry : new Entry(entry.info.withLastError(String.join("; ", own)),
                        entry.plugin, entry.closeOnExit));
            }
            return result;
        }

        /** "default-categories (built-in, order 0)". */
        private static String describeProvider(List<Entry> entries, CategoryProvider provider) {
            String source = entries.stream().filter(e -> e.plugin == provider).map(e -> e.info.source()).findFirst()
                    .orElse("?");
            return provider.id() + " (" + source + ", order " + provider.order() + ")";
        }

        private Entry start(Candidate candidate, Map<String, String> loadedFrom) {
            Plugin plugin = candidate.plugin();
            String className = plugin.getClass().getName();
            PluginDescriptor descriptor;
            try {
                descriptor = Objects.requireNonNull(plugin.descriptor(), "descriptor() returned null");
            } catch (RuntimeException | LinkageError e) {
                return logged(failed(simpleName(className), candidate.kind(), className, candidate.source(),
                        "its descriptor could not be read: " + describe(e)));
            }
            String incompatibility = SpiVersion.incompatibility(descriptor.spiVersion());
            if (incompatibility != null) {
                return logged(new Entry(new PluginInfo(descriptor.id(), candidate.kind(), descriptor.version(),
                        descriptor.spiVersion(), PluginState.FAILED, "refused: " + incompatibility,
                        candidate.source(), className), null, false));
            }
            String key = candidate.kind().wireName() + "/" + descriptor.id();
            if (loadedFrom.containsKey(key)) {
                return logged(new Entry(new PluginInfo(descriptor.id(), candidate.kind(), descriptor.version(),
                        descriptor.spiVersion(), PluginState.FAILED, "refused: a " + candidate.kind().wireName()
                        + " with the id '" + descriptor.id() + "' is already loaded from " + loadedFrom.get(key)
                        + "; remove one of them or give it another id", candidate.source(), className), null, false));
            }
            loadedFrom.put(key, candidate.source());
            PluginConfig settings = new NamedPluginConfig(descriptor.id(), config.forPlugin(descriptor.id()));
            if ("false".equalsIgnoreCase(settings.get("enabled", "true").trim())) {
                return logged(new Entry(new PluginInfo(descriptor.id(), candidate.kind(), descriptor.version(),
                        descriptor.spiVersion(), PluginState.DISABLED, null, candidate.source(), className), null, false));
            }
            if (!initialised.containsKey(plugin)) {
                try {
                    plugin.init(settings);
                    initialised.put(plugin, null);
                } catch (Exception | LinkageError e) {
                    initialised.put(plugin, "init failed: " + describe(e));
                }
            }
            String initError = initialised.get(plugin);
            if (initError != null) {
                return logged(new Entry(new PluginInfo(descriptor.id(), candidate.kind(), descriptor.version(),
                        descriptor.spiVersion(), PluginState.FAILED, initError, candidate.source(), className),
                        null, false));
            }
            warnOfReportsWithoutPosition(candidate.kind(), descriptor);
            return logged(new Entry(new PluginInfo(descriptor.id(), candidate.kind(), descriptor.version(),
                    descriptor.spiVersion(), PluginState.ACTIVE, null, candidate.source(), className), plugin,
                    !explicit.containsKey(plugin)));
        }

        private void collect(ServiceLoader<? extends Plugin> loader, PluginKind kind, String source) {
            Iterator<? extends Plugin> iterator = loader.iterator();
            // A provider that cannot be created throws from the iterator, which then moves on to
            // the next one; the bound stops a loader that keeps failing on the same entry.
            for (int found = 0; found < MAX_PER_SOURCE; found++) {
                try {
                    if (!iterator.hasNext()) {
                        return;
                    }
                    candidates.add(new Candidate(iterator.next(), kind, source));
                } catch (ServiceConfigurationError | LinkageError e) {
                    // Without a descriptor the plugin has no id: name it after its jar in the
                    // plugins folder, else after its class.
                    String className = providerName(e);
                    String id = source.startsWith(PluginFolder.LABEL_PREFIX) || className == null
                            ? fileName(source) : simpleName(className);
                    failures.add(failed(id, kind, className, source, "could not be created: " + describe(e)));
                }
            }
        }

        private static Entry failed(String id, PluginKind kind, String className, String source, String error) {
            return new Entry(new PluginInfo(id, kind, null, null, PluginState.FAILED, error, source, className),
                    null, false);
        }

        /**
         * SPI 1.2 lets a report have no position, which plugins receive as NaN coordinates; one
         * built before cannot know, and the administrator should check it once.
         */
        private static void warnOfReportsWithoutPosition(PluginKind kind, PluginDescriptor descriptor) {
            boolean receivesReports = kind == PluginKind.NOTIFICATION_CHANNEL || kind == PluginKind.HELPDESK_CONNECTOR;
            String version = descriptor.spiVersion();
            int minor = Integer.parseInt(version.substring(version.indexOf('.') + 1));
            if (receivesReports && minor < 2) {
                LOG.log(Level.WARNING, "Plugin " + descriptor.id() + " was built for SPI " + version
                        + ": reports made without a position (SPI 1.2) reach it with NaN coordinates. Check that it "
                        + "handles them (the test kit 1.2 sends one), or rebuild it against fmq-spi 1.2.");
            }
        }

        private static Entry logged(Entry entry) {
            log(entry.info);
            return entry;
        }

        private static void log(PluginInfo info) {
            String what = "Plugin " + info.id() + (info.version() == null ? "" : " " + info.version())
                    + (info.kind() == null ? "" : " (" + info.kind().wireName() + ")") + " from " + info.source();
            switch (info.state()) {
                case ACTIVE:
                    LOG.log(Level.INFO, what + ": active");
                    break;
                case DISABLED:
                    LOG.log(Level.INFO, what + ": disabled by configuration");
                    break;
                default:
                    LOG.log(Level.WARNING, what + ": failed, skipped: " + info.lastError());
            }
        }

        private static String fileName(String source) {
            int slash = source.lastIndexOf('/');
            String name = slash < 0 ? source : source.substring(slash + 1);
            return name.endsWith(".jar") ? name.substring(0, name.length() - 4) : name;
        }

        private static String simpleName(String className) {
            return className.substring(className.lastIndexOf('.') + 1);
        }

        /** ServiceLoader names the provider class in its message: "Provider a.b.C could not...". */
        private static String providerName(Throwable e) {
            String message = String.valueOf(e.getMessage());
            int start = message.indexOf("Provider ");
            if (start < 0) {
                return null;
            }
            int end = message.indexOf(' ', start + 9);
            return end < 0 ? null : message.substring(start + 9, end);
        }

        /** The chain of causes in one line: the outer message says where, the root says why. */
        static String describe(Throwable e) {
            StringBuilder text = new StringBuilder();
            for (Throwable t = e; t != null && text.length() < 1000; t = t.getCause() == t ? null : t.getCause()) {
                if (text.length() > 0) {
                    text.append(" <- ");
                }
                if (t instanceof NoClassDefFoundError || t instanceof ClassNotFoundException) {
                    text.append("a class it needs is missing: ").append(t.getMessage())
                            .append(" (put the jar that holds it beside the plugin, in a folder of its own)");
                } else {
                    text.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
                }
            }
            return text.toString();
        }
    }
}
