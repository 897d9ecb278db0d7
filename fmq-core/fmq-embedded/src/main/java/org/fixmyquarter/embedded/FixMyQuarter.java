package org.fixmyquarter.embedded;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.sql.DataSource;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.spi.PersistenceProvider;
import jakarta.persistence.spi.PersistenceProviderResolverHolder;

import org.fixmyquarter.core.account.Passwords;
import org.fixmyquarter.core.category.CategoryCatalog;
import org.fixmyquarter.core.delivery.Delivery;
import org.fixmyquarter.core.delivery.DeliverySettings;
import org.fixmyquarter.core.delivery.EventDispatcher;
import org.fixmyquarter.core.delivery.OutboxRetention;
import org.fixmyquarter.core.i18n.Messages;
import org.fixmyquarter.core.i18n.NotificationTexts;
import org.fixmyquarter.core.notification.InAppChannel;
import org.fixmyquarter.core.photo.PhotoJob;
import org.fixmyquarter.core.photo.PhotoSettings;
import org.fixmyquarter.core.plugin.PluginConfigSource;
import org.fixmyquarter.core.plugin.PluginRegistry;
import org.fixmyquarter.core.report.TextSearch;
import org.fixmyquarter.spi.PluginConfig;
import org.fixmyquarter.spi.PluginDescriptor;
import org.fixmyquarter.spi.category.CategoryProvider;
import org.fixmyquarter.spi.i18n.LanguagePack;
import org.fixmyquarter.spi.media.MediaStore;
import org.fixmyquarter.imaging.ImageLimits;
import org.fixmyquarter.imaging.PhotoRenderer;

/**
 * The FixMyQuarter core running in a Java program: one object that owns the database set-up,
 * the persistence unit, the plugins and the event dispatcher, and runs the core's use cases in
 * transactions.
 *
 * <pre>{@code
 * try (FixMyQuarter fmq = FixMyQuarter.builder()
 *         .jdbc("jdbc:h2:./data/fmq", "sa", "")
 *         .dispatchEvery(Duration.ofSeconds(1))
 *         .build()) {
 *     Report report = fmq.inTransaction(core -> core.reports().create(newReport, actor));
 * }
 * }</pre>
 *
 * <p>{@link Builder#build()} migrates the schema with the core's migrations, prepares full-text
 * search on PostgreSQL, opens persistence (no {@code persistence.xml} needed), loads the plugins
 * found by {@link java.util.ServiceLoader} on the module or class path (plus the in-app inbox), and,
 * if asked, starts a thread that delivers events to notification channels and helpdesk connectors
 * and removes finished events after the outbox retention. Without that thread, call
 * {@link #deliverPending()} when it suits the program. Thread-safe; close it once.
 */
public final class FixMyQuarter implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(FixMyQuarter.class.getName());
    private static final int PURGE_BATCH = 500;
    private static final int MAX_PER_ROUND = 200;

    private final EntityManagerFactory emf;
    private final PluginRegistry plugins;
    private final CategoryCatalog categories;
    private final Messages messages;
    private final TextSearch textSearch;
    private final DatabaseSchema.Migration migration;
    private final Passwords passwords;
    private final Duration commentEditWindow;
    private final Clock clock;
    private final EventDispatcher dispatcher;
    private final OutboxRetention retention;
    private final ExecutorService pluginCalls;
    private final Thread dispatchThread;
    private final PhotoSettings photoSettings;

    /** The quality of the photos' JPEG files, as the server's. */
    private static final float JPEG_QUALITY = 0.85f;
    private volatile boolean closed;

    private FixMyQuarter(Builder builder, DatabaseSchema.Migration migration, TextSearch textSearch,
                         EntityManagerFactory emf, PluginRegistry plugins) {
        this.migration = migration;
        this.textSearch = textSearch;
        this.emf = emf;
        this.plugins = plugins;
        this.clock = builder.clock;
        this.passwords = new Passwords(builder.passwordIterations);
        this.commentEditWindow = builder.commentEditWindow;
        this.categories = CategoryCatalog.of(plugins.active(CategoryProvider.class));
        this.messages = Messages.of(plugins.active(LanguagePack.class), builder.defaultLocale);
        this.retention = new OutboxRetention(builder.outboxRetention);
        this.pluginCalls = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "fmq-plugin-call");
            thread.setDaemon(true);
            return thread;
        });
        NotificationTexts texts = new NotificationTexts(messages, categories, builder.timeZone, "auto");
        PluginConfigSource config = builder.pluginConfig;
        this.photoSettings = builder.photoSettings;
        // Photos' files are made by the dispatcher too, with the active media store of the moment.
        PhotoJob photoJob = new PhotoJob(() -> plugins.active(MediaStore.class).stream().findFirst(),
                new PhotoRenderer(ImageLimits.defaults(), JPEG_QUALITY), clock);
        this.dispatcher = new EventDispatcher(plugins, config, texts, builder.defaultLocale, DeliverySettings.DEFAULTS,
                pluginCalls, clock, List.of(photoJob));
        if (builder.dispatchEvery != null) {
            Duration every = builder.dispatchEvery;
            dispatchThread = new Thread(() -> dispatchLoop(every), "fmq-event-dispatcher");
            dispatchThread.setDaemon(true);
            dispatchThread.start();
        } else {
            dispatchThread = null;
        }
    }

    /**
     * @return a builder; give it a database, the rest has defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs work in one transaction: committed when it returns, rolled back when it throws (the
     * exception then reaches the caller as it was thrown).
     *
     * @param work what to do with the core's services
     * @param <T>  what the work returns
     * @return what the work returned
     */
    public <T> T inTransaction(Function<CoreServices, T> work) {
        Objects.requireNonNull(work, "work");
        if (closed) {
            throw new IllegalStateException("this FixMyQuarter was closed");
        }
        EntityManager em = emf.createEntityManager();
        EntityTransaction tx = em.getTransaction();
        try {
            tx.begin();
            T result = work.apply(new CoreServices(em, categories, textSearch, passwords, commentEditWindow,
                    photoSettings, clock));
            tx.commit();
            return result;
        } finally {
            if (tx.isActive()) {
                tx.rollback();
            }
            em.close();
        }
    }

    /**
     * {@link #inTransaction(Function)} for work that returns nothing.
     *
     * @param work what to do with the core's services
     */
    public void run(Consumer<CoreServices> work) {
        Objects.requireNonNull(work, "work");
        inTransaction(core -> {
            work.accept(core);
            return null;
        });
    }

    /**
     * Hands every waiting event to the plugins that want it and makes every delivery due now (up
     * to 200 per call), each step in a transaction of its own; failures are retried later with
     * growing pauses, as in the server. The dispatcher thread of {@link Builder#dispatchEvery}
     * does the same on its own.
     *
     * @return how many deliveries were made or attempted
     */
    public int deliverPending() {
        while (inTransaction(core -> dispatcher.fanOut(core.entityManager())) > 0) {
            // Hand out every waiting event before delivering, oldest first.
        }
        int made = 0;
        Optional<Delivery> next;
        do {
            next = inTransaction(core -> dispatcher.deliverNext(core.entityManager()));
            if (next.isPresent()) {
                made++;
            }
        } while (next.isPresent() && made < MAX_PER_ROUND);
        return made;
    }

    /**
     * Removes the outbox events whose work is done and that are older than the retention, with
     * their deliveries ({@link OutboxRetention}). The dispatcher thread does it every ten minutes.
     *
     * @return how many events were removed
     */
    public int purgeOutbox() {
        int removed = 0;
        int batch;
        do {
            batch = inTransaction(core -> retention.purge(core.entityManager(), clock.instant(), PURGE_BATCH));
            removed += batch;
        } while (batch == PURGE_BATCH);
        return removed;
    }

    private void dispatchLoop(Duration every) {
        long lastPurge = System.nanoTime();
        while (!closed) {
            try {
                deliverPending();
                if (System.nanoTime() - lastPurge > Duration.ofMinutes(10).toNanos()) {
                    lastPurge = System.nanoTime();
                    purgeOutbox();
                }
            } catch (RuntimeException e) {
                if (closed) {
                    return;
                }
                LOG.log(Level.WARNING, "An event dispatch round failed; the next one starts in " + every, e);
            }
            try {
                Thread.sleep(every.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** @return the categories of the plugins, merged: reports are checked against them */
    public CategoryCatalog categories() {
        return categories;
    }

    /** @return the translations of the language packs, merged */
    public Messages messages() {
        return messages;
    }

    /** @return the plugins, with their states */
    public PluginRegistry plugins() {
        return plugins;
    }

    /** @return the database's schema version, for example {@code 16} */
    public String schemaVersion() {
        return migration.version();
    }

    /** @return how many migrations {@link Builder#build()} applied */
    public int migrationsApplied() {
        return migration.applied();
    }

    /** @return how text searches are matched: PostgreSQL full-text search, or the portable match */
    public TextSearch textSearch() {
        return textSearch;
    }

    /**
     * Stops the dispatcher thread (the delivery in progress finishes first, within the plugin
     * call's time limit), closes persistence and the plugins.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (dispatchThread != null) {
            dispatchThread.interrupt();
            try {
                dispatchThread.join(DeliverySettings.DEFAULTS.timeout().plusSeconds(5).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        pluginCalls.shutdownNow();
        try {
            pluginCalls.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        emf.close();
        plugins.close();
    }

    /**
     * What {@link FixMyQuarter} runs on. A database is required ({@link #jdbc} or
     * {@link #dataSource}); everything else has a default.
     */
    public static final class Builder {

        private String url;
        private String user;
        private String password;
        private DataSource dataSource;
        private PluginRegistry plugins;
        private PluginConfigSource pluginConfig = id -> PluginConfig.empty();
        private Locale defaultLocale = Locale.ENGLISH;
        private ZoneId timeZone = ZoneId.of("UTC");
        private Clock clock = Clock.systemUTC();
        private Duration dispatchEvery;
        private Duration outboxRetention = OutboxRetention.DEFAULT;
        private Duration commentEditWindow = Duration.ofMinutes(15);
        private String textSearchConfig = "auto";
        private int passwordIterations = Passwords.DEFAULT_ITERATIONS;
        private PhotoSettings photoSettings = PhotoSettings.defaults();

        private Builder() {
        }

        /**
         * @param settings how many photos a report and a comment take, how large, how many a
         *                 person uploads a day, and who sees originals; {@link PhotoSettings#defaults()}
         *                 by default
         * @return this builder
         */
        public Builder photoSettings(PhotoSettings settings) {
            this.photoSettings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /**
         * The database by JDBC URL, for example {@code jdbc:h2:./data/fmq} or
         * {@code jdbc:postgresql://localhost/fmq}; its driver must be on the path.
         *
         * @param url      the JDBC URL
         * @param user     the user
         * @param password the password, or {@code ""}
         * @return this builder
         */
        public Builder jdbc(String url, String user, String password) {
            this.url = Objects.requireNonNull(url, "url");
            this.user = user;
            this.password = password;
            this.dataSource = null;
            return this;
        }

        /**
         * The database as a data source, for a program that has a connection pool of its own.
         *
         * @param dataSource the data source
         * @return this builder
         */
        public Builder dataSource(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
            this.url = null;
            return this;
        }

        /**
         * The plugins, when the program makes its own registry; by default they are found with
         * {@link java.util.ServiceLoader} on the module path and the class path, with the
         * settings of {@link #pluginConfig}, together with the in-app inbox channel; a registry
         * given here has only the plugins the program put in it.
         *
         * @param plugins the registry; closed by {@link FixMyQuarter#close()}
         * @return this builder
         */
        public Builder plugins(PluginRegistry plugins) {
            this.plugins = Objects.requireNonNull(plugins, "plugins");
            return this;
        }

        /**
         * The plugins' settings: {@code fmq.plugin.<id>.<key>} of the server, here by plugin id.
         *
         * @param config each plugin's settings
         * @return this builder
         */
        public Builder pluginConfig(PluginConfigSource config) {
            this.pluginConfig = Objects.requireNonNull(config, "config");
            return this;
        }

        /**
         * @param locale the deployment's language: notifications of channels without a language of
         *               their own, and the first fallback of translations; English by default
         * @return this builder
         */
        public Builder defaultLocale(Locale locale) {
            this.defaultLocale = Objects.requireNonNull(locale, "locale");
            return this;
        }

        /**
         * @param zone the time zone in which notifications write dates; UTC by default
         * @return this builder
         */
        public Builder timeZone(ZoneId zone) {
            this.timeZone = Objects.requireNonNull(zone, "zone");
            return this;
        }

        /**
         * @param clock the source of "now", for tests; the system's UTC clock by default
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Starts a daemon thread that delivers events this often, and removes finished ones every
         * ten minutes. Without it, nothing is delivered until the program calls
         * {@link FixMyQuarter#deliverPending()}.
         *
         * @param interval the pause between two rounds, for example one second
         * @return this builder
         */
        public Builder dispatchEvery(Duration interval) {
            if (interval == null || interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("the dispatch interval must be positive, not " + interval);
            }
            this.dispatchEvery = interval;
            return this;
        }

        /**
         * @param retention how long finished outbox events are kept after publication; a week by default
         * @return this builder
         */
        public Builder outboxRetention(Duration retention) {
            new OutboxRetention(retention);
            this.outboxRetention = retention;
            return this;
        }

        /**
         * @param window how long the author of a comment may edit it; 15 minutes by default, as the server
         * @return this builder
         */
        public Builder commentEditWindow(Duration window) {
            this.commentEditWindow = Objects.requireNonNull(window, "window");
            return this;
        }

        /**
         * @param config on PostgreSQL, the text search configuration of full-text search
         *               ({@code english}, {@code french}...), or {@code auto} (the default) for the
         *               one of the default language
         * @return this builder
         */
        public Builder textSearchConfig(String config) {
            this.textSearchConfig = Objects.requireNonNull(config, "config");
            return this;
        }

        /**
         * @param iterations PBKDF2 iterations of new password hashes; 600,000 by default, as the
         *                   server; fewer only for tests
         * @return this builder
         */
        public Builder passwordIterations(int iterations) {
            this.passwordIterations = iterations;
            return this;
        }

        /**
         * Sets the database up and starts the core.
         *
         * @return the running core; close it when done
         * @throws IllegalStateException if no database was given, or no JPA provider is on the path
         * @throws org.flywaydb.core.api.FlywayException if the schema cannot be migrated
         */
        public FixMyQuarter build() {
            if (url == null && dataSource == null) {
                throw new IllegalStateException("FixMyQuarter needs a database: call jdbc(url, user, password) or "
                        + "dataSource(dataSource)");
            }
            DataSource connections = dataSource != null ? dataSource : new DriverManagerSource(url, user, password);
            DatabaseSchema.Migration migration = DatabaseSchema.migrate(connections,
                    org.fixmyquarter.core.report.Report.class.getClassLoader());
            TextSearch search = DatabaseSchema.prepareTextSearch(connections, textSearchConfig, defaultLocale);
            DatabaseSchema.prepareAreaRouting(connections);
            EntityManagerFactory emf = openPersistence();
            PluginRegistry registry;
            FixMyQuarter[] self = new FixMyQuarter[1];
            if (plugins != null) {
                registry = plugins;
            } else {
                // The inbox channel stores in its own transaction, as the server's does.
                registry = PluginRegistry.builder()
                        .config(pluginConfig)
                        .add(new InAppChannel(n -> self[0].run(core -> core.inbox().store(n)),
                                PluginDescriptor.implementationVersion(InAppChannel.class)))
                        .discover("module or class path")
                        .build();
            }
            self[0] = new FixMyQuarter(this, migration, search, emf, registry);
            return self[0];
        }

        private EntityManagerFactory openPersistence() {
            Map<String, Object> properties = new HashMap<>();
            if (dataSource == null) {
                // The provider's own connection pool, from the URL.
                properties.put("jakarta.persistence.jdbc.url", url);
                properties.put("jakarta.persistence.jdbc.user", user == null ? "" : user);
                properties.put("jakarta.persistence.jdbc.password", password == null ? "" : password);
            }
            List<PersistenceProvider> providers = PersistenceProviderResolverHolder.getPersistenceProviderResolver()
                    .getPersistenceProviders();
            if (providers.isEmpty()) {
                throw new IllegalStateException("no JPA provider found: put EclipseLink "
                        + "(org.eclipse.persistence.jpa, a dependency of fmq-embedded) on the path");
            }
            EntityManagerFactory emf = providers.get(0).createContainerEntityManagerFactory(
                    new CoreUnit(dataSource), properties);
            if (emf == null) {
                throw new PersistenceException("the JPA provider " + providers.get(0).getClass().getName()
                        + " did not open the core's persistence unit");
            }
            return emf;
        }
    }

    /** Connections from {@link DriverManager}, for Flyway and the set-up; JPA pools its own. */
    private static final class DriverManagerSource implements DataSource {
        private final String url;
        private final String user;
        private final String password;

        DriverManagerSource(String url, String user, String password) {
            this.url = url;
            this.user = user;
            this.password = password;
        }

        @Override
        public Connection getConnection() throws SQLException {
            return DriverManager.getConnection(url, user, password);
        }

        @Override
        public Connection getConnection(String username, String pass) throws SQLException {
            return DriverManager.getConnection(url, username, pass);
        }

        @Override
        public PrintWriter getLogWriter() {
            return DriverManager.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) {
            DriverManager.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) {
            DriverManager.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() {
            return DriverManager.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException("no parent logger");
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return false;
        }
    }
}
